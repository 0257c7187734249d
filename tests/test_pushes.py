"""Which of the desk's pushes a reconnecting widget missed (wegwijzer.pushes),
on Rasa's own events. The whole path, through Rasa and the widget, is in
tests/browser/test_widget_conversation.py and tests/test_production_socket.py."""
from __future__ import annotations

import asyncio

from rasa.core.channels.socketio import SocketIOInput
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from wegwijzer import pushes
from wegwijzer.shared_rooms import PushOutput


def push(text: str, marker: str) -> BotUttered:
    return BotUttered(text, metadata={pushes.PUSH_ID_KEY: marker})


EVENTS = [UserUttered("hallo"), BotUttered("Een antwoord van de assistent."), push("Ik ben Sanne.", "desk-1"),
          push("Waar gaat het om?\n\nNeem de tijd.", "desk-2"), push("Ben je er nog?", "desk-3")]


def texts(messages: list[dict]) -> list[str]:
    return [message["text"] for message in messages]


def test_only_the_pushes_none_of_whose_parts_were_seen_in_order():
    seen = pushes.seen_markers(["desk-1:0", "desk-2:1"])
    assert texts(pushes.missed(EVENTS, seen)) == ["Ben je er nog?"]
    assert texts(pushes.missed(EVENTS, pushes.seen_markers([]))) == [
        "Ik ben Sanne.", "Waar gaat het om?\n\nNeem de tijd.", "Ben je er nog?"]


def test_a_client_that_names_nothing_gets_nothing_and_odd_ids_are_ignored():
    assert pushes.seen_markers(None) is None and pushes.seen_markers("desk-1:0") is None
    assert pushes.seen_markers([3, None, "", "x" * 500, "desk-1:0"]) == {"desk-1"}
    assert len(pushes.seen_markers([f"desk-{n}:0" for n in range(1000)])) == pushes.MAX_SEEN


def test_at_most_the_newest_fifty_are_sent_again():
    many = [push(f"bericht {n}", f"desk-{n}") for n in range(80)]
    assert texts(pushes.missed(many, frozenset())) == [f"bericht {n}" for n in range(30, 80)]


class Recorder:
    """A socket.io server stand-in that keeps what would be emitted."""

    def __init__(self) -> None:
        self.emitted: list[dict] = []
        self.manager = None

    async def emit(self, _event, data, room=None, **_kwargs) -> None:
        self.emitted.append(data)


class Agent:
    def __init__(self) -> None:
        self.lock_store = InMemoryLockStore()
        self.tracker_store = InMemoryTrackerStore(Domain.empty())


def test_replay_sends_each_part_with_the_id_the_widget_keeps():
    agent, server = Agent(), Recorder()
    asyncio.run(agent.tracker_store.save(DialogueStateTracker.from_events("gesprek", EVENTS)))
    output = PushOutput(server, SocketIOInput().bot_message_evt)
    sent = asyncio.run(pushes.replay(agent, "gesprek", pushes.seen_markers(["desk-1:0"]),
                                     lambda message: output.send_response("socket-1", message)))
    assert sent == 2
    assert [(m["text"], m["push_id"]) for m in server.emitted] == [
        ("Waar gaat het om?", "desk-2:0"), ("Neem de tijd.", "desk-2:1"), ("Ben je er nog?", "desk-3:0")]
    assert asyncio.run(pushes.replay(agent, "onbekend", frozenset(), output.send_response)) == 0


def test_a_push_during_the_catch_up_comes_after_it():
    """Under load a live push (Rasa stores and emits it under the conversation's lock)
    overtook the replayed ones. The socket now joins the room and gets the missed pushes
    under that lock, so a push that comes meanwhile waits and arrives after them."""
    agent, server = Agent(), Recorder()
    asyncio.run(agent.tracker_store.save(DialogueStateTracker.from_events("gesprek", EVENTS)))

    async def slow_emit(_event, data, room=None, **_kwargs) -> None:
        await asyncio.sleep(0.01)  # a socket send yields, as a real one does
        server.emitted.append(data)

    server.emit = slow_emit
    output = PushOutput(server, SocketIOInput().bot_message_evt)

    async def live_push() -> None:  # what Rasa does with a push from the desk (polling as Redis's lock does)
        async with agent.lock_store.lock("gesprek", wait_time_in_seconds=0.001):
            server.emitted.append({"text": "Een nieuw bericht."})

    async def scenario() -> list[str]:
        pushing: list[asyncio.Task] = []

        async def join() -> None:  # the desk pushes just as the socket enters the room
            pushing.append(asyncio.create_task(live_push()))
            await asyncio.sleep(0)

        await pushes.replay(agent, "gesprek", frozenset(), lambda message: output.send_response("socket-1", message),
                            join=join)
        await asyncio.gather(*pushing)
        return [m["text"] for m in server.emitted]

    assert asyncio.run(scenario()) == ["Ik ben Sanne.", "Waar gaat het om?", "Neem de tijd.", "Ben je er nog?",
                                       "Een nieuw bericht."]


def test_the_socket_joins_the_room_even_when_the_lock_store_fails():
    agent, joined = Agent(), []

    async def broken_lock(*_args, **_kwargs):
        raise ConnectionError("Redis is down")

    agent.lock_store.lock = broken_lock

    async def join() -> None:
        joined.append(True)

    try:
        asyncio.run(pushes.replay(agent, "gesprek", frozenset(), lambda message: None, join=join))
    except Exception:  # noqa: BLE001 - the channel logs it; the socket must have joined
        pass
    assert joined == [True]
