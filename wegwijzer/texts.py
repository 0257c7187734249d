"""Texts a person reads that the code puts together: domain/<name>.yml.

Content is data: the words live in YAML under domain/, the code only picks
and fills them. Nearly a leaf: it imports only the leaf wegwijzer.knowledge.facts, so any module may use it.

Languages: domain/<name>.yml is Dutch; domain/<name>.<language>.yml beside it
(e.g. contact_texts.en.yml) has the same keys with the values in that language.
load_texts(name, "en") gives the Dutch data with the English values laid over
it, so a text not (yet) in English is said in Dutch. Like the Dutch files, the
language files have no Rasa domain keys at the top, so Rasa skips them
(tests/test_texts.py).

Facts: a duration or deadline is written once, in domain/facts.yml, and a text
names it by its id in braces ("{plan_termijn}"); load_texts gives the texts with
those filled in, each file in its own language (wegwijzer.knowledge.facts, a leaf).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Mapping, Optional

import yaml

from wegwijzer.knowledge.facts import with_facts

DOMAIN_DIR = Path(__file__).resolve().parents[1] / "domain"
DEFAULT_LANGUAGE = "nl"  # the language of domain/<name>.yml itself
_LANGUAGE_CODE = re.compile(r"[a-z]{2}")  # ISO 639-1, as the slot `taal` holds it


def variation_language(variation: Mapping) -> str:
    """"en" for a response variation with the condition taal=en (domain/language.yml), else Dutch."""
    english = any(c.get("name") == "taal" and c.get("value") == "en" for c in variation.get("condition") or [])
    return "en" if english else DEFAULT_LANGUAGE


def variation_text(variation: Mapping) -> str:
    """A response variation's text as a person reads it: the facts filled in, in its language."""
    return with_facts(str(variation["text"]), variation_language(variation))


def text_file(name: str, language: str = DEFAULT_LANGUAGE, domain_dir: Path = DOMAIN_DIR) -> Path:
    """domain/<name>.yml for Dutch, domain/<name>.<language>.yml for another language."""
    return domain_dir / (f"{name}.yml" if language == DEFAULT_LANGUAGE else f"{name}.{language}.yml")


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def overlay(base, other):
    """`other` laid over `base`: dicts are merged key by key (recursively), anything
    else in `other` replaces what `base` has; what `other` lacks stays as in `base`."""
    if not isinstance(base, dict) or not isinstance(other, dict):
        return other
    merged = dict(base)
    for key, value in other.items():
        merged[key] = overlay(base[key], value) if key in base else value
    return merged


def load_texts(name: str, language: Optional[str] = DEFAULT_LANGUAGE, domain_dir: Path = DOMAIN_DIR) -> dict:
    """domain/<name>.yml as loaded by yaml.safe_load; for another `language`, with the
    values of domain/<name>.<language>.yml over it (no such file, or no language code
    such as an empty slot: Dutch). Cached: each file is read once per process; treat
    the result as read-only."""
    # A slot value names a file: only a language code ("en"), never a path, and the cache stays small.
    code = language if isinstance(language, str) and _LANGUAGE_CODE.fullmatch(language) else DEFAULT_LANGUAGE
    return _load_texts(name, code, domain_dir)


@lru_cache(maxsize=None)
def _load_texts(name: str, language: str, domain_dir: Path) -> dict:
    texts = fill_facts(_read(text_file(name, domain_dir=domain_dir)), DEFAULT_LANGUAGE)
    if language != DEFAULT_LANGUAGE:
        translated = text_file(name, language, domain_dir)
        if translated.is_file():
            texts = overlay(texts, fill_facts(_read(translated), language))
    return texts


def fill_facts(data, language: str):
    """A loaded text file with the facts ({plan_termijn}) in its strings filled in, in `language`."""
    if isinstance(data, str):
        return with_facts(data, language)
    if isinstance(data, dict):
        return {key: fill_facts(value, language) for key, value in data.items()}
    if isinstance(data, list):
        return [fill_facts(value, language) for value in data]
    return data


def walk_texts(data, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) for every string in a loaded text file, e.g. ("meaning.vrijwillig.ouder", "...")."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from walk_texts(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk_texts(value, f"{path}[{index}]")
