"""The anonymous figures (wegwijzer.insight): counted right from real tracker and
desk databases, small counts suppressed, kept after retention deleted the
conversations, and never a trace of what a person typed. Fast tier: SQLite files,
the project's RedactingTrackerStore and the desk's models; no model, no servers."""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shlex
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from wegwijzer.insight.__main__ import main as insight
from wegwijzer.insight.collect import collect, today_utc
from wegwijzer.insight.figures import day_figures
from wegwijzer.insight.report import SUPPRESSED, as_text, build, share, suppress
from wegwijzer.insight.store import load_days, read_store

# Made-up personal data (the BSN passes the 11-proef).
FAKE = {"name": "Marieke", "surname": "Oosterbroek", "bsn": "111222333", "phone": "06-12345678",
        "email": "marieke.oosterbroek@voorbeeld.nl", "postcode": "3811 AB"}
NEEDLES = [*FAKE.values(), "12345678", "3811AB", "voorbeeld.nl"]


def at(day, hour: float) -> float:
    return datetime.combine(day, time(), tzinfo=timezone.utc).timestamp() + hour * 3600


def conversation(sender: str, start: float, turns: list, metadata: dict | None = None, slots: dict | None = None):
    """A tracker as Rasa writes it: each turn is (text, intent, replies, parse data);
    a reply 'utter_...' is a bot message with that response, any other an action."""
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    clock = iter(start + n for n in range(1000))
    events = [ActionExecuted("action_session_start", timestamp=next(clock)), SessionStarted(timestamp=next(clock))]
    events += [SlotSet(name, value, timestamp=next(clock)) for name, value in (slots or {}).items()]
    events.append(ActionExecuted("action_listen", timestamp=next(clock)))
    for text, intent, replies, parse_data in turns:
        events.append(UserUttered(text, {"name": intent, "confidence": 1.0}, parse_data=parse_data,
                                  metadata=metadata, timestamp=next(clock)))
        for reply in replies:
            events.append(BotUttered("...", metadata={"utter_action": reply}, timestamp=next(clock))
                          if reply.startswith("utter_") else ActionExecuted(reply, timestamp=next(clock)))
        events.append(ActionExecuted("action_listen", timestamp=next(clock)))
    return DialogueStateTracker.from_events(sender, events)


def save(url: str, trackers) -> None:
    from rasa.shared.core.domain import Domain

    from wegwijzer.privacy.tracker_store import RedactingTrackerStore

    store = RedactingTrackerStore(domain=Domain.empty(), url=url)
    for tracker in trackers:
        asyncio.run(store.save(tracker))


def question(answer: str) -> tuple:
    return ("hoe lang duurt een ots", "faq", ["action_beantwoord_vraag", f"utter_faq/{answer}"], None)


MISSED = ("blablabla", "nlu_fallback", ["action_niet_begrepen", "utter_fallback_onderwerpen"], None)
MISSED_AGAIN = ("nog steeds blabla", "nlu_fallback",
                ["action_handoff_aanbieden", "utter_handoff_niet_begrepen", "utter_handoff_niemand_vrij"], None)
CRISIS = ("hij slaat me nu", "noodsituatie", ["action_noodhulp", "utter_faq/ots"],
          {"crisis": {"level": "crisis", "kind": "geweld", "detectors": ["lexicon"], "rule": "r", "language": "nl"}})


def made_up_day(day) -> list:
    """Six parents from Utrecht asking how long an OTS lasts, three people asking what
    the AKJ is, one not understood twice, one crisis, one asked back, one in Amersfoort."""
    trackers = [conversation(f"ots-{n}", at(day, 9 + n / 10), [("hallo", "groet", ["utter_groet"], None),
                                                                  question("ots_duur")],
                             metadata={"gemeente": "Utrecht", "rol": "ouder"}) for n in range(6)]
    trackers += [conversation(f"akj-{n}", at(day, 11 + n / 10), [question("wat_is_akj")]) for n in range(3)]
    trackers.append(conversation("missed", at(day, 12), [MISSED, MISSED_AGAIN]))
    trackers.append(conversation("crisis", at(day, 13), [CRISIS]))
    trackers.append(conversation("asked-back", at(day, 14), [("en hoe lang?", "faq", ["action_beantwoord_vraag",
                                                                                       "utter_faq/vervolgvraag"], None)],
                                 slots={"gemeente": "Amersfoort", "rol": "jongere"}))
    # Before and after the day: not counted.
    trackers.append(conversation("yesterday", at(day, -1), [question("ots_duur")]))
    trackers.append(conversation("tomorrow", at(day, 24.5), [question("ots_duur")]))
    return trackers


def desk_with_handoffs(url: str, day) -> None:
    from wegwijzer.handoff.db import session_factory
    from wegwijzer.handoff.models import CLOSED, EXPIRED, WAITING, Handoff

    noon = datetime.combine(day, time(12))
    with session_factory(url)() as session:
        session.add_all([Handoff(conversation_id="a", status=CLOSED, created_at=noon, taken_at=noon),
                         Handoff(conversation_id="b", status=EXPIRED, created_at=noon, close_reason="te_lang"),
                         Handoff(conversation_id="c", status=WAITING, created_at=noon - timedelta(days=1))])
        session.commit()


@pytest.fixture
def databases(tmp_path, monkeypatch):
    """A tracker database with the made-up day (two days ago) and a desk database;
    the environment points the commands at them."""
    from wegwijzer.insight import database

    tracker, desk = f"sqlite:///{tmp_path / 'tracker.db'}", f"sqlite:///{tmp_path / 'handoff.db'}"
    day = today_utc() - timedelta(days=2)
    save(tracker, made_up_day(day))
    desk_with_handoffs(desk, day)
    monkeypatch.setenv("TRACKER_STORE_URL", tracker)
    monkeypatch.setenv("HANDOFF_DATABASE_URL", desk)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    return argparse.Namespace(tracker=tracker, desk=desk, day=day,
                              engines=(database.engine(tracker), database.engine(desk)))


def test_the_figures_of_a_made_up_day_are_right(databases):
    figures = day_figures(*databases.engines, databases.day)
    assert figures["conversations"] == 12
    assert figures["user_messages"] == 6 * 2 + 3 + 2 + 1 + 1
    assert figures["answers"] == {"ots_duur": 6, "wat_is_akj": 3, "ots": 1}, "the question asked back is no answer"
    assert figures["topics"] == {"ots": 7, "akj": 3}
    assert figures["intents"] == {"groet": 6, "faq": 10, "nlu_fallback": 2, "noodsituatie": 1}
    assert (figures["not_understood"], figures["nlu_fallback"]) == (2, 2)
    assert figures["clarifying"] == 1 and figures["clarifying_by_question"] == {"utter_faq/vervolgvraag": 1}
    # One offer after two misses, nobody free; at the desk one taken, one waited too long.
    assert figures["handoffs"] == {"offered": 1, "requested": 0, "taken": 1, "fallen_back": 2}
    # The crisis verdict and action_noodhulp are one showing of the routes.
    assert figures["crisis"] == {"routes_shown": 1, "signals": 0, "kinds": {"geweld": 1}}
    assert figures["gemeenten"] == {"Utrecht": 6, "Amersfoort": 1}
    assert figures["roles"] == {"ouder": 6, "jongere": 1}
    assert figures["feedback"] == {}, "no answer was rated in this conversation"


def test_without_a_desk_database_the_handoffs_taken_are_unknown(databases, tmp_path):
    figures = day_figures(databases.engines[0], None, databases.day)
    assert figures["handoffs"]["taken"] is None and figures["handoffs"]["fallen_back"] == 1
    assert not (tmp_path / "nothing.db").exists()


def test_counts_below_five_are_suppressed_in_every_cell(databases):
    assert [suppress(n) for n in (0, 1, 4, 5, 12, None)] == [SUPPRESSED] * 3 + [5, 12, None]
    assert share(4, 10) is None and share(5, 20) == 25.0
    collect()
    report = build(databases.tracker, databases.desk, 7, today_utc())
    day = next(d for d in report.as_json()["days"] if d["day"] == databases.day.isoformat())
    assert day["answers"] == {"ots_duur": 6, "wat_is_akj": "<5", "ots": "<5"}, "3 conversations on a topic: <5"
    assert day["conversations"] == 12 and day["not_understood"] == "<5" and day["not_understood_share"] is None
    assert day["crisis"] == {"routes_shown": "<5", "signals": "<5", "kinds": {"geweld": "<5"}}
    assert day["gemeenten"] == {"Utrecht": 6, "Amersfoort": "<5"}
    text = as_text(report)
    assert "wat_is_akj" in text and "ots_duur" in text
    assert all(line.split()[-1] == SUPPRESSED for line in text.splitlines() if "wat_is_akj" in line)


def test_the_figures_outlive_the_retention_of_the_conversations(databases, tmp_path):
    from wegwijzer.privacy.retention import purge_expired

    first = collect()
    assert databases.day in first.days and today_utc() not in first.days, "finished days only"
    kept = load_days(read_store(databases.tracker), databases.day, databases.day)[databases.day]
    assert collect().days == (), "idempotent: a kept day is not counted again"

    # days=0: every conversation before now goes. (With days=1 the one just after the made-up
    # day, yesterday at 00:30, stayed when the test ran between midnight and 00:30 UTC.)
    report = purge_expired(days=0, db_url=databases.tracker, data_dir=tmp_path, include_desk=False)
    assert report.conversations_deleted == 14
    assert day_figures(databases.engines[0], None, databases.day)["conversations"] == 0, "the conversations are gone"
    assert load_days(read_store(databases.tracker), databases.day, databases.day)[databases.day] == kept
    days = build(databases.tracker, databases.desk, 7, today_utc()).as_json()["days"]
    assert next(d for d in days if d["day"] == databases.day.isoformat())["answers"]["ots_duur"] == 6


def test_the_retention_job_collects_first(databases, monkeypatch):
    """The launcher's retention process: its `--first` command keeps the figures."""
    from wegwijzer.launcher import commands
    from wegwijzer.privacy.retention import run_first

    args = argparse.Namespace(web_port=1, action_port=2, rasa_port=3, handoff_port=0, model="m",
                              public_host="127.0.0.1", data_dir=None)
    command = commands(args)["retention"]
    assert command[2:4] == ["wegwijzer.privacy", "schedule"]
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parents[1]))
    run_first(shlex.split(command[command.index("--first") + 1]))
    assert databases.day in load_days(read_store(databases.tracker), databases.day, databases.day)


def personal_conversation(sender: str, start: float):
    """Personal data typed, in the website's metadata, in slots, and where a client of
    Rasa's HTTP API could put it: an intent and a response name."""
    typed = (f"Ik ben {FAKE['name']} {FAKE['surname']}, bsn {FAKE['bsn']}, bel {FAKE['phone']}, "
             f"mail {FAKE['email']}, postcode {FAKE['postcode']}")
    metadata = {"gemeente": f"{FAKE['postcode']} {FAKE['surname']}", "rol": FAKE["email"],
                "name": f"{FAKE['name']} {FAKE['surname']}", "bsn": FAKE["bsn"], "telefoon": FAKE["phone"]}
    return conversation(sender, start, [
        (typed, "faq", ["action_beantwoord_vraag", "utter_faq/ots_duur"], None),
        (typed, f"bsn_{FAKE['bsn']}", [f"utter_faq/{FAKE['email']}", f"utter_{FAKE['name']}"], None),
    ], metadata=metadata, slots={"gemeente": FAKE["surname"], "rol": FAKE["phone"]})


def test_no_personal_data_in_the_report(databases, capsys):
    """Issue 18's acceptance: neither `report --json` nor the text report holds any of it."""
    today = max(datetime.now(timezone.utc).timestamp() - 60, at(today_utc(), 0))  # today, also just after midnight
    save(databases.tracker, [personal_conversation("kept", at(databases.day, 15)), personal_conversation("live", today)])
    assert insight(["collect"]) == 0
    outputs = []
    for args in (["report", "--json"], ["report"], ["report", "--days", "30", "--json"]):
        capsys.readouterr()
        assert insight(args) == 0
        outputs.append(capsys.readouterr().out)
    data = json.loads(outputs[0])
    assert data["days"][-1]["live"] and data["days"][-1]["answers"] == {"ots_duur": "<5"}, "today, live"
    assert data["total"]["intents"]["overig"] == "<5", "an unknown intent is counted, not named"
    assert "ots_duur" in outputs[1] and "Utrecht" in outputs[1]
    for output in outputs:
        lowered = output.lower()
        found = [needle for needle in NEEDLES if needle.lower() in lowered or needle.replace("-", "") in lowered]
        assert not found, found


def test_no_data_and_no_database(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    monkeypatch.setenv("HANDOFF_DATABASE_URL", f"sqlite:///{tmp_path / 'handoff.db'}")
    assert insight(["report"]) == 0
    assert "Nog geen gesprekken" in capsys.readouterr().out
    assert insight(["report", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["message"].startswith("Nog geen gesprekken")
    assert insight(["collect"]) == 0
    assert not os.listdir(tmp_path), "reading creates no database"

    monkeypatch.setenv("TRACKER_STORE_URL", "postgresql://insight:geheim@127.0.0.1:1/nergens")
    assert insight(["report"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("Fout: database niet bereikbaar") and "Traceback" not in error and "geheim" not in error
