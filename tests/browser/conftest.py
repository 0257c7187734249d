"""Browser fixtures: one headless Debian chromium for all browser tests, a fresh
context (own sessionStorage) per test, and helpers to drive the chat widget.

Chromium comes from Debian (scripts/web_setup.sh installs it); Playwright's
own browser downloads are never used.
"""
from __future__ import annotations

import os
import re
import secrets
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from conftest import ARTIFACTS, ROOT, VENV_BIN, free_port, rasa_env
from wegwijzer.launcher import stop as stop_processes

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BUNDLE = ROOT / "web" / "dist" / "wegwijzer-chat.js"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ARTIFACTS / "screenshots"
ANSWER_TIMEOUT_MS = 30_000


@pytest.fixture(scope="session")
def browser():
    for needed, how in ((CHROMIUM, "scripts/web_setup.sh installs Debian's chromium"),
                        (BUNDLE, "scripts/web_setup.sh builds the widget"),
                        (AXE, "scripts/web_setup.sh runs npm ci")):
        if not needed.exists():
            pytest.fail(f"{needed} is missing: run `make setup` ({how}).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class ChatPage:
    """The demo page with the widget, as a person uses it."""

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", lambda request: self.requests.append(request.url))
        page.set_default_timeout(ANSWER_TIMEOUT_MS)

    def goto(self, path: str = "/") -> "ChatPage":
        self.page.goto(self.base_url + path)
        self.page.wait_for_function("window.WegwijzerChat !== undefined")
        return self

    @property
    def launcher(self):
        return self.page.locator(".wwj-launcher")

    @property
    def panel(self):
        return self.page.locator("#wwj-panel")

    @property
    def input(self):
        return self.page.get_by_label(re.compile("Typ je vraag"))

    def bot_messages(self):
        return self.page.locator(".wwj-message--bot .wwj-bubble")

    def user_messages(self):
        return self.page.locator(".wwj-message--user .wwj-bubble")

    def open(self) -> "ChatPage":
        if not self.panel.is_visible():
            self.launcher.click()
        self.panel.wait_for(state="visible")
        return self

    def wait_for_greeting(self) -> None:
        self.wait_for_bot_text("computer")

    def ask(self, text: str) -> list[str]:
        """Type and send a message; returns the texts of the answers to it."""
        count = self.bot_messages().count()
        self.input.fill(text)
        self.input.press("Enter")
        return self.answers_after(count)

    def answers_after(self, count: int) -> list[str]:
        """Waits for bot messages beyond the first `count` and for Rasa's acknowledgement."""
        self.page.wait_for_function(
            "n => document.querySelectorAll('.wwj-message--bot').length > n", arg=count)
        self.wait_until_idle()
        return self.bot_messages().all_inner_texts()[count:]

    def wait_for_bot_text(self, text: str) -> None:
        self.bot_messages().filter(has_text=text).last.wait_for()

    def wait_until_idle(self) -> None:
        """All sent messages acknowledged by Rasa (it acknowledges after its answers)."""
        self.page.locator(".wwj-typing").wait_for(state="hidden")

    def session_state(self) -> dict:
        return self.page.evaluate(
            "() => { for (const k of Object.keys(sessionStorage)) if (k.startsWith('wegwijzer-chat:'))"
            " return JSON.parse(sessionStorage.getItem(k)); return null; }")

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


@pytest.fixture
def new_chat(browser):
    """new_chat(base_url, width=1280, height=800) -> ChatPage in a fresh browser context."""
    contexts = []

    def make(base_url: str, width: int = 1280, height: int = 800, **context_options) -> ChatPage:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL",
                                      timezone_id="Europe/Amsterdam", **context_options)
        contexts.append(context)
        return ChatPage(context.new_page(), base_url)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def chat(new_chat, web_stack) -> ChatPage:
    """The demo page of the running stack, desktop size, widget not yet opened."""
    return new_chat(web_stack.web_url).goto("/")


class AttachedStack:
    """A stack that is already running, e.g. `make run` on other ports."""

    def __init__(self, spec: str) -> None:
        rasa, action, web, self.token = spec.split(":", 3)
        self.rasa_port, self.action_port, self.web_port = int(rasa), int(action), int(web)
        self.rasa_url = f"http://localhost:{self.rasa_port}"
        self.web_url = f"http://localhost:{self.web_port}"


def running_stack(request):
    spec = os.environ.get("WEGWIJZER_TEST_STACK")
    return AttachedStack(spec) if spec else request.getfixturevalue("stack")


@pytest.fixture(scope="session")
def web_stack(request):
    """The session stack; or, for quick local runs, a running one given as
    WEGWIJZER_TEST_STACK=rasa_port:action_port:web_port:token."""
    stack = running_stack(request)
    if any("test_widget_reconnect" in item.nodeid for item in request.session.items):
        # Start the reconnect test's own Rasa now: it loads its model while the other tests run.
        request.getfixturevalue("spare_rasa")
    return stack


@pytest.fixture
def serve_web():
    """serve_web(assistant_url, web_root=web/, port=0) -> base URL of an extra web server
    in this process, on a free port (or `port`: a page for the stack's socket.io must come
    from its origins, `stack.page_port`), for pages made in a test or another Rasa."""
    from wegwijzer.web.server import WEB_ROOT, make_server

    servers = []

    def start(assistant_url: str, web_root: Path = WEB_ROOT, port: int = 0) -> str:
        server = make_server(port, "127.0.0.1", web_root, assistant_url)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


class SpareRasa:
    """A second Rasa server (same model and action server as the stack, its own
    tracker database) that a test may stop and start again on the same port."""

    def __init__(self, model: Path, action_port: int, action_token: str, data_dir: Path) -> None:
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        self.token = secrets.token_urlsafe(32)
        self.model, self.action_port, self.action_token, self.data_dir = model, action_port, action_token, data_dir
        self.process: subprocess.Popen | None = None
        self.log_path = data_dir / "spare-rasa.log"

    def start(self) -> None:
        env = {**rasa_env(), "DATA_DIR": str(self.data_dir), "TF_NUM_INTRAOP_THREADS": "1",
               "TF_NUM_INTEROP_THREADS": "1", "ACTION_SERVER_URL": f"http://localhost:{self.action_port}/webhook",
               "RASA_AUTH_TOKEN": self.token, "ACTION_SERVER_TOKEN": self.action_token}
        command = [str(VENV_BIN / "python"), "-m", "wegwijzer.rasa_server", "--model", str(self.model), "--enable-api",
                   "--cors", "*", "--port", str(self.port),
                   "--endpoints", "endpoints.yml", "--credentials", "credentials.yml"]
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)

    def wait_ready(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("spare Rasa stopped:\n" + self.log_path.read_text()[-3000:])
            try:
                if requests.get(self.url, timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise TimeoutError("spare Rasa not ready:\n" + self.log_path.read_text()[-3000:])

    def stop(self) -> None:
        """SIGTERM; Rasa waits for open WebSocket connections to close, so it is
        killed after a few seconds, like a server that goes down."""
        if self.process:
            stop_processes({"rasa": self.process}, timeout=5)


@pytest.fixture(scope="session")
def spare_rasa(request, trained_model, tmp_path_factory):
    """A Rasa server of its own for the reconnect test (started by web_stack)."""
    stack = running_stack(request)
    # The stack's action server takes only its own token (an attached stack: ACTION_SERVER_TOKEN).
    action_token = (stack.environment_of("wegwijzer.action_server")["ACTION_SERVER_TOKEN"]
                    if hasattr(stack, "environment_of") else os.environ.get("ACTION_SERVER_TOKEN", ""))
    spare = SpareRasa(trained_model, stack.action_port, action_token, tmp_path_factory.mktemp("spare-rasa"))
    spare.start()
    try:
        yield spare
    finally:
        spare.stop()


def pytest_collection_modifyitems(session, config, items):
    """The reconnect test runs last of the whole session: the spare Rasa it
    restarts then loads its model while everything else runs."""
    last = [item for item in items if "test_widget_reconnect" in item.nodeid]
    items[:] = [item for item in items if item not in last] + last
