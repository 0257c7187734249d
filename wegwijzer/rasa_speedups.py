"""Removes repeated work from Rasa 3.6's message path (found with bench/profile_turn.py).

Rasa validates every action server response with `jsonschema.validate`, which
first re-checks the (large, constant) response schema against the JSON Schema
meta-schema: on 2 cores that took longer than the action itself. Here the
validator is built once and only the response is checked, with the same errors.

`install()` is idempotent; wegwijzer.rasa_stores calls it, because every Rasa
server of this project loads that module (endpoints.yml) before it handles a
message.
"""
from __future__ import annotations

import functools
from typing import Any, Dict

from jsonschema import exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


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


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
