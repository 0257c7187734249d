"""Question-level answers (domain/questions/) and follow-ups (domain/followups.yml).

Static checks read the domain and data files; the conversation tests use the
real stack and check that a short follow-up is answered for the topic before.
"""
from __future__ import annotations

import re

import pytest

from conftest import ROOT, texts
from project_files import filled, load_yaml, nlu_blocks, responses
from wegwijzer.knowledge.followups import FOLLOW_UP, followups
from wegwijzer.texts import variation_language

QUESTIONS = ROOT / "domain" / "questions"


def question_answers() -> dict[str, list[dict]]:
    found = {}
    for path in sorted(QUESTIONS.glob("*.yml")):
        for name, variations in load_yaml(path)["responses"].items():
            found[name.removeprefix("utter_faq/")] = filled(variations)
    return found


def all_answer_keys() -> set[str]:
    return {n.removeprefix("utter_faq/") for n in responses() if n.startswith("utter_faq/")}


def training_examples() -> dict[str, str]:
    """Every training example (lower case) and its intent."""
    found = {}
    for block in nlu_blocks():
        for line in str(block.get("examples", "")).splitlines():
            if line.strip():
                found[line.strip().removeprefix("- ").strip().lower()] = str(block.get("intent"))
    return found


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]


def test_there_are_at_least_150_answers():
    assert len(all_answer_keys()) >= 150


def test_every_answer_has_a_default_variation_and_a_short_direct_start():
    for key, variations in question_answers().items():
        assert not variations[-1].get("condition"), f"{key}: the last variation must be the default"
        for variation in variations:
            text = variation["text"]
            # An English answer explains each Dutch term it names ("the gezinsvoogd (family
            # guardian)"), often in a sentence of its own: a little more room after the first.
            most_opening, most_sentences = (40, 10) if variation_language(variation) == "en" else (32, 7)
            # A short acknowledgement may come first ("Dit is spannend."); then the answer.
            opening = " ".join(re.split(r"(?<=[.!?])\s", text.strip())[:2])
            assert len(first_sentence(text).split()) <= 22, f"{key}: the first sentence is not a short answer"
            assert len(opening.split()) <= most_opening, f"{key}: the answer does not start directly"
            paragraphs = [p for p in re.split(r"(?<=[.!?])\s", text) if p.strip()]
            assert len(paragraphs) <= most_sentences, \
                f"{key}: {len(paragraphs)} sentences; keep it short (Meer uitleg has the rest)"


def test_every_button_leads_to_a_question_the_assistant_knows():
    examples = training_examples()
    for key, variations in question_answers().items():
        for variation in variations:
            buttons = variation.get("buttons") or []
            assert 1 <= len(buttons) <= 4, f"{key}: {len(buttons)} buttons"
            for button in buttons:
                assert len(button["title"]) <= 30, f"{key}: button title too long: {button['title']!r}"
                assert button["payload"].lower() in examples, f"{key}: button payload {button['payload']!r} is no training example"


def test_question_answers_name_their_topic_so_follow_ups_work():
    rules = followups()
    nameless = [key for key in question_answers()
                if key != FOLLOW_UP and not key.startswith("verschil_") and rules.topic_of(key) is None]
    assert not nameless, f"answers whose name starts with no known topic: {nameless}"


@pytest.mark.parametrize("text, selected, expected", [
    ("en hoe lang duurt dat?", "raadsonderzoek_duur", "ots_duur"),   # the topic of the conversation wins
    ("wie beslist dat", FOLLOW_UP, "ots_wie_beslist"),
    ("hoe lang duurt een raadsonderzoek", "raadsonderzoek_duur", "raadsonderzoek_duur"),  # names a topic
    ("wat is dat eigenlijk", FOLLOW_UP, "ots"),                        # the long topic answer
    ("en wat kost het bezoek", FOLLOW_UP, FOLLOW_UP),                  # names a topic of its own
])
def test_a_short_follow_up_is_resolved_against_the_topic(text, selected, expected):
    keys = {"ots", "ots_duur", "ots_wie_beslist", "raadsonderzoek_duur", FOLLOW_UP}
    assert followups().resolve(text, selected, "ots", keys, names_a_topic=False) == expected


@pytest.mark.parametrize("text, asks", [
    ("ik wacht al 5 maanden op het akj, wie bel ik nu", True),
    ("welk nummer heeft het juridisch loket", True),
    ("wat doet het akj", False),
])
def test_a_question_that_also_asks_whom_to_call_is_recognised(text, asks):
    assert followups().asks_for_contact(text) is asks


def test_a_follow_up_without_its_own_answer_gets_the_best_ranked_answer_of_the_topic():
    # "en wie vraagt die aan?" after the machtiging: no aspect word, so the
    # selector's ranking decides, narrowed to the topic of the conversation.
    keys = {"machtiging_uithuisplaatsing", "uithuisplaatsing_wie_beslist", "gbm_wie_beslist", FOLLOW_UP}
    ranked = [FOLLOW_UP, "gbm_wie_beslist", "uithuisplaatsing_wie_beslist"]
    assert followups().resolve("en wie vraagt die aan?", FOLLOW_UP, "uithuisplaatsing", keys, False,
                               ranked) == "uithuisplaatsing_wie_beslist"


def test_a_message_naming_a_topic_is_not_answered_with_what_is_it_about():
    # The selector took it for a follow-up, but it names the wijkteam itself.
    rules = followups()
    text = "en als ik het niet eens ben met hoe het wijkteam met ons omgaat?"
    keys = {"rol_wijkteam", "wijkteam_weigeren", "akj_wie_mag", FOLLOW_UP}
    named = rules.topics_named(text, [("organisatie", "wijkteam")])
    assert rules.compose(text, FOLLOW_UP, named, keys, [FOLLOW_UP, "akj_wie_mag", "wijkteam_weigeren"]) \
        == "wijkteam_weigeren"


def test_a_specific_answer_of_another_topic_is_kept():
    # "wachten_op_hulp" for a message that also names the OTS: no aspect, so the selector decides.
    rules = followups()
    text = "we hebben sinds maanden een ots maar de hulp is nog steeds niet begonnen"
    keys = {"wachten_op_hulp", "ots_wat_nu", "ots"}
    assert rules.compose(text, "wachten_op_hulp", ["ots"], keys, ["wachten_op_hulp", "ots_wat_nu"]) == "wachten_op_hulp"


def test_without_a_topic_a_follow_up_asks_what_it_is_about():
    assert followups().resolve("en hoe lang duurt dat?", FOLLOW_UP, None, {FOLLOW_UP}, False) == FOLLOW_UP


def test_a_long_message_is_never_answered_with_what_is_it_about():
    # More than twice max_words: not a follow-up, so the best-ranked real answer.
    text = ("mijn twee kleintjes zijn in een pleeggezin gezet en ik mis ze zo erg, ik slaap niet "
            "en eet bijna niks meer. wie bepaalt eigenlijk wanneer ik ze mag zien?")
    keys = {FOLLOW_UP, "contact_omgang", "uithuisplaatsing"}
    assert followups().resolve(text, FOLLOW_UP, None, keys, False, [FOLLOW_UP, "contact_omgang"]) == "contact_omgang"
    # Short, without a topic: still asks what it is about.
    assert followups().resolve("en wie bepaalt dat?", FOLLOW_UP, None, keys, False, [FOLLOW_UP, "contact_omgang"]) == FOLLOW_UP


@pytest.mark.parametrize("text, selected, named, expected", [
    ("wat houdt een uithuisplaatsing in", "uithuisplaatsing_duur", "uithuisplaatsing", "machtiging_uithuisplaatsing"),
    ("wat is dat eigenlijk, een ots", "ots_wat_nu", "ots", "ots"),
    # A specific answer of the topic stays; an aspect or a comparison decides as before.
    ("wat is een voorlopige voogdij", "voorlopige_voogdij", "voogdij", "voorlopige_voogdij"),
    ("wat is een ots en hoe lang duurt het", "ots", "ots", "ots_duur"),
    ("wat is het verschil tussen een ots en een vots", "verschil_vots_ots", "ots", "verschil_vots_ots"),
])
def test_a_question_what_something_is_gets_the_topics_long_answer(text, selected, named, expected):
    keys = {"uithuisplaatsing_duur", "machtiging_uithuisplaatsing", "ots", "ots_wat_nu", "ots_duur",
            "voogdij", "voorlopige_voogdij", "verschil_vots_ots"}
    assert followups().compose(text, selected, [named], keys, [selected]) == expected


def test_a_message_naming_a_maatregel_is_not_a_follow_up():
    assert followups().resolve("hoe lang duurt een vots", "vots_duur", "ots", {"ots_duur", "vots_duur"},
                               names_a_topic=True) == "vots_duur"


@pytest.mark.slow
@pytest.mark.parametrize("first, follow_up, expected", [
    ("wat is een ondertoezichtstelling", "en hoe lang duurt dat?", "jaar"),
    ("wat doet veilig thuis eigenlijk", "kan ik ze ook s nachts bellen", "0800-2000"),
    ("wat doet het AKJ", "wat kost dat", "gratis"),
])
def test_follow_up_in_a_conversation(stack, first, follow_up, expected):
    sender = f"follow-up-{abs(hash((first, follow_up)))}"
    stack.say(sender, first)
    assert expected in texts(stack.say(sender, follow_up))


@pytest.mark.parametrize("text, entities, selected, expected", [
    # One topic and one aspect: that answer, whatever the selector chose.
    ("hoelang loopt zo'n ots eigenlijk", [("maatregel", "ots")], "wachten_duur", "ots_duur"),
    ("kan ik veilig thuis in het weekend bellen", [("organisatie", "veilig_thuis")], "vt_kosten", "vt_bereikbaar"),
    # The selector's choice is one of the named aspects: kept.
    ("wat kost een ots en hoe lang duurt het", [("maatregel", "ots")], "ots_kosten", "ots_kosten"),
    # Two topics, or no aspect: the selector decides.
    ("verschil tussen ots en voogdij qua gezag", [("maatregel", "ots"), ("maatregel", "voogdij")],
     "verschil_ots_voogdij", "verschil_ots_voogdij"),
    ("wat is een ots", [("maatregel", "ots")], "ots", "ots"),
    # "mijn kind" is in most questions of parents: not an aspect of a whole question.
    ("mijn kind heeft een ots, wat nu", [("maatregel", "ots")], "ots_wat_nu", "ots_wat_nu"),
    # The selector chose the same aspect of another topic the message names: kept.
    ("ik sta onder toezicht, hoe snel moet er een jeugdbeschermer komen", [("maatregel", "ots")],
     "gezinsvoogd_duur", "gezinsvoogd_duur"),
    # ... but not an answer about a topic the message does not name.
    ("ik sta onder toezicht, hoe snel moet er een jeugdbeschermer komen", [("maatregel", "ots")],
     "wachten_duur", "ots_duur"),
])
def test_a_question_naming_one_topic_and_an_aspect_gets_that_answer(text, entities, selected, expected):
    rules = followups()
    known = {"ots", "ots_duur", "ots_kosten", "ots_kind", "ots_wat_nu", "wachten_duur", "vt_kosten",
             "vt_bereikbaar", "verschil_ots_voogdij", "gezinsvoogd_duur"}
    assert rules.compose(text, selected, rules.topics_named(text, entities), known, (),
                         rules.all_topics_named(text, entities)) == expected


@pytest.mark.slow
def test_a_crisis_that_also_asks_a_question_gets_the_routes_then_the_answer(stack):
    replies = texts(stack.say("crisis-and-question", "ik wil niet meer leven sinds ze mijn kinderen hebben "
                                                     "meegenomen, hoe lang duurt een ondertoezichtstelling"))
    assert "**113**" in replies and "jaar" in replies
    assert replies.index("**113**") < replies.index("jaar")


def test_a_specific_answer_of_the_named_topic_is_kept():
    rules = followups()
    text = "wie toetst het voornemen om een ots niet te verlengen"
    known = {"ots_verlengen", "ots_toetsing"}
    assert rules.compose(text, "ots_toetsing", rules.topics_named(text, [("maatregel", "ots")]), known) == "ots_toetsing"


def test_a_specific_long_answer_of_the_named_topic_is_kept():
    rules = followups()
    text = "wie beslist over jeugdhulp tijdens een ots"
    known = {"ots_wie_beslist", "jeugdhulp_tijdens_ots"}
    named = rules.topics_named(text, [("maatregel", "ots")])
    assert rules.compose(text, "jeugdhulp_tijdens_ots", named, known) == "jeugdhulp_tijdens_ots"


def test_answers_that_send_someone_somewhere_carry_a_route_of_a_known_organisation():
    rules = followups()
    organisations = {line.split(",")[0] for line in (ROOT / "directory" / "organisations.csv").read_text(
        encoding="utf-8").splitlines()[1:]}
    answers = all_answer_keys()
    assert rules.route_of_answer, "domain/followups.yml: route_of_answer is empty"
    for key, organisation in rules.route_of_answer.items():
        assert key in answers, f"route_of_answer names an unknown answer: {key}"
        assert organisation in organisations, f"{key}: unknown organisation {organisation}"


@pytest.mark.parametrize("key, text, expected", [
    ("klacht_gezinsvoogd", "ik wil een klacht indienen over onze gezinsvoogd", "akj"),  # sends to the AKJ
    ("vt_bereikbaar", "is veilig thuis s nachts open", "veilig_thuis"),              # asks for the hours
    ("ots_duur", "hoe lang duurt een ots", None),                                    # no one to call
])
def test_the_route_under_an_answer(key, text, expected):
    assert followups().organisation_to_route(key, text) == expected


@pytest.mark.parametrize("text, young", [
    ("ik ben 15 en wil met iemand praten, wie kan ik bellen", True),
    ("ik ben 12 jaar wie kan ik bellen", True),
    ("mijn zoon is 15, wie kan ik bellen", False),
    ("ik ben 35 en wil een nummer", False),
    ("mijn zoon van 15 jaar wil praten, wie kan hij bellen", False),
])
def test_a_young_person_who_names_no_organisation_is_recognised(text, young):
    assert followups().is_young_person(text) is young


@pytest.mark.parametrize("topic, text, keys, expected", [
    ("raadsonderzoek", "en als het echt niet kan wachten?",
     {"raadsonderzoek_spoed", "raadsonderzoek_lang_wachten"}, "raadsonderzoek_spoed"),
    ("kindertelefoon", "kan ik die ook bellen als ik 15 ben",
     {"kindertelefoon_wie_mag", "kindertelefoon_bereikbaar"}, "kindertelefoon_wie_mag"),
    ("clientondersteuning", "waar vraag ik dat aan",
     {"clientondersteuning_hoe_aanvragen", "clientondersteuning_kosten"}, "clientondersteuning_hoe_aanvragen"),
    ("ots", "en waarom krijgen we die eigenlijk?", {"ots_gronden", "ots_duur"}, "ots_gronden"),
    ("ots", "on what grounds?", {"ots_gronden", "ots_wie_beslist"}, "ots_gronden"),
])
def test_a_follow_up_gets_the_aspect_it_asks_about(topic, text, keys, expected):
    assert followups().resolve(text, FOLLOW_UP, topic, keys | {FOLLOW_UP}, False) == expected


@pytest.mark.parametrize("topic, text, expected", [
    # English follow-ups resolve against the topic as the Dutch ones do (issue 17).
    ("ots", "and how long does that take?", "ots_duur"),
    ("ots", "who decides that?", "ots_wie_beslist"),
    ("ots", "what if I don't agree", "ots_oneens"),
    ("akj", "their number?", "akj_bereikbaar"),
    ("uithuisplaatsing", "and for my child?", "uithuisplaatsing_kind"),
    # "do I have to pay" asks what it costs, not whether one may refuse.
    ("vt", "do i have to pay for it?", "vt_kosten"),
    ("ots", "do we have to cooperate", "ots_weigeren"),
    ("kindertelefoon", "what hours can i reach them", "kindertelefoon_bereikbaar"),
    ("gezinsvoogd", "what if he never answers", "gezinsvoogd_bereikbaar"),
    ("jbt", "may she join? she is 14", "jbt_kind"),
    ("vt", "will they tell me what they did with it?", "vt_terugkoppeling"),
])
def test_an_english_follow_up_gets_the_aspect_it_asks_about(topic, text, expected):
    assert followups().resolve(text, FOLLOW_UP, topic, all_answer_keys() | {FOLLOW_UP}, False) == expected


@pytest.mark.slow
@pytest.mark.parametrize("text, written_for, not_for", [
    # ots_duur has a variant for young people ("jouw OTS") and the default for parents ("jullie OTS").
    ("ik ben 14, hoe lang duurt een ots eigenlijk", "jouw OTS", "jullie OTS"),
    ("mijn zoon heeft een ots, hoe lang duurt zoiets", "jullie OTS", "jouw OTS"),
])
def test_who_is_writing_said_in_passing_chooses_the_answer_written_for_them(stack, text, written_for, not_for):
    """No "wie ben je?" first: "ik ben 14" or "mijn zoon" in the question itself fills
    slot rol (entity rol_zelf, wegwijzer/nlp/role_cues.yml)."""
    reply = texts(stack.say(f"role-in-passing-{abs(hash(text)):x}", text))
    assert written_for in reply and not_for not in reply, reply


@pytest.mark.parametrize("text, names_organisation, again", [
    ("en het wijkteam nog een keer?", True, True),
    ("en veilig thuis?", True, True),
    ("en het wijkteam, wat doet dat?", True, False),  # a question about it, not its route
    ("en hoe lang duurt dat?", False, False),
    ("het akj nog een keer, ik heb het nummer niet goed gelezen en wil het opschrijven", True, False),
])
def test_after_a_route_a_bare_organisation_asks_for_its_route(text, names_organisation, again):
    assert followups().asks_route_again(text, names_organisation) is again


def test_the_cost_cue_does_not_match_the_verb_gelden():
    # "tot wanneer geldt zoiets" asks how long, not what it costs.
    aspects = followups().aspects_in("de raad wil een gezagsbeëindigende maatregel, tot wanneer geldt zoiets")
    assert "duur" in aspects and "kosten" not in aspects
    assert "kosten" in followups().aspects_in("kost het geld")


def test_where_someone_lives_names_the_placement_only_when_nothing_else_is_named():
    rules = followups()
    assert rules.topics_named("ik woon in een pleeggezin, hoe lang duurt dat nog", []) == ["uithuisplaatsing"]
    assert rules.topics_named("ik ben 15 en woon in een pleeggezin. mijn pleegouders zeggen dat ik "
                              "opa niet meer mag zien", []) == ["omgang"]


def test_a_short_message_that_points_back_stays_with_the_topic_although_it_names_another():
    # "is daar een uitspraak van de kinderrechter voor nodig?" after preventieve jeugdbescherming.
    rules = followups()
    keys = {"kinderrechter_oneens", "preventief_weigeren", "kinderrechter"}
    ranked = ["kinderrechter_oneens", "kinderrechter", "preventief_weigeren"]
    text = "is daar een uitspraak van de kinderrechter voor nodig?"
    assert rules.resolve(text, "kinderrechter_oneens", "preventief", keys, True, ranked) == "preventief_weigeren"
    # Without "daar" it is a question about the kinderrechter.
    assert rules.resolve("mag ik de kinderrechter zelf een brief sturen", "kinderrechter_oneens", "preventief",
                         keys, True, ranked) == "kinderrechter_oneens"


def test_a_named_topic_beats_a_short_answer_of_a_topic_the_message_does_not_name():
    rules = followups()
    text = "ik ben 15 en mijn pleegouders zeggen dat ik mijn oma niet meer mag zien"
    keys = {"uithuisplaatsing_gezag", "contact_omgang", "akj_wie_mag"}
    ranked = ["uithuisplaatsing_gezag", "akj_wie_mag", "contact_omgang"]
    named = rules.topics_named(text, [])
    assert rules.compose(text, "uithuisplaatsing_gezag", named, keys, ranked, named) == "contact_omgang"


def test_a_comparison_answer_remembers_the_topic_the_message_named():
    rules = followups()
    named = rules.all_topics_named("wij hebben een ots en alles loopt via de gezinsvoogd", [("maatregel", "ots")])
    assert rules.topic_of_answer("verschil_ots_voogdij", named) == "ots"
    assert rules.topic_of_answer("ots_duur", named) == "ots"


def test_a_topic_without_a_long_answer_falls_back_to_what_it_is_then_its_first_answer():
    rules = followups()
    assert rules.long_answer("doorbraak", {"doorbraak_wat_is", "ots"}) == "doorbraak_wat_is"
    assert rules.long_answer("jeugdreclassering", {"jeugdreclassering_uitvoering", "ots"}) == "jeugdreclassering_uitvoering"


def test_a_message_naming_one_topic_and_an_aspect_has_that_answer_without_the_selector():
    rules = followups()
    named = rules.topics_named("kan ik het akj ook mailen", [("organisatie", "akj")])
    assert rules.topic_aspect("kan ik het akj ook mailen", named, {"akj_bereikbaar"}) == "akj_bereikbaar"
    assert rules.topic_aspect("kan ik het akj ook mailen", named, {"akj_kosten"}) is None
