"""Redaction before anything a person typed reaches the desk database: the
project's filter (wegwijzer.privacy), the same as for the tracker store and the logs."""
from __future__ import annotations

from typing import Optional

from wegwijzer.privacy import redact as redact_personal_data


def redact(text: Optional[str]) -> str:
    """`text` without personal data; "" for no text."""
    return redact_personal_data(text or "")
