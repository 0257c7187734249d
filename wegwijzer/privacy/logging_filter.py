"""Logs never hold personal data.

`install_log_redaction()` wraps Python's log record factory, so every record
created in the process (Rasa's structlog output goes through stdlib logging
too) has its message redacted before any handler or file sees it. Handlers
added later (Rasa's --log-file) are covered as well, which a handler filter
would not do.
"""
from __future__ import annotations

import logging

from wegwijzer.privacy.redact import redact

# Longer log messages are cut before redaction: logs need no essays.
MAX_LOG_CHARS = 10_000
_installed = False


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a broken format string must not break logging
        message = str(record.msg)
    if len(message) > MAX_LOG_CHARS:
        message = message[:MAX_LOG_CHARS] + " [ingekort]"
    record.msg, record.args = redact(message), None
    if record.exc_info and not record.exc_text:
        # Exception messages can quote what was typed: format and redact them now.
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
    return record


def install_log_redaction() -> None:
    """Redact every log record created from now on in this process (idempotent)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs) -> logging.LogRecord:
        return redact_record(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _installed = True
