"""What the advisor gets to see: a short summary built from the triage slots
(language, role, kader, maatregel, municipality, need, question; never names) and, only
with consent, the conversation so far. Person texts are redacted here, before
they leave the action server.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Mapping, Optional

from wegwijzer.handoff.privacy import redact

SUMMARY_FIELDS = ("taal", "rol", "kader", "maatregel", "gemeente", "behoefte", "vraag")
LANGUAGES = {"nl": "Nederlands", "en": "Engels"}  # slot taal (domain/language.yml)
WITHOUT_CONSENT = ("taal",)  # what the desk sees when the person shared nothing
# Messages that say nothing about the question itself.
_NOT_A_QUESTION = {"groet", "bedanken", "afscheid", "geef_rol", "mens_spreken", "vraag_achterlaten"}
_NO_MEASURE = {"geen", "nee", "none", "geen_maatregel", "weet_niet", "onbekend"}
MAX_TRANSCRIPT_MESSAGES = 60
HANDOFF_OFFER = "action_handoff_aanbieden"
MAX_TEXT = 1000


def _clean(value: Any) -> Optional[str]:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text[:200] or None


def kader_from_slots(slots: Mapping[str, Any]) -> Optional[str]:
    kader = _clean(slots.get("kader"))
    if kader:
        return kader
    measure = _clean(slots.get("maatregel"))
    if not measure:
        return None
    return "vrijwillig" if measure.lower() in _NO_MEASURE else "gedwongen"


def question_from_events(events: Iterable[Mapping[str, Any]]) -> Optional[str]:
    """The person's latest message about their situation before the handoff was
    offered (answers to the consent question are not a question), redacted."""
    events = list(events)
    offers = [i for i, e in enumerate(events) if e.get("event") == "action" and e.get("name") == HANDOFF_OFFER]
    if offers:
        events = events[:offers[-1]]
    for event in reversed(events):
        if event.get("event") != "user":
            continue
        text = (event.get("text") or "").strip()
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if not text or text.startswith("/") or intent in _NOT_A_QUESTION or len(text.split()) < 3:
            continue
        return redact(text)[:MAX_TEXT]
    return None


def without_consent(summary: Mapping[str, Any]) -> dict[str, Any]:
    """What the desk keeps and shows of a summary the person did not consent to share."""
    return {key: value for key, value in summary.items() if key in WITHOUT_CONSENT}


def language_of(slots: Mapping[str, Any]) -> dict[str, str]:
    """The conversation's language for the desk ({"taal": "Engels"}); {} when unknown."""
    language = LANGUAGES.get(str(slots.get("taal") or ""))
    return {"taal": language} if language else {}


def language_code(summary_json: str) -> str:
    """"en" or "nl": the language of a handoff, from the summary the desk keeps."""
    try:
        shown = json.loads(summary_json or "{}").get("taal")
    except (ValueError, AttributeError):
        return "nl"
    return next((code for code, name in LANGUAGES.items() if name == shown), "nl")


def build_summary(slots: Mapping[str, Any], events: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Only fields that are known; slot values are categories, the question is redacted."""
    events = list(events)
    typed_question = _clean(slots.get("vraag"))
    summary = {
        "rol": _clean(slots.get("rol")),
        "kader": kader_from_slots(slots),
        "maatregel": _clean(slots.get("maatregel")),
        "gemeente": _clean(slots.get("gemeente")),
        "behoefte": _clean(slots.get("behoefte")),
        "vraag": redact(typed_question)[:MAX_TEXT] if typed_question else question_from_events(events),
    }
    return {key: value for key, value in summary.items() if value}


def transcript_from_events(events: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The visible messages so far: person texts redacted, assistant texts as sent."""
    messages = []
    for event in events:
        kind = event.get("event")
        text = (event.get("text") or "").strip()
        if kind not in ("user", "bot") or not text:
            continue
        author = "persoon" if kind == "user" else "assistent"
        messages.append({
            "author": author,
            "text": (redact(text) if author == "persoon" else text)[:MAX_TEXT],
            "timestamp": event.get("timestamp"),
        })
    return messages[-MAX_TRANSCRIPT_MESSAGES:]
