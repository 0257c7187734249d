"""The few calls the desk makes to Rasa's HTTP API (token auth): pause and
resume a conversation, push an advisor's message to the person, read events.

Messages are pushed as bot events with execute_side_effects, over the output
channel the person last wrote on ("latest" = socket.io for the website widget;
the REST channel has no output channel, pushes to it are dropped).

A push counts as delivered only when Rasa answers 200 with a tracker that
holds it: its bot event carries a marker (metadata "message_id") that the
returned tracker must contain. Otherwise the desk tries again a few times,
with backoff; before each new try it looks whether an earlier try did arrive
after all (its answer lost), so the person never gets a message twice.
"""
from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any, Optional

import aiohttp

from wegwijzer.handoff.config import HandoffConfig
from wegwijzer.pushes import PUSH_ID_KEY as MARKER_KEY  # also the id a widget uses to catch up (pushes.py)

logger = logging.getLogger(__name__)

ATTEMPTS = 4
FIRST_RETRY_SECONDS = 0.5  # then 1 and 2 seconds: about 4 s in all before the desk gives up


class RasaError(RuntimeError):
    pass


# Errors of Rasa's HTTP API that a desk action reports instead of crashing.
RASA_ERRORS = (RasaError, aiohttp.ClientError, asyncio.TimeoutError)


def new_marker() -> str:
    return "desk-" + uuid.uuid4().hex


def holds_marker(events: list[dict[str, Any]], marker: str) -> bool:
    return any(e.get("event") == "bot" and (e.get("metadata") or {}).get(MARKER_KEY) == marker for e in events)


class RasaApi:
    def __init__(self, config: HandoffConfig) -> None:
        self.base = config.rasa_url
        self.token = config.rasa_token
        self.output_channel = config.output_channel
        self._session: Optional[aiohttp.ClientSession] = None

    async def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def _append(self, conversation_id: str, events: list[dict[str, Any]], marker: Optional[str],
                      paused: Optional[bool]) -> None:
        """One POST; raises RasaError unless Rasa confirms the events."""
        session = await self._client()
        params = {"token": self.token, "include_events": "AFTER_RESTART" if marker else "NONE",
                  "output_channel": self.output_channel, "execute_side_effects": "true"}
        async with session.post(f"{self.base}/conversations/{conversation_id}/tracker/events",
                                params=params, json=events) as response:
            if response.status != 200:
                raise RasaError(f"Rasa answered HTTP {response.status}: {(await response.text())[:200]}")
            tracker = await response.json()
        if marker and not holds_marker(tracker.get("events") or [], marker):
            raise RasaError("Rasa's answer does not hold the message")
        if paused is not None and bool(tracker.get("paused")) != paused:
            raise RasaError("Rasa's answer has the wrong pause state")

    async def _deliver(self, conversation_id: str, events: list[dict[str, Any]], marker: Optional[str] = None,
                       paused: Optional[bool] = None, maybe_sent: bool = False) -> None:
        """_append with retries; raises the last error when every attempt failed."""
        delay = FIRST_RETRY_SECONDS
        for attempt in range(1, ATTEMPTS + 1):
            try:
                if (attempt > 1 or maybe_sent) and marker and await self.has_message(conversation_id, marker):
                    return  # an earlier attempt arrived; only its answer got lost
                await self._append(conversation_id, events, marker, paused)
                return
            except RASA_ERRORS as problem:
                if attempt == ATTEMPTS:
                    raise
                logger.info("conversation push failed (attempt %s of %s: %s); trying again", attempt, ATTEMPTS,
                            problem or type(problem).__name__)
            await asyncio.sleep(delay)
            delay *= 2

    async def events(self, conversation_id: str) -> tuple[list[dict[str, Any]], bool]:
        """All events of the conversation, and whether it is paused now."""
        session = await self._client()
        async with session.get(f"{self.base}/conversations/{conversation_id}/tracker",
                               params={"token": self.token, "include_events": "ALL"}) as response:
            if response.status >= 300:
                raise RasaError(f"Rasa answered HTTP {response.status}")
            tracker = await response.json()
        return tracker.get("events") or [], bool(tracker.get("paused"))

    async def has_message(self, conversation_id: str, marker: str) -> bool:
        events, _paused = await self.events(conversation_id)
        return holds_marker(events, marker)

    @staticmethod
    def bot_event(text: str, buttons: Optional[list[dict]] = None, marker: Optional[str] = None) -> dict[str, Any]:
        event: dict[str, Any] = {"event": "bot", "text": text}
        if buttons:
            event["data"] = {"buttons": buttons}
        if marker:
            event["metadata"] = {MARKER_KEY: marker}
        return event

    async def say(self, conversation_id: str, text: str, buttons: Optional[list[dict]] = None,
                  marker: Optional[str] = None, maybe_sent: bool = False) -> None:
        """Push a message. maybe_sent: an earlier push with this marker may have
        arrived; it is looked for first, so the person never gets it twice."""
        marker = marker or new_marker()
        await self._deliver(conversation_id, [self.bot_event(text, buttons, marker)], marker, maybe_sent=maybe_sent)

    async def pause(self, conversation_id: str, text: Optional[str] = None) -> None:
        events: list[dict[str, Any]] = [{"event": "pause"}]
        marker = new_marker() if text else None
        if text:
            events.append(self.bot_event(text, marker=marker))
        await self._deliver(conversation_id, events, marker, paused=True)

    async def resume(self, conversation_id: str, text: str) -> None:
        # action_listen after the advisor's part: the assistant predicts the next
        # turn as after any of its own replies.
        marker = new_marker()
        await self._deliver(conversation_id, [{"event": "resume"}, self.bot_event(text, marker=marker),
                                              {"event": "action", "name": "action_listen"}], marker, paused=False)
