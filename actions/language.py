"""The conversation's language for the actions: what they say and which words they build."""
from __future__ import annotations

from rasa_sdk import Tracker

from wegwijzer.texts import DEFAULT_LANGUAGE


def answer_language(tracker: Tracker) -> str:
    """Slot `taal` ("nl" or "en", domain/language.yml); Dutch when it is not set."""
    return tracker.get_slot("taal") or DEFAULT_LANGUAGE
