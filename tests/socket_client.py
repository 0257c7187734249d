"""A test's side of the socket.io channel, as the widget uses it: the bot's
messages as they arrive, and waiting for a condition on them.

python-socketio's client over long-polling: its websocket transport needs a
newer aiohttp than Rasa allows. The server side is the same for both.
"""
from __future__ import annotations

import asyncio

import socketio


class SocketClient:
    """One socket.io connection; subclasses add the session handling they test."""

    def __init__(self, **client_options) -> None:
        self.client = socketio.AsyncClient(**client_options)
        self.arrived: list[str] = []  # texts of bot_uttered, in order
        self.push_ids: list[str] = []  # ids of the desk's pushes among them (wegwijzer.pushes)
        self.changed = asyncio.Event()

        @self.client.on("bot_uttered")
        async def on_bot(data) -> None:
            self.arrived.append((data or {}).get("text") or "")
            if (data or {}).get("push_id"):
                self.push_ids.append(data["push_id"])
            self.changed.set()

    async def open(self, url: str, headers: dict | None = None) -> None:
        await self.client.connect(url, transports=["polling"], socketio_path="/socket.io", headers=headers or {})

    async def wait_for(self, condition, timeout: float) -> bool:
        """True as soon as condition() holds; False when `timeout` seconds pass first."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not condition():
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                return False
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), min(remaining, 0.5))
            except asyncio.TimeoutError:
                pass
        return True

    async def close(self) -> None:
        await self.client.disconnect()
