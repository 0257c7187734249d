"""Pushes reach the person's socket whichever Rasa instance gets them.

In the production profile (two Rasa instances behind nginx, PostgreSQL,
Redis) the parent's socket.io connection lives on one instance, while the
desk's POSTs to /conversations/{id}/tracker/events may land on the other. Here
the socket is on instance 0 and every push goes to instance 1, through the
desk's own client (wegwijzer.handoff.rasa_api, which counts a push as sent
only when Rasa confirms it): the pause message, four advisor messages and the
hand-back message must all arrive at the socket on instance 0, in order,
in 10 conversations in a row. Without the shared socket.io rooms over Redis
(wegwijzer.shared_rooms.SharedRooms) none of them arrives. And the messages
an advisor writes while the person's socket is away arrive, once each and in
order, when it reconnects, on the other instance (wegwijzer.pushes).

"""
from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from typing import AsyncIterator

import pytest

from wegwijzer.handoff.config import load_config
from wegwijzer.handoff.rasa_api import RasaApi

from production_profile import Profile  # the `production` fixture: a plugin loaded by conftest.py
from socket_client import SocketClient

pytestmark = pytest.mark.slow

RUNS = 10
ADVISOR_MESSAGES = 4
WAIT_SECONDS = 30  # a wait for a condition: long only when a push is lost; CI has 2 busy cores


class Person(SocketClient):
    """The widget's side of socket.io: a session, a first question, what arrives."""

    def __init__(self, url: str) -> None:
        super().__init__(reconnection_delay=0.5, reconnection_delay_max=2)
        self.url = url
        # The server issues the conversation id (signed) at the first session_request.
        self.session_id: str | None = None
        self.connections = 0  # confirmed sessions: more than one after a reconnect

        @self.client.on("connect")
        async def on_connect() -> None:  # as the widget: (re)join the conversation's room
            await self.client.emit("session_request", {"session_id": self.session_id, "seen_pushes": self.push_ids})

        @self.client.on("session_confirm")
        async def on_confirm(data) -> None:
            confirmed = data.get("session_id") if isinstance(data, dict) else data
            assert self.session_id in (None, confirmed), "a reconnect rejoins the same conversation"
            self.session_id = confirmed
            self.connections += 1
            self.changed.set()

    async def connect(self, url: str | None = None) -> None:
        """Connect (again: to `url`, another instance, as after a network drop)."""
        before = self.connections
        await self.open(url or self.url)
        assert await self.wait_for(lambda: self.connections > before, 10), "no session_confirm"

    async def say(self, text: str) -> None:
        before = len(self.arrived)
        await self.client.emit("user_uttered", {"message": text, "session_id": self.session_id})
        await self.wait_for(lambda: len(self.arrived) > before, 60)


@contextlib.asynccontextmanager
async def person_and_desk(profile: Profile) -> AsyncIterator[tuple[Person, RasaApi]]:
    """A person who said hallo over a socket on instance 0; the desk's client on instance 1."""
    person = Person(profile.instance_url(0))
    desk = RasaApi(dataclasses.replace(load_config(), rasa_url=profile.instance_url(1), rasa_token=profile.token))
    try:
        await person.connect()
        await person.say("hallo")  # the conversation starts on instance 0, over socket.io
        yield person, desk
    finally:
        await desk.close()
        await person.close()


async def one_handoff(profile: Profile, run: int) -> tuple[list[str], list[str]]:
    """(the pushes sent, the pushes that arrived at the socket, in arrival order)."""
    async with person_and_desk(profile) as (person, desk):
        first_push = len(person.arrived)
        pushes = [f"Je chat nu met Anna (run {run})."]
        await desk.pause(person.session_id, pushes[0])
        for number in range(1, ADVISOR_MESSAGES + 1):
            pushes.append(f"Anna (AKJ): bericht {number} van run {run}.")
            await desk.say(person.session_id, pushes[-1])
        pushes.append(f"Je chat nu weer met Wegwijzer (run {run}).")
        await desk.resume(person.session_id, pushes[-1])
        await person.wait_for(lambda: len(person.arrived) - first_push >= len(pushes), WAIT_SECONDS)
        return pushes, [text for text in person.arrived[first_push:] if text in pushes]


def test_pushes_to_the_other_instance_reach_the_socket(production):
    results = []
    for run in range(1, RUNS + 1):
        results.append(asyncio.run(one_handoff(production, run)))
    arrived, sent = sum(len(set(r[1])) for r in results), sum(len(r[0]) for r in results)
    print(f"pushes via instance 1 to a socket on instance 0: {arrived} of {sent} arrived over {RUNS} runs")
    for run, (pushes, got) in enumerate(results, 1):
        assert got == pushes, f"run {run}: {len(got)} of {len(pushes)} pushes arrived (once each, in order): {got}"


async def handoff_with_a_gap(profile: Profile) -> tuple[list[str], list[str]]:
    """As one_handoff, but the socket is gone for two advisor messages and comes
    back on the other instance."""
    async with person_and_desk(profile) as (person, desk):
        first_push = len(person.arrived)
        pushes = ["Je chat nu met Anna.", "Anna (AKJ): voor de onderbreking."]
        await desk.pause(person.session_id, pushes[0])
        await desk.say(person.session_id, pushes[1])
        assert await person.wait_for(lambda: pushes[1] in person.arrived, WAIT_SECONDS)
        await person.close()
        # (No names in these: a push sent again comes from the tracker store, which keeps texts redacted.)
        for text in ("Bericht van de adviseur tijdens de onderbreking.", "Nog een bericht.\n\nIn twee delen."):
            pushes.append(text)
            await desk.say(person.session_id, text)
        await person.connect(profile.instance_url(1))
        pushes.append("Je chat nu weer met Wegwijzer.")
        await desk.resume(person.session_id, pushes[-1])
        parts = [part for push in pushes for part in push.split("\n\n")]
        await person.wait_for(lambda: len(person.arrived) - first_push >= len(parts), WAIT_SECONDS)
        return parts, [text for text in person.arrived[first_push:] if text in parts]


def test_pushes_while_the_socket_is_away_arrive_when_it_reconnects(production):
    sent, got = asyncio.run(handoff_with_a_gap(production))
    assert got == sent, f"{len(got)} of {len(sent)} arrived (once each, in order): {got}"
