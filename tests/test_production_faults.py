"""Faults in the running production profile (nginx, two Rasa instances,
PostgreSQL, Redis): while conversations go on, Redis stops for 30 seconds,
PostgreSQL restarts, and one Rasa instance is killed.

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
from wegwijzer.handoff.rasa_api import RasaApi

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


async def talk(session: aiohttp.ClientSession, url: str, talker: Talker, pause: float) -> None:
    for text in SCRIPT:
        talker.sent += 1
        deadline = time.monotonic() + GIVE_UP_SECONDS
        while True:
            talker.tries += 1
            try:
                async with session.post(f"{url}/webhooks/rest/webhook?c={talker.sender}",
                                        json={"sender": talker.sender, "message": text},
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
            await asyncio.sleep(1)  # the person tries again
        await asyncio.sleep(pause)


async def conversations_during(profile: Profile, fault, name: str, pause: float = 2.0) -> list[Talker]:
    """CONVERSATIONS people talking while `fault()` (a coroutine) runs."""
    run = f"{name}-{uuid.uuid4().hex[:6]}"
    talkers = [Talker(f"{run}-{i}") for i in range(CONVERSATIONS)]
    async with aiohttp.ClientSession() as session:
        people = asyncio.gather(*(talk(session, profile.url, t, pause) for t in talkers))
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
    async def fault() -> None:
        await asyncio.sleep(4)
        os.killpg(int((production.prod_dir / "run" / "redis.pid").read_text()), signal.SIGTERM)
        await asyncio.sleep(30)
        await asyncio.to_thread(start_missing, production)

    started = time.monotonic()
    talkers = asyncio.run(conversations_during(production, fault, "redis", pause=3))
    check_and_report(production, "Redis stopped for 30 s", talkers, time.monotonic() - started)


def pg_stop(profile: Profile) -> None:
    binary = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))[-1]
    command = [str(binary), "-D", str(profile.prod_dir / "postgres"), "-m", "fast", "-w", "stop"]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def test_postgresql_restarted(production: Profile):
    async def fault() -> None:
        await asyncio.sleep(4)
        await asyncio.to_thread(pg_stop, production)
        await asyncio.sleep(5)
        await asyncio.to_thread(start_missing, production)

    started = time.monotonic()
    talkers = asyncio.run(conversations_during(production, fault, "postgres"))
    check_and_report(production, "PostgreSQL stopped for 5 s and started again", talkers, time.monotonic() - started)


def socket_instance(profile: Profile, engine_io_sid: str) -> int:
    """Which Rasa instance nginx gave this socket.io connection (from its access log)."""
    pattern = re.compile(r'"(?:GET|POST) /socket\.io/\S*sid=([^&\s]+).* upstream=127\.0\.0\.1:(\d+)')
    log = (profile.prod_dir / "logs" / "nginx-access.log").read_text()
    ports = [int(m.group(2)) for m in pattern.finditer(log) if m.group(1) == engine_io_sid]
    assert ports, "the socket's requests are not in nginx's log"
    return profile.rasa_ports.index(ports[-1])


def test_one_rasa_instance_killed(production: Profile):
    """Killed with SIGKILL in the middle of conversations: the REST conversations
    go on on the other instance, the socket reconnects there, a desk push
    reaches it. The killed instance is started again afterwards."""
    person = Person(production.url)
    desk = RasaApi(dataclasses.replace(load_config(), rasa_url=production.api_url, rasa_token=production.token))
    killed: list[int] = []

    async def scenario() -> list[Talker]:
        await person.connect()
        await person.say("hallo")
        victim = socket_instance(production, person.client.eio.sid)

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
