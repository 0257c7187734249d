"""Faults in the running production profile (nginx, two Rasa instances,
PostgreSQL, Redis, the desk): while conversations go on, Redis stops for 30
seconds, PostgreSQL restarts, PostgreSQL stays down for 30 seconds, one Rasa
instance is killed, and the desk stops during a handoff.

Each conversation is a person who sends a short script through nginx, one
message after another, and sends a message again when it got no real answer
(an error page, no connection, or the channel's "Er ging bij mij iets mis").
Afterwards, per conversation: messages sent == real replies received ==
user events stored in PostgreSQL (no message lost, none stored twice). What
the person got while something was down is counted and printed.

The killed Rasa instance is started again at the end of its test (the other
tests of the session share the profile).
"""
from __future__ import annotations

import asyncio
import dataclasses
import os
import re
import signal
import subprocess
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest

from test_production_socket import Person
from wegwijzer.channels import FAILED
from wegwijzer.handoff.config import load_config
from wegwijzer.handoff.rasa_api import RASA_ERRORS, RasaApi

from production_profile import Profile  # the `production` fixture: a plugin loaded by conftest.py

pytestmark = pytest.mark.slow

SCRIPT = ["hallo", "Ik ben ouder", "Wat doet Veilig Thuis?", "Wat is het nummer van de Kindertelefoon?",
          "Wat doet het AKJ?", "dankjewel", "doei"]
CONVERSATIONS = 8
GIVE_UP_SECONDS = 150  # per message: a person would long have given up; the test must end


@dataclass
class Talker:
    sender: str
    sent: int = 0  # distinct messages
    answered: int = 0  # real replies
    tries: int = 0
    trouble: Counter = field(default_factory=Counter)  # what the person got instead of an answer


async def talk(session: aiohttp.ClientSession, profile: Profile, talker: Talker, pause: float) -> None:
    for text in SCRIPT:
        talker.sent += 1
        deadline = time.monotonic() + GIVE_UP_SECONDS
        while True:
            talker.tries += 1
            try:
                async with session.post(f"{profile.url}/webhooks/rest/webhook",
                                        json={"sender": talker.sender, "message": text}, headers=profile.rest_headers,
                                        timeout=aiohttp.ClientTimeout(total=90)) as response:
                    replies = await response.json(content_type=None) if response.status == 200 else None
                    status = response.status
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as problem:
                replies, status = None, type(problem).__name__
            if replies and not any(m.get("text") == FAILED for m in replies):
                talker.answered += 1
                break
            talker.trouble["channel: " + FAILED if replies else f"HTTP {status}"] += 1
            assert time.monotonic() < deadline, f"{talker.sender}: no answer to {text!r} for {GIVE_UP_SECONDS} s"
            await asyncio.sleep(2)  # the person tries again
        await asyncio.sleep(pause)


async def conversations_during(profile: Profile, fault, name: str, pause: float = 2.0) -> list[Talker]:
    """CONVERSATIONS people talking while `fault()` (a coroutine) runs."""
    run = f"{name}-{uuid.uuid4().hex[:8]}"
    talkers = [Talker(f"{run}-{i}") for i in range(CONVERSATIONS)]
    async with aiohttp.ClientSession() as session:
        people = asyncio.gather(*(talk(session, profile, t, pause) for t in talkers))
        await asyncio.gather(people, fault())
    return talkers


def stored_user_events(profile: Profile, senders: list[str]) -> dict[str, int]:
    rows = profile.sql("SELECT sender_id, count(*) FROM events WHERE type_name = 'user' AND sender_id = ANY(%s) "
                       "GROUP BY sender_id", senders)
    return {sender: count for sender, count in rows}


def check_and_report(profile: Profile, name: str, talkers: list[Talker], seconds: float) -> None:
    stored = stored_user_events(profile, [t.sender for t in talkers])
    sent = sum(t.sent for t in talkers)
    answered = sum(t.answered for t in talkers)
    events = sum(stored.values())
    trouble = sum((t.trouble for t in talkers), Counter())
    print(f"\n{name}: {len(talkers)} conversations in {seconds:.0f} s: {sent} messages sent, {answered} answered, "
          f"{events} user events stored; {sum(t.tries for t in talkers) - sent} sent again; "
          f"while down the person got: {dict(trouble) or 'nothing unusual'}")
    for talker in talkers:
        assert talker.sent == talker.answered == stored.get(talker.sender, 0) == len(SCRIPT), (
            f"{talker.sender}: sent {talker.sent}, answered {talker.answered}, stored {stored.get(talker.sender, 0)}")


# --- the faults -----------------------------------------------------------------------------

def start_missing(profile: Profile) -> None:
    """`production.sh start` starts what is not running (and leaves the rest alone)."""
    result = profile.script("start", timeout=600)
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}\n{profile.logs()}"


def test_redis_stopped_for_30_seconds(production: Profile):
    """Also a desk push while Redis is down: Rasa cannot take the conversation's
    lock, so the desk flags it as not delivered; sent again after Redis is back
    (as with "Opnieuw versturen"), it reaches the widget's socket exactly once."""
    person = Person(production.url)
    desk = RasaApi(dataclasses.replace(load_config(), rasa_url=production.api_url, rasa_token=production.token))
    push, marker = "Anna (AKJ): een bericht tijdens de storing.", "desk-redis-fault-test"
    outcome: dict[str, object] = {}

    async def fault() -> None:
        await person.connect()
        await person.say("hallo")
        await asyncio.sleep(2)
        os.killpg(int((production.prod_dir / "run" / "redis.pid").read_text()), signal.SIGTERM)
        await asyncio.sleep(2)
        try:
            await desk.say(person.session_id, push, marker=marker)
            outcome["during"] = "confirmed"
        except RASA_ERRORS:
            outcome["during"] = "not delivered"
        await asyncio.sleep(26)
        await asyncio.to_thread(start_missing, production)
        await asyncio.sleep(2)
        await desk.say(person.session_id, push, marker=marker, maybe_sent=True)
        await person.wait_for(lambda: push in person.arrived, 15)
        outcome["arrived"] = person.arrived.count(push)

    async def scenario() -> list[Talker]:
        try:
            return await conversations_during(production, fault, "redis", pause=3)
        finally:
            await desk.close()
            await person.client.disconnect()

    started = time.monotonic()
    talkers = asyncio.run(scenario())
    check_and_report(production, "Redis stopped for 30 s", talkers, time.monotonic() - started)
    print(f"desk push while Redis was down: {outcome['during']}; after the retry it arrived {outcome['arrived']} time(s)")
    assert outcome == {"during": "not delivered", "arrived": 1}


def pg_stop(profile: Profile) -> None:
    binary = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))[-1]
    command = [str(binary), "-D", str(profile.prod_dir / "postgres"), "-m", "fast", "-w", "stop"]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def postgres_stopped_for(production: Profile, seconds: float, label: str, title: str) -> Counter:
    """Conversations while PostgreSQL is stopped for `seconds`; what went wrong for the people."""
    async def fault() -> None:
        await asyncio.sleep(4)
        await asyncio.to_thread(pg_stop, production)
        await asyncio.sleep(seconds)
        await asyncio.to_thread(start_missing, production)

    started = time.monotonic()
    talkers = asyncio.run(conversations_during(production, fault, label))
    check_and_report(production, title, talkers, time.monotonic() - started)
    return sum((t.trouble for t in talkers), Counter())


def test_postgresql_restarted(production: Profile):
    """Unnoticed: the tracker store waits for the database (up to 12 s) and
    replaces the connections the restart broke (wegwijzer.rasa_overrides.tracker_store)."""
    trouble = postgres_stopped_for(production, 5, "postgres", "PostgreSQL stopped for 5 s and started again")
    assert not trouble, f"a restart of a few seconds goes unnoticed: {dict(trouble)}"


def test_postgresql_down_for_30_seconds(production: Profile):
    """Longer than the tracker store waits: Rasa fails closed instead of answering
    from an empty in-memory conversation (its FailSafeTrackerStore), so the person
    gets the channel's "Er ging bij mij iets mis", sends again, and once the
    database is back every message is answered and stored once."""
    trouble = postgres_stopped_for(production, 30, "postgres-down", "PostgreSQL stopped for 30 s")
    assert trouble["channel: " + FAILED] > 0, "the outage was longer than the store waits"
    assert set(trouble) == {"channel: " + FAILED}, f"only the channel's clear message: {dict(trouble)}"


def test_tracker_store_replaces_connections_a_restart_broke(production: Profile, caplog):
    """Pooled connections are checked before use: a connection PostgreSQL closed
    (as on a restart) is replaced at once, not found broken by a message."""
    import logging

    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from wegwijzer.privacy.tracker_store import RedactingTrackerStore

    password = (production.prod_dir / "pg-password").read_text().strip()
    name = f"pool-test-{uuid.uuid4().hex[:8]}"
    store = RedactingTrackerStore(Domain.from_yaml("version: '3.1'\nintents: [groet]\n"),
                                  url=f"postgresql://wegwijzer:{password}@127.0.0.1:{production.pg_port}/wegwijzer"
                                      f"?application_name={name}")
    try:
        asyncio.run(store.save(DialogueStateTracker.from_events(name, [UserUttered("hallo", timestamp=1)])))
        closed = production.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
                                name)
        assert closed and all(ok for (ok,) in closed), "the store keeps a pooled connection"
        with caplog.at_level(logging.WARNING, logger="wegwijzer.rasa_overrides.tracker_store"):
            tracker = asyncio.run(store.retrieve(name))
        assert [e.text for e in tracker.events] == ["hallo"]
        assert not caplog.records, "replaced before use, no failed query to try again"
    finally:
        store.engine.dispose()


def access_log_size(profile: Profile) -> int:
    return (profile.prod_dir / "logs" / "nginx-access.log").stat().st_size


def socket_instance(profile: Profile, log_from: int) -> int:
    """Which Rasa instance nginx gave the socket.io connection made after the access log
    had `log_from` bytes. The log holds no query string (no engine.io sid), but nginx hashes
    the client address and this test's sockets all come from 127.0.0.1: one instance."""
    pattern = re.compile(r'^127\.0\.0\.1 .*"(?:GET|POST) /socket\.io/ .* upstream=127\.0\.0\.1:(\d+)')
    with (profile.prod_dir / "logs" / "nginx-access.log").open() as log:
        log.seek(log_from)
        ports = {int(m.group(1)) for line in log if (m := pattern.search(line))}
    assert len(ports) == 1, f"the socket's requests in nginx's log went to {ports or 'no instance'}"
    return profile.rasa_ports.index(ports.pop())


def test_one_rasa_instance_killed(production: Profile):
    """Killed with SIGKILL in the middle of conversations: the REST conversations
    go on on the other instance, the socket reconnects there, a desk push
    reaches it. The killed instance is started again afterwards."""
    person = Person(production.url)
    desk = RasaApi(dataclasses.replace(load_config(), rasa_url=production.api_url, rasa_token=production.token))
    killed: list[int] = []

    async def scenario() -> list[Talker]:
        log_from = access_log_size(production)
        await person.connect()
        await person.say("hallo")
        victim = socket_instance(production, log_from)

        async def fault() -> None:
            await asyncio.sleep(4)
            os.killpg(int((production.prod_dir / "run" / f"rasa-{victim}.pid").read_text()), signal.SIGKILL)
            killed.append(victim)
            # The widget's part: it reconnects (to the other instance) and talks on.
            assert await person.wait_for(lambda: person.connections >= 2, 60), "the socket did not reconnect"
            await person.say("Wat doet Veilig Thuis?")
            await desk.say(person.session_id, "Een bericht van de desk na de storing.")
            assert await person.wait_for(lambda: "Een bericht van de desk na de storing." in person.arrived, 15)

        try:
            return await conversations_during(production, fault, "kill")
        finally:
            await desk.close()
            await person.client.disconnect()

    started = time.monotonic()
    try:
        talkers = asyncio.run(scenario())
        check_and_report(production, f"Rasa instance {killed} killed", talkers, time.monotonic() - started)
        assert stored_user_events(production, [person.session_id]).get(person.session_id) == 2, (
            "the socket's two messages, each stored once")
    finally:
        start_missing(production)  # for the tests after this one


# --- the desk stops during a handoff ------------------------------------------------------------

async def say(session: aiohttp.ClientSession, profile: Profile, sender: str, text: str) -> str:
    """One message over REST through nginx; the reply's texts, joined."""
    async with session.post(f"{profile.url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                            headers=profile.rest_headers, timeout=aiohttp.ClientTimeout(total=90)) as response:
        assert response.status == 200, f"{sender}: HTTP {response.status} to {text!r}"
        replies = await response.json(content_type=None)
    said = "\n".join(m.get("text") or "" for m in replies)
    assert FAILED not in said, f"{sender}: the assistant failed on {text!r}"
    return said


def bot_texts(profile: Profile, sender: str) -> list[str]:
    """What the person got, from the tracker (pushes to the REST channel are dropped)."""
    import requests

    response = requests.get(f"{profile.api_url}/conversations/{sender}/tracker",
                            params={"token": profile.token, "include_events": "ALL"}, timeout=15)
    response.raise_for_status()
    return [e.get("text") or "" for e in response.json()["events"] if e["event"] == "bot"]


def desk_answers(profile: Profile) -> bool:
    import requests

    try:
        return requests.get(profile.desk_url + "/health", timeout=2).ok
    except requests.RequestException:
        return False


def test_desk_stopped_during_a_handoff(production: Profile):
    """A parent waits in the desk's queue; the desk process stops. Another
    parent who asks for a person then gets the AKJ routes at once, and the
    assistant keeps answering everyone. After the desk is started again the
    advisor's page reconnects, the waiting parent is still in the queue, and the
    advisor takes the conversation and writes to them."""
    from handoff_desk_client import Desk

    production.add_advisor("vera", "Vera")
    desk = Desk(production.https_url, "vera").be_present()  # through nginx over HTTPS, as the desk page
    run = uuid.uuid4().hex[:8]  # not 6: "4081cc" reads as a postcode, and such a sender is refused
    waiting, asking = f"handoff-wacht-{run}", f"handoff-vraagt-{run}"
    sent: Counter = Counter()
    seen: dict[str, object] = {}

    async def person(session: aiohttp.ClientSession, sender: str, text: str) -> str:
        sent[sender] += 1
        return await say(session, production, sender, text)

    async def fault() -> None:
        async with aiohttp.ClientSession() as session:
            await person(session, waiting, "Ik ben ouder")
            await person(session, waiting, "Mijn zoon heeft een OTS. Mag de gezinsvoogd zomaar de omgang stoppen?")
            offer = await person(session, waiting, "ik wil een mens spreken")
            assert "Mag ik de vertrouwenspersoon een korte samenvatting sturen" in offer, offer
            queued = await person(session, waiting, "Alleen de samenvatting")
            assert "Je staat in de wachtrij" in queued, queued
            rows = production.sql("SELECT id FROM handoffs WHERE conversation_id = %s AND status = 'wachtend'",
                                  waiting, database="wegwijzer_desk")
            assert len(rows) == 1, rows
            seen["handoff"] = handoff_id = rows[0][0]
            assert handoff_id in [c["id"] for c in (await asyncio.to_thread(desk.queue))["waiting"]]

            os.killpg(int((production.prod_dir / "run" / "desk.pid").read_text()), signal.SIGTERM)
            deadline = time.monotonic() + 15
            while await asyncio.to_thread(desk_answers, production):
                assert time.monotonic() < deadline, "the desk did not stop"
                await asyncio.sleep(0.2)
            started = time.monotonic()
            routes = await person(session, asking, "ik wil een mens spreken")
            seen["routes_seconds"] = time.monotonic() - started
            assert "Het lukt nu niet om je door te verbinden" in routes, routes
            assert "088-5551000" in routes and "info@akj.nl" in routes, routes
            # The waiting parent asks the assistant something meanwhile (answered in the OTS context).
            assert "Veilig Thuis" in await person(session, waiting, "Wat doet Veilig Thuis?")
            await asyncio.sleep(5)

            await asyncio.to_thread(start_missing, production)
            await asyncio.to_thread(desk.leave)
            await asyncio.to_thread(desk.be_present)  # the desk page reconnects; the login is kept
            queue = await asyncio.to_thread(desk.queue)
            assert handoff_id in [c["id"] for c in queue["waiting"]], "the queued handoff is still there"
            assert queue["present"] >= 1
            taken = await asyncio.to_thread(desk.post, f"/desk/api/handoffs/{handoff_id}/take")
            assert taken.status_code == 200, taken.text
            message = "Fijn dat je hebt gewacht. Waar gaat je vraag over?"
            written = await asyncio.to_thread(desk.post, f"/desk/api/handoffs/{handoff_id}/messages", {"text": message})
            assert written.status_code == 201, written.text  # Rasa confirmed it
            got = await asyncio.to_thread(bot_texts, production, waiting)  # as stored: names redacted
            assert any("Je chat nu met" in text and "vertrouwenspersoon van het AKJ" in text for text in got), got[-3:]
            assert any(text.endswith(f"(AKJ): {message}") for text in got), got[-3:]
            closed = await asyncio.to_thread(desk.post, f"/desk/api/handoffs/{handoff_id}/close")
            assert closed.status_code == 200, closed.text

    started = time.monotonic()
    try:
        talkers = asyncio.run(conversations_during(production, fault, "desk"))
    finally:
        desk.leave()
        if not desk_answers(production):
            start_missing(production)  # for the tests after this one
    check_and_report(production, "desk stopped during a handoff", talkers, time.monotonic() - started)
    stored = stored_user_events(production, [waiting, asking])
    print(f"handoff parents: {dict(sent)} messages sent, {stored} user events stored; "
          f"AKJ routes {seen['routes_seconds']:.1f} s after asking with the desk down; "
          f"queued handoff {seen['handoff']} taken after the restart")
    assert stored == dict(sent), "every message of the two parents stored once"
