"""Options for one's own records and a fresh start: download, print, start over."""
from __future__ import annotations

import re

import pytest

from conftest import ARTIFACTS

pytestmark = pytest.mark.slow  # the real stack in a real browser


def open_options(chat):
    chat.page.get_by_role("button", name="Opties").click()


def test_download_the_conversation_as_text(chat):
    chat.open()
    chat.wait_for_greeting()
    chat.ask("Wat doet Veilig Thuis?")
    open_options(chat)
    with chat.page.expect_download() as info:
        chat.page.get_by_role("button", name="Gesprek downloaden").click()
    download = info.value
    assert re.fullmatch(r"gesprek-wegwijzer-\d{4}-\d{2}-\d{2}\.txt", download.suggested_filename)
    path = ARTIFACTS / "downloads" / download.suggested_filename
    download.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("Gesprek met Wegwijzer Jeugdbescherming\nAutomatische assistent van de gemeente Amersfoort")
    assert re.search(r"\[\d\d:\d\d\] Jij:\nWat doet Veilig Thuis\?", text)
    after_question = text.split("Wat doet Veilig Thuis?", 1)[1]
    assert "] Wegwijzer:\n" in after_question and "Veilig Thuis" in after_question and "**" not in text
    assert "Jij:\nHallo" not in text, "the widget's own opening message is not part of the record"


def test_print_shows_only_the_conversation(chat):
    chat.open()
    chat.wait_for_greeting()
    chat.ask("Wat doet Veilig Thuis?")
    chat.page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    open_options(chat)
    chat.page.get_by_role("button", name="Gesprek printen").click()
    assert chat.page.evaluate("window.printed") == 1
    chat.page.emulate_media(media="print")
    for hidden in (".site-header", "main", ".wwj-launcher", ".wwj-form", ".wwj-toolbar"):
        assert chat.page.locator(hidden).first.is_hidden(), hidden
    assert chat.page.locator(".wwj-print-only").inner_text().startswith("Gesprek met Wegwijzer Jeugdbescherming")
    assert chat.user_messages().filter(has_text="Wat doet Veilig Thuis?").is_visible()
    chat.page.screenshot(path=str(ARTIFACTS / "screenshots" / "print-view.png"), full_page=True)


def test_start_over_begins_a_new_conversation(chat):
    chat.open()
    chat.wait_for_greeting()
    chat.ask("Wat doet Veilig Thuis?")
    old_session = chat.session_state()["sessionId"]

    open_options(chat)
    chat.page.get_by_role("button", name="Opnieuw beginnen").click()
    assert "verdwijnt" in chat.page.locator(".wwj-confirm").inner_text()
    assert chat.page.evaluate("document.activeElement.textContent") == "Nee, terug", "the safe choice has focus"
    chat.page.get_by_role("button", name="Ja, opnieuw beginnen").click()

    chat.wait_for_greeting()
    chat.wait_until_idle()
    assert chat.user_messages().count() == 0
    assert chat.page.evaluate("document.activeElement.id") == "wwj-input"
    new_session = chat.session_state()["sessionId"]
    assert new_session and new_session != old_session
