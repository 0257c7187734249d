"""Recognise a municipality name as people type it: official names, common
abbreviations and former names (aliases in directory/municipalities.csv),
with typos (rapidfuzz).

    resolve_municipality("Amersfort")        -> "Amersfoort"
    resolve_municipality("ik woon in Den Bosch") -> "'s-Hertogenbosch"
    find_municipality_in_text("hoe bereik ik het wijkteam in amersfort") -> "Amersfoort"
"""
from __future__ import annotations

import csv
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from rapidfuzz import fuzz, process

from wegwijzer.directory.lookup import get_directory

logger = logging.getLogger(__name__)

MUNICIPALITIES_FILE = Path(__file__).resolve().parents[2] / "directory" / "municipalities.csv"

# Score (0-100, rapidfuzz ratio) from which a typo still counts as that name.
FUZZY_CUTOFF = 85
# Stricter for words picked out of a whole sentence, where most words are no name at all.
IN_TEXT_CUTOFF = 88
# Shorter than this, a text must match exactly ("Ede" must not become "Epe").
MIN_FUZZY_LENGTH = 5

# Words around a municipality answer: "ik woon in de gemeente Zeist".
_FILLER = {"ik", "wij", "we", "woon", "wonen", "woont", "in", "de", "het", "gemeente", "gem", "uit", "kom",
           "komen", "bij", "regio", "omgeving", "buurt", "van", "stad", "dorp", "dat", "is", "zit", "zitten",
           "graag", "alsjeblieft", "aub", "ja", "nou", "hoor", "eh", "uhm", "mijn", "onze", "daar"}
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def normalise(text: str) -> str:
    """Casefolded, without accents and punctuation (keeps ' and -), single spaces."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[^\w'\- ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip(" -'")


def _compact(text: str) -> str:
    return re.sub(r"[\s'\-.()]", "", text)


@dataclass(frozen=True)
class MunicipalityIndex:
    """Every way of writing each municipality, normalised, mapped to its official name."""

    terms: dict  # normalised term -> official name
    compact_terms: dict  # term without spaces, hyphens, apostrophes -> official name
    common_words: frozenset = frozenset()  # names that are also everyday words ("Buren", "Best")

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple]) -> "MunicipalityIndex":
        """From (name, aliases) or (name, aliases, common_word) tuples."""
        terms, compact, common = {}, {}, set()
        for name, aliases, *flags in pairs:
            if flags and flags[0]:
                common.add(name)
            for term in [name] + [a for a in (aliases or "").split("|") if a.strip()]:
                terms[normalise(term)] = name
                compact[_compact(normalise(term))] = name
        return cls(terms, compact, frozenset(common))

    def exact(self, text: str) -> Optional[str]:
        norm = normalise(text)
        return self.terms.get(norm) or self.compact_terms.get(_compact(norm))

    def fuzzy(self, text: str, cutoff: int = FUZZY_CUTOFF) -> Optional[str]:
        query = _compact(normalise(text))
        if len(query) < MIN_FUZZY_LENGTH:
            return None
        found = process.extract(query, self.compact_terms.keys(), scorer=fuzz.ratio, score_cutoff=cutoff - 7, limit=5)
        if not found or found[0][1] < cutoff:
            return None
        best_term, best_score, _ = found[0]
        best = self.compact_terms[best_term]
        # Two different municipalities almost equally close: do not guess.
        rivals = {self.compact_terms[t] for t, score, _ in found if score >= best_score - 7}
        return best if rivals == {best} else None

    def resolve(self, text: str) -> Optional[str]:
        """The municipality meant by an answer like 'Amersfort' or 'ik woon in Den Bosch'."""
        if not text or not text.strip():
            return None
        found = self.exact(text)
        if found:
            return found
        words = [w for w in normalise(text).split() if w not in _FILLER]
        core = " ".join(words)
        if not core:
            return None
        return self.exact(core) or self.fuzzy(core) or self.find_in_text(text)

    def find_in_text(self, text: str) -> Optional[str]:
        """A municipality named somewhere in a sentence: exact n-grams first, then close typos.

        Names that are everyday words ("mijn buren", "het beste") only count here
        when written with a capital, as a name."""
        words = normalise(text).split()
        spans = [" ".join(words[i:i + n]) for n in (4, 3, 2, 1) for i in range(len(words) - n + 1)]
        for span in spans:
            name = self.terms.get(span)
            if name and (name not in self.common_words or re.search(rf"\b{re.escape(name)}\b", text)):
                return name
        for span in spans:
            if any(w in _FILLER for w in span.split()):
                continue
            found = self.fuzzy(span, cutoff=IN_TEXT_CUTOFF)
            if found and found not in self.common_words:
                return found
        return None


def _csv_pairs(path: Path = MUNICIPALITIES_FILE) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["name"], row.get("aliases") or "", row.get("common_word") == "1")
                for row in csv.DictReader(handle)]


@lru_cache(maxsize=1)
def default_index() -> MunicipalityIndex:
    """Names from the directory database; from the data file when the database cannot be read."""
    try:
        pairs = get_directory().municipality_names()
        if pairs:
            return MunicipalityIndex.from_pairs(pairs)
    except Exception:  # noqa: BLE001 - names must still be recognised without a database
        logger.exception("Directory database unreadable; recognising municipalities from %s", MUNICIPALITIES_FILE)
    return MunicipalityIndex.from_pairs(_csv_pairs())


def resolve_municipality(text: str) -> Optional[str]:
    """The official name of the municipality meant by `text`, or None."""
    return default_index().resolve(text or "")


def find_municipality_in_text(text: str) -> Optional[str]:
    return default_index().find_in_text(text or "")
