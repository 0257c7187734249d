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
- Loading a model reads the domain Rasa stored in it (`DomainProvider.load`,
  `Domain.from_path`): it parses the 0.5 MB of YAML three times and checks it
  against the domain schema, which it already passed at training. That was
  18 of a Rasa server's 50 seconds to start. Here the file is parsed once, by
  Rasa's own YAML reader, and the schema check is left to training.
- The pipeline's SpacyNLP is two graph nodes (one provides the spaCy model, one
  processes messages), and each loads the spaCy pipeline from disk: 4 seconds
  each. Here a process loads a pipeline once, and again when it was rewritten.

`install()` is idempotent; wegwijzer.rasa_overrides.install() calls it.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Dict, Optional

from jsonschema import exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.graph_components.providers.domain_provider import DomainProvider
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses
from rasa.shared.utils.io import read_file, read_yaml


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


# The file DomainProvider._persist writes into the model (Rasa 3.6.21).
STORED_DOMAIN_FILE = "domain.yml"


def stored_domain(resource_directory: Path) -> Domain:
    """The domain stored in a model: Domain.from_path's result without its second and
    third reading of the file and without the schema check done at training."""
    stored = resource_directory / STORED_DOMAIN_FILE
    if not stored.is_file() or any(p != stored for p in resource_directory.rglob("*") if p.is_file()):
        return Domain.from_path(resource_directory)  # not the layout Rasa 3.6.21 writes: Rasa's own way
    # As Domain.from_directory: the file merged into an empty domain, then from_dict.
    return Domain.from_dict(Domain.merge_domain_dicts(read_yaml(read_file(stored)), {}))


def _load_domain_provider(cls: type, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
                          execution_context: ExecutionContext, **kwargs: Any) -> DomainProvider:
    """DomainProvider.load (Rasa 3.6.21), reading the stored domain once."""
    with model_storage.read_from(resource) as resource_directory:
        domain = stored_domain(Path(resource_directory))
    return cls(model_storage, resource, domain)


_rasas_load_spacy_model = SpacyNLP.load_model


@functools.lru_cache(maxsize=4)
def _spacy_model(name: str, written_at: int) -> SpacyModel:
    return _rasas_load_spacy_model(name)


def _load_spacy_model(spacy_model_name: str) -> SpacyModel:
    """SpacyNLP.load_model (Rasa 3.6.21), once per pipeline and process, and again
    once the pipeline was written anew (spaCy's to_disk rewrites its meta.json; the
    folder's own time changes only when files are added or removed)."""
    if not spacy_model_name:
        return _rasas_load_spacy_model(spacy_model_name)  # Rasa's own error
    meta = Path(spacy_model_name) / "meta.json"  # absent for an installed package's name
    return _spacy_model(spacy_model_name, meta.stat().st_mtime_ns if meta.exists() else 0)


def install() -> None:
    """Install the faster methods (only on the pinned Rasa: wegwijzer.rasa_overrides.install)."""
    RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_resolve_event_by_type)
    DomainProvider.load = classmethod(_load_domain_provider)
    SpacyNLP.load_model = staticmethod(_load_spacy_model)
