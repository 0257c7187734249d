"""The custom actions, run with real rasa_sdk trackers and dispatchers."""
from __future__ import annotations

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import pytest

from actions.contact_routes import ActionGeefContact
from actions.emergency import ActionNoodhulp


@pytest.fixture(autouse=True)
def directory_db(tmp_path_factory, monkeypatch):
    """The actions read a real SQLite directory file (built on first use)."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path_factory.getbasetemp() / 'actions-directory.db'}")


def tracker_for(text: str, intent: str, entities: list[dict] | None = None, slots: dict | None = None) -> Tracker:
    return Tracker(
        sender_id="test",
        slots=slots or {},
        latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or []},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action, tracker: Tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def test_noodhulp_gives_all_emergency_numbers_first():
    messages, _ = run(ActionNoodhulp(), tracker_for("ik wil dood", "noodsituatie"))
    first = messages[0]["text"]
    for number in ("112", "0800-2000", "0800-0113", "0800-0432"):
        assert number in first
    assert first.index("112") < first.index("0800-2000"), "112 (danger now) comes first"
    assert "veilig bent" in messages[1]["text"], "then the offer to go on"


def test_contact_for_named_organisation_and_slot_is_remembered():
    tracker = tracker_for("nummer akj", "vraag_contact", [{"entity": "organisatie", "value": "akj"}])
    messages, events = run(ActionGeefContact(), tracker)
    assert "088-5551000" in messages[0]["text"] and "info@akj.nl" in messages[0]["text"]
    assert {"event": "slot", "name": "organisatie", "value": "akj", "timestamp": None} in events


def test_contact_uses_earlier_organisation_when_none_named():
    tracker = tracker_for("wat is het nummer", "vraag_contact", slots={"organisatie": "kindertelefoon"})
    messages, _ = run(ActionGeefContact(), tracker)
    assert "0800-0432" in messages[0]["text"]


def test_what_is_taken_for_a_route_is_answered_as_a_question():
    """"wat is een clientondersteuner" read as vraag_contact: said again as a question;
    "wat is het nummer" or "wat is het mailadres van het akj" still get the route."""
    messages, events = run(ActionGeefContact(), tracker_for("wat is een clientondersteuner", "vraag_contact"))
    assert not messages and [e["event"] for e in events] == ["rewind", "user", "followup"], events
    assert events[1]["parse_data"]["intent"]["name"] == "faq"
    for asks_the_route in ("wat is het mailadres van het akj", "wat is het nummer"):
        _, events = run(ActionGeefContact(), tracker_for(asks_the_route, "vraag_contact"))
        assert "rewind" not in [e["event"] for e in events], asks_the_route


def test_contact_without_organisation_asks_which_one():
    messages, events = run(ActionGeefContact(), tracker_for("welk nummer", "vraag_contact"))
    assert messages[0]["response"] == "utter_vraag_welke_organisatie" and events == []


def test_local_organisation_without_municipality_asks_for_it():
    tracker = tracker_for("nummer wijkteam", "vraag_contact", [{"entity": "organisatie", "value": "wijkteam"}])
    messages, events = run(ActionGeefContact(), tracker)
    assert messages[0]["response"] == "utter_vraag_gemeente"
    assert {"event": "slot", "name": "gemeente_gevraagd", "value": True, "timestamp": None} in events
    assert not any(ch.isdigit() for m in messages for ch in (m.get("text") or ""))


def test_session_start_takes_role_and_municipality_from_the_page():
    from actions.session import ActionSessionStart

    page = {"rol": "professional", "gemeente": "amersfoort", "taal": "nl"}
    _, events = run(ActionSessionStart(), tracker_for("", "", slots={"session_started_metadata": page}))
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert events[0]["event"] == "session_started" and events[-1]["name"] == "action_listen"
    assert slots["rol"] == "professional" and slots["gemeente"] == "Amersfoort"


def test_session_start_keeps_what_the_person_said_and_ignores_unknown_values():
    from actions.session import ActionSessionStart

    page = {"rol": "admin", "gemeente": "Atlantis"}
    earlier = [{"event": "slot", "name": "rol", "value": "ouder"}]
    tracker = tracker_for("", "", slots={"session_started_metadata": page, "rol": "ouder", "gemeente_gevraagd": False})
    tracker.events = earlier
    _, events = run(ActionSessionStart(), tracker)
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots == {"rol": "ouder"}, "only slots that were set, and no unknown page values"


def test_session_start_without_page_metadata_sets_no_slots():
    from actions.session import ActionSessionStart

    _, events = run(ActionSessionStart(), tracker_for("", "", slots={"gemeente_overgeslagen": False}))
    assert [e["event"] for e in events] == ["session_started", "action"]


def not_understood(text: str, topic: str | None, ranked: list[str]) -> tuple[list[dict], list[dict]]:
    """action_niet_begrepen on a message the NLU gave nlu_fallback, the selector's ranking beside it."""
    from actions.knowledge import ActionNietBegrepen

    tracker = tracker_for(text, "nlu_fallback", slots={"onderwerp": topic})
    tracker.latest_message["response_selector"] = {
        "faq": {"ranking": [{"intent_response_key": f"faq/{key}"} for key in ranked]}}
    domain = {"responses": {f"utter_faq/{key}": [{"text": key}] for key in ("jbt", "jbt_wie", "ots_duur")}}
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionNietBegrepen().run(dispatcher, tracker, domain))
    return dispatcher.messages, events


def test_a_question_not_understood_inside_a_topic_is_answered_as_a_follow_up():
    messages, events = not_understood("wie zitten daar allemaal bij?", "jbt", ["ots_duur", "jbt_wie"])
    # Said again as a question (intent faq, the selector's own choice not counted), then answered.
    rewind, said_again, answer = events
    assert messages == [] and rewind["event"] == "rewind"
    assert said_again["event"] == "user" and said_again["parse_data"]["intent"]["name"] == "faq"
    assert said_again["parse_data"]["wegwijzer_niet_begrepen"] is True
    assert answer == {"event": "followup", "name": "action_beantwoord_vraag", "timestamp": None}


def test_a_question_not_understood_without_a_topic_that_names_one_and_an_aspect_is_answered():
    # "kan ik het akj ook mailen" (nlu_fallback): the AKJ and "mailen" (bereikbaar).
    from actions.knowledge import ActionNietBegrepen

    tracker = tracker_for("ik durf niet te bellen. kan ik het akj ook mailen", "nlu_fallback",
                          entities=[{"entity": "organisatie", "value": "akj", "confidence": None}])
    domain = {"responses": {"utter_faq/akj_bereikbaar": [{"text": "x"}]}}
    events = asyncio.run(ActionNietBegrepen().run(CollectingDispatcher(), tracker, domain))
    assert events[-1] == {"event": "followup", "name": "action_beantwoord_vraag", "timestamp": None}
    assert "confidence" not in events[1]["parse_data"]["entities"][0]  # Rasa's schema refuses None


@pytest.mark.parametrize("text, topic", [
    ("wie zitten daar allemaal bij?", None),  # no topic to follow up on
    ("qwerty zxcv", "jbt"),  # no question at all
])
def test_a_message_not_understood_gets_the_topics(text, topic):
    messages, events = not_understood(text, topic, ["ots_duur", "jbt_wie"])
    assert [m["response"] for m in messages] == ["utter_fallback_onderwerpen"] and events == []


def intake_or_question(text: str, intent: str, topic: str | None, events: list[dict] | None = None,
                       selected: str | None = None) -> list[dict]:
    """action_vraag_of_intake on a zoek_hulp / wijzig_antwoord message."""
    from actions.knowledge import ActionVraagOfIntake

    tracker = tracker_for(text, intent, slots={"onderwerp": topic})
    tracker.events = events or []
    if selected:
        tracker.latest_message["response_selector"] = {"faq": {
            "response": {"intent_response_key": f"faq/{selected}"},
            "ranking": [{"intent_response_key": f"faq/{selected}"}]}}
    domain = {"responses": {f"utter_faq/{key}": [{"text": key}]
                            for key in ("jbt", "jbt_wat_nu", "kader_wanneer_gedwongen", "vervolgvraag")}}
    return asyncio.run(ActionVraagOfIntake().run(CollectingDispatcher(), tracker, domain))


def test_a_short_help_message_inside_a_topic_is_answered_instead_of_starting_the_intake():
    # "wat kan ik doen?" after an answer about the jeugdbeschermingstafel: jbt_wat_nu, not "Wie ben jij?".
    events = intake_or_question("wat kan ik doen?", "zoek_hulp", "jbt", selected="vervolgvraag")
    assert events[-1] == {"event": "followup", "name": "action_beantwoord_vraag", "timestamp": None}
    assert events[1]["parse_data"]["intent"]["name"] == "faq"


def test_a_help_message_without_a_topic_starts_the_intake():
    assert intake_or_question("wat kan ik doen?", "zoek_hulp", None, selected="vervolgvraag") == []
    assert intake_or_question("ik weet niet waar ik moet beginnen", "zoek_hulp", None) == []


def test_a_question_with_toch_is_answered_unless_an_intake_ran():
    text = "waarom krijg ik een ots ik heb toch niks fout gedaan"
    assert intake_or_question(text, "wijzig_antwoord", None, selected="kader_wanneer_gedwongen")[-1]["name"] \
        == "action_beantwoord_vraag"
    intake = [{"event": "action", "name": "triage_form"}]
    assert intake_or_question(text, "wijzig_antwoord", None, intake, selected="kader_wanneer_gedwongen") == []
