"""The real servers, started on free ports, holding a conversation over REST."""
from __future__ import annotations

import requests

from conftest import texts


def test_greeting_has_privacy_note_and_role_question(stack):
    reply = stack.say("e2e-greeting", "hallo")
    text = texts(reply)
    assert "computer" in text and "BSN" in text, "says it is not a person and not to type personal data"
    roles = [b["title"] for m in reply for b in m.get("buttons", [])]
    assert roles == ["Ik ben ouder", "Ik ben jongere", "Ik ben professional", "Iemand anders"]


def test_a_parent_conversation_over_rest(stack):
    sender = "e2e-parent"
    stack.say(sender, "hoi")
    assert "Waar wil je meer over weten" in texts(stack.say(sender, "Ik ben ouder"))
    kader = texts(stack.say(sender, "is de hulp vrijwillig of moet ik meewerken?"))
    assert "Vrijwillig kader" in kader and "Gedwongen kader" in kader
    route = texts(stack.say(sender, "wat is het telefoonnummer van veilig thuis"))
    assert "0800-2000" in route


def test_danger_gets_emergency_routes_at_once(stack):
    text = texts(stack.say("e2e-danger", "help hij slaat me nu"))
    assert text.index("112") < text.index("0800-2000")


def test_webpage_is_served_and_points_to_this_rasa(stack):
    page = requests.get(stack.web_url, timeout=10)
    assert page.status_code == 200 and "<html" in page.text.lower()
    config = requests.get(f"{stack.web_url}/config.js", timeout=10).text
    assert f":{stack.rasa_port}" in config


def test_http_api_requires_the_token(stack):
    url = f"{stack.rasa_url}/conversations/e2e-parent/tracker"
    assert requests.get(url, timeout=10).status_code == 401
    assert requests.get(url, params={"token": "wrong"}, timeout=10).status_code == 401
    assert requests.get(url, params={"token": stack.token}, timeout=10).status_code == 200


def test_odd_input_gets_a_normal_answer_and_the_server_keeps_answering(stack):
    long_story = ("Mijn zoon woont sinds vorig jaar in een pleeggezin en ik snap niet goed wat er nu "
                  "gaat gebeuren met de hulp en wie er beslist. ") * 40
    odd_messages = ["<img src=x onerror=alert(1)>", "", "   ", long_story[:5000], "😀🙏💔 👶", "\u0000\u202e"]
    for index, message in enumerate(odd_messages):
        reply = stack.say(f"e2e-odd-{index}", message)
        assert reply, f"no answer to {message[:30]!r}"
        assert "<img" not in texts(reply)
    long_reply = texts(stack.say("e2e-odd-long", long_story[:5000]))
    assert "het begin gelezen" in long_reply, "a long story is read from its beginning, and the person is told"
    assert len(long_reply) > len("Je bericht is lang.") + 80, "and it is answered, not only refused"
    assert "Hallo" in texts(stack.say("e2e-after-odd", "hallo"))
