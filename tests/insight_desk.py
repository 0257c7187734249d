"""Test helpers for the desk's insight page: the real desk app (service.create_app)
served in this process on a free port, on a tracker database with made-up
conversations (tests/test_insight.py's), an advisor and a coordinator.

The desk's background jobs (presence, the queue sweep, Rasa) are not started:
the insight page needs only its databases."""
from __future__ import annotations

import asyncio
import threading
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sanic import Sanic

from conftest import free_port
from handoff_desk_client import PASSWORD, Desk
from test_insight import at, made_up_day, personal_conversation, save
from wegwijzer.handoff import auth
from wegwijzer.handoff.config import load_config
from wegwijzer.handoff.db import session_factory
from wegwijzer.handoff.service import create_app
from wegwijzer.insight.collect import collect, today_utc

ADVISOR, COORDINATOR = "anna", "coby"


class ServedDesk:
    """create_app(config) served by Sanic on 127.0.0.1 in a thread of its own."""

    def __init__(self, config) -> None:
        self.app = create_app(config, name=f"insight_test_{uuid.uuid4().hex[:8]}")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.loop = asyncio.new_event_loop()
        started = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(started,), daemon=True)
        self.thread.start()
        assert started.wait(20), "the desk app did not start"

    def _run(self, started: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(
            self.app.create_server(host="127.0.0.1", port=self.port, return_asyncio_server=True))
        # Sanic's TouchUp rewrites its response methods at each app's start; in test mode it
        # starts from the originals, so that a second app in this process (another test module) starts too.
        Sanic.test_mode = True
        try:
            self.loop.run_until_complete(self.server.startup())  # routes finalised; no server listeners
        finally:
            Sanic.test_mode = False
        self.loop.run_until_complete(self.server.start_serving())
        started.set()
        self.loop.run_forever()

    def stop(self) -> None:
        async def close() -> None:
            self.server.server.close()
            await self.server.server.wait_closed()
        asyncio.run_coroutine_threadsafe(close(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def prepare(data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    """Databases in `data_dir` with a made-up day two days ago (kept by collect) and
    a conversation full of personal data on that day and today; the environment
    points the desk at them. Returns (the made-up day, the desk's config)."""
    tracker = f"sqlite:///{data_dir / 'tracker.db'}"
    for name in ("HANDOFF_DATABASE_URL", "HANDOFF_PUBLIC_KEY", "HANDOFF_PRIVATE_KEY", "HANDOFF_ALLOWED_IPS",
                 "HANDOFF_COOKIE_SECURE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    monkeypatch.setenv("TRACKER_STORE_URL", tracker)
    day = today_utc() - timedelta(days=2)
    now = max(datetime.now(timezone.utc).timestamp() - 60, at(today_utc(), 0))  # today, also just after midnight
    save(tracker, made_up_day(day) + [personal_conversation("personal", at(day, 15)),
                                      personal_conversation("personal-today", now)])
    config = load_config()
    collect(tracker, config.database_url)
    return day, config


def add_advisors(config) -> None:
    """An advisor and a coordinator with handoff_desk_client's password (desk_login works)."""
    with session_factory(config.database_url)() as session:
        auth.add_advisor(session, ADVISOR, "Anna", PASSWORD)
        auth.add_advisor(session, COORDINATOR, "Coby", PASSWORD, role="coordinator")


# The two logins of a module's `desk` fixture (a ServedDesk), for the modules that import them.
@pytest.fixture(scope="module")
def coordinator(desk):
    return Desk(desk.url, COORDINATOR)


@pytest.fixture(scope="module")
def advisor(desk):
    return Desk(desk.url, ADVISOR)
