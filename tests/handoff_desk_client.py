"""Test helpers for the advisor desk: add advisors with the CLI, log in, and be
present (an open desk websocket, as the desk page keeps)."""
from __future__ import annotations

import asyncio
import subprocess
import threading
from pathlib import Path

import aiohttp
import requests

from conftest import ROOT, VENV_BIN, rasa_env

PASSWORD = "een lang testwachtwoord"
COOKIE = "wegwijzer_desk"


def desk_environment(stack) -> dict[str, str]:
    """The environment the launcher gave the stack's desk service: its
    HANDOFF_API_TOKEN is the action server's, whether set or made by the launcher."""
    return stack.environment_of("wegwijzer.handoff")


def add_advisor(data_dir: Path, username: str, name: str, role: str = "adviseur") -> None:
    """Through the CLI, as an administrator does; an existing advisor is fine."""
    result = subprocess.run(
        [str(VENV_BIN / "python"), "-m", "wegwijzer.handoff", "add-advisor", username, "--name", name,
         "--role", role, "--password-stdin"],
        input=PASSWORD + "\n", cwd=ROOT, env={**rasa_env(), "DATA_DIR": str(data_dir)},
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 or "bestaat al" in result.stderr, result.stderr


class Desk:
    """One advisor's logged-in desk session (JSON API)."""

    def __init__(self, base_url: str, username: str) -> None:
        self.base_url = base_url
        self.http = requests.Session()
        response = self.http.post(f"{base_url}/desk/login", json={"username": username, "password": PASSWORD}, timeout=10)
        assert response.status_code == 200, response.text
        # Over HTTPS with HANDOFF_COOKIE_SECURE (production): "__Host-" + COOKIE.
        self.cookie_name = next(name for name in self.http.cookies.keys() if name.endswith(COOKIE))
        self.cookie = self.http.cookies[self.cookie_name]
        self.presence: Presence | None = None

    def get(self, path: str) -> requests.Response:
        return self.http.get(self.base_url + path, timeout=15)

    def post(self, path: str, body: dict | None = None) -> requests.Response:
        return self.http.post(self.base_url + path, json=body or {}, timeout=15)

    def be_present(self) -> "Desk":
        self.presence = Presence(self.base_url, self.cookie_name, self.cookie)
        return self

    def leave(self) -> None:
        if self.presence:
            self.presence.close()
            self.presence = None

    def queue(self) -> dict:
        response = self.get("/desk/api/queue")
        response.raise_for_status()
        return response.json()


class Presence:
    """An open desk websocket in a background thread; keeps what it hears."""

    def __init__(self, base_url: str, cookie_name: str, cookie: str) -> None:
        self.url = base_url.replace("http", "ws", 1) + "/desk/ws"  # http -> ws, https -> wss
        self.cookie_name, self.cookie = cookie_name, cookie
        self.heard: list[str] = []
        self.close_code: int | None = None
        self._ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._ws = None
        self._thread = threading.Thread(target=self._loop.run_until_complete, args=(self._run(),), daemon=True)
        self._thread.start()
        assert self._ready.wait(10), "desk websocket did not open"

    async def _run(self) -> None:
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(self.url, headers={"Cookie": f"{self.cookie_name}={self.cookie}"}) as ws:
                self._ws = ws
                self._ready.set()
                async for message in ws:
                    self.heard.append(message.data)
                self.close_code = ws.close_code

    def close(self) -> None:
        if self._ws is not None and not self._ws.closed:
            asyncio.run_coroutine_threadsafe(self._ws.close(), self._loop).result(10)
        self._thread.join(10)
