"""Messages the desk pushed into a conversation, sent again to a widget that missed them.

An advisor's message is a bot event pushed through Rasa's HTTP API. It goes out
over socket.io once, to the sockets in the conversation's room at that moment,
and the desk counts it as delivered once Rasa stored it. A widget that was not
connected at that moment (the person was on another page of the website, the
network dropped, the socket was moving to another instance) would never show it.

So every part of a push that goes out over socket.io carries an id, "<marker>:<n>"
(the desk's marker, PUSH_ID_KEY in the event's metadata, and the part's number:
Rasa's socket.io output splits a text at blank lines). The widget keeps the ids
it has shown, skips one it already has, and names them (SEEN_KEY) in its
session_request at every (re)connect. The server then sends the conversation's
pushes none of whose parts the widget named, oldest first. A client that names
no ids (not our widget) gets nothing replayed.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Iterable, Optional

logger = logging.getLogger(__name__)

PUSH_ID_KEY = "message_id"  # the desk's marker in a pushed bot event's metadata (kept by redaction)
WIDGET_ID_KEY = "push_id"  # the id of one emitted part, in the payload the widget gets
SEEN_KEY = "seen_pushes"  # in session_request: the part ids the widget has shown
MAX_SEEN = 300  # the widget keeps at most 300 messages
MAX_ID_CHARS = 80
MAX_REPLAY = 50


def part_id(marker: str, index: int) -> str:
    return f"{marker}:{index}"


def seen_markers(raw: Any) -> Optional[frozenset[str]]:
    """The markers of the pushes a widget has shown (at least one part of);
    None when the client named none (then nothing is replayed)."""
    if not isinstance(raw, list):
        return None
    ids = (item for item in raw[-MAX_SEEN:] if isinstance(item, str) and 0 < len(item) <= MAX_ID_CHARS)
    return frozenset(item.rsplit(":", 1)[0] for item in ids)


def missed(events: Iterable[Any], seen: frozenset[str]) -> list[dict[str, Any]]:
    """The messages (BotUttered.message()) of the pushes among a tracker's
    events that are not in `seen`, oldest first, at most MAX_REPLAY."""
    messages = []
    for event in events:
        marker = (getattr(event, "metadata", None) or {}).get(PUSH_ID_KEY)
        if getattr(event, "type_name", None) == "bot" and isinstance(marker, str) and marker not in seen:
            messages.append(event.message())
    return messages[-MAX_REPLAY:]


async def replay(agent: Any, conversation_id: str, seen: frozenset[str],
                 send: Callable[[dict[str, Any]], Awaitable[None]],
                 join: Optional[Callable[[], Awaitable[None]]] = None) -> int:
    """Send the conversation's pushes a widget did not name; how many were sent.

    Rasa holds the conversation's lock while it stores a push and emits it to the
    conversation's room. Under that lock the socket joins the room (`join`), the
    tracker is read and the missed pushes are sent: a push is then either in the
    tracker (sent here) or emitted to the room after them, never in between (under
    load a live push overtook the catch-up). If the lock cannot be had (the lock
    store is down), the socket still joins; nothing is sent again.
    """
    joined, messages = False, []
    try:
        async with agent.lock_store.lock(conversation_id):
            if join is not None:
                await join()
            joined = True
            tracker = await agent.tracker_store.retrieve(conversation_id)
            messages = missed(tracker.events, seen) if tracker is not None else []
            for message in messages:
                await send(message)
    finally:
        if join is not None and not joined:
            await join()
    return len(messages)
