""""Was dit antwoord nuttig?" under an answer, against the real stack: a parent asks a
question, rates the answer "Nee" with the keyboard, hears the thanks, and the tracker
store then holds the verdict for that answer in the format the review inbox reads
(wegwijzer/feedback.py). The choice survives a reload; the labels follow the widget's
language; axe-core stays clean with the question and the thanks on screen. The server
side with bad input is tests/test_feedback.py."""
from __future__ import annotations

import time

import pytest
import requests

from .test_widget_accessibility import run_axe

pytestmark = pytest.mark.slow  # the real stack in a real browser

NO_LABEL = "Nee, dit antwoord was niet nuttig"
THANKS = "Bedankt voor je reactie."


def tracker_events(stack, session_id: str) -> list[dict]:
    response = requests.get(f"{stack.rasa_url}/conversations/{session_id}/tracker",
                            params={"token": stack.token}, timeout=10)
    response.raise_for_status()
    return response.json()["events"]


def feedback_events(stack, session_id: str, timeout: float = 20) -> list[dict]:
    """The conversation's antwoord_feedback events, once there is one (waits for it)."""
    deadline = time.monotonic() + timeout
    while True:
        found = [e for e in tracker_events(stack, session_id)
                 if e["event"] == "slot" and e["name"] == "antwoord_feedback"]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def shift_tab_to(page, label: str, most: int = 40) -> bool:
    """Press Shift+Tab until the element named `label` has the focus; False after `most` presses."""
    for _ in range(most):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("() => document.activeElement.getAttribute('aria-label')") == label:
            return True
    return False


def test_a_parent_rates_an_answer_no_with_the_keyboard_and_it_is_kept_with_that_answer(chat, web_stack):
    page = chat.page
    chat.open()
    chat.wait_for_greeting()
    count = chat.bot_messages().count()
    page.get_by_role("group", name="Kies een antwoord").get_by_role("button", name="Ik ben ouder").click()
    chat.answers_after(count)
    assert page.locator(".wwj-feedback").count() == 0, "no question under the greeting or the intake's questions"

    chat.ask("Wat doet Veilig Thuis?")
    question = page.get_by_role("group", name="Was dit antwoord nuttig?")
    question.wait_for()
    assert question.count() == 1, "one question, under the answer's last part"
    assert question.get_by_role("button").all_inner_texts() == ["Ja", "Nee"]
    assert question.get_by_role("button", name="Ja, dit antwoord was nuttig").count() == 1
    rated_id = page.locator(".wwj-message--bot", has=question).get_attribute("data-id")
    rated = page.locator(f".wwj-message--bot[data-id='{rated_id}']")

    # With the keyboard: back from the input to "Nee", and Enter.
    chat.input.focus()
    assert shift_tab_to(page, NO_LABEL), "the feedback buttons are not reachable with the keyboard"
    page.keyboard.press("Enter")
    thanks = rated.get_by_role("status")
    thanks.filter(has_text=THANKS).wait_for()
    assert rated.get_by_role("button").count() == 0, "the thanks replaces the buttons"
    assert page.evaluate("document.activeElement.id") == "wwj-input", "focus goes back to the input"

    # The tracker store holds the verdict, for the latest bot event of that answer.
    state = chat.session_state()
    answer = next(m["answer"] for m in reversed(state["messages"]) if m.get("feedback"))
    assert answer.startswith("utter_faq/")
    [event] = feedback_events(web_stack, state["sessionId"])
    bot_events = [e for e in tracker_events(web_stack, state["sessionId"])
                  if e["event"] == "bot" and (e.get("metadata") or {}).get("utter_action") == answer]
    assert bot_events, "the rated answer is in the conversation"
    assert event["value"] == {"antwoord": answer, "nuttig": "nee", "bij": bot_events[-1]["timestamp"]}
    page.wait_for_function(
        "() => Object.keys(sessionStorage).some(k => k.startsWith('wegwijzer-chat:') && JSON.parse("
        "sessionStorage.getItem(k)).messages.some(m => m.feedback && m.feedback.sent))")

    # A second answer: its question on screen next to the thanks, and axe-core clean.
    chat.ask("Wat doet het AKJ?")
    question.wait_for()
    assert page.locator(".wwj-feedback-thanks", has_text=THANKS).count() == 1
    assert run_axe(chat, "desktop-feedback") == []
    chat.screenshot("widget-1280-feedback")

    # The choice survives a reload like the rest of the conversation.
    page.reload()
    page.wait_for_function("window.WegwijzerChat !== undefined")
    chat.panel.wait_for(state="visible")
    assert page.locator(".wwj-feedback-thanks", has_text=THANKS).count() == 1
    assert page.get_by_role("group", name="Was dit antwoord nuttig?").count() == 1, "only the unrated answer asks"

    # The labels follow the widget's language.
    page.get_by_role("button", name="Switch to English").click()
    english = page.get_by_role("group", name="Was this answer useful?")
    english.wait_for()
    assert english.get_by_role("button", name="No, this answer was not useful").inner_text() == "No"
    assert page.locator(".wwj-feedback-thanks", has_text="Thank you for your feedback.").count() == 1
    assert not chat.errors and not chat.dialogs
