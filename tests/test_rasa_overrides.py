"""Rasa's private methods that the project replaces (wegwijzer/rasa_overrides/)
compared with what Rasa 3.6.21 itself does. In the fast tier, so a Rasa upgrade that
changes them fails at once (wegwijzer/rasa_version.py also refuses any other Rasa at
start)."""
from __future__ import annotations

import asyncio
import copy
import time

import pytest

from conftest import ROOT


def test_endpoints_load_the_project_stores_with_the_overrides_installed():
    """The store types in endpoints.yml are found (on a wrong name Rasa falls back
    to an in-memory tracker store with only a warning), their package has put the
    overrides in, and installing again changes nothing."""
    import yaml
    from rasa.core.actions.action import RemoteAction
    from rasa.core.agent import Agent
    from rasa.graph_components.providers.domain_provider import DomainProvider
    from rasa.nlu.utils.spacy_utils import SpacyNLP
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import class_from_module_path

    from wegwijzer import rasa_overrides
    from wegwijzer.privacy.tracker_store import RedactingTrackerStore
    from wegwijzer.rasa_overrides import lock_store, speedups, tracker_store

    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    assert class_from_module_path(endpoints["tracker_store"]["type"]) is RedactingTrackerStore
    assert class_from_module_path(endpoints["lock_store"]["type"]) is lock_store.ConfiguredLockStore
    for _ in range(2):
        assert RemoteAction._validate_action_result is speedups._validate_action_result
        assert Event.resolve_by_type is speedups._resolve_event_by_type
        assert DomainProvider.load.__func__ is speedups._load_domain_provider
        assert SpacyNLP.load_model is speedups._load_spacy_model
        assert Agent._create_tracker_store is tracker_store._create_tracker_store
        assert tracker_store._rasas_create_tracker_store is not tracker_store._create_tracker_store
        rasa_overrides.install()


def test_cached_action_response_validation_keeps_rasas_checks():
    """wegwijzer.rasa_overrides.speedups validates action server responses as Rasa does, only faster."""
    import jsonschema
    from rasa.core.actions.action import RemoteAction

    from wegwijzer import rasa_overrides

    rasa_overrides.install()
    action = RemoteAction("action_test", None)
    assert action._validate_action_result({"events": [{"event": "slot", "name": "rol", "value": "ouder"}],
                                           "responses": [{"text": "Hallo"}]})
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": [{"no_event_key": 1}]})


def test_cached_event_classes_resolve_as_rasa_does():
    """Every event type name gives the class Rasa's own lookup gives."""
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    from wegwijzer import rasa_overrides

    rasa_overrides.install()
    classes = all_subclasses(Event)
    for cls in classes:
        expected = next(c for c in classes if c.type_name == cls.type_name)  # Rasa: the first match
        assert Event.resolve_by_type(cls.type_name) is expected
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", default=Event) is Event
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        Event.resolve_by_type("no_such_event")


def test_stored_domain_loads_as_rasa_loads_it(tmp_path):
    """The domain a model stores, read once without the schema check, is the Domain that
    Rasa's Domain.from_path makes of it: a part of the project's domain (all its intents,
    slots, forms and actions, 40 of its responses, so Rasa's own reading stays quick)."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.utils.io import read_yaml_file

    from project_files import rasa_domain
    from wegwijzer.rasa_overrides import speedups

    data = copy.deepcopy(rasa_domain())  # shared by the test modules: never changed
    data["responses"] = dict(sorted(data["responses"].items())[:40])
    assert any("buttons" in variation for variations in data["responses"].values() for variation in variations)
    Domain.from_dict(data).persist(tmp_path / speedups.STORED_DOMAIN_FILE)  # as DomainProvider._persist

    fast, rasas = speedups.stored_domain(tmp_path), Domain.from_path(tmp_path)
    assert fast.as_dict() == rasas.as_dict()
    assert fast.fingerprint() == rasas.fingerprint()
    assert fast.intents == rasas.intents and fast.action_names_or_texts == rasas.action_names_or_texts
    assert [slot.name for slot in fast.slots] == [slot.name for slot in rasas.slots]
    assert fast.session_config == rasas.session_config

    (tmp_path / "extra.yml").write_text("intents:\n- extra_intent\n", encoding="utf-8")  # another layout
    assert "extra_intent" in speedups.stored_domain(tmp_path).intents
    assert read_yaml_file(tmp_path / speedups.STORED_DOMAIN_FILE)["intents"]


def test_a_spacy_pipeline_is_loaded_once_per_process_and_again_when_rebuilt(tmp_path):
    """SpacyNLP.load_model gives what Rasa's gives (a blank multi-language pipeline saved
    to disk here: Dutch takes 3 s per load), the same object the second time, a new one
    once the pipeline is written again in place, and Rasa's own errors."""
    import spacy
    from rasa.nlu.utils.spacy_utils import SpacyNLP
    from rasa.nlu.model import InvalidModelError

    from wegwijzer import rasa_overrides
    from wegwijzer.rasa_overrides import speedups

    rasa_overrides.install()
    folder = tmp_path / "spacy_xx"
    spacy.blank("xx").to_disk(folder)
    first = SpacyNLP.load_model(str(folder))
    rasas = speedups._rasas_load_spacy_model(str(folder))
    assert (first.model_name, first.model.lang, first.model.pipe_names) == \
        (rasas.model_name, rasas.model.lang, rasas.model.pipe_names)
    assert SpacyNLP.load_model(str(folder)) is first
    written = (folder / "meta.json").stat().st_mtime_ns
    while (folder / "meta.json").stat().st_mtime_ns == written:  # until the clock's tick has passed
        spacy.blank("xx").to_disk(folder)
    assert SpacyNLP.load_model(str(folder)) is not first
    for name in ("", str(tmp_path / "geen_pipeline")):
        with pytest.raises(InvalidModelError):
            SpacyNLP.load_model(name)


def test_prepared_event_queries_match_rasas(tmp_path):
    """ConfiguredTrackerStore's prepared queries load and count exactly what
    Rasa's SQLTrackerStore queries do: all sessions, the latest session, and
    the events not stored yet."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from wegwijzer.rasa_overrides.tracker_store import ConfiguredTrackerStore

    domain = Domain.from_yaml("version: '3.1'\nslots:\n  rol:\n    type: text\n    mappings: [{type: custom}]\n")
    store = ConfiguredTrackerStore(domain, url=f"sqlite:///{tmp_path / 'tracker.db'}")

    def session(start: float, text: str) -> list:
        return [ActionExecuted("action_session_start", timestamp=start), SessionStarted(timestamp=start + 1),
                ActionExecuted("action_listen", timestamp=start + 2), UserUttered(text, timestamp=start + 3),
                SlotSet("rol", text, timestamp=start + 4)]

    ouder = DialogueStateTracker.from_events("ouder", session(100, "ouder") + session(200, "jongere"), domain.slots)
    other = DialogueStateTracker.from_events("ander", session(150, "professional"), domain.slots)
    for tracker in (ouder, other):
        asyncio.run(store.save(tracker))

    for sender in ("ouder", "ander", "nobody"):
        for all_sessions in (True, False):
            ours = asyncio.run(store._retrieve(sender, all_sessions))
            rasas = asyncio.run(SQLTrackerStore._retrieve(store, sender, all_sessions))
            assert (ours and ours.events) == (rasas and rasas.events)
    latest = asyncio.run(store.retrieve("ouder"))
    assert len(latest.events) == 4 and latest.get_slot("rol") == "jongere"
    assert len(asyncio.run(store.retrieve_full_tracker("ouder")).events) == 10

    # Rasa saves the tracker it loaded (the latest session) with new events added.
    latest.update(UserUttered("nog een vraag", timestamp=300))
    with store.session_scope() as db:
        for tracker in (latest, ouder):
            assert list(store._additional_events(db, tracker)) == list(
                SQLTrackerStore._additional_events(store, db, tracker))
        assert [e.text for e in store._additional_events(db, latest)] == ["nog een vraag"]


def _unreachable() -> Exception:
    from sqlalchemy.exc import OperationalError

    return OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))


def test_tracker_store_waits_out_an_unreachable_database(tmp_path, monkeypatch):
    """Loads and saves are tried again while the database refuses connections;
    a save tried again does not store its events twice; an error that is not a
    lost connection, or a database down for longer than the retries, fails."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from sqlalchemy.exc import IntegrityError, OperationalError

    from wegwijzer.privacy.tracker_store import RedactingTrackerStore
    from wegwijzer.rasa_overrides import tracker_store

    monkeypatch.setattr(tracker_store, "FIRST_PAUSE_SECONDS", 0.01)
    store = RedactingTrackerStore(domain=Domain.empty(), url=f"sqlite:///{tmp_path / 'tracker.db'}")
    working = store.sessionmaker
    refusals = {"left": 0}

    def sessions():  # the database refuses `left` connections, then is back
        if refusals["left"]:
            refusals["left"] -= 1
            raise _unreachable()
        return working()

    store.sessionmaker = sessions
    tracker = DialogueStateTracker.from_events("wacht", [UserUttered("hallo", timestamp=1)])
    refusals["left"] = 3
    asyncio.run(store.save(tracker))
    refusals["left"] = 3
    assert [e.text for e in asyncio.run(store.retrieve("wacht")).events] == ["hallo"]

    # The first try committed, but its answer was lost with the connection.
    tracker.update(UserUttered("nog een vraag", timestamp=2))
    real_store = store._store_new_events
    lost = {"answers": 1}

    async def committed_then_disconnected(tracker) -> None:
        await real_store(tracker)
        if lost["answers"]:
            lost["answers"] -= 1
            raise _unreachable()

    monkeypatch.setattr(store, "_store_new_events", committed_then_disconnected)
    asyncio.run(store.save(tracker))
    assert [e.text for e in asyncio.run(store.retrieve("wacht")).events] == ["hallo", "nog een vraag"]

    def broken_constraint():
        raise IntegrityError("INSERT", {}, Exception("duplicate key"))

    store.sessionmaker = broken_constraint
    started = time.monotonic()
    with pytest.raises(IntegrityError):
        asyncio.run(store.retrieve("wacht"))
    assert time.monotonic() - started < 0.5, "not tried again"

    store.sessionmaker, refusals["left"] = sessions, 10**6
    monkeypatch.setattr(store, "retry_seconds", 0.3)
    started = time.monotonic()
    with pytest.raises(OperationalError):
        asyncio.run(store.retrieve("wacht"))
    assert 0.1 < time.monotonic() - started < 2


def test_project_tracker_store_fails_closed():
    """Rasa wraps every tracker store in a FailSafeTrackerStore, which on a
    database error answers from an empty in-memory conversation and never stores
    the message. The project's store is used unwrapped (its errors reach the
    input channel); any other store is still wrapped as Rasa does it."""
    import inspect

    from rasa.core.agent import Agent
    from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
    from rasa.shared.core.domain import Domain

    from wegwijzer import rasa_overrides
    from wegwijzer.privacy.tracker_store import RedactingTrackerStore
    from wegwijzer.rasa_overrides import tracker_store

    rasa_overrides.install()
    rasas = tracker_store._rasas_create_tracker_store
    # What the override replaces is still Rasa 3.6.21's: (store, domain) into a FailSafeTrackerStore.
    assert list(inspect.signature(rasas).parameters) == ["store", "domain"]
    assert "FailSafeTrackerStore(tracker_store)" in inspect.getsource(rasas)

    domain = Domain.from_yaml("version: '3.1'\nintents: [groet]\n")
    store = RedactingTrackerStore.__new__(RedactingTrackerStore)  # no database needed here
    agent = Agent(domain=domain, tracker_store=store)
    assert agent.tracker_store is store and store.domain is domain
    assert isinstance(Agent(domain=domain, tracker_store=InMemoryTrackerStore(domain)).tracker_store,
                      FailSafeTrackerStore)
    assert isinstance(Agent(domain=domain).tracker_store, FailSafeTrackerStore)
