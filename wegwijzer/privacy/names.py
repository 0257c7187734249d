"""Find person names in Dutch chat text, without a trained NER model (none can
be downloaded here). Three signals, each cheap and predictable:

1. A list of common first names in the Netherlands (first_names.txt), in any
   letter case. Names that are also ordinary words (Roos, Merel, Max) count only
   with a capital letter inside a sentence, or after a cue.
2. Cues: "ik heet", "mijn naam is", "mijn dochter", "mevrouw", "de gezinsvoogd",
   "groetjes": the next capitalised word is a name.
3. A surname after a first name: "Sanne de Vries", "Jan van der Berg".

`name_spans(text)` returns (start, end) pairs; redact.py replaces them.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

NAMES_FILE = Path(__file__).with_name("first_names.txt")

# First names that are also ordinary (Dutch or English) words.
AMBIGUOUS = {
    "roos", "merel", "mees", "rob", "bas", "els", "max", "jet", "noor", "iris", "riet", "fleur", "jade",
    "mare", "joke", "storm", "job", "harm", "mark", "jack", "said", "can", "nick", "frank", "sep",
    "greet", "floor", "ties", "hanna", "kai", "mats", "hans", "rosa", "ivy", "nova", "luna", "sterre",
}
# Words that never start a name, even after a cue ("mijn dochter is ...").
STOPWORDS = {
    "is", "was", "en", "of", "de", "het", "een", "die", "dat", "wil", "heeft", "had", "zegt", "zei", "gaat",
    "niet", "ook", "nog", "al", "nu", "wel", "maar", "want", "dus", "van", "in", "op", "bij", "met", "naar",
    "eigenlijk", "trouwens", "gewoon", "zelf", "zo", "te", "ik", "jij", "je", "hij", "zij", "ze", "wij", "we",
    "jullie", "mij", "me", "hem", "haar", "ons", "mijn", "zijn", "hun", "u", "uw", "er", "hier", "daar",
    "wat", "wie", "waar", "hoe", "waarom", "wanneer", "heet", "ben", "bent", "zit", "woont", "werkt",
    "sinds", "voor", "om", "als", "dan", "omdat", "toen", "tot", "door", "over", "aan", "uit", "kan", "moet",
    "mag", "zal", "zou", "wordt", "werd", "doet", "deed", "komt", "kwam", "erg", "heel", "zeer", "veel",
}
PARTICLES = {"van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "in", "op", "la", "le", "di", "da", "el", "al", "bin", "ben", "du"}

WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
# After these, the next word is a name whatever its letter case.
STRONG_CUE = re.compile(
    r"(?:\b(?:ik|hij|zij|ze|jij|mijn|m'n|me|zijn|haar|onze|die)\s+(?:\w+\s+)?heet(?:en)?"
    r"|\b(?:naam|voornaam|achternaam)\s*(?:is|:|=)|\bgenaamd|\bheet\s+ik)\s*[:,]?\s*$",
    re.IGNORECASE,
)
# After these, the next *capitalised* (or listed) word is a name.
WEAK_CUE = re.compile(
    r"(?:\b(?:mijn|m'n|me|mn|onze|ons|zijn|haar|de|het|die)\s+(?:kleine\s+|oudste\s+|jongste\s+)?"
    r"(?:zoon|zoontje|dochter|dochtertje|kind|kindje|man|vrouw|ex|vriend|vriendin|vader|moeder|broer|broertje|"
    r"zus|zusje|stiefvader|stiefmoeder|opa|oma|partner|pleegzoon|pleegdochter|buurman|buurvrouw|oom|tante|"
    r"neef|nicht|gezinsvoogd|voogd|jeugdbeschermer|consulent|hulpverlener|begeleider|mentor|advocaat|"
    r"juf|meester|leraar|lerares|collega)"
    r"|\b(?:mevrouw|mevr|meneer|mijnheer|dhr|mr|juf|meester|dokter|dr|ik\s+ben|dit\s+is)"
    r"|\b(?:groetjes|groet|groeten|liefs|mvg|gr|vriendelijke\s+groet|hartelijke\s+groet))\.?\s*[:,]?\s*$",
    re.IGNORECASE,
)
# Titles: the next capitalised word is a (sur)name even when it is also a word ("mevrouw Bakker").
TITLE_CUE = re.compile(r"\b(?:mevrouw|mevr|meneer|mijnheer|dhr|mr|dr)\.?\s*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    names = set()
    for line in NAMES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            names.update(word.lower() for word in line.split())
    return frozenset(names)


def _is_capitalised(word: str) -> bool:
    # "Sanne" yes; "OTS" or "AKJ" (all capitals) no.
    return word[:1].isupper() and not word.isupper()


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?\n:;\"'("


def _common_word(word: str) -> bool:
    from wegwijzer.safety.normalise import dutch_vocabulary  # shared, loaded once

    return word.lower() in dutch_vocabulary()


def _is_name(text: str, match: re.Match) -> bool:
    word = match.group()
    lower = word.lower()
    if lower in STOPWORDS:
        return False
    before = text[max(0, match.start() - 60): match.start()]  # cues are short: keeps long texts linear
    listed = lower in first_names()
    if STRONG_CUE.search(before):
        return True
    if listed and lower not in AMBIGUOUS:
        return True
    capitalised = _is_capitalised(word)
    if capitalised and TITLE_CUE.search(before):
        return True
    if WEAK_CUE.search(before) and (listed or (capitalised and not _common_word(word))):
        return True
    # A listed name that is also a word: only with a capital inside a sentence.
    return listed and capitalised and not _sentence_start(text, match.start())


def name_spans(text: str) -> list[tuple[int, int]]:
    words = list(WORD.finditer(text))
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        if _title_then_surname(text, words, i):  # "dhr. van Dijk": the surname starts with a particle
            start, end, j = words[i].start(), words[i].end(), i + 1
        elif _is_name(text, words[i]):
            start, end, j = words[i].start(), words[i].end(), i + 1
        else:
            i += 1
            continue
        # Surname: capitalised words, possibly after particles ("de Vries", "van der Berg").
        while j < len(words):
            k = j
            while k < len(words) and words[k].group().lower() in PARTICLES and k - j < 3:
                k += 1
            if k < len(words) and _is_capitalised(words[k].group()) and _only_spaces(text, end, words[k].start()):
                end, j = words[k].end(), k + 1
            else:
                break
        spans.append((start, end))
        i = j
    return spans


def _title_then_surname(text: str, words: list[re.Match], i: int) -> bool:
    if words[i].group().lower() not in PARTICLES or not TITLE_CUE.search(text[max(0, words[i].start() - 20): words[i].start()]):
        return False
    k = i
    while k < len(words) and words[k].group().lower() in PARTICLES and k - i < 3:
        k += 1
    return k < len(words) and _is_capitalised(words[k].group())


def _only_spaces(text: str, start: int, end: int) -> bool:
    # Words between start and end, separated only by spaces (no comma or full stop).
    return re.fullmatch(r"[\s\w'’-]*", text[start:end]) is not None and "\n" not in text[start:end]
