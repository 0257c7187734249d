"""The widget's "Was dit antwoord nuttig? ja / nee" (wegwijzer.feedback, .feedback_channel):
the answer's name reaches the widget on the answer's last part, a verdict is kept as a
SlotSet of `antwoord_feedback` in the exact format the review inbox reads, bad input is
ignored, and the insight figures count the latest verdict per rated answer. Fast tier:
a real SQLite tracker store (the project's RedactingTrackerStore), Rasa's lock store,
the channel's real output class; no model, no servers. The whole path through the
widget is tests/browser/test_widget_feedback.py."""
from __future__ import annotations

import asyncio
import json
import logging
import time
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker
from rasa.core.channels.socketio import SocketIOInput
from rasa.core.lock_store import InMemoryLockStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from conftest import ROOT
from wegwijzer import feedback
from wegwijzer.feedback_channel import AnswerOutput, FeedbackReceiver
from wegwijzer.insight.figures import day_figures, feedback_per_answer
from wegwijzer.insight.names import project_names
from wegwijzer.insight.report import Report, as_text
from wegwijzer.privacy.retention import forget_tracker, purge_tracker
from wegwijzer.privacy.tracker_store import RedactingTrackerStore
from wegwijzer.yaml_files import read_yaml

DURATION, AKJ = "utter_faq/ots_duur", "utter_faq/wat_is_akj"


def project_domain() -> Domain:
    """The slot as domain/knowledge.yml declares it, and a few of the domain's responses
    (loading all of domain/ takes seconds)."""
    slot = read_yaml(ROOT / "domain" / "knowledge.yml")["slots"][feedback.SLOT]
    responses = {name: [{"text": "..."}] for name in (DURATION, AKJ, "utter_groet", feedback.NOT_AN_ANSWER)}
    return Domain.from_dict({"slots": {feedback.SLOT: slot}, "responses": responses})


class Agent:
    """What the channel uses of Rasa's agent: its domain, lock store and tracker store."""

    def __init__(self, url: str) -> None:
        self.domain = project_domain()
        self.lock_store = InMemoryLockStore()
        self.tracker_store = RedactingTrackerStore(domain=self.domain, url=url)


def bot(response: str, at: float) -> BotUttered:
    return BotUttered("Een antwoord.", metadata={"utter_action": response}, timestamp=at)


@pytest.fixture
def store(tmp_path):
    """A conversation that got the OTS answer twice (the second time latest) and the AKJ
    answer, in a real SQLite tracker store; returns (agent, conversation id, engine, times)."""
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    agent = Agent(url)
    start = time.time() - 30
    events = [ActionExecuted("action_session_start", timestamp=start), SessionStarted(timestamp=start + 1),
              ActionExecuted("action_listen", timestamp=start + 2),
              UserUttered("hoe lang duurt een ots", timestamp=start + 3), bot(DURATION, start + 4),
              bot("utter_groet", start + 5), UserUttered("en nog eens", timestamp=start + 6), bot(DURATION, start + 7),
              UserUttered("wat doet het akj", timestamp=start + 8), bot(AKJ, start + 9),
              ActionExecuted("action_listen", timestamp=start + 10)]
    asyncio.run(agent.tracker_store.save(DialogueStateTracker.from_events("gesprek-1", events)))
    return agent, "gesprek-1", sa.create_engine(url), {"first": start + 4, "latest": start + 7, "akj": start + 9}


def stored_feedback(engine, sender: str = "gesprek-1") -> list[dict]:
    """The feedback events as the tracker store holds them (what the review inbox reads)."""
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT type_name, action_name, timestamp, data FROM events "
                                          "WHERE sender_id = :s ORDER BY id"), {"s": sender}).all()
    return [{**json.loads(data), "row": (type_name, action_name, timestamp)}
            for type_name, action_name, timestamp, data in rows if action_name == feedback.SLOT]


def give(agent, conversation: str | None, data, receiver: FeedbackReceiver | None = None) -> bool:
    return asyncio.run((receiver or FeedbackReceiver()).receive(agent, conversation, data))


# ---- the answer's name reaches the widget ------------------------------------------------------


class Recorder:
    """A socket.io server stand-in that keeps what would be emitted (as tests/test_pushes.py)."""

    def __init__(self) -> None:
        self.emitted: list[dict] = []

    async def emit(self, _event, data, room=None, **_kwargs) -> None:
        self.emitted.append(data)


def sent(*messages: dict) -> list[dict]:
    server = Recorder()
    output = AnswerOutput(server, SocketIOInput().bot_message_evt)
    for message in messages:
        asyncio.run(output.send_response("gesprek-1", dict(message)))
    return server.emitted


def test_the_last_part_of_an_answer_carries_its_name_and_nothing_else_does():
    answer = {"text": "Een OTS duurt een jaar.\n\nDe rechter kan hem verlengen.", "utter_action": DURATION,
              "buttons": [{"title": "Wat is een OTS?", "payload": "/faq"}], "timestamp": 1.0}
    parts = sent(answer, {"text": "Hallo! Ik ben Wegwijzer.", "utter_action": "utter_groet"},
                 {"text": "Bel 112."}, {"text": "Over welk onderwerp?", "utter_action": feedback.NOT_AN_ANSWER},
                 {"text": "Kort antwoord.", "utter_action": AKJ})
    assert [part.get(feedback.ANSWER_KEY) for part in parts] == [None, DURATION, None, None, None, AKJ]
    assert parts[1]["text"] == "De rechter kan hem verlengen." and parts[1]["quick_replies"][0]["title"] == "Wat is een OTS?"
    assert parts[0] == {"text": "Een OTS duurt een jaar.", "quick_replies": []}, "Rasa's own parts otherwise"


def test_every_answer_of_the_domain_is_a_name_the_widget_can_rate():
    answers = project_names().answers - {"vervolgvraag"}
    assert len(answers) > 100
    assert [key for key in answers if feedback.answer_name(feedback.ANSWER_PREFIX + key) is None] == []


# ---- a verdict is kept with the answer -----------------------------------------------------------


def test_a_verdict_is_kept_as_the_slot_event_in_the_interface_format(store):
    agent, conversation, engine, times = store
    assert give(agent, conversation, {"antwoord": DURATION, "nuttig": "nee"})
    [event] = stored_feedback(engine)
    assert event["event"] == "slot" and event["name"] == "antwoord_feedback"
    # The latest bot event of that answer is the one rated; the value passed redaction intact.
    assert event["value"] == {"antwoord": "utter_faq/ots_duur", "nuttig": "nee", "bij": times["latest"]}
    assert list(event["value"]) == ["antwoord", "nuttig", "bij"]
    assert event["row"][:2] == ("slot", "antwoord_feedback") and event["row"][2] >= times["akj"]
    tracker = asyncio.run(agent.tracker_store.retrieve(conversation))
    assert tracker.get_slot(feedback.SLOT) == event["value"] and tracker.latest_action_name == "action_listen"


def test_a_second_verdict_on_the_same_answer_replaces_the_first_in_the_figures(store):
    agent, conversation, engine, times = store
    receiver = FeedbackReceiver()
    assert give(agent, conversation, {"antwoord": DURATION, "nuttig": "ja"}, receiver)
    assert give(agent, conversation, {"antwoord": DURATION, "nuttig": "nee"}, receiver)
    assert give(agent, conversation, {"antwoord": AKJ, "nuttig": "ja"}, receiver)
    events = stored_feedback(engine)
    assert [(e["value"]["nuttig"], e["value"]["bij"]) for e in events] == [
        ("ja", times["latest"]), ("nee", times["latest"]), ("ja", times["akj"])]
    day = datetime.fromtimestamp(events[-1]["row"][2], timezone.utc).date()
    assert day_figures(engine, None, day)["feedback"] == {"ots_duur": {"ja": 0, "nee": 1}, "wat_is_akj": {"ja": 1, "nee": 0}}


BAD = [None, "nee", ["utter_faq/ots_duur", "nee"], {}, {"antwoord": DURATION}, {"nuttig": "ja"},
       {"antwoord": DURATION, "nuttig": "misschien"}, {"antwoord": DURATION, "nuttig": "Ja"},
       {"antwoord": DURATION, "nuttig": True}, {"antwoord": "utter_groet", "nuttig": "ja"},
       {"antwoord": feedback.NOT_AN_ANSWER, "nuttig": "ja"}, {"antwoord": "utter_faq/bestaat_niet", "nuttig": "ja"},
       {"antwoord": "utter_faq/<script>", "nuttig": "ja"}, {"antwoord": "utter_faq/" + "a" * 500, "nuttig": "ja"},
       {"antwoord": 42, "nuttig": "nee"}]


def test_bad_events_and_answers_this_conversation_did_not_get_are_ignored_with_a_debug_line(store, caplog):
    agent, conversation, engine, _ = store
    caplog.set_level(logging.DEBUG, logger="wegwijzer.feedback_channel")
    for data in BAD:
        assert give(agent, conversation, data) is False, data
    good = {"antwoord": DURATION, "nuttig": "ja"}
    other = {"antwoord": "utter_faq/wat_is_akj", "nuttig": "ja"}
    assert give(agent, "gesprek-2", good) is False, "a conversation without that answer (here: none at all)"
    assert give(agent, None, good) is False and give(None, conversation, good) is False
    asyncio.run(agent.tracker_store.save(DialogueStateTracker.from_events("gesprek-3", [bot(DURATION, time.time())])))
    assert give(agent, "gesprek-3", other) is False, "an answer of the domain this conversation did not get"
    assert stored_feedback(engine) == [] and stored_feedback(engine, "gesprek-3") == []
    records = [r for r in caplog.records if r.name == "wegwijzer.feedback_channel"]
    assert len(records) == len(BAD) + 4 and {r.levelno for r in records} == {logging.DEBUG}
    assert not any("<script>" in r.getMessage() or "misschien" in r.getMessage() for r in records), "no input logged"


def test_too_many_events_per_second_are_ignored(store):
    agent, conversation, engine, _ = store
    receiver = FeedbackReceiver(per_second=2, per_minute=20)
    results = [give(agent, conversation, {"antwoord": DURATION, "nuttig": "ja"}, receiver) for _ in range(4)]
    assert results[:2] == [True, True] and results[2:] == [False, False]
    assert len(stored_feedback(engine)) == 2


def test_a_broken_tracker_store_loses_the_verdict_not_the_socket(store, caplog):
    agent, conversation, _, _ = store
    # A database that cannot be opened, and no waiting for it to come back.
    agent.tracker_store.sessionmaker = sessionmaker(bind=sa.create_engine("sqlite:////nonexistent/dir/tracker.db"))
    agent.tracker_store.retry_seconds = 0
    assert give(agent, conversation, {"antwoord": DURATION, "nuttig": "ja"}) is False
    assert any("could not be stored (OperationalError)" in r.getMessage() for r in caplog.records)


# ---- deleted with the conversation; the dialogue ignores it --------------------------------------


def test_make_forget_and_retention_delete_the_verdicts_with_the_conversation(store):
    agent, conversation, engine, _ = store
    assert give(agent, conversation, {"antwoord": DURATION, "nuttig": "nee"})
    assert forget_tracker(engine, conversation) > 0
    assert stored_feedback(engine) == []

    asyncio.run(agent.tracker_store.save(DialogueStateTracker.from_events("gesprek-4", [bot(AKJ, time.time() - 5)])))
    assert give(agent, "gesprek-4", {"antwoord": AKJ, "nuttig": "ja"})
    purge_tracker(engine, cutoff=time.time() + 60)  # every conversation is past the retention period
    assert stored_feedback(engine, "gesprek-4") == []


def test_the_slot_is_declared_for_the_channel_only_and_no_dialogue_reacts_to_it():
    declared = read_yaml(ROOT / "domain" / "knowledge.yml")["slots"][feedback.SLOT]
    assert declared == {"type": "any", "influence_conversation": False, "mappings": [{"type": "custom"}]}
    mentions = [path for folder in ("data", "domain") for path in (ROOT / folder).rglob("*.yml")
                if feedback.SLOT in path.read_text(encoding="utf-8")]
    assert mentions == [ROOT / "domain" / "knowledge.yml"]


# ---- the insight figures -----------------------------------------------------------------------------


def verdict_event(value, at: float) -> SlotSet:
    return SlotSet(feedback.SLOT, value, timestamp=at)


def test_figures_count_the_latest_verdict_per_rated_answer_and_only_the_domains_answers(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    agent = Agent(url)
    now = time.time()
    first, second = now - 100, now - 90
    events = [bot(DURATION, first), bot(DURATION, second), ActionExecuted("action_listen", timestamp=now - 80),
              verdict_event({"antwoord": DURATION, "nuttig": "ja", "bij": first}, now - 70),
              verdict_event({"antwoord": DURATION, "nuttig": "nee", "bij": second}, now - 60),
              verdict_event({"antwoord": DURATION, "nuttig": "ja", "bij": second}, now - 50),  # changed its mind
              # Anything a client of Rasa's HTTP API could write: not counted.
              verdict_event({"antwoord": "utter_faq/marieke.oosterbroek@voorbeeld.nl", "nuttig": "ja", "bij": 1.0}, now - 40),
              verdict_event({"antwoord": "utter_faq/bestaat_niet", "nuttig": "nee", "bij": 2.0}, now - 39),
              verdict_event({"antwoord": DURATION, "nuttig": "jazeker", "bij": 3.0}, now - 38),
              verdict_event({"antwoord": DURATION, "nuttig": "nee", "bij": "gisteren"}, now - 37),
              verdict_event("nee", now - 36),
              # A new session: action_session_start carries the slot over. A copy, not a verdict.
              ActionExecuted("action_session_start", timestamp=now - 30), SessionStarted(timestamp=now - 29),
              verdict_event({"antwoord": DURATION, "nuttig": "ja", "bij": first}, now - 28),
              ActionExecuted("action_listen", timestamp=now - 27)]
    asyncio.run(agent.tracker_store.save(DialogueStateTracker.from_events("gesprek-5", events, agent.domain.slots)))
    other = [bot(AKJ, now - 20), verdict_event({"antwoord": AKJ, "nuttig": "nee", "bij": now - 20}, now - 10)]
    asyncio.run(agent.tracker_store.save(DialogueStateTracker.from_events("gesprek-6", other, agent.domain.slots)))

    day = datetime.fromtimestamp(now - 10, timezone.utc).date()
    if datetime.fromtimestamp(now - 100, timezone.utc).date() != day:
        pytest.skip("the events straddle midnight UTC")
    figures = day_figures(sa.create_engine(url), None, day)
    assert figures["feedback"] == {"ots_duur": {"ja": 2, "nee": 0}, "wat_is_akj": {"ja": 0, "nee": 1}}
    assert feedback_per_answer([(DURATION, "nee"), ("utter_groet", "ja"), (feedback.NOT_AN_ANSWER, "ja")],
                               project_names()) == {"ots_duur": {"ja": 0, "nee": 1}}


def test_the_text_report_shows_the_feedback_per_answer_suppressed():
    figures = {"conversations": 9, "feedback": {"ots_duur": {"ja": 7, "nee": 2}}}
    today = datetime.now(timezone.utc).date()
    text = as_text(Report([(today, figures)], today))
    assert "Was dit antwoord nuttig?" in text
    assert [line.split() for line in text.splitlines() if "ots_duur" in line] == [["ots_duur", "ja", "7,", "nee", "<5"]]
