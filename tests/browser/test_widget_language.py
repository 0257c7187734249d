"""The language button (issue 17): the widget's labels change at once, the
assistant answers the next questions in that language, the choice outlives a
reload, and axe-core stays clean in English."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from wegwijzer.language import detect_language

from .test_widget_accessibility import run_axe

pytestmark = pytest.mark.slow  # the real stack in a real browser


def test_switching_to_english_changes_the_labels_and_the_next_answers(chat):
    chat.open()
    chat.wait_for_greeting()
    chat.wait_until_idle()
    chat.page.get_by_role("button", name="Switch to English").click()
    expect(chat.page.get_by_label("Type your question")).to_be_visible()
    expect(chat.page.get_by_role("button", name="I need help now")).to_be_visible()
    language_button = chat.page.get_by_role("button", name="Naar het Nederlands")
    expect(language_button).to_be_focused()
    assert chat.page.locator(".wwj-root").get_attribute("lang") == "en"

    count = chat.bot_messages().count()
    chat.page.get_by_label("Type your question").fill("Wat doet Veilig Thuis?")
    chat.page.get_by_label("Type your question").press("Enter")
    answers = chat.answers_after(count)
    assert detect_language(" ".join(answers)) == "en", answers
    assert "Veilig Thuis" in " ".join(answers)
    assert run_axe(chat, "widget-english") == []
    chat.screenshot("widget-english")

    chat.page.reload()
    chat.page.wait_for_function("window.WegwijzerChat !== undefined")
    expect(chat.page.get_by_role("button", name="Naar het Nederlands")).to_be_visible()
    chat.page.get_by_role("button", name="Naar het Nederlands").click()
    expect(chat.input).to_be_visible()  # "Typ je vraag" again
    answers = chat.ask("What does Veilig Thuis do?")
    assert detect_language(" ".join(answers)) == "nl", answers
