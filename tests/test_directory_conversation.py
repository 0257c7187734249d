"""Contact-route conversations with the real stack (Rasa + action server +
SQLite directory), checked on what the person reads."""
from __future__ import annotations

from conftest import texts


def test_wijkteam_question_for_amersfoort(stack):
    reply = texts(stack.say("dir-amersfoort", "hoe bereik ik het wijkteam in Amersfoort"))
    assert "14 033" in reply and "Sociale Wijkteams Amersfoort" in reply


def test_wijkteam_question_for_a_municipality_without_local_data(stack):
    reply = texts(stack.say("dir-zeewolde", "wat is het nummer van het wijkteam in Zeewolde"))
    assert "gemeente Zeewolde" in reply and "geen eigen nummer" in reply
    assert "0800-2000" in reply and "14 033" not in reply


def test_wijkteam_question_with_a_misspelt_municipality(stack):
    reply = texts(stack.say("dir-typo", "nummer van het wijkteam in Amersfort"))
    assert "14 033" in reply


def test_wijkteam_question_without_municipality_asks_for_it_and_accepts_a_skip(stack):
    sender = "dir-ask"
    question = stack.say(sender, "hoe kan ik het wijkteam bellen")
    assert "In welke gemeente woon je" in texts(question)
    assert [b["title"] for m in question for b in m.get("buttons", [])] == ["Zeg ik liever niet"]
    answer = texts(stack.say(sender, "Amersfort"))
    assert "14 033" in answer
    sender = "dir-skip"
    # "ik zoek een cliëntondersteuner" may also get the answer on how to ask for one; its
    # button "Vind een cliëntondersteuner" sends this message, which asks for the route.
    asked = texts(stack.say(sender, "Waar vind ik een cliëntondersteuner?"))
    assert "In welke gemeente woon je" in asked
    skipped = texts(stack.say(sender, "Dat zeg ik liever niet"))
    assert "website van je gemeente" in skipped and "gratis" in skipped


def test_a_municipality_said_out_of_the_blue_is_kept_and_used_later(stack):
    sender = "dir-blue"
    first = texts(stack.say(sender, "ik woon in Amersfoort"))
    assert "gemeente Amersfoort" in first, "a bare municipality gets an answer, not silence"
    assert "14 033" in texts(stack.say(sender, "hoe bereik ik het wijkteam"))


def test_the_page_municipality_does_not_override_a_correction(stack):
    sender = "dir-page"
    stack.say(sender, "hallo", metadata={"gemeente": "Zeewolde"})
    reply = texts(stack.say(sender, "hoe bereik ik het wijkteam in Amersfoort", metadata={"gemeente": "Zeewolde"}))
    assert "14 033" in reply
    again = texts(stack.say(sender, "en het wijkteam nog een keer?", metadata={"gemeente": "Zeewolde"}))
    assert "14 033" in again and "Zeewolde" not in again
