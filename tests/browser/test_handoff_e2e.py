"""Handoff end to end in two browsers: a parent in the real chat widget asks for
a person and consents; an advisor logs in to the desk, takes the conversation,
sees the summary, and they chat both ways; the advisor hands back and the
assistant answers the next question. Then, with the desk stopped, the parent
gets the AKJ routes within one reply.

Measured (printed and saved in test-artifacts/handoff-latency.json): the time
from the parent's consent to the conversation in the desk's queue, and from an
advisor's message to its display in the widget."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests

from conftest import ARTIFACTS, ROOT, VENV_BIN
from handoff_desk_client import PASSWORD, add_advisor, desk_environment

pytestmark = pytest.mark.slow
LATENCY_FILE = ARTIFACTS / "handoff-latency.json"


def record(name: str, seconds: float) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    figures = json.loads(LATENCY_FILE.read_text()) if LATENCY_FILE.exists() else {}
    figures[name] = round(seconds * 1000)
    LATENCY_FILE.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"{name}: {seconds * 1000:.0f} ms")


def desk_login(browser, base_url: str, username: str, **context_options):
    """An advisor's browser context, logged in to the desk at `base_url` (for the
    production profile's self-signed certificate: ignore_https_errors=True)."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}, **context_options)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(base_url + "/desk/")
    assert page.url.endswith("/desk/login"), "the desk asks for a login first"
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/desk/$"))
    page.locator("#me").filter(has_text="Ingelogd als").wait_for()
    return context, page


def ask_for_a_person(chat):
    """A parent asks a question, then for a person, up to the consent question."""
    chat.open()
    chat.wait_for_greeting()
    chat.ask("Ik ben ouder")
    chat.ask("Mijn dochter is uit huis geplaatst. Hoe vaak mag ik haar zien?")
    chat.ask("ik wil een mens spreken")
    chat.wait_for_bot_text("Mag ik de vertrouwenspersoon een korte samenvatting sturen")
    return chat


def quick_reply(chat, title: str):
    return chat.page.get_by_role("group", name="Kies een antwoord").get_by_role("button", name=title)


def send_without_answer(chat, text: str) -> None:
    """While the advisor chats the assistant says nothing back; Rasa still acknowledges."""
    chat.input.fill(text)
    chat.input.press("Enter")
    chat.wait_until_idle()


def test_parent_and_advisor_chat_and_the_assistant_takes_over_again(browser, new_chat, web_stack):
    if not hasattr(web_stack, "handoff_url"):
        pytest.skip("an attached stack without the handoff service")
    add_advisor(web_stack.data_dir, "sanne", "Sanne")
    desk_context, desk = desk_login(browser, web_stack.handoff_url, "sanne")
    try:
        chat = ask_for_a_person(new_chat(web_stack.web_url).goto("/"))
        assert any("onafhankelijk" in text for text in chat.bot_messages().all_inner_texts())

        consent = quick_reply(chat, "Ja, allebei")
        started = time.monotonic()
        consent.click()
        card = desk.locator("#queue .card").first
        card.wait_for()
        record("consent_to_desk_queue", time.monotonic() - started)
        chat.wait_for_bot_text("Je staat in de wachtrij")
        assert "ouder" in card.inner_text()
        assert "Hoe vaak mag ik haar zien" in card.inner_text(), "the person's question, without retelling"

        card.get_by_role("button", name="Aannemen").click()
        summary = desk.locator("#summary")
        summary.filter(has_text="ouder").wait_for()
        desk.locator("#transcript").filter(has_text="uit huis geplaatst").wait_for()
        chat.wait_for_bot_text("Je chat nu met Sanne")

        desk.get_by_label("Uw bericht").fill("Hallo, ik ben Sanne van het AKJ. Vertel maar.")
        started = time.monotonic()
        desk.get_by_role("button", name="Versturen").click()
        chat.wait_for_bot_text("Sanne (AKJ): Hallo, ik ben Sanne van het AKJ")
        record("advisor_message_to_widget", time.monotonic() - started)

        started = time.monotonic()
        send_without_answer(chat, "Ik mag mijn dochter maar één keer per maand zien.")
        desk.locator("#chat .message.persoon").filter(has_text="één keer per maand").wait_for()
        record("person_message_to_desk", time.monotonic() - started)

        desk.get_by_role("button", name="Afsluiten en teruggeven aan de assistent").click()
        chat.wait_for_bot_text("Je chat nu weer met Wegwijzer")
        chat.ask("Wat doet Veilig Thuis?")
        chat.wait_for_bot_text("meldpunt")
        assert not chat.errors and not chat.dialogs
    finally:
        desk_context.close()


def desk_processes(stack) -> list[int]:
    """The desk service among the launcher's children (Linux /proc)."""
    children = Path(f"/proc/{stack.process.pid}/task/{stack.process.pid}/children").read_text().split()
    return [int(pid) for pid in children if b"wegwijzer.handoff" in Path(f"/proc/{pid}/cmdline").read_bytes()]


@pytest.fixture(scope="session")
def replacement_desks():
    """Desk services started again by tests; stopped at the end of the session."""
    started: list[subprocess.Popen] = []
    yield started
    for process in started:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(10)


@pytest.fixture
def desk_stopped(web_stack, replacement_desks):
    """The stack's desk service is stopped; afterwards a new one runs on its port."""
    if not hasattr(web_stack, "handoff_url"):
        pytest.skip("an attached stack without the handoff service")
    # Started again as the launcher started it (its HANDOFF_API_TOKEN is the action server's).
    env = desk_environment(web_stack)
    for pid in desk_processes(web_stack):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and _answers(web_stack.handoff_url):
        time.sleep(0.2)
    assert not _answers(web_stack.handoff_url), "desk still running"
    yield
    replacement_desks.append(subprocess.Popen(
        [str(VENV_BIN / "python"), "-m", "wegwijzer.handoff", "serve", "--port", str(web_stack.handoff_port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not _answers(web_stack.handoff_url):
        time.sleep(0.2)


def _answers(url: str) -> bool:
    try:
        return requests.get(url + "/health", timeout=1).ok
    except requests.RequestException:
        return False


def test_with_the_desk_stopped_the_parent_gets_the_akj_routes_in_one_reply(new_chat, web_stack, desk_stopped):
    chat = new_chat(web_stack.web_url).goto("/")
    chat.open()
    chat.wait_for_greeting()
    before = chat.bot_messages().count()
    started = time.monotonic()
    chat.ask("ik wil een mens spreken")
    record("desk_down_to_routes", time.monotonic() - started)
    reply = "\n".join(chat.bot_messages().all_inner_texts()[before:])
    assert "088-5551000" in reply and "info@akj.nl" in reply, reply
    assert "Het lukt nu niet om je door te verbinden" in reply
    assert quick_reply(chat, "Vraag achterlaten").is_visible()
    chat.ask("Wat doet Veilig Thuis?")
    chat.wait_for_bot_text("meldpunt")  # the assistant keeps working
