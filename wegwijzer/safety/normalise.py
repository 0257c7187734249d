"""Text normalisation before crisis matching: one plain, lower-case form for the
many ways people type the same words (capitals, accents, "m'n", "k wil nie",
"zelfmord", "heeeelp").

The result is a string of lower-case ASCII words separated by single spaces;
sentence punctuation becomes a " . " token so that patterns do not match across
two sentences.
"""
from __future__ import annotations

import gzip
import json
import re
import unicodedata
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from wegwijzer.safety.lexicon import FUZZY_KEYWORDS, SPREEKTAAL

# Longer texts are cut: a crisis signal is stated early, and matching stays fast.
MAX_CHARS = 20_000

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
# Laughing emoji: a joke marker for the score (score.frame_of). Looked for in the
# text as typed; normalise() drops them with the other symbols.
_LAUGHING = re.compile("[\U0001F602\U0001F923\U0001F606\U0001F605\U0001F639\U0001F648\U0001F61C\U0001F61D]")
# Letters that have no accent-free decomposition (Turkish dotless i, Polish l with stroke).
_LETTERS = str.maketrans({"ı": "i", "ł": "l", "ß": "ss", "ø": "o", "đ": "d", "æ": "ae"})
# Contractions with an apostrophe, before punctuation is dropped.
_CONTRACTIONS = [
    (re.compile(r"\bm'n\b"), "mijn"),
    (re.compile(r"\bz'n\b"), "zijn"),
    (re.compile(r"\bzo'n\b"), "zo n"),
    (re.compile(r"\bd'r\b"), "haar"),
    (re.compile(r"(^|\s)'k\b"), r"\1ik"),
    (re.compile(r"(^|\s)'t\b"), r"\1het"),
    (re.compile(r"(^|\s)'s\b"), r"\1des"),
    (re.compile(r"(\w)'s\b"), r"\1s"),  # naaktfoto's -> naaktfotos
]
_SENTENCE_END = re.compile(r"[.!?;:,\n\r]+")
_NON_WORD = re.compile(r"[^a-z0-9.]+")
_REPEATS = re.compile(r"([a-z])\1{2,}")  # heeeelp -> heelp


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def dutch_vocabulary() -> frozenset[str]:
    """Known Dutch word forms (spaCy's lookup lemmatizer table). A known word is
    never "corrected" into a crisis keyword (vermoed is not vermoord)."""
    import spacy_lookups_data

    path = spacy_lookups_data.__path__[0] + "/data/nl_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        table = json.load(handle)
    return frozenset(table) | frozenset(table.values())


@lru_cache(maxsize=4096)
def correct_typo(token: str) -> str:
    """Map an unknown word to a crisis keyword it is one or two edits away from."""
    if len(token) < 5 or token in FUZZY_KEYWORDS or token in dutch_vocabulary():
        return token
    allowed = 1 if len(token) <= 8 else 2
    match = process.extractOne(token, FUZZY_KEYWORDS, scorer=DamerauLevenshtein.distance, score_cutoff=allowed)
    return match[0] if match else token


def laughing(text: str) -> bool:
    """Does the text as typed hold a laughing emoji (😂, 🤣, 😅, 🙈, ...)?"""
    return bool(_LAUGHING.search(str(text)[:MAX_CHARS]))


def normalise(text: str) -> str:
    text = _strip_accents(str(text)[:MAX_CHARS].translate(_APOSTROPHES).lower().translate(_LETTERS))
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = _SENTENCE_END.sub(" . ", text)
    text = _NON_WORD.sub(" ", text.replace("'", ""))
    text = _REPEATS.sub(r"\1\1", text)
    words = []
    for token in text.split():
        for word in SPREEKTAAL.get(token, token).split():  # "kwil" -> "ik wil"
            words.append(correct_typo(word))
    # "ik . . ik" -> "ik . ik"; no leading/trailing separators
    return re.sub(r"(?:\. )+\.", ".", " ".join(words)).strip(" .")
