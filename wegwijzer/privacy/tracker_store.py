"""Tracker store that never writes personal data: every event is redacted just
before it is serialised. Referenced from endpoints.yml:

    tracker_store:
      type: wegwijzer.privacy.tracker_store.RedactingTrackerStore

It is Rasa's SQLTrackerStore (via ConfiguredTrackerStore: SQLite by default,
PostgreSQL through TRACKER_STORE_URL). The input channels already redact user
text; this is the second line for everything else that reaches the tracker
(the HTTP API's /conversations/{id}/messages, slot values, bot texts).
"""
from __future__ import annotations

from typing import Any, Dict

from rasa.shared.core.events import Event

from wegwijzer.privacy.logging_filter import install_log_redaction
from wegwijzer.privacy.redact import redact_data
from wegwijzer.rasa_overrides.tracker_store import ConfiguredTrackerStore

# Keys whose values are names of things (intents, actions, policies, ids), not
# something a person typed: kept as they are.
STRUCTURAL_KEYS = {"event", "name", "timestamp", "policy", "confidence", "input_channel", "message_id",
                   "action_name", "entity", "extractor", "intent_response_key", "utter_action", "type_name",
                   "action_text", "hide_rule_turn", "active_loop", "rule", "kind"}


# Inside an event's metadata, which any client of Rasa's HTTP API can fill, only
# these are names of things; a key "name" there may hold a person's name.
METADATA_KEYS = {"message_id", "utter_action", "model_id", "assistant_id"}


def redact_event(data: Any, structural: frozenset[str] | set[str] = STRUCTURAL_KEYS) -> Any:
    """A serialised event (or part of one) with every free-text value redacted."""
    if isinstance(data, dict):
        return {key: value if key in structural else
                redact_event(value, METADATA_KEYS if key == "metadata" else structural)
                for key, value in data.items()}
    if isinstance(data, list):
        return [redact_event(item, structural) for item in data]
    return redact_data(data)


class RedactingTrackerStore(ConfiguredTrackerStore):
    """SQL tracker store whose rows never hold names, BSN, phone, e-mail or addresses."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        install_log_redaction()  # the Rasa server loads this class: redact its logs too
        super().__init__(*args, **kwargs)

    def event_data(self, event: Event) -> Dict[str, Any]:
        """Every event's data redacted before it is stored (ConfiguredTrackerStore.save)."""
        return redact_event(event.as_dict())
