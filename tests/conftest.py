"""Shared fixtures: paths, the trained model, and a real running stack."""
from __future__ import annotations

import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
import requests

from wegwijzer.launcher import stop as stop_processes

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
ARTIFACTS = ROOT / "test-artifacts"
# The `production` fixture: the production profile, started once per session.
pytest_plugins = ["production_profile"]


def _ephemeral_ports() -> tuple[int, int]:
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return int(low), int(high)
    except (OSError, ValueError):
        return 32768, 60999  # Linux's default


# Below the kernel's ephemeral range. A port the kernel hands out for port 0 is one it also
# gives to outgoing connections: while Rasa loaded its model (40 s) before binding the port
# it was given, a client connection of the tests running beside it took that port
# ("address already in use", clean clone of 5426796).
_PORTS = range(20000, min(_ephemeral_ports()[0], 32768))
_random = random.SystemRandom()


def free_port() -> int:
    """A free port that no outgoing connection will take in the meantime (random, so the
    two pytest processes of `make test` do not pick the same one)."""
    while True:
        port = _random.choice(_PORTS)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


def rasa_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}


@pytest.fixture
def redis_server(tmp_path):
    """A real Redis (Debian's package, as the production profile installs it): (port, process)."""
    if not shutil.which("redis-server"):
        subprocess.run(["bash", str(ROOT / "scripts" / "production.sh"), "install"], check=True, timeout=600)
    port = free_port()
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True).stdout.strip() != "PONG":
        assert time.monotonic() < deadline and process.poll() is None, "redis-server did not start"
        time.sleep(0.1)
    yield port, process
    if process.poll() is None:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="session")
def trained_model() -> Path:
    # WEGWIJZER_MODEL_DIR: test a model trained elsewhere (e.g. while working in parallel).
    model_dir = Path(os.environ.get("WEGWIJZER_MODEL_DIR") or ROOT / "models")
    models = sorted(model_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        pytest.fail("No trained model in models/: run `make test` (it trains first).")
    return models[-1]


class Stack:
    """The real servers (action server, Rasa, web) on free ports."""

    def __init__(self, tmp: Path, model: Path = ROOT / "models", **extra_env: str) -> None:
        self.rasa_port, self.action_port, self.web_port = free_port(), free_port(), free_port()
        self.handoff_port = free_port()
        # socket.io takes pages from CORS_ORIGINS only: this port is for pages a test serves itself.
        self.page_port = free_port()
        self.data_dir = tmp
        # Rasa's API token; the launcher refuses short or placeholder secrets.
        self.token = secrets.token_urlsafe(32)
        self.log = (tmp / "launcher.log").open("w")
        self.process = subprocess.Popen(
            [str(VENV_BIN / "python"), "-m", "wegwijzer.launcher", "--rasa-port", str(self.rasa_port),
             "--action-port", str(self.action_port), "--web-port", str(self.web_port), "--data-dir", str(tmp),
             "--handoff-port", str(self.handoff_port), "--model", str(model)],
            # The advisor desk is open at any hour in tests. Every test talks from 127.0.0.1, so the
            # limit per client address is lifted (tests/test_attacks.py checks it on a stack of its own).
            cwd=ROOT, env={**rasa_env(), "RASA_AUTH_TOKEN": self.token, "HANDOFF_OFFICE_HOURS": "24/7",
                           "RATE_LIMIT_IP_MESSAGES": "1000000",
                           "CORS_ORIGINS": f"http://127.0.0.1:{self.page_port}", **extra_env},
            stdout=self.log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )

    @property
    def rasa_url(self) -> str:
        return f"http://localhost:{self.rasa_port}"

    @property
    def web_url(self) -> str:
        return f"http://localhost:{self.web_port}"

    @property
    def handoff_url(self) -> str:
        return f"http://localhost:{self.handoff_port}"

    def wait_ready(self, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        log_path = self.data_dir / "launcher.log"
        while time.monotonic() < deadline:
            if "READY" in log_path.read_text():
                return
            if self.process.poll() is not None:
                raise RuntimeError("launcher stopped:\n" + log_path.read_text()[-3000:])
            time.sleep(0.5)
        raise TimeoutError("stack not ready:\n" + log_path.read_text()[-3000:])

    def environment_of(self, module: str) -> dict[str, str]:
        """The environment the launcher gave its child `python -m <module>` (Linux
        /proc): the secrets it made for this run, such as HANDOFF_API_TOKEN."""
        pid = self.process.pid
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            if f"-m\0{module}\0".encode() in Path(f"/proc/{child}/cmdline").read_bytes():
                return process_environment(int(child))
        raise AssertionError(f"the stack runs no {module}")

    def say(self, sender: str, text: str, metadata: dict | None = None) -> list[dict]:
        body = {"sender": sender, "message": text, **({"metadata": metadata} if metadata else {})}
        response = requests.post(f"{self.rasa_url}/webhooks/rest/webhook", json=body, timeout=60)
        response.raise_for_status()
        return response.json()

    def stop(self) -> None:
        stop_processes({"stack": self.process}, timeout=30)
        self.log.close()


def process_environment(pid: int) -> dict[str, str]:
    """The environment of a running process (Linux /proc); {} when it is gone."""
    try:
        entries = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return {}
    return dict(entry.decode(errors="replace").split("=", 1) for entry in entries if b"=" in entry)


def push_bot_message(stack, conversation_id: str, text: str, marker: str | None = None) -> None:
    """As the desk does: a bot message into a conversation through Rasa's HTTP API
    (the stack's token), sent out over socket.io; with the desk's marker if given."""
    event = {"event": "bot", "text": text, **({"metadata": {"message_id": marker}} if marker else {})}
    response = requests.post(
        f"{stack.rasa_url}/conversations/{conversation_id}/tracker/events",
        params={"token": stack.token, "output_channel": "socketio", "execute_side_effects": "true"},
        json=[event], timeout=30)
    response.raise_for_status()


@contextmanager
def running(stack: Stack) -> Iterator[Stack]:
    """The stack once it is ready; stopped afterwards, also when it never got ready."""
    try:
        stack.wait_ready()
        yield stack
    finally:
        stack.stop()


@pytest.fixture(scope="session")
def stack(trained_model, tmp_path_factory) -> Stack:
    with running(Stack(tmp_path_factory.mktemp("stack"), trained_model)) as started:
        yield started


def texts(messages: list[dict]) -> str:
    """All bot texts of one reply, joined, for content assertions."""
    return "\n".join(m.get("text", "") for m in messages)


# Fixtures that make a test slow, and the marker each adds (pytest.ini): a trained
# model (the stack starts Rasa with it), the production profile (root, Debian packages),
# a browser, or server processes of the test's own.
MARKERS_OF_FIXTURE = {
    "trained_model": ("slow", "needs_model"),
    "web_stack": ("slow", "needs_model"),  # the session stack, or one given in WEGWIJZER_TEST_STACK
    "production": ("slow", "needs_model", "needs_root"),
    "browser": ("slow", "browser"),
    "desk_service": ("slow",),
    "redis_server": ("slow",),
    "postgres_url": ("slow", "needs_root"),
}


def pytest_collection_modifyitems(session, config, items):
    """Markers that say the truth: `-m "not slow"` (make test-fast) needs no model and
    starts no server. Browser tests last: Playwright's sync API keeps an event loop
    running in the main thread until its session fixture ends, and asyncio.run() in any
    test after it would fail ("cannot be called from a running event loop")."""
    for item in items:
        for fixture in set(getattr(item, "fixturenames", ())) & set(MARKERS_OF_FIXTURE):
            for marker in MARKERS_OF_FIXTURE[fixture]:
                item.add_marker(marker)
    browser = [item for item in items if "browser" in Path(str(item.fspath)).parent.name]
    items[:] = [item for item in items if item not in browser] + browser
