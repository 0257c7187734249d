"""Durations and deadlines, each stated once: domain/facts.yml.

Texts name a fact by its id in braces ("Een VOTS duurt hoogstens {vots_duur}."),
Rasa's response-variable syntax. Answers get the values as keyword arguments of
utter_message (fact_values, actions/knowledge.py); text the code reads itself is
filled with with_facts (wegwijzer/texts.py, the B1 check, the desk's hints).
A leaf: it imports nothing of wegwijzer.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml

FACTS_FILE = Path(__file__).resolve().parents[2] / "domain" / "facts.yml"
DEFAULT_LANGUAGE = "nl"
LANGUAGES = ("nl", "en")
# Only a known id is filled: "{gemeente}" and other placeholders of the code stay as they are.
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


@lru_cache(maxsize=None)
def facts() -> dict[str, dict]:
    """Every fact by id: nl, en, source, region, near (domain/facts.yml)."""
    data = yaml.safe_load(FACTS_FILE.read_text(encoding="utf-8")) or {}
    return dict(data.get("facts") or {})


@lru_cache(maxsize=None)
def _values(language: str) -> dict[str, str]:
    return {fact_id: str(fact[language]) for fact_id, fact in facts().items()}


def fact_values(language: Optional[str]) -> dict[str, str]:
    """{id: words} in `language` ("nl" or "en"; anything else: Dutch). A copy, safe to pass on."""
    return dict(_values(language if language in LANGUAGES else DEFAULT_LANGUAGE))


def placeholders(text: str) -> list[str]:
    """The ids in braces a text uses, known or not."""
    return PLACEHOLDER.findall(text)


def with_facts(text: str, language: Optional[str]) -> str:
    """`text` with each known fact id in braces replaced by its words in `language`."""
    values = _values(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)
