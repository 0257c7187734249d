"""The Rasa server goes away and comes back: the person sees a clear message,
loses nothing they typed (not even over a reload), and the conversation goes
on in the same session."""
from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

pytestmark = pytest.mark.slow  # the real stack in a real browser

DRAFT = "Dit typ ik nog, en verstuur ik later"


def test_server_down_reconnect_and_continue(new_chat, spare_rasa, serve_web):
    spare_rasa.wait_ready()
    chat = new_chat(serve_web(spare_rasa.url)).goto("/")
    chat.open()
    chat.wait_for_greeting()
    count = chat.bot_messages().count()
    chat.page.get_by_role("button", name="Ik ben ouder").click()
    chat.answers_after(count)
    session_id = chat.session_state()["sessionId"]

    spare_rasa.stop()
    banner = chat.page.get_by_role("alert")
    expect(banner).to_contain_text("Geen verbinding", timeout=20_000)
    answered = chat.bot_messages().count()
    chat.input.fill("Wat doet het AKJ?")
    chat.input.press("Enter")
    queued = chat.page.locator(".wwj-message--user.wwj-queued")
    expect(queued).to_contain_text("Nog niet verstuurd")
    chat.input.fill(DRAFT)

    chat.page.reload()  # even a reload while offline loses nothing
    chat.panel.wait_for(state="visible")
    expect(queued).to_contain_text("Wat doet het AKJ?")
    expect(chat.input).to_have_value(DRAFT)
    expect(banner).to_contain_text("Geen verbinding", timeout=20_000)
    expect(queued).to_be_in_viewport()
    chat.screenshot("widget-1280-offline")

    spare_rasa.start()
    spare_rasa.wait_ready()
    expect(banner).to_contain_text("De verbinding is terug", timeout=30_000)
    assert any("AKJ" in text for text in chat.answers_after(answered)), "the queued question, answered"
    expect(queued).to_have_count(0)
    expect(chat.input).to_have_value(DRAFT)
    assert chat.session_state()["sessionId"] == session_id

    tracker = requests.get(f"{spare_rasa.url}/conversations/{session_id}/tracker",
                           params={"token": spare_rasa.token}, timeout=10).json()
    said = [e["text"] for e in tracker["events"] if e["event"] == "user"]
    assert "Ik ben ouder" in said and said.count("Wat doet het AKJ?") == 1, said
