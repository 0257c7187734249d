"""Which language the assistant answers in (wegwijzer.language.conversation_language,
slot `taal`). The blind English set (tests/test_english_blind.py) measures the same
on messages nobody here has read; these are the rules, on examples of our own."""
from __future__ import annotations

import pytest

from wegwijzer.language import clear_language, conversation_language, function_word_vote

DUTCH_WITH_AN_ENGLISH_WORD = [
    "ok", "ok dank je", "oke en nu?", "thanks!", "sorry", "sorry ik begrijp het niet",
    "kan ik ze ook via whatsapp bereiken", "nice, en hoe lang duurt dat dan", "please help, wat moet ik met die brief",
    "sorry hoor maar wie beslist dat eigenlijk", "yes graag", "ok top, dank je wel voor de info",
]
ENGLISH_WITH_DUTCH_TERMS = [
    "what does ondertoezichtstelling mean? I don't speak Dutch well",
    "how can I complain about the youth protection worker?",
    "i have a letter about a raadsonderzoek what do i do",
    "can the gezinsvoogd decide where my child lives",
    "who can help me at the zitting with the kinderrechter",
    # Dutch words that are in no list stay in the text; lingua alone read these as Dutch.
    "the raad has sent a verzoekschrift to the court, what does that mean",
    "where in utrecht can i find a cliëntondersteuner",
    "is there a vertrouwenspersoon for my son in the leefgroep",
]


@pytest.mark.parametrize("text", DUTCH_WITH_AN_ENGLISH_WORD)
def test_an_english_word_never_makes_a_dutch_conversation_english(text):
    assert conversation_language(text) in (None, "nl")


@pytest.mark.parametrize("text", ENGLISH_WITH_DUTCH_TERMS)
def test_english_with_dutch_words_from_a_letter_is_english(text):
    assert conversation_language(text) == "en"


def test_a_clear_dutch_message_switches_back_and_a_short_one_keeps_the_language():
    assert conversation_language("ik wil toch liever in het Nederlands verder") == "nl"
    assert conversation_language("hoe lang duurt een ots eigenlijk") == "nl"
    for short in ("ots?", "and now", "gezinsvoogd", "what is gezinsvoogd"):
        assert clear_language(short) is None, short


def test_the_persons_choice_decides_and_a_button_changes_nothing():
    assert conversation_language("hoe lang duurt een ots eigenlijk", {"taal_keuze": "en"}) == "en"
    assert conversation_language("how long does an ots take", {"taal_keuze": "nl"}) == "nl"
    assert conversation_language("kan een ots verlengd worden", {"knop": True}) is None
    assert conversation_language("hoe lang duurt een ots eigenlijk", {"taal_keuze": "fr"}) == "nl", "only nl and en"


def test_the_small_words_of_one_language_decide_a_mixed_message():
    assert function_word_vote("the raad sent a verzoekschrift what is that".split()) == "en"
    assert function_word_vote("sorry maar wat moet ik nu met die brief".split()) == "nl"
    assert function_word_vote("ik weet niet what to do".split()) is None, "too mixed: lingua decides"
    assert function_word_vote("ots verlenging brief".split()) is None
