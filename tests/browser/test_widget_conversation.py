"""The chat widget on the demo pages, against the real stack: a question and
its answer, quick replies, the same conversation after a reload, and the
municipality and role passed to the assistant as metadata."""
from __future__ import annotations

import pytest
import requests

from .test_widget_safety import push_bot_message

pytestmark = pytest.mark.slow  # the real stack in a real browser


def user_events(stack, session_id: str) -> list[dict]:
    response = requests.get(f"{stack.rasa_url}/conversations/{session_id}/tracker",
                            params={"token": stack.token}, timeout=10)
    response.raise_for_status()
    return [e for e in response.json()["events"] if e["event"] == "user"]


def test_ask_a_question_and_see_the_answer(chat):
    chat.open()
    assert chat.launcher.get_attribute("aria-expanded") == "true"
    chat.wait_for_greeting()  # the assistant introduces itself: a computer, not a person
    header = chat.page.locator(".wwj-header")
    assert "Automatische assistent van de gemeente Amersfoort" in header.inner_text()
    privacy = header.get_by_role("link", name="Privacyverklaring")
    assert privacy.get_attribute("href").endswith("/privacy.html")

    answers = chat.ask("Wat doet Veilig Thuis?")
    assert chat.user_messages().last.inner_text() == "Wat doet Veilig Thuis?"
    assert any("Veilig Thuis" in text for text in answers), answers
    # Every bubble carries its time, for people and for screen readers.
    last = chat.page.locator(".wwj-message--bot").last
    assert last.locator("time").get_attribute("datetime").endswith("Z")
    assert last.locator(".wwj-sr").first.inner_text().startswith("Wegwijzer, ")
    assert not chat.errors and not chat.dialogs


def test_quick_replies_send_their_payload_and_then_disappear(chat):
    chat.open()
    chat.wait_for_greeting()
    roles = chat.page.get_by_role("group", name="Kies een antwoord").get_by_role("button")
    roles.last.wait_for()
    assert roles.all_inner_texts() == ["Ik ben ouder", "Ik ben jongere", "Ik ben professional", "Iemand anders"]

    count = chat.bot_messages().count()
    roles.filter(has_text="Ik ben ouder").click()
    assert chat.answers_after(count), "the button's payload was sent and answered"
    assert chat.user_messages().last.inner_text() == "Ik ben ouder"
    assert chat.page.locator(":focus").get_attribute("id") == "wwj-input", "focus goes back to the input"

    # Only the newest answer offers buttons; the role buttons are gone.
    topics = chat.page.get_by_role("group", name="Kies een antwoord")
    assert topics.count() == 1 and "Ik ben ouder" not in topics.inner_text()
    first_topic = topics.get_by_role("button").first
    title = first_topic.inner_text()
    count = chat.bot_messages().count()
    first_topic.click()
    assert chat.answers_after(count)
    assert chat.user_messages().last.inner_text() == title


def test_reload_keeps_the_conversation_and_the_session(chat, web_stack):
    chat.open()
    chat.wait_for_greeting()
    chat.ask("Wat doet Veilig Thuis?")
    before = chat.page.locator(".wwj-message").all_inner_texts()
    session_id = chat.session_state()["sessionId"]

    chat.page.reload()
    chat.page.wait_for_function("window.WegwijzerChat !== undefined")
    chat.panel.wait_for(state="visible")  # it was open, so it opens again
    assert chat.page.locator(".wwj-message").all_inner_texts() == before
    assert any("AKJ" in text for text in chat.ask("Wat doet het AKJ?"))
    assert chat.session_state()["sessionId"] == session_id

    said = [e["text"] for e in user_events(web_stack, session_id)]
    assert "Wat doet Veilig Thuis?" in said and "Wat doet het AKJ?" in said, "one Rasa conversation"


def test_municipality_and_role_reach_the_assistant_as_metadata(new_chat, web_stack):
    chat = new_chat(web_stack.web_url).goto("/professionals.html")
    chat.open()
    chat.wait_for_greeting()
    chat.ask("Wat doet Veilig Thuis?")
    events = user_events(web_stack, chat.session_state()["sessionId"])
    assert events and all(e["metadata"].get("gemeente") == "Amersfoort" for e in events)
    assert all(e["metadata"].get("rol") == "professional" for e in events)
    assert events[-1]["metadata"].get("taal") == "nl"


def test_a_message_pushed_while_the_chat_is_closed_shows_on_the_launcher(chat, web_stack):
    """How an advisor's answer (human handoff) reaches a person who closed the chat."""
    chat.open()
    chat.wait_for_greeting()
    chat.wait_until_idle()
    chat.page.get_by_role("button", name="Chat sluiten").click()
    push_bot_message(web_stack, chat.session_state()["sessionId"], "Hallo, ik ben adviseur van het AKJ.")
    chat.page.get_by_role("button", name="Chat met Wegwijzer (nieuw bericht)").click()
    chat.wait_for_bot_text("adviseur van het AKJ")
    assert chat.launcher.inner_text().strip() == "Chat met Wegwijzer"


def test_advisor_messages_sent_while_the_person_was_on_another_page_show_once(chat, web_stack):
    """A parent looks at another page of the website during a handoff; the
    advisor's messages written meanwhile are there when they come back, and
    neither coming back nor a reload shows any of them twice."""
    chat.open()
    chat.wait_for_greeting()
    chat.wait_until_idle()
    session_id = chat.session_state()["sessionId"]
    chat.page.goto(web_stack.web_url + "/privacy.html")  # the widget's socket closes with the page
    push_bot_message(web_stack, session_id, "Hallo, ik ben adviseur bij het AKJ.", marker="desk-test-1")
    push_bot_message(web_stack, session_id, "Waar gaat het om?\n\nNeem gerust de tijd.", marker="desk-test-2")

    chat.goto("/")
    chat.panel.wait_for(state="visible")
    chat.wait_for_bot_text("Neem gerust de tijd")
    chat.page.reload()
    chat.page.wait_for_function("window.WegwijzerChat !== undefined")
    push_bot_message(web_stack, session_id, "Ik lees je bericht zo.", marker="desk-test-3")
    chat.wait_for_bot_text("Ik lees je bericht zo")  # after the reconnect's catch-up, which sends nothing now

    shown = chat.bot_messages().all_inner_texts()
    for text in ("ik ben adviseur bij het AKJ", "Waar gaat het om?", "Neem gerust de tijd", "Ik lees je bericht zo"):
        assert sum(text in bubble for bubble in shown) == 1, (text, shown)
    assert shown.index("Waar gaat het om?") < shown.index("Neem gerust de tijd.") < shown.index("Ik lees je bericht zo.")


def test_a_long_story_gets_a_friendly_counter_not_a_silent_cut(chat):
    chat.open()
    chat.input.fill("Mijn verhaal. " * 260)  # 3640 characters
    chat.input.press("End")
    chat.input.type("x")
    counter = chat.page.locator(".wwj-counter")
    assert counter.inner_text().startswith("Nog 359 tekens") and "in delen" in counter.inner_text()
