"""Redaction before anything a person typed reaches the desk database.

Uses the project's privacy filter (wegwijzer.privacy) when it is installed;
until then a small built-in filter removes e-mail addresses, long numbers
(phone, BSN, IBAN digits) and postcodes, so nothing obvious is kept in clear text.
"""
from __future__ import annotations

import importlib
import logging
import re
from typing import Callable, Optional

logger = logging.getLogger(__name__)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{4}(\s?\d){6,}\b", re.IGNORECASE)
_POSTCODE = re.compile(r"\b\d{4}\s?[A-Z]{2}\b(\s*\d+\w?)?", re.IGNORECASE)
# Six or more digits, possibly split by spaces, dashes or dots: phone numbers, BSN.
_LONG_NUMBER = re.compile(r"(?<!\w)\+?\d(?:[\s.-]?\d){5,}(?!\w)")


def basic_redact(text: str) -> str:
    text = _EMAIL.sub("[e-mail]", text)
    text = _IBAN.sub("[rekeningnummer]", text)
    text = _POSTCODE.sub("[adres]", text)
    return _LONG_NUMBER.sub("[nummer]", text)


def _project_redactor() -> Optional[Callable[[str], str]]:
    try:
        module = importlib.import_module("wegwijzer.privacy")
    except ImportError:
        return None
    for name in ("redact", "redact_text"):
        function = getattr(module, name, None)
        if callable(function):
            return function
    return None


def redact(text: str) -> str:
    """`text` without personal data (the project's filter, else the built-in one)."""
    if not text:
        return ""
    project = _project_redactor()
    if project is not None:
        try:
            result = project(text)
            if isinstance(result, str):
                return result
        except Exception:  # noqa: BLE001 - a failing filter must not leak: fall back
            logger.exception("wegwijzer.privacy failed; using the built-in redaction")
    return basic_redact(text)
