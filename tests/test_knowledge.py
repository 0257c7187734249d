"""Knowledge answers (faq/<topic>): complete, role-tailored, free of phone numbers.

The static tests read domain/*.yml and data/; the conversation tests use the
real stack (conftest `stack`) and check that the answer fits the role.
"""
from __future__ import annotations

import re

import pytest

from conftest import texts
from project_files import nlu_blocks, responses

# The topics issue 3 asks for (and the professional-only ones), each its own faq intent.
REQUIRED_TOPICS = {
    "kader_verschil", "maatregel_algemeen", "ots", "vots", "machtiging_uithuisplaatsing",
    "gezagsbeeindigende_maatregel", "voogdij", "tijdelijke_voogdij", "voorlopige_voogdij",
    "wat_is_veilig_thuis", "jeugdbeschermingstafel", "preventieve_jeugdbescherming", "raadsonderzoek",
    "kinderrechter", "gezinsvoogd", "plan_van_aanpak", "familiegroepsplan", "contact_omgang",
    "verlenging", "einde_maatregel", "wachten_op_hulp", "rechten_overzicht", "recht_op_informatie",
    "toestemming", "recht_gehoord", "clientondersteuning", "wat_is_akj", "klacht", "juridische_hulp",
    # professional procedure
    "meldcode", "raadsonderzoek_aanvragen", "jeugdhulp_tijdens_ots", "rol_wijkteam", "wat_is_gi",
}
PHONE_NUMBER = re.compile(r"\b0\d{2,3}[- ]?\d{4,7}\b|\b11[23]\b|\b14 ?0\d{2,3}\b")


def faq_responses() -> dict[str, list[dict]]:
    return {name.split("/", 1)[1]: variations for name, variations in responses().items()
            if name.startswith("utter_faq/")}


def faq_training_topics() -> dict[str, int]:
    counts: dict[str, int] = {}
    for block in nlu_blocks():
        intent = str(block.get("intent", ""))
        if intent.startswith("faq/"):
            examples = [line for line in str(block.get("examples", "")).splitlines() if line.strip()]
            counts[intent[4:]] = counts.get(intent[4:], 0) + len(examples)
    return counts


def test_every_required_topic_has_an_answer_and_training_examples():
    answers, examples = faq_responses(), faq_training_topics()
    assert REQUIRED_TOPICS <= set(answers), f"no answer for {sorted(REQUIRED_TOPICS - set(answers))}"
    assert set(answers) == set(examples), "every answer has examples and every faq intent an answer"
    thin = {topic: n for topic, n in examples.items() if n < 15}
    assert not thin, f"too few training examples: {thin}"


def test_every_topic_answer_has_a_professional_and_a_default_variation():
    # The long topic texts; the short question answers (tests/test_questions.py) need a
    # professional variation only where professionals need another answer.
    for topic, variations in faq_responses().items():
        if topic not in REQUIRED_TOPICS:
            continue
        roles = [c.get("value") for v in variations for c in v.get("condition") or [] if c.get("name") == "rol"]
        assert "professional" in roles, f"{topic}: no answer for professionals"
        assert not variations[-1].get("condition"), f"{topic}: the last variation must be the default"


def test_answers_give_no_phone_numbers_and_use_plain_buttons():
    for topic, variations in faq_responses().items():
        for variation in variations:
            match = PHONE_NUMBER.search(variation["text"])
            assert not match, f"{topic}: phone number {match.group()!r} in text (the contact action gives numbers)"
            for button in variation.get("buttons") or []:
                assert not button["payload"].startswith("/"), f"{topic}: button payload must be plain language"


@pytest.fixture(scope="module")
def ask(stack):
    counter = iter(range(10_000))

    def conversation(role_message: str | None, *questions: str) -> list[str]:
        sender = f"knowledge-{next(counter)}"
        if role_message:
            stack.say(sender, role_message)
        return [texts(stack.say(sender, question)) for question in questions]
    return conversation


def test_answer_depends_on_the_role(ask):
    question = "wat is een ondertoezichtstelling"
    [parent] = ask("Ik ben ouder", question)
    [professional] = ask("Ik ben professional", question)
    [young] = ask("Ik ben een jongere", question)
    assert "Je houdt het gezag" in parent and "gezinsvoogd" in parent
    assert "beschikking" in professional and "inspecties" in professional
    assert "Je ouders blijven over jou beslissen" in young
    assert len({parent, professional, young}) == 3


def test_without_a_role_the_parent_answer_is_given(ask):
    [answer] = ask(None, "hoe lang duurt een machtiging uithuisplaatsing")
    # The parent's variation (domain/questions/maatregel_gezag.yml), not the professional's.
    assert "hoogstens een jaar" in answer and "je kind eerder terug naar huis" in answer


def test_professional_gets_procedure(ask):
    meldcode, aanvragen, jeugdhulp = ask(
        "ik ben jeugdconsulent",
        "wanneer moet ik volgens de meldcode melden",
        "hoe vraag ik als wijkteam een raadsonderzoek aan",
        "wie beslist over jeugdhulp tijdens een ots",
    )
    assert "afwegingskader" in meldcode
    assert "gemandateerd" in aanvragen and "GI" in aanvragen
    assert "eindverantwoordelijk" in jeugdhulp


def test_parent_hears_rights_and_where_to_get_support(ask):
    rechten, klacht, ondersteuning = ask(
        "ik ben moeder",
        "welke rechten heb ik eigenlijk",
        "ik wil een klacht indienen over de gezinsvoogd",
        "wat is een clientondersteuner",
    )
    assert "recht op informatie" in rechten and "familiegroepsplan" in rechten
    assert "AKJ" in klacht and "gratis" in klacht
    assert "gratis" in ondersteuning and "gemeente" in ondersteuning
