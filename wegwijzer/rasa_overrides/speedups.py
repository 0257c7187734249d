"""Removes repeated work from Rasa 3.6's message path (found with bench/profile_turn.py).

- Rasa validates every action server response with `jsonschema.validate`, which
  first re-checks the (large, constant) response schema against the JSON Schema
  meta-schema: on 2 cores that took longer than the action itself. Here the
  validator is built once and only the response is checked, with the same errors.
- Loading a tracker turns every stored event back into an object through
  `Event.resolve_by_type`, which walks the whole tree of Event subclasses (and
  checks each for abstract methods) once per event: half of a tracker load.
  Here the type name -> class table is built once, and again only when a name
  is not in it (a subclass imported later).

`install()` is idempotent; wegwijzer.rasa_overrides.install() calls it.
"""
from __future__ import annotations

import functools
from typing import Any, Dict, Optional

from jsonschema import exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses


@functools.lru_cache(maxsize=1)
def _action_response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)  # once, instead of once per action call
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result (Rasa 3.6.21) with a cached validator."""
    error = exceptions.best_match(_action_response_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


# type name -> Event class, the first in all_subclasses' order (as Rasa picks it).
_event_classes: Dict[str, type] = {}


def _refresh_event_classes() -> None:
    classes: Dict[str, type] = {}
    for cls in all_subclasses(Event):
        classes.setdefault(cls.type_name, cls)
    _event_classes.clear()
    _event_classes.update(classes)


def _resolve_event_by_type(type_name: str, default: Optional[type] = None) -> Optional[type]:
    """Event.resolve_by_type (Rasa 3.6.21) with the class table cached."""
    cls = _event_classes.get(type_name)
    if cls is None:
        _refresh_event_classes()
        cls = _event_classes.get(type_name)
    if cls is not None:
        return cls
    if type_name == "topic":
        return None  # as Rasa: old TopicSet events
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


def install() -> None:
    """Install the faster methods (only on the pinned Rasa: wegwijzer.rasa_overrides.install)."""
    RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_resolve_event_by_type)
