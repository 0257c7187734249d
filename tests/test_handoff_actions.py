"""The handoff actions with real rasa_sdk trackers: consent in the person's own
words, nobody stuck in the question, contact details only sealed, and the
AKJ routes from the directory when the desk cannot be reached."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import (
    ActionHandoffAanbieden, ActionHandoffStarten, ActionVraagOpslaan, ValidateHandoffForm, ValidateVraagAchterlatenForm,
)
from wegwijzer.handoff import crypto
from wegwijzer.handoff.answers import SEALED_CONTACT_KEY, seal_contact
from wegwijzer.handoff.config import load_config


@pytest.fixture(autouse=True)
def desk_unreachable(tmp_path, monkeypatch):
    """Own data dir (key file, database) and a desk address where nothing listens."""
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("HANDOFF_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("HANDOFF_OFFICE_HOURS", "24/7")
    monkeypatch.setenv("HANDOFF_RETRIES", "0")
    monkeypatch.delenv("HANDOFF_WEBHOOK_URL", raising=False)
    monkeypatch.delenv("HANDOFF_PUBLIC_KEY", raising=False)
    monkeypatch.delenv("HANDOFF_PRIVATE_KEY", raising=False)


@pytest.fixture
def desk_key():
    """The key pair the desk makes at its first start; the actions see only the public key file."""
    return crypto.desk_private_key(load_config())


def tracker(text: str, intent: str = "faq", events: list | None = None, slots: dict | None = None,
            metadata: dict | None = None) -> Tracker:
    return Tracker(sender_id="gesprek", slots=slots or {}, events=events or [], paused=False, followup_action=None,
                   latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": [],
                                   "metadata": metadata or {}},
                   active_loop={"name": "handoff_form"}, latest_action_name="action_listen")


def run(coroutine):
    return asyncio.run(coroutine)


def test_desk_unreachable_gives_the_akj_routes_at_once():
    dispatcher = CollectingDispatcher()
    events = run(ActionHandoffAanbieden().run(dispatcher, tracker("ik wil een mens spreken", "mens_spreken"), {}))
    said = [m.get("response") or m.get("text") for m in dispatcher.messages]
    assert said[0] == "utter_handoff_storing"
    assert "088-5551000" in said[1] and "info@akj.nl" in said[1], "the routes come from the directory"
    assert said[2] == "utter_handoff_vraag_aanbod"
    assert events == [{"event": "slot", "timestamp": None, "name": "handoff_beschikbaar", "value": False}]


def test_queueing_that_fails_also_gives_the_routes():
    dispatcher = CollectingDispatcher()
    events = run(ActionHandoffStarten().run(dispatcher, tracker("ja", slots={"handoff_toestemming": "alles"}), {}))
    assert dispatcher.messages[0]["response"] == "utter_handoff_storing"
    assert "088-5551000" in dispatcher.messages[1]["text"]
    assert {e["name"]: e["value"] for e in events} == {"handoff_toestemming": None, "handoff_beschikbaar": None}


def test_consent_unclear_twice_ends_the_question():
    validate = ValidateHandoffForm().validate_handoff_toestemming
    form_started = [{"event": "active_loop", "name": "handoff_form"}]
    first = [*form_started, {"event": "user", "text": "hmm"}]
    dispatcher = CollectingDispatcher()
    assert run(validate("hmm", dispatcher, tracker("hmm", events=first), {})) == {"handoff_toestemming": None}
    assert dispatcher.messages[0]["response"] == "utter_handoff_keuze_onduidelijk"
    second = [*first, {"event": "user", "text": "geen idee"}]
    assert run(validate("geen idee", CollectingDispatcher(), tracker("geen idee", events=second), {})) == \
        {"handoff_toestemming": "annuleren"}
    assert run(validate("Alleen de samenvatting", CollectingDispatcher(), tracker("x", events=first), {})) == \
        {"handoff_toestemming": "samenvatting"}


def test_contact_is_kept_only_sealed(desk_key):
    validate = ValidateVraagAchterlatenForm().validate_contact_gegevens
    # As the input channel hands it over: text redacted, the contact sealed in the metadata.
    sealed = seal_contact("06 12345678")
    value = run(validate("bel [telefoon]", CollectingDispatcher(),
                         tracker("bel [telefoon]", metadata={SEALED_CONTACT_KEY: sealed}), {}))["contact_gegevens"]
    assert value == sealed and crypto.decrypt(desk_key, value) == "+31 6 12345678"
    # Typed straight to the action (no channel in between): sealed here.
    typed = run(validate("ouder@example.nl", CollectingDispatcher(), tracker("ouder@example.nl"), {}))["contact_gegevens"]
    assert "example" not in typed and crypto.decrypt(desk_key, typed) == "ouder@example.nl"
    # A forged token in the metadata is ignored; "nee" means no contact.
    assert run(validate("nee hoor", CollectingDispatcher(),
                        tracker("nee hoor", metadata={SEALED_CONTACT_KEY: "gAAAAAnep"}), {})) == {"contact_gegevens": "geen"}
    dispatcher = CollectingDispatcher()
    assert run(validate("bel me", dispatcher, tracker("bel me"), {})) == {"contact_gegevens": None}
    assert dispatcher.messages[0]["response"] == "utter_contact_onduidelijk"


def test_without_a_public_key_the_contact_is_not_kept_and_the_person_is_told():
    """No key made yet (the desk never started): nothing is stored readable, and the person
    hears that the question was not kept, with the AKJ routes."""
    validate = ValidateVraagAchterlatenForm().validate_contact_gegevens
    value = run(validate("06 12345678", CollectingDispatcher(), tracker("06 12345678"), {}))["contact_gegevens"]
    assert "12345678" not in value
    dispatcher = CollectingDispatcher()
    slots = {"achtergelaten_vraag": "Hoe lang duurt een OTS?", "contact_gegevens": value}
    run(ActionVraagOpslaan().run(dispatcher, tracker("06 12345678", slots=slots), {}))
    assert dispatcher.messages[0]["response"] == "utter_vraag_niet_bewaard"
    assert "088-5551000" in dispatcher.messages[1]["text"]
    assert not list(load_config().data_dir.glob("handoff.db*")), "nothing stored"
