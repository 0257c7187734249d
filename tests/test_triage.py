"""The intake/triage: its pure logic (wegwijzer.intake), the form validation and
summary actions with real rasa_sdk trackers, and whole conversations against
the running stack."""
from __future__ import annotations

import asyncio
import re
import uuid

import pytest
import requests
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.triage import ActionTriageOpnieuw, ActionTriageSamenvatting, ValidateTriageForm
from conftest import texts
from project_files import rasa_domain
from wegwijzer.directory import emergency_routes, national_routes
from wegwijzer.intake.form import (CHANGED_TEXT, QUESTIONS, START_TEXT, WHICH_ANSWER, FormState, questions_to_ask,
                                   read_turn)
from wegwijzer.intake.reading import (Message, maatregel_from_answer, municipality_from_text, need_from_text,
                                      role_from_text, values_said_in_passing)
from wegwijzer.intake.summary import HANDOFF_BUTTON, UNCHANGED_TEXT, summary
from wegwijzer.intake.texts import LANGUAGES, all_texts
from wegwijzer.intake.vocabulary import (GEDWONGEN, GEEN, MAATREGELEN, MAATREGEL_ANSWERS, NEEDS, ONBEKEND, ROLES,
                                         SOORT_ONBEKEND, VRIJWILLIG, WEET_NIET, Answers, kader_for)
from wegwijzer.knowledge.facts import with_facts
from wegwijzer.readability import measure


# --------------------------------------------------------------------------
# Reading answers
# --------------------------------------------------------------------------

@pytest.mark.parametrize("maatregel, kader", [
    *[(m, GEDWONGEN) for m in MAATREGELEN],
    (SOORT_ONBEKEND, GEDWONGEN),
    (GEEN, VRIJWILLIG),
    (WEET_NIET, ONBEKEND),
    (None, ONBEKEND),
])
def test_kader_follows_from_the_maatregel_answer(maatregel, kader):
    assert kader_for(maatregel) == kader


@pytest.mark.parametrize("text, need", [
    # the button payloads of utter_ask_triage_form_hulpvraag
    ("Ik wil begrijpen wat er gebeurt", "begrijpen"),
    ("Ik wil weten wat de volgende stap is", "volgende_stap"),
    ("Ik zoek steun", "steun"),
    ("Ik wil een klacht indienen", "klagen"),
    ("Ik wil mijn zorgen melden", "zorgen_melden"),
    ("Ik wil met een mens praten", "mens_spreken"),
    # free text
    ("ik snap er niks van", "begrijpen"),
    ("wat moet ik nu doen?", "volgende_stap"),
    ("ik heb het echt zwaar", "steun"),
    ("ik ben het niet eens met de gezinsvoogd", "klagen"),
    ("ik maak me zorgen over de kinderen van de buren", "zorgen_melden"),
    ("kan ik met een echt persoon chatten", "mens_spreken"),
    ("I want to complain", "klagen"),
    ("hulp vinden", "volgende_stap"),
    ("waar kan ik terecht", "volgende_stap"),
    ("wie kan ons helpen", "volgende_stap"),
    ("blabla", None),
])
def test_need_from_free_text_and_buttons(text, need):
    assert need_from_text(text) == need


@pytest.mark.parametrize("text, intent, entities, answer", [
    ("Er is een OTS", "faq", ["ots"], "ots"),
    ("we hebben een ots en een machtiging uithuisplaatsing", None, ["ots", "muhp"], "muhp"),
    ("Er is tijdelijke voogdij", None, ["tijdelijke_voogdij"], "tijdelijke_voogdij"),
    ("Er is geen maatregel", "faq", [], GEEN),
    ("nee", "ontkennen", [], GEEN),
    ("het is vrijwillig", None, [], GEEN),
    ("ja", "bevestigen", [], SOORT_ONBEKEND),
    ("de rechter heeft iets opgelegd", None, [], SOORT_ONBEKEND),
    ("Weet ik niet", "weet_niet", [], WEET_NIET),
    ("geen idee", None, [], WEET_NIET),
    ("pannenkoeken", "buiten_onderwerp", [], None),
])
def test_maatregel_answer(text, intent, entities, answer):
    assert maatregel_from_answer(text, intent, entities) == answer


@pytest.mark.parametrize("text, entities, role", [
    ("Ik ben ouder", ["ouder"], "ouder"),
    ("ik ben 14", [], "jongere"),
    ("ik ben een jongen van 16 jaar", ["jongere"], "jongere"),
    ("ik ben 45", [], None),
    ("ik ben de buurvrouw", ["omstander"], "omstander"),
])
def test_role_from_words_or_age(text, entities, role):
    assert role_from_text(Message(text, "geef_rol", {"rol": entities})) == role


def test_a_role_said_in_passing_counts_and_beats_the_bare_noun():
    # "mijn zoon": the NLU gives rol "jongere" for the noun "zoon", rol_zelf "ouder" for the phrase.
    answer = Message("mijn zoon heeft een ots", "geef_rol", {"rol": ["jongere"], "rol_zelf": ["ouder"]})
    assert role_from_text(answer) == "ouder"
    # In a question (not an answer to "wie ben je?") only the phrase counts, so the form skips the question.
    question = Message("ik ben 15, hoe lang duurt mijn ots", "faq", {"rol_zelf": ["jongere"], "maatregel": ["ots"]})
    assert values_said_in_passing(question) == {"rol": "jongere", "maatregel_antwoord": "ots"}
    assert "rol" not in values_said_in_passing(Message("wordt een kind gehoord", "faq", {"rol": ["jongere"]}))


def test_municipality_in_free_text_is_resolved_or_refused():
    assert municipality_from_text("ik woon in Amersfoort") == "Amersfoort"
    assert municipality_from_text("gemeente utrecht.") == "Utrecht"
    assert municipality_from_text("Blubberdam") is None
    assert municipality_from_text("") is None


def test_every_question_can_be_skipped_and_is_then_not_asked_again():
    for question in QUESTIONS:
        if question == "maatregel_antwoord":
            continue  # "weet ik niet" is an answer there, see below
        for text, intent in (("Sla over", "gemeente_overslaan"), ("dat zeg ik liever niet", None),
                             ("weet ik niet", "weet_niet")):
            turn = read_turn(Message(text, intent), FormState(requested=question))
            assert turn.updates[question] is None and turn.updates["overgeslagen"] == [question], (question, text)
    turn = read_turn(Message("sla over", "gemeente_overslaan"), FormState(requested="maatregel_antwoord"))
    assert turn.updates["overgeslagen"] == ["maatregel_antwoord"]
    turn = read_turn(Message("weet ik niet", "weet_niet"), FormState(requested="maatregel_antwoord"))
    assert turn.updates["maatregel_antwoord"] == WEET_NIET
    assert questions_to_ask(QUESTIONS, ["gemeente"], False) == ["rol", "maatregel_antwoord", "hulpvraag"]


def test_unknown_municipality_gets_a_friendly_question_again():
    turn = read_turn(Message("Blubberdam", "geef_gemeente"), FormState(requested="gemeente"))
    assert not turn.reject and turn.updates == {"gemeente": None}
    assert "ken ik niet" in turn.say[0] and "overslaan" in turn.say[0]


def test_answer_said_in_passing_fills_an_open_question_but_never_overwrites():
    message = Message("ik ben moeder in Amersfoort", "geef_rol", {"rol": ["ouder"], "gemeente": ["Amersfoort"]})
    assert read_turn(message, FormState(requested="rol")).updates == {"rol": "ouder", "gemeente": "Amersfoort"}
    known = FormState(requested="rol", answers={"gemeente": "Utrecht"})
    assert read_turn(message, known).updates == {"rol": "ouder"}


def test_crisis_and_questions_interrupt_the_form_but_answers_do_not():
    asked = FormState(requested="maatregel_antwoord")
    assert read_turn(Message("hij slaat me nu", "noodsituatie"), asked).reject
    # also when the crisis message happens to contain an answer
    assert read_turn(Message("mijn vader slaat me, er is een ots", "noodsituatie", {"maatregel": ["ots"]}),
                            asked).reject
    assert read_turn(Message("wat is een ots?", "faq", {"maatregel": ["ots"]}), asked).reject
    assert read_turn(Message("opnieuw beginnen", "opnieuw_beginnen"), asked).reject
    answer = read_turn(Message("ots", "faq", {"maatregel": ["ots"]}), asked)
    assert not answer.reject and answer.updates["maatregel_antwoord"] == "ots"


def test_not_understood_answer_is_asked_again_not_rejected():
    turn = read_turn(Message("tja", "nlu_fallback"), FormState(requested="hulpvraag"))
    assert not turn.reject and turn.updates == {"hulpvraag": None} and turn.say


def test_change_an_answer_with_the_new_value():
    state = FormState(requested="hulpvraag", answers={"rol": "ouder", "gemeente": "Amersfoort"})
    message = Message("mijn gemeente is toch Utrecht", "wijzig_antwoord", {"gemeente": ["Utrecht"]})
    turn = read_turn(message, state)
    assert turn.updates["gemeente"] == "Utrecht" and CHANGED_TEXT in turn.say
    # a correction is recognised without the intent too
    turn = read_turn(Message("ik woon toch in Utrecht", "geef_gemeente", {"gemeente": ["Utrecht"]}), state)
    assert turn.updates["gemeente"] == "Utrecht" and CHANGED_TEXT in turn.say


def test_change_is_read_from_the_new_value():
    done = FormState(answers={"rol": "ouder", "maatregel_antwoord": "ots", "gemeente": "Zeist", "hulpvraag": "steun"})
    turn = read_turn(Message("ik ben het er niet mee eens, ik wil klagen", "wijzig_antwoord"), done)
    assert turn.updates == {"hulpvraag": "klagen", "wil_wijzigen": None}
    turn = read_turn(Message("ik ben toch professional", "wijzig_antwoord", {"rol": ["professional"]}), done)
    assert turn.updates == {"rol": "professional", "wil_wijzigen": None}


def test_change_after_the_summary_does_not_start_the_intake_again():
    done = FormState(answers={"rol": "ouder", "maatregel_antwoord": "ots", "gemeente": "Zeist", "hulpvraag": "steun"})
    turn = read_turn(Message("Ik wil veranderen wie ik ben", "wijzig_antwoord"), done)
    assert turn.updates == {"rol": None, "wil_wijzigen": None} and START_TEXT not in turn.say


def test_change_an_answer_without_saying_which_asks_which():
    state = FormState(requested="hulpvraag", answers={"rol": "ouder", "maatregel_antwoord": "ots"})
    turn = read_turn(Message("Ik wil mijn antwoord veranderen", "wijzig_antwoord"), state)
    assert turn.updates == {"wil_wijzigen": True}
    assert questions_to_ask(QUESTIONS, [], True)[0] == WHICH_ANSWER
    asked = FormState(requested=WHICH_ANSWER, answers=state.answers, wants_change=True)
    turn = read_turn(Message("Ik wil de maatregel veranderen", "wijzig_antwoord"), asked)
    assert turn.updates == {"maatregel_antwoord": None, "maatregel": None, "wil_wijzigen": None}


def test_changing_a_skipped_answer_takes_it_off_the_skip_list():
    state = FormState(requested="hulpvraag", answers={"rol": "ouder"}, skipped=["gemeente"])
    turn = read_turn(Message("Ik wil mijn gemeente veranderen", "wijzig_antwoord"), state)
    assert turn.updates["gemeente"] is None and turn.updates["overgeslagen"] == []


def test_website_municipality_is_used_and_not_asked():
    turn = read_turn(Message("help mij op weg", "zoek_hulp"), FormState(metadata_gemeente="utrecht"))
    assert turn.updates["gemeente"] == "Utrecht" and turn.say == [START_TEXT]
    unknown = read_turn(Message("help mij op weg", "zoek_hulp"), FormState(metadata_gemeente="<script>"))
    assert "gemeente" not in unknown.updates
    skipped = read_turn(Message("x"), FormState(requested="hulpvraag", skipped=["gemeente"],
                                                       metadata_gemeente="Utrecht"))
    assert "gemeente" not in skipped.updates


# --------------------------------------------------------------------------
# The summary
# --------------------------------------------------------------------------

ALL_ANSWERS = [Answers(rol, maatregel, gemeente, need)
               for rol in (*ROLES, None)
               for maatregel in (*MAATREGEL_ANSWERS, None)
               for need in (*NEEDS, None)
               for gemeente in ("Amersfoort", None)]
PHONE = re.compile(r"\b0[0-9]{2,3}[- ]?[0-9]{3,}|\b112\b|\b113\b|@")


@pytest.fixture(scope="module")
def all_summaries() -> list[tuple[Answers, list]]:
    """The summary of every combination of answers, made once for the tests that read them all."""
    return [(answers, summary(answers)) for answers in ALL_ANSWERS]


def summary_text(answers: Answers, previous=None) -> str:
    return "\n\n".join(part.text for part in summary(answers, previous))


def directory_values() -> set:
    routes = [r for key in ("akj", "veilig_thuis", "kindertelefoon", "juridisch_loket", "alarm_112",
                            "zelfmoordpreventie_113") for r in national_routes(key)]
    return {r.value for r in routes + emergency_routes()}


def test_no_fixed_text_contains_a_phone_number_or_address():
    for text in all_texts():
        assert not PHONE.search(text), text


def test_every_number_in_any_summary_comes_from_the_directory(all_summaries):
    known = directory_values()
    for answers, parts in all_summaries:
        text = "\n\n".join(part.text for part in parts)
        for found in re.findall(r"\b0\d{2,3}-\d{4,7}\b|\b11[23]\b|\S+@\S+", text):
            assert found in known, (answers, found)


def test_every_summary_has_all_sections_and_closing_buttons(all_summaries):
    for answers, parts in all_summaries:
        text = "\n".join(p.text for p in parts)
        for title in ("Dit heb ik van je gehoord", "kader" if answers.maatregel else "gedwongen",
                      "Wat betekent dit voor jou?", "De volgende stappen", "Wie kan je helpen?"):
            assert title.lower() in text.lower(), (answers, title)
        assert [b[1] for b in parts[-1].buttons][:2] == ["Ik wil mijn antwoord veranderen", "Opnieuw beginnen"]


def test_ots_summary_for_a_parent_has_time_limits_rights_and_the_akj_route():
    text = summary_text(Answers("ouder", "ots", "Amersfoort", "klagen"))
    # The durations come from domain/facts.yml, as the summary's texts name them.
    for expected in ("gedwongen kader", with_facts("OTS duurt maximaal {ots_duur}", "nl"),
                     with_facts("met maximaal {ots_verlenging}", "nl"), "5 werkdagen", "6 weken", "plan van aanpak",
                     "3 maanden", "doorbraaktafel", "Je houdt het gezag", "familiegroepsplan", "hoger beroep",
                     "cliëntondersteuner", "Je woont in Amersfoort"):
        assert expected in text, expected
    akj_phone = next(r.value for r in national_routes("akj") if r.channel == "phone")
    assert akj_phone in text
    routes = summary(Answers("ouder", "ots", "Amersfoort", "klagen"))[-2]
    assert HANDOFF_BUTTON in routes.buttons, "a complaint offers the AKJ advisor handoff"


def test_vrijwillig_summary_for_a_professional_is_about_procedure():
    text = summary_text(Answers("professional", GEEN, "Utrecht", "zorgen_melden"))
    for expected in ("vrijwillig kader", "meldcode", "preventieve jeugdbescherming", "jeugdbeschermingstafel",
                     "10 werkdagen", "consult", "Het gezin woont in Utrecht"):
        assert expected in text, expected
    assert next(r.value for r in national_routes("veilig_thuis") if r.channel == "phone") in text
    assert "Bel dan 112" in text  # the number itself from the directory (alarm_112)


def test_short_measures_have_their_own_time_limits():
    assert "maximaal 3 maanden" in summary_text(Answers("ouder", "vots", None, "begrijpen"))
    assert "maximaal 3 maanden" in summary_text(Answers("ouder", "voorlopige_voogdij", None, "begrijpen"))
    assert "tot het kind 18 jaar is" in summary_text(Answers("ouder", "gbm", None, "begrijpen"))
    muhp = summary_text(Answers("jongere", "muhp", None, "steun"))
    assert "langer dan 2 jaar" in muhp and "contact houden met je ouders" in muhp
    assert "rechtbank" in summary_text(Answers("ouder", "tijdelijke_voogdij", None, None))


def test_young_person_is_addressed_as_such_and_gets_the_kindertelefoon():
    text = summary_text(Answers("jongere", GEEN, None, "steun"))
    assert "Je bent een jongere" in text and "mening" in text and "12 jaar of ouder" in text
    assert next(r.value for r in national_routes("kindertelefoon") if r.channel == "phone") in text


def test_unknown_kader_explains_both_and_never_guesses():
    text = summary_text(Answers(None, WEET_NIET, None, None))
    assert "vrijwillig kader" in text and "gedwongen kader" in text and "hulpverlener" in text


def test_after_a_change_only_what_changed_is_repeated():
    before = Answers("ouder", "ots", "Amersfoort", "begrijpen")
    after = Answers("ouder", "ots", "Utrecht", "begrijpen")
    short = summary(after, previous=before.as_dict())
    assert UNCHANGED_TEXT in short[1].text and len(short) == 4
    assert "Utrecht" in short[0].text
    changed = summary(Answers("ouder", "vots", "Utrecht", "begrijpen"), previous=before.as_dict())
    assert len(changed) == 6


def test_every_triage_text_is_b1(all_summaries):
    """Same limits as the readability check of all domain responses (wegwijzer.readability)."""
    for language in LANGUAGES:
        for text in all_texts(language):
            assert not measure(text, language=language).problems, (text, measure(text, language=language).problems)
    for answers, parts in all_summaries:
        for part in parts:
            own_text = part.text.split("\n\nZo bereik je")[0]  # route lines are the directory's
            assert not measure(own_text).problems, (answers, own_text, measure(own_text).problems)


# --------------------------------------------------------------------------
# The actions, with real rasa_sdk trackers and dispatchers
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def domain() -> dict:
    return rasa_domain()


def user_event(text, intent, entities=(), metadata=None):
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}},
            "metadata": metadata or {}}


def form_tracker(text, intent, entities=None, slots=None, metadata=None, activating=False, before=()):
    """A tracker as Rasa sends it to validate_triage_form: ... user message,
    [ActiveLoop when the form starts], the form action, the slot candidates."""
    slots = {"overgeslagen": [], **(slots or {})}
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0},
              "entities": [{"entity": e, "value": v} for e, values in (entities or {}).items() for v in values],
              "metadata": metadata or {}}
    events = [*before, {"event": "action", "name": "action_listen"}, user_event(text, intent, metadata=metadata)]
    if activating:
        events.append({"event": "active_loop", "name": "triage_form"})
    events += [{"event": "slot", "name": "requested_slot", "value": slots.get("requested_slot")},
               {"event": "action", "name": "triage_form"}]
    return Tracker("test", slots, latest, events, False, None, {"name": "triage_form"}, "triage_form")


def run(action, tracker, domain):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return dispatcher.messages, events


def slot_values(events) -> dict:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_form_starts_with_website_municipality_and_known_role(domain):
    tracker = form_tracker("Ik weet niet waar ik moet beginnen", "zoek_hulp", slots={"rol": "ouder"},
                           metadata={"gemeente": "amersfoort"}, activating=True)
    messages, events = run(ValidateTriageForm(), tracker, domain)
    values = slot_values(events)
    assert values["gemeente"] == "Amersfoort"
    assert messages[0]["text"] == START_TEXT
    # role and municipality are known: Rasa asks the maatregel next (no requested_slot override needed)
    assert values.get("requested_slot") in (None, "maatregel_antwoord")


def test_form_reads_the_maatregel_and_fills_the_shared_slot(domain):
    tracker = form_tracker("Er is een OTS", "faq", {"maatregel": ["ots"]},
                           slots={"rol": "ouder", "requested_slot": "maatregel_antwoord"})
    messages, events = run(ValidateTriageForm(), tracker, domain)
    values = slot_values(events)
    assert values["maatregel_antwoord"] == "ots" and values["maatregel"] == "ots" and not messages


def test_skipping_moves_on_to_the_next_question(domain):
    tracker = form_tracker("Sla over", "gemeente_overslaan",
                           slots={"rol": "ouder", "maatregel_antwoord": "geen", "requested_slot": "gemeente"})
    _, events = run(ValidateTriageForm(), tracker, domain)
    values = slot_values(events)
    assert values["overgeslagen"] == ["gemeente"] and values["requested_slot"] == "hulpvraag"
    assert values["gemeente_overgeslagen"] is True, "the contact routes do not ask the municipality either"


def test_skipping_the_last_question_ends_the_form(domain):
    tracker = form_tracker("weet ik niet", "weet_niet", slots={"rol": "ouder", "maatregel_antwoord": "geen",
                                                               "gemeente": "Utrecht", "requested_slot": "hulpvraag"})
    _, events = run(ValidateTriageForm(), tracker, domain)
    assert slot_values(events)["requested_slot"] is None


def test_crisis_during_the_form_is_rejected_so_the_crisis_rule_answers(domain):
    tracker = form_tracker("hij slaat me nu, in Amersfoort", "noodsituatie", {"gemeente": ["Amersfoort"]},
                           slots={"rol": "jongere", "requested_slot": "gemeente"})
    messages, events = run(ValidateTriageForm(), tracker, domain)
    assert events == [{"event": "action_execution_rejected", "name": "triage_form", "policy": None,
                       "confidence": None, "timestamp": None}] and not messages


def test_form_resuming_after_the_crisis_routes_does_not_reread_the_message(domain):
    before = []
    tracker = form_tracker("hij slaat me nu", "noodsituatie", slots={"rol": "jongere", "requested_slot": "gemeente"},
                           before=before)
    # the crisis routes ran between the message and the form
    tracker.events[-2:-2] = [{"event": "action", "name": "action_noodhulp"}, {"event": "bot", "text": "112"}]
    messages, events = run(ValidateTriageForm(), tracker, domain)
    assert not any(e.get("event") == "action_execution_rejected" for e in events) and not messages


def test_everyday_word_is_not_taken_for_a_municipality(domain):
    tracker = form_tracker("ik ben de buurvrouw, mijn buren schreeuwen", "geef_rol",
                           {"rol": ["omstander"], "gemeente": ["Buren"]}, slots={"requested_slot": "rol"})
    _, events = run(ValidateTriageForm(), tracker, domain)
    assert slot_values(events)["rol"] == "omstander" and "gemeente" not in slot_values(events)


def test_unknown_municipality_message_and_question_again(domain):
    tracker = form_tracker("Blubberdam", "geef_gemeente", slots={"rol": "ouder", "requested_slot": "gemeente"})
    messages, events = run(ValidateTriageForm(), tracker, domain)
    assert "ken ik niet" in messages[0]["text"] and slot_values(events)["gemeente"] is None


def test_change_without_which_asks_which_answer(domain):
    tracker = form_tracker("ik wil mijn antwoord veranderen", "wijzig_antwoord",
                           slots={"rol": "ouder", "maatregel_antwoord": "ots", "requested_slot": "gemeente"})
    _, events = run(ValidateTriageForm(), tracker, domain)
    values = slot_values(events)
    assert values["wil_wijzigen"] is True and values["requested_slot"] == "welk_antwoord"


def test_summary_action_sends_the_summary_and_remembers_it(domain):
    tracker = Tracker("test", {"rol": "ouder", "maatregel_antwoord": "ots", "gemeente": "Amersfoort",
                               "hulpvraag": "volgende_stap"}, {}, [], False, None, {}, "triage_form")
    messages, events = run(ActionTriageSamenvatting(), tracker, domain)
    text = "\n".join(m["text"] for m in messages)
    assert "6 weken" in text and "gezinsvoogd" in text and "Amersfoort" in text
    assert messages[-1]["buttons"][0]["payload"] == "Ik wil mijn antwoord veranderen"
    assert slot_values(events)["triage_overzicht"]["maatregel"] == "ots"


def test_start_over_forgets_every_answer(domain):
    tracker = Tracker("test", {"rol": "ouder", "gemeente": "Utrecht", "overgeslagen": ["hulpvraag"]}, {}, [],
                      False, None, {"name": "triage_form"}, "action_listen")
    messages, events = run(ActionTriageOpnieuw(), tracker, domain)
    values = slot_values(events)
    assert messages[0]["response"] == "utter_triage_opnieuw"
    assert values["rol"] is None and values["gemeente"] is None and values["overgeslagen"] == []
    assert values["requested_slot"] is None and values["triage_overzicht"] is None


# --------------------------------------------------------------------------
# Whole conversations through the running stack (REST channel)
# --------------------------------------------------------------------------

def chat(stack, sender, text, metadata=None):
    body = {"sender": sender, "message": text}
    if metadata:
        body["metadata"] = metadata
    response = requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", json=body, timeout=60)
    response.raise_for_status()
    return response.json()


def buttons(reply) -> list:
    return [b["payload"] for m in reply for b in m.get("buttons") or []]


def test_parent_intake_asks_only_what_is_missing_and_gives_a_summary(stack):
    sender = f"triage-{uuid.uuid4().hex[:8]}"
    chat(stack, sender, "hallo")
    chat(stack, sender, "Ik ben ouder")
    reply = chat(stack, sender, "Ik weet niet waar ik moet beginnen")
    assert START_TEXT in texts(reply) and "Er is een OTS" in buttons(reply), "role known: maatregel asked"
    assert "gemeente" in texts(chat(stack, sender, "Er is een OTS")).lower()
    assert "Ik zoek steun" in buttons(chat(stack, sender, "Amersfoort"))
    summary_reply = texts(chat(stack, sender, "Ik wil weten wat de volgende stap is"))
    for expected in ("Je bent ouder", "ondertoezichtstelling", "Je woont in Amersfoort", "6 weken",
                     "Jouw rechten", "gezinsvoogd"):
        assert expected in summary_reply, expected


def test_website_municipality_skip_crisis_change_and_start_over(stack):
    sender = f"triage-{uuid.uuid4().hex[:8]}"
    site = {"gemeente": "Utrecht"}
    first = chat(stack, sender, "help mij op weg", site)
    assert "Ik ben ouder" in buttons(first), "role unknown: asked first"
    chat(stack, sender, "Ik ben een jongere", site)
    # municipality came from the website: after the maatregel the need is asked
    assert "Ik zoek steun" in buttons(chat(stack, sender, "Er is geen maatregel", site))
    crisis = texts(chat(stack, sender, "mijn vader slaat me nu", site))
    assert crisis.index("112") < crisis.index("0800-0432"), "crisis routes at once"
    assert "Wat heb je nu het meest nodig?" in crisis, "then the intake goes on"
    summary_reply = texts(chat(stack, sender, "Sla over", site))
    assert "Je woont in Utrecht" in summary_reply and "vrijwillig kader" in summary_reply
    changed = texts(chat(stack, sender, "Ik wil mijn antwoord veranderen", site))
    assert "Welk antwoord wil je veranderen?" in changed
    assert "Wat heb je nu het meest nodig?" in texts(chat(stack, sender, "Ik wil veranderen wat ik nodig heb", site))
    assert "0800-0432" in texts(chat(stack, sender, "Ik zoek steun", site)), "steun for a young person"
    again = texts(chat(stack, sender, "Opnieuw beginnen", site))
    assert "we beginnen opnieuw" in again.lower() and "Wie ben jij?" in again


def test_a_maatregel_named_before_the_intake_is_not_asked_again():
    # "mijn zoon heeft een ots" earlier, then "wat kan ik doen?": the intake starts with what it knows.
    turn = read_turn(Message("wat kan ik doen", "hulp_op_weg"),
                            FormState(answers={"rol": "ouder"}, known_maatregel="ots"))
    assert turn.updates["maatregel_antwoord"] == "ots"
    skipped = read_turn(Message("wat kan ik doen", "hulp_op_weg"),
                               FormState(known_maatregel="ots", skipped=["maatregel_antwoord"]))
    assert "maatregel_antwoord" not in skipped.updates
