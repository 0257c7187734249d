"""What a message may carry into Rasa: clean text, trusted button payloads,
small redacted metadata and a valid conversation id.

Personal data is redacted here (wegwijzer.privacy), so Rasa, the tracker
store, the logs and the desk only see placeholders such as [naam]; contact
details the redaction removed are sealed for the AKJ desk. Used by
wegwijzer.channels.
"""
from __future__ import annotations

import json
import logging
import re
import unicodedata
from typing import Any, Dict, Optional

from wegwijzer.handoff.answers import SEALED_CONTACT_KEY, seal_contact
from wegwijzer.privacy.redact import redact, redact_data

logger = logging.getLogger(__name__)

MAX_METADATA_CHARS = 2000
SENDER_ID = re.compile(r"^[\w.:-]{1,128}$")
HTML_TAG = re.compile(r"<[^<>]{0,500}>")


def clean_text(text: str) -> str:
    """No HTML, no control characters, no personal data."""
    text = HTML_TAG.sub(" ", text).replace("<", " ").replace(">", " ")
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    return redact(re.sub(r"[ \t]+", " ", text).strip())


_payload_cache: dict[int, frozenset[str]] = {}


def button_payloads(domain: Any) -> frozenset[str]:
    """The "/intent{...}" payloads the domain's own buttons send: the only trusted ones."""
    if id(domain) in _payload_cache:
        return _payload_cache[id(domain)]
    payloads = set()
    for variations in (getattr(domain, "responses", None) or {}).values():
        for variation in variations or []:
            for button in (variation or {}).get("buttons") or []:
                payload = str((button or {}).get("payload", "")).strip()
                if payload.startswith("/"):
                    payloads.add(payload)
    _payload_cache.clear()  # one domain at a time (a new model replaces the old one)
    _payload_cache[id(domain)] = frozenset(payloads)
    return _payload_cache[id(domain)]


def trusted_text(text: str, domain: Any) -> str:
    """User text, or an exact button payload; any other leading "/" is dropped."""
    stripped = text.strip()
    if stripped.startswith("/") and stripped not in button_payloads(domain):
        return stripped.lstrip("/").strip()
    return text


def clean_metadata(metadata: Any) -> Optional[Dict[str, Any]]:
    """Small dicts only, with personal data redacted; anything else is dropped."""
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            return None
    if not isinstance(metadata, dict) or not metadata:
        return None
    try:
        if len(json.dumps(metadata)) > MAX_METADATA_CHARS:
            return None
    except (TypeError, ValueError):
        return None
    return redact_data(metadata)


def message_metadata(metadata: Any, text: str, cleaned: str) -> Optional[Dict[str, Any]]:
    """The cleaned metadata, plus the contact details redaction removed from the
    text, encrypted for the AKJ desk (only the contact form can use them)."""
    result = clean_metadata(metadata) or {}
    result.pop(SEALED_CONTACT_KEY, None)  # only this channel may put it there
    if "[telefoon]" in cleaned or "[e-mail]" in cleaned:  # redaction removed a way to reach the person
        try:
            sealed = seal_contact(text)
        except Exception:  # noqa: BLE001 - no key configured: the person can still say it to the advisor
            logger.warning("Contact details could not be sealed", exc_info=True)
            sealed = None
        if sealed:
            result[SEALED_CONTACT_KEY] = sealed
    return result or None


def valid_sender(sender_id: Any) -> bool:
    return isinstance(sender_id, str) and bool(SENDER_ID.fullmatch(sender_id)) and redact(sender_id) == sender_id
