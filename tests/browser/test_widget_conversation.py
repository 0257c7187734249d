"""The chat widget on the demo pages, against the real stack: a question and
its answer, quick replies, the same conversation after a reload, and the
municipality and role passed to the assistant as metadata."""
from __future__ import annotations

import requests


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

    chat.ask("Wat doet Veilig Thuis?")
    assert chat.user_messages().last.inner_text() == "Wat doet Veilig Thuis?"
    answers = chat.bot_messages().all_inner_texts()
    assert any("meldpunt" in text for text in answers), answers
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

    roles.filter(has_text="Ik ben ouder").click()
    chat.wait_for_bot_text("Waar wil je meer over weten")
    chat.wait_until_idle()
    assert chat.user_messages().last.inner_text() == "Ik ben ouder"
    assert chat.page.locator(":focus").get_attribute("id") == "wwj-input", "focus goes back to the input"

    # Only the newest answer offers buttons; the role buttons are gone.
    topics = chat.page.get_by_role("group", name="Kies een antwoord")
    assert topics.count() == 1 and "Ik ben ouder" not in topics.inner_text()
    topics.get_by_role("button", name="Wat doet het AKJ?").click()
    chat.wait_for_bot_text("Klachtenbureau")


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
    chat.ask("Wat doet het AKJ?")
    chat.wait_for_bot_text("Klachtenbureau")
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
