"""The intake's texts: domain/intake_texts.yml, loaded once, keyed as the code keys them."""
from __future__ import annotations

from typing import Iterator, Mapping, Optional

from wegwijzer.texts import load_texts, walk_texts

# Every text of the intake and its summary (domain/intake_texts.yml).
TEXTS = load_texts("intake_texts")
_NONE_KEYS = ("anyone", "unanswered")  # YAML has no None key: these stand for it


def _key(key: str) -> Optional[str]:
    return None if key in _NONE_KEYS else key


def keyed(mapping: Mapping) -> dict:
    """{key: text} with `anyone` and `unanswered` as None, the code's keys."""
    return {_key(key): value for key, value in mapping.items()}


def pairs(nested: Mapping) -> dict:
    """{a: {b: text}} as {(a, b): text}, the code's keys."""
    return {(_key(a), _key(b)): text for a, inner in nested.items() for b, text in inner.items()}


def all_texts() -> Iterator[str]:
    """Every text of domain/intake_texts.yml, each once (placeholders unfilled), for the
    readability and content checks: read from the file, so no text can be missed."""
    yield from dict.fromkeys(text for _, text in walk_texts(TEXTS))
