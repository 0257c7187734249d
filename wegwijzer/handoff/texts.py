"""Texts the desk service sends to the person. They live in domain/handoff.yml
(utter_handoff_desk_*) with all other responses, so the B1 readability check
covers them; the AKJ routes come from the contact directory."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from wegwijzer import settings
from wegwijzer.directory import national_routes
from wegwijzer.directory.formatting import routes_text
from wegwijzer.texts import load_texts, variation_language

DOMAIN_FILE = settings.ROOT / "domain" / "handoff.yml"


@lru_cache(maxsize=1)
def _responses() -> dict[str, Any]:
    return yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["responses"]


def _variation(name: str, language: str) -> dict[str, Any]:
    """The English variation (condition taal=en) for "en"; else the Dutch default, always the last."""
    variations = _responses()[name]
    english = [variation for variation in variations if variation_language(variation) == "en"]
    return english[0] if language == "en" and english else variations[-1]


def response_text(name: str, language: str = "nl", **values: str) -> str:
    return _variation(name, language)["text"].format(**values)


def response_buttons(name: str, language: str = "nl") -> list[dict[str, str]]:
    return list(_variation(name, language).get("buttons", []))


def akj_routes_text(language: str = "nl") -> str:
    """Phone, e-mail and chat of the AKJ, as the directory has them."""
    return (routes_text(national_routes("akj"), language=language)
            or load_texts("contact_texts", language)["routes"]["unverified"].format(organisation="het AKJ"))


def advisor_message(display_name: str, text: str) -> str:
    """How an advisor's message appears in the widget: clearly from a person."""
    return f"{display_name} (AKJ): {text}"
