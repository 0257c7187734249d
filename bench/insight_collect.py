"""How long the daily aggregation of the anonymous figures takes on a busy day:
`collect` (wegwijzer.insight) of one day with 10,000 conversations, in a
temporary SQLite tracker database. Timed only, never judged here.

The conversations are stored as the assistant stores them: the table made by
the project's tracker store (RedactingTrackerStore), and each event's row as
its save writes it (redacted data, intent and action columns). Each has 2 to 6
messages of the person, with Rasa's parse data (intent ranking, response
selector), answers with `utter_action`, slots from the website and the intake,
and now and then a miss, a question asked back, a handoff or a crisis verdict.
Five hundred conversations are made with Rasa's event classes and copied, with
their own ids and times, to 10,000: making each one anew would only make the
benchmark slow, not the aggregation.

    python -m bench.insight_collect [--conversations 10000] [--runs 3]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import tempfile
import time
from datetime import date, datetime, time as clock_time, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator

import sqlalchemy as sa

from bench.models import ROOT
from wegwijzer.insight.collect import collect
from wegwijzer.insight.names import project_names
from wegwijzer.insight.store import DAYS, load_days, open_store
from wegwijzer.intake.vocabulary import ROLES

CONVERSATIONS = 10_000
VARIANTS = 500  # distinct conversations made with Rasa's events, then copied
RUNS = 3
DAY = date(2026, 3, 2)  # a Monday; any finished day will do
CHUNK = 20_000  # rows per INSERT batch

QUESTIONS = ["hoe lang duurt een ots", "Wat doet de gezinsvoogd eigenlijk?", "mag ik mijn kind zien na uithuisplaatsing",
             "Ik ben Jan en mijn dochter is uit huis geplaatst, wat nu?", "wat is het akj", "kan ik bezwaar maken",
             "hoe werkt de raad voor de kinderbescherming", "wie betaalt de advocaat", "wanneer is de zitting"]
MISSES = ["blabla", "ik snap het niet", "???"]
CRISIS = ["hij slaat me nu", "ik wil niet meer leven"]


def municipalities() -> list[str]:
    with (ROOT / "directory" / "municipalities.csv").open(encoding="utf-8") as rows:
        return [row["name"] for row in csv.DictReader(rows)]


def _parse_data(rng: random.Random, text: str, intent: str, answer: str | None, crisis: dict | None) -> dict:
    """What Rasa's NLU and the crisis net put in a user event (its size is what a day's reading parses)."""
    ranking = [{"name": intent, "confidence": 0.9}] + [{"name": f"intent_{n}", "confidence": 0.01} for n in range(9)]
    data: dict[str, Any] = {"intent": ranking[0], "entities": [], "text": text, "message_id": f"{rng.getrandbits(128):032x}",
                            "metadata": {}, "intent_ranking": ranking}
    if answer:
        chosen = {"id": rng.getrandbits(62), "responses": [{"text": "..."}], "response_templates": [{"text": "..."}],
                  "confidence": 0.8, "intent_response_key": f"faq/{answer}", "utter_action": f"utter_faq/{answer}",
                  "template_name": f"utter_faq/{answer}"}
        data["response_selector"] = {"all_retrieval_intents": ["faq"], "faq": {
            "response": chosen, "ranking": [{"id": rng.getrandbits(62), "confidence": 0.02,
                                              "intent_response_key": f"faq/other_{n}"} for n in range(10)]}}
    if crisis:
        data["crisis"] = crisis
    return data


def _conversation(rng: random.Random, answers: list[str], places: list[str]) -> list:
    """One conversation's events, times from 0 (seconds into the conversation)."""
    # Rasa (and TensorFlow under it) only when measuring: `python -m bench --help` stays quick.
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered

    moments = iter(range(0, 10_000, 2))
    events = [ActionExecuted("action_session_start", timestamp=next(moments)),
              SessionStarted(timestamp=next(moments)), ActionExecuted("action_listen", timestamp=next(moments))]
    site = {"gemeente": rng.choice(places), "rol": rng.choice(ROLES)} if rng.random() < 0.5 else None

    def reply(*names: str) -> None:
        for name in names:
            events.append(BotUttered("...", {"buttons": [{"title": "Meer", "payload": "/meer"}]},
                                     metadata={"utter_action": name}, timestamp=next(moments))
                          if name.startswith("utter_") else
                          ActionExecuted(name, policy="RulePolicy", confidence=1.0, timestamp=next(moments)))

    for turn in range(rng.randint(2, 6)):
        kind = rng.choices(("answer", "missed", "asked_back", "handoff", "crisis"), (80, 8, 6, 4, 2))[0]
        answer = rng.choice(answers) if kind == "answer" else None
        crisis = {"level": "crisis", "kind": "geweld", "detectors": ["lexicon"], "rule": "r", "language": "nl"} \
            if kind == "crisis" else None
        text = rng.choice(CRISIS if crisis else MISSES if kind == "missed" else QUESTIONS)
        intent = {"missed": "nlu_fallback", "crisis": "noodsituatie", "handoff": "mens_spreken"}.get(kind, "faq")
        events.append(UserUttered(text, parse_data=_parse_data(rng, text, intent, answer, crisis),
                                  input_channel="socketio", metadata=site, timestamp=next(moments)))
        if kind == "answer":
            reply("action_beantwoord_vraag", f"utter_faq/{answer}")
            events.append(SlotSet("onderwerp", answer.split("_")[0], timestamp=next(moments)))
        elif kind == "missed":
            reply("action_niet_begrepen", "utter_fallback_onderwerpen")
        elif kind == "asked_back":
            reply("action_beantwoord_vraag", "utter_faq/vervolgvraag")
        elif kind == "handoff":
            reply("action_handoff_aanbieden", "utter_handoff_in_wachtrij")
        else:  # the emergency routes come from the directory, not from a response
            reply("action_noodhulp")
            events.append(BotUttered("...", timestamp=next(moments)))
        if turn == 0 and site is None and rng.random() < 0.5:  # the intake asked
            events.append(SlotSet("rol", rng.choice(ROLES), timestamp=next(moments)))
            events.append(SlotSet("gemeente", rng.choice(places), timestamp=next(moments)))
        events.append(ActionExecuted("action_listen", timestamp=next(moments)))
    return events


def _stored_rows(store, events: list) -> list[tuple[str, dict, str | None, str | None]]:
    """(type, data, intent, action) as ConfiguredTrackerStore._store_new_events writes them."""
    rows = []
    for event in events:
        data = store.event_data(event)
        rows.append((event.type_name, data, (data.get("parse_data") or {}).get("intent", {}).get("name"),
                     data.get("name")))
    return rows


def _rows(variants: list, conversations: int, day: date, rng: random.Random) -> Iterator[dict]:
    """Every conversation a copy of a variant with its own id, started somewhere in the day."""
    start_of_day = datetime.combine(day, clock_time(), tzinfo=timezone.utc).timestamp()
    for n in range(conversations):
        sender, start = f"{rng.getrandbits(128):032x}", start_of_day + rng.uniform(0, 86_400 - 600)
        for type_name, data, intent, action in variants[n % len(variants)]:
            moment = start + data["timestamp"]
            yield {"sender_id": sender, "type_name": type_name, "timestamp": moment, "intent_name": intent,
                   "action_name": action, "data": json.dumps({**data, "timestamp": moment})}


def fill(url: str, conversations: int, day: date) -> int:
    """The tracker database at `url` with `conversations` on `day`; returns the number of events."""
    from rasa.shared.core.domain import Domain

    from wegwijzer.privacy.tracker_store import RedactingTrackerStore  # imports Rasa

    rng = random.Random(18)
    store = RedactingTrackerStore(domain=Domain.empty(), url=url)
    answers = sorted(project_names().answers - {"vervolgvraag"})
    places = municipalities()
    variants = [_stored_rows(store, _conversation(rng, answers, places)) for _ in range(VARIANTS)]
    table = store.SQLEvent.__table__
    count, batch = 0, []
    with store.engine.begin() as connection:
        for row in _rows(variants, conversations, day, rng):
            batch.append(row)
            if len(batch) == CHUNK:
                connection.execute(sa.insert(table), batch)
                count, batch = count + len(batch), []
        if batch:
            connection.execute(sa.insert(table), batch)
            count += len(batch)
    store.engine.dispose()
    return count


def measure(conversations: int = CONVERSATIONS, runs: int = RUNS) -> dict:
    with tempfile.TemporaryDirectory(prefix="wegwijzer-bench-insight-") as workdir:
        tracker, desk = f"sqlite:///{Path(workdir) / 'tracker.db'}", f"sqlite:///{Path(workdir) / 'handoff.db'}"
        started = time.perf_counter()
        events = fill(tracker, conversations, DAY)
        filled = time.perf_counter() - started
        store = open_store(tracker)  # the table exists from the first collect on: not part of a day's run
        timings = []
        for _ in range(runs):
            with store.begin() as connection:  # count the day again
                connection.execute(sa.delete(DAYS))
            started = time.perf_counter()
            kept = collect(tracker, desk, today=DAY + timedelta(days=1), retention_days=30)
            timings.append(time.perf_counter() - started)
            if kept.days != (DAY,):
                raise RuntimeError(f"collect kept {kept.days}, not {DAY}")
        figures = load_days(store, DAY, DAY)[DAY]
        if figures["conversations"] != conversations:
            raise RuntimeError(f"{figures['conversations']} conversations counted, not {conversations}")
        size = (Path(workdir) / "tracker.db").stat().st_size
        store.dispose()
    return {"conversations": conversations, "events": events, "database_mib": size / 2 ** 20, "runs": runs,
            "median_s": statistics.median(timings), "min_s": min(timings), "max_s": max(timings),
            "user_messages": figures["user_messages"], "fill_s": filled}


def report_lines(figures: dict) -> list[str]:
    return ["", f"Insight: `collect` of one day (wegwijzer.insight; SQLite, no desk database) with "
                f"{figures['conversations']:,} conversations ({figures['user_messages']:,} messages of people, "
                f"{figures['events']:,} events, {figures['database_mib']:.0f} MiB): median {figures['median_s']:.1f} s "
                f"over {figures['runs']} runs (min {figures['min_s']:.1f} s, max {figures['max_s']:.1f} s); "
                f"{figures['events'] / figures['median_s']:,.0f} events/s (bench/insight_collect.py)."]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=CONVERSATIONS)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    figures = measure(args.conversations, args.runs)
    load = os.getloadavg()
    print(f"(database filled in {figures['fill_s']:.0f} s; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
          f"on {os.cpu_count()} cores: the figure is only as quiet as the machine)")
    print("\n".join(report_lines(figures)).strip())
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
