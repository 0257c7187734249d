"""The intake in English (issue 17): domain/intake_texts.en.yml, the form and the
summary in the conversation's language (slot `taal`), and English answers read.
Fast tier: no model, no servers; the Dutch intake is tested in tests/test_triage.py."""
from __future__ import annotations

import asyncio
import itertools
import re

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.triage import ActionTriageSamenvatting, ValidateTriageForm
from wegwijzer.intake.form import START_TEXT, FormState, read_turn
from wegwijzer.intake.reading import (Message, is_skip, maatregel_from_answer, municipality_from_text, need_from_text,
                                      role_from_text)
from wegwijzer.intake.summary import summary
from wegwijzer.intake.texts import all_texts, intake_texts
from wegwijzer.intake.vocabulary import GEEN, MAATREGEL_ANSWERS, NEEDS, ROLES, SOORT_ONBEKEND, WEET_NIET, Answers
from wegwijzer.knowledge.facts import with_facts
from wegwijzer.language import clear_language
from wegwijzer.readability import measure
from wegwijzer.texts import text_file, walk_texts
from wegwijzer.yaml_files import read_yaml

_PLACEHOLDER = re.compile(r"\{\w*\}")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
ALL_ANSWERS = [Answers(*answers) for answers in itertools.product(
    (*ROLES, None), (*MAATREGEL_ANSWERS, None), ("Amersfoort", None), (*NEEDS, None))]


def english_summary(answers: Answers) -> list:
    # Without the directory's routes: their words are tested with the contact routes.
    return summary(answers, lookup=lambda _: [], language="en")


def joined(parts) -> str:
    return "\n\n".join(part.text for part in parts)


def dutch_sentences() -> set:
    return {sentence for text in all_texts("nl") for sentence in _SENTENCE.split(text) if len(sentence.split()) >= 3}


# --------------------------------------------------------------------------
# The English texts
# --------------------------------------------------------------------------

def test_every_intake_text_is_in_english_with_its_placeholders_bold_and_dutch_payloads():
    dutch, english = (dict(walk_texts(read_yaml(text_file("intake_texts", language)))) for language in ("nl", "en"))
    assert english.keys() == dutch.keys(), set(english) ^ set(dutch)
    for path, text in dutch.items():
        if path.endswith(".payload"):
            assert english[path] == text, f"{path}: a payload stays Dutch (the NLU reads it)"
            continue
        assert english[path] != text, f"{path}: not translated"
        assert sorted(_PLACEHOLDER.findall(english[path])) == sorted(_PLACEHOLDER.findall(text)), path
        assert english[path].count("**") == text.count("**"), path


def test_every_english_intake_text_is_b1_by_the_english_formula():
    texts = list(all_texts("en"))
    assert len(texts) > 40 and set(texts) <= set(all_texts())
    above = {text: measure(text, language="en").problems for text in texts if measure(text, language="en").problems}
    assert not above, above


def test_an_unknown_or_missing_language_gets_the_dutch_texts():
    assert intake_texts(None) is intake_texts("tr") is intake_texts("nl")
    assert intake_texts("en")["start"] != intake_texts("nl")["start"]


# --------------------------------------------------------------------------
# The summary
# --------------------------------------------------------------------------

def test_ots_parent_summary_names_gezag_and_explains_it_in_english():
    text = joined(english_summary(Answers("ouder", "ots", "Amersfoort", "klagen")))
    for expected in ("You keep gezag (parental authority)", "ondertoezichtstelling (OTS: a family supervision order)",
                     "gezinsvoogd (family guardian)", "**gedwongen kader** (compulsory help)",
                     with_facts("lasts at most {ots_duur}", "en"),
                     "5 working days", "6 weeks", "plan van aanpak (action plan)", "doorbraaktafel",
                     "familiegroepsplan (family group plan)", "hoger beroep (appeal)", "You live in Amersfoort",
                     "AKJ (advice and complaints office for youth care)"):
        assert expected in text, expected
    dutch = [sentence for sentence in dutch_sentences() if sentence in text]
    assert not dutch, f"Dutch sentences in the English summary: {dutch}"


def test_every_english_summary_is_english_and_b1():
    dutch = dutch_sentences()
    parts = {part.text for answers in ALL_ANSWERS for part in english_summary(answers)}
    for text in parts:
        assert clear_language(text) != "nl", text
        assert not [sentence for sentence in _SENTENCE.split(text) if sentence in dutch], text
        assert not measure(text, language="en").problems, (text, measure(text, language="en").problems)


def test_english_summary_buttons_have_english_titles_and_dutch_payloads():
    english = english_summary(Answers("ouder", "ots", None, "mens_spreken"))
    dutch = summary(Answers("ouder", "ots", None, "mens_spreken"), lookup=lambda _: [])
    for english_part, dutch_part in zip(english, dutch):
        assert [payload for _, payload in english_part.buttons] == [payload for _, payload in dutch_part.buttons]
        assert all(e != d for (e, _), (d, _) in zip(english_part.buttons, dutch_part.buttons))
    assert english[-2].buttons == (("Talk to an adviser", "Ik wil een mens spreken"),)


def test_english_regional_agreements_name_their_region():
    # As the Dutch (tests/test_content_errors.py, issue 13): a regional agreement is no general rule.
    lines = {line for answers in ALL_ANSWERS for line in joined(english_summary(answers)).splitlines()}
    rules = [(lambda line: "12 or older" in line and "permission" in line, "Utrecht"),
             (lambda line: "raadsonderzoek" in line and "hear" in line, "Utrecht"),
             (lambda line: "8 weeks" in line, "Centraal Gelderland"),
             (lambda line: "report again" in line, "Centraal Gelderland")]
    for says, region in rules:
        said = [line for line in lines if says(line)]
        assert said and all(region in line for line in said), (region, said)


# --------------------------------------------------------------------------
# The form and the reading of answers
# --------------------------------------------------------------------------

def test_the_form_speaks_the_conversations_language():
    english = read_turn(Message("help me please", "zoek_hulp"), FormState(language="en"))
    assert english.say == [intake_texts("en")["start"]] and english.say != [START_TEXT]
    assert read_turn(Message("help mij", "zoek_hulp"), FormState()).say == [START_TEXT]
    not_understood = read_turn(Message("Blubberdam", "geef_gemeente"), FormState(requested="gemeente", language="en"))
    assert not_understood.say == [intake_texts("en")["not_understood"]["gemeente"]]
    changed = read_turn(Message("actually i live in Utrecht", "wijzig_antwoord", {"gemeente": ["Utrecht"]}),
                        FormState(requested="hulpvraag", answers={"gemeente": "Zeist"}, language="en"))
    assert changed.updates["gemeente"] == "Utrecht" and changed.say == ["I have changed your answer."]


@pytest.mark.parametrize("text, role", [
    ("i am a parent", "ouder"),
    ("I'm the mum of two kids", "ouder"),
    ("i am a young person", "jongere"),
    ("im 15", "jongere"),
    ("I am a social worker", "professional"),
    ("someone else, the neighbour", "omstander"),
    ("i am 45", None),
])
def test_english_role_answers(text, role):
    assert role_from_text(Message(text, "geef_rol")) == role


@pytest.mark.parametrize("text, intent, entities, answer", [
    ("ots", None, ["ots"], "ots"),
    ("i don't know", None, [], WEET_NIET),
    ("I’m not sure", None, [], WEET_NIET),
    ("no", None, [], GEEN),
    ("there is no measure", None, [], GEEN),
    ("the judge decided something", None, [], SOORT_ONBEKEND),
])
def test_english_maatregel_answers(text, intent, entities, answer):
    assert maatregel_from_answer(text, intent, entities) == answer


@pytest.mark.parametrize("text, need", [
    ("I want to understand what is happening", "begrijpen"),
    ("what should i do now", "volgende_stap"),
    ("i need support", "steun"),
    ("I disagree with the gezinsvoogd", "klagen"),
    ("i am worried about the kids next door", "zorgen_melden"),
    ("can I talk to a real person", "mens_spreken"),
])
def test_english_need_answers(text, need):
    assert need_from_text(text) == need


def test_english_skip_and_municipality():
    for text in ("skip", "I'd rather not say", "pass", "next question"):
        assert is_skip(text, None), text
    assert municipality_from_text("I live in Amersfoort") == "Amersfoort"
    turn = read_turn(Message("skip"), FormState(requested="gemeente", language="en"))
    assert turn.updates == {"gemeente": None, "overgeslagen": ["gemeente"]}


# --------------------------------------------------------------------------
# The actions pass the slot `taal` down
# --------------------------------------------------------------------------

def run(action, tracker) -> list:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker, {"slots": {}}))
    return dispatcher.messages


def test_summary_action_answers_in_the_slots_language():
    slots = {"rol": "ouder", "maatregel_antwoord": "ots", "gemeente": "Amersfoort", "hulpvraag": "volgende_stap"}
    english = run(ActionTriageSamenvatting(), Tracker("t", {**slots, "taal": "en"}, {}, [], False, None, {}, ""))
    assert "You keep gezag (parental authority)" in "\n".join(m["text"] for m in english)
    assert english[-1]["buttons"][0] == {"title": "Change an answer", "payload": "Ik wil mijn antwoord veranderen"}
    dutch = run(ActionTriageSamenvatting(), Tracker("t", slots, {}, [], False, None, {}, ""))
    assert "Je houdt het gezag" in "\n".join(m["text"] for m in dutch)


def test_form_action_says_its_texts_in_the_slots_language():
    latest = {"text": "help me please", "intent": {"name": "zoek_hulp"}, "entities": []}
    events = [{"event": "user", "text": "help me please"}, {"event": "active_loop", "name": "triage_form"}]
    tracker = Tracker("t", {"taal": "en", "overgeslagen": []}, latest, events, False, None,
                      {"name": "triage_form"}, "triage_form")
    messages = run(ValidateTriageForm(), tracker)
    assert messages[0]["text"] == intake_texts("en")["start"]
