"""The intake's texts: domain/intake_texts.yml (Dutch) and domain/intake_texts.en.yml
(English, issue 17), loaded once per language, keyed as the code keys them."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator, Mapping, Optional

from wegwijzer.texts import DEFAULT_LANGUAGE, load_texts, walk_texts

LANGUAGES = (DEFAULT_LANGUAGE, "en")  # the languages of the intake (slot `taal`)
_NONE_KEYS = ("anyone", "unanswered")  # YAML has no None key: these stand for it


def intake_texts(language: Optional[str] = DEFAULT_LANGUAGE) -> dict:
    """Every text of the intake and its summary in `language`; another or no language: Dutch.
    A text not (yet) in the language file is said in Dutch (wegwijzer.texts.load_texts)."""
    return load_texts("intake_texts", language if language in LANGUAGES else DEFAULT_LANGUAGE)


# The Dutch texts, for the code and tests that name a Dutch text.
TEXTS = intake_texts()


def _key(key: str) -> Optional[str]:
    return None if key in _NONE_KEYS else key


def keyed(mapping: Mapping) -> dict:
    """{key: text} with `anyone` and `unanswered` as None, the code's keys."""
    return {_key(key): value for key, value in mapping.items()}


def pairs(nested: Mapping) -> dict:
    """{a: {b: text}} as {(a, b): text}, the code's keys."""
    return {(_key(a), _key(b)): text for a, inner in nested.items() for b, text in inner.items()}


@lru_cache(maxsize=None)
def keyed_texts(name: str, language: Optional[str] = DEFAULT_LANGUAGE) -> dict:
    """keyed() of the texts under `name` in `language` (cached; treat as read-only)."""
    return keyed(intake_texts(language)[name])


@lru_cache(maxsize=None)
def paired_texts(name: str, language: Optional[str] = DEFAULT_LANGUAGE) -> dict:
    """pairs() of the texts under `name` in `language` (cached; treat as read-only)."""
    return pairs(intake_texts(language)[name])


def all_texts(language: Optional[str] = None) -> Iterator[str]:
    """Every text of the intake in `language`, or in every language of LANGUAGES when None
    (domain/intake_texts.yml, then intake_texts.en.yml), each once, placeholders unfilled:
    for the readability and content checks. Read from the files, so no text can be missed."""
    languages = LANGUAGES if language is None else (language,)
    yield from dict.fromkeys(text for lang in languages for _, text in walk_texts(intake_texts(lang)))
