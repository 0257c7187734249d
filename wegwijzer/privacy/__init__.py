"""Privacy: personal data never stored, logged or shown in clear text.

- `redact(text)` / `redact_data(obj)` (redact.py): BSN (11-proef), phone,
  e-mail, postcode + huisnummer, street address, IBAN, date of birth, names.
- tracker_store.py: RedactingTrackerStore, referenced from endpoints.yml.
- logging_filter.py: every log record is redacted before any handler sees it.
- retention.py + `python -m wegwijzer.privacy`: delete conversations after the
  retention period, or one conversation on request.
"""
from wegwijzer.privacy.redact import personal_data_spans, redact, redact_data

__all__ = ["personal_data_spans", "redact", "redact_data"]
