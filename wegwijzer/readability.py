"""B1 check for every bot response in domain/**/*.yml, and for every text in the
text files the code builds its messages from (TEXT_FILES, read with
wegwijzer.texts).

B1 ("eenvoudig Nederlands") has no single official formula, so the check uses
the measures Dutch plain-language guides agree on, each with a limit per
response:

- average sentence length: B1 guides advise about 10 words per sentence and
  never more than 15 (hvds.nl, bureauvoortekst.nl). Limit: average <= 12.
- longest sentence: limit 20 words, so one list line cannot hide in an average.
- share of long words (4 or more syllables, counted with the Dutch hyphenation
  dictionary): domain terms such as "ondertoezichtstelling" are needed and
  explained, but they must stay a minority. Limit: <= 20 %.
- Flesch-Douma reading ease, the Dutch adaptation of Flesch
  (206.835 - 0.93 * words per sentence - 77 * syllables per word), computed by
  textstat with `set_lang("nl")`. Douma's own table: 60-70 "normaal" (end of
  primary school), 70-80 "tamelijk gemakkelijk". Limit: >= 60.

Formulas mean little on a few words: the long-word share is checked from
MIN_WORDS_FOR_LONG_WORDS words, Flesch-Douma (made for passages, not for one
question) from MIN_WORDS_FOR_DOUMA words; sentence length is always checked. Markdown, {slot} placeholders and
links are removed first; every line (a list item, a heading) counts as its own
sentence, as a reader sees it.

Run `python -m wegwijzer.readability` for the full report (exit code 1 when a
text is above B1); tests/test_readability.py runs the same check.
"""
from __future__ import annotations

import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pyphen
import textstat

from wegwijzer.knowledge.facts import with_facts
from wegwijzer.texts import DOMAIN_DIR, variation_text, walk_texts
from wegwijzer.yaml_files import read_yaml

textstat.set_lang("nl")  # Douma constants and the Dutch (nl_NL) hyphenation dictionary
# English variations (condition taal=en, issue 17): Flesch's own formula with the
# en_US hyphenation dictionary that pyphen ships. (textstat's English counts need
# NLTK's cmudict, which it would download at run time.)
_ENGLISH_HYPHENATION = pyphen.Pyphen(lang="en_US")

# domain/<name>.yml files that are no Rasa domain (wegwijzer.texts.load_texts):
# every string in them is a text a person reads; so is every string of their
# language files domain/<name>.<language>.yml (contact_texts.en.yml).
TEXT_FILES = ("intake_texts", "contact_texts", "channel_texts")


@dataclass(frozen=True)
class B1Limits:
    max_avg_sentence_words: float = 12.0
    max_sentence_words: int = 20
    max_long_word_share: float = 0.20
    min_douma: float = 60.0
    long_word_syllables: int = 4


B1 = B1Limits()
MIN_WORDS_FOR_LONG_WORDS = 12
MIN_WORDS_FOR_DOUMA = 30

_MARKDOWN = re.compile(r"(\*\*|__|\*|`|^#+\s*|^\s*(?:[-•]|\d+\.)\s+)", re.MULTILINE)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_URL_OR_MAIL = re.compile(r"(https?://\S+|www\.\S+|\S+@\S+\.\w+)")
_PLACEHOLDER = re.compile(r"\{[^}]*\}")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


@dataclass(frozen=True)
class Response:
    """One variation of one response, as it appears in the domain."""

    name: str
    variation: int
    condition: str
    text: str

    @property
    def language(self) -> str:
        return "en" if "taal=en" in self.condition else "nl"

    @property
    def label(self) -> str:
        return f"{self.name}[{self.variation}]" + (f" ({self.condition})" if self.condition else "")


@dataclass
class Measures:
    words: int
    sentences: int
    avg_sentence_words: float
    max_sentence_words: int
    long_word_share: float
    douma: float
    longest_sentence: str = ""
    problems: list[str] = field(default_factory=list)


def iter_responses(domain_dir: Path = DOMAIN_DIR) -> list[Response]:
    """All text variations of all responses in every domain file, facts ({plan_termijn}) filled in."""
    found = []
    for path in sorted(domain_dir.rglob("*.yml")):
        responses = (read_yaml(path) or {}).get("responses") or {}
        for name, variations in responses.items():
            for index, variation in enumerate(variations or []):
                if not isinstance(variation, dict) or not variation.get("text"):
                    continue
                condition = ", ".join(f"{c.get('name')}={c.get('value')}" for c in variation.get("condition") or [])
                found.append(Response(name, index, condition, variation_text(variation)))
    return found


def iter_texts(domain_dir: Path = DOMAIN_DIR, names: Iterable[str] = TEXT_FILES) -> list[Response]:
    """Every string of the text files, labelled <file>:<path>, facts filled in (other {placeholders}
    are read as a name); those of a language file <file>.<language>.yml labelled <file>.<language>:<path>, with the
    condition taal=<language> that a response in that language has (so English is measured as English)."""
    found = []
    for name in names:
        data = read_yaml(domain_dir / f"{name}.yml") or {}
        found += [Response(f"{name}:{path}", 0, "", with_facts(text, "nl")) for path, text in walk_texts(data)]
        for translated in sorted(domain_dir.glob(f"{name}.*.yml")):
            language = translated.name[len(name) + 1:-len(".yml")]
            found += [Response(f"{name}.{language}:{path}", 0, f"taal={language}", with_facts(text, language))
                      for path, text in walk_texts(read_yaml(translated) or {})]
    return found


def plain_text(text: str) -> str:
    """The text a reader sees: no markdown, links or placeholders; one sentence per line."""
    text = _LINK.sub(r"\1", text)
    text = _URL_OR_MAIL.sub(" ", text)
    text = _PLACEHOLDER.sub("naam", text)
    text = _MARKDOWN.sub("", text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # A line without closing punctuation (list item, heading) still ends there.
    return "\n".join(line if line[-1] in ".!?" else line + "." for line in lines)


def sentences_of(plain: str) -> list[list[str]]:
    """Sentences as lists of words (sentences without words are dropped)."""
    split = (_WORD.findall(part) for part in _SENTENCE_END.split(plain))
    return [words for words in split if words]


def english_syllables(word: str) -> int:
    return len(_ENGLISH_HYPHENATION.positions(word.lower())) + 1


def measure(text: str, limits: B1Limits = B1, language: str = "nl") -> Measures:
    """The measures of one text; `language` "en": Flesch (206.835 - 1.015 * words per
    sentence - 84.6 * syllables per word) in the `douma` field, with the same limits."""
    plain = plain_text(text)
    sentences = sentences_of(plain)
    words = [word for sentence in sentences for word in sentence]
    if not words:
        return Measures(0, 0, 0.0, 0, 0.0, 100.0)
    syllables = english_syllables if language == "en" else textstat.syllable_count
    counts = [syllables(word) for word in words]
    lengths = [len(sentence) for sentence in sentences]
    longest = max(sentences, key=len)
    reading_ease = (206.835 - 1.015 * len(words) / len(sentences) - 84.6 * sum(counts) / len(words)
                    if language == "en" else textstat.flesch_reading_ease(plain))
    result = Measures(
        words=len(words),
        sentences=len(sentences),
        avg_sentence_words=len(words) / len(sentences),
        max_sentence_words=max(lengths),
        long_word_share=sum(1 for count in counts if count >= limits.long_word_syllables) / len(words),
        douma=reading_ease,
        longest_sentence=" ".join(longest),
    )
    result.problems = problems(result, limits)
    return result


def problems(m: Measures, limits: B1Limits = B1) -> list[str]:
    found = []
    if m.avg_sentence_words > limits.max_avg_sentence_words:
        found.append(f"average sentence {m.avg_sentence_words:.1f} words > {limits.max_avg_sentence_words}")
    if m.max_sentence_words > limits.max_sentence_words:
        found.append(f"sentence of {m.max_sentence_words} words > {limits.max_sentence_words}: "
                     f"\"{m.longest_sentence}\"")
    if m.words >= MIN_WORDS_FOR_LONG_WORDS and m.long_word_share > limits.max_long_word_share:
        found.append(f"long words {m.long_word_share:.0%} > {limits.max_long_word_share:.0%}")
    if m.words >= MIN_WORDS_FOR_DOUMA and m.douma < limits.min_douma:
        found.append(f"Flesch-Douma {m.douma:.1f} < {limits.min_douma}")
    return found


def check(responses: Iterable[Response], limits: B1Limits = B1) -> list[tuple[Response, Measures]]:
    return [(response, measure(response.text, limits, response.language)) for response in responses]


MEASURE_NAMES = ("avg_sentence_words", "max_sentence_words", "long_word_share", "douma", "words")


def distribution(results: list[tuple[Response, Measures]]) -> dict[str, tuple[float, float, float]]:
    """min, median and max of each measure (formula measures only where they apply)."""
    minimum_words = {"long_word_share": MIN_WORDS_FOR_LONG_WORDS, "douma": MIN_WORDS_FOR_DOUMA}
    table = {}
    for name in MEASURE_NAMES:
        values = [getattr(m, name) for _, m in results if m.words >= minimum_words.get(name, 0)]
        if values:
            table[name] = (min(values), statistics.median(values), max(values))
    return table


def report(results: list[tuple[Response, Measures]]) -> str:
    lines = [f"B1 readability of {len(results)} texts (limits: {B1})", ""]
    lines.append(f"{'measure':<20}{'min':>8}{'median':>8}{'max':>8}")
    for name, (low, mid, high) in distribution(results).items():
        fmt = "{:>8.0%}" if name == "long_word_share" else "{:>8.1f}"
        lines.append(f"{name:<20}" + "".join(fmt.format(v) for v in (low, mid, high)))
    failing = [(r, m) for r, m in results if m.problems]
    lines.append("")
    lines.append(f"{len(failing)} text(s) above B1" + (":" if failing else "."))
    for response, m in failing:
        lines.append(f"- {response.label}: " + "; ".join(m.problems))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    domain_dir = Path(argv[0]) if argv else DOMAIN_DIR
    results = check(iter_responses(domain_dir) + iter_texts(domain_dir))
    print(report(results))
    return 1 if any(m.problems for _, m in results) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
