"""The few calls the desk makes to Rasa's HTTP API (token auth): pause and
resume a conversation, push an advisor's message to the person, read events.

Messages are pushed as bot events with execute_side_effects, over the output
channel the person last wrote on ("latest" = socket.io for the website widget;
the REST channel has no output channel, pushes to it are dropped).
"""
from __future__ import annotations

from typing import Any, Optional

import aiohttp

from wegwijzer.handoff.config import HandoffConfig


class RasaError(RuntimeError):
    pass


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

    async def _append(self, conversation_id: str, events: list[dict[str, Any]]) -> None:
        session = await self._client()
        params = {"token": self.token, "include_events": "NONE", "output_channel": self.output_channel,
                  "execute_side_effects": "true"}
        async with session.post(f"{self.base}/conversations/{conversation_id}/tracker/events",
                                params=params, json=events) as response:
            if response.status >= 300:
                raise RasaError(f"Rasa answered HTTP {response.status}: {(await response.text())[:200]}")

    async def events(self, conversation_id: str) -> tuple[list[dict[str, Any]], bool]:
        """All events of the conversation, and whether it is paused now."""
        session = await self._client()
        async with session.get(f"{self.base}/conversations/{conversation_id}/tracker",
                               params={"token": self.token, "include_events": "ALL"}) as response:
            if response.status >= 300:
                raise RasaError(f"Rasa answered HTTP {response.status}")
            tracker = await response.json()
        return tracker.get("events") or [], bool(tracker.get("paused"))

    @staticmethod
    def bot_event(text: str, buttons: Optional[list[dict]] = None) -> dict[str, Any]:
        event: dict[str, Any] = {"event": "bot", "text": text}
        if buttons:
            event["data"] = {"buttons": buttons}
        return event

    async def say(self, conversation_id: str, text: str, buttons: Optional[list[dict]] = None) -> None:
        await self._append(conversation_id, [self.bot_event(text, buttons)])

    async def pause(self, conversation_id: str, text: Optional[str] = None) -> None:
        events = [{"event": "pause"}]
        if text:
            events.append(self.bot_event(text))
        await self._append(conversation_id, events)

    async def resume(self, conversation_id: str, text: str) -> None:
        # action_listen after the advisor's part: the assistant predicts the next
        # turn as after any of its own replies.
        await self._append(conversation_id, [{"event": "resume"}, self.bot_event(text),
                                             {"event": "action", "name": "action_listen"}])
