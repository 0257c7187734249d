"""Each duration and deadline is stated once (issue 13): in domain/facts.yml.

Texts name a fact by its id in braces; these tests check that every id a text
uses is defined, that no visible text writes a registered fact out in full, that
each fact has its source, and that a sent answer has the words filled in, so
"{vots_duur}" never reaches a person.
"""
from __future__ import annotations

import asyncio
import re

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import ActionBeantwoordVraag
from project_files import load_yaml, rasa_domain, yaml_files
from wegwijzer.knowledge.facts import LANGUAGES, facts, placeholders, with_facts
from wegwijzer.readability import TEXT_FILES
from wegwijzer.texts import load_texts, text_file, variation_language, walk_texts

ANSWER_PREFIX = "utter_faq/"  # sent only by actions/knowledge.py, which passes the facts
SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+|\n+")
SEED_REFERENCE = re.compile(r"\b\d{3}:\d+")

# Texts that write a registered fact's words in a sentence about its subject, and why
# that is not the fact (label as visible_texts names it, fact id).
NOT_THE_FACT = {
    # The doorbraaktafel of the Amersfoort region takes a child who waits longer than
    # 3 months: a regional rule, not the inspections' norm of help within 3 months.
    ("utter_faq/wachten_wat_nu[1]", "hulp_termijn"):
        "Amersfoort region: a child waiting longer than 3 months goes to the doorbraaktafel",
    # One sentence for the OTS and the machtiging uithuisplaatsing together ("Een OTS of
    # uithuisplaatsing duurt hoogstens een jaar"); the machtiging's duration is not registered.
    ("utter_faq/verlenging[1]", "ots_duur"): "the OTS and the machtiging uithuisplaatsing in one sentence",
    ("utter_faq/verlenging[2]", "ots_duur"): "the OTS and the machtiging uithuisplaatsing in one sentence",
}


def visible_texts() -> list[tuple[str, str, str]]:
    """(label, language, raw text) of every text a person can read: every response
    variation of domain/ and every string of the text files the code builds from."""
    found = []
    for _, content in yaml_files("domain"):
        for name, variations in (content.get("responses") or {}).items():
            for index, variation in enumerate(variations or []):
                if isinstance(variation, dict) and variation.get("text"):
                    found.append((f"{name}[{index}]", variation_language(variation), str(variation["text"])))
    for name in TEXT_FILES:
        for language in LANGUAGES:
            path = text_file(name, language)
            if path.is_file():
                found += [(f"{name}.{language}:{key}", language, text)
                          for key, text in walk_texts(load_yaml(path) or {})]
    return found


def test_every_fact_has_its_words_in_both_languages_a_source_and_a_region():
    assert facts(), "domain/facts.yml has no facts"
    for fact_id, fact in facts().items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", fact_id), fact_id
        for language in LANGUAGES:
            assert str(fact.get(language) or "").strip(), f"{fact_id}: no {language} words"
            assert "{" not in str(fact[language]), f"{fact_id}: a fact's words name no other fact"
        assert SEED_REFERENCE.search(str(fact.get("source") or "")), f"{fact_id}: no seed reference"
        assert str(fact.get("region") or "").strip(), f"{fact_id}: say national or the region"
        assert str(fact.get("near") or "").strip(), f"{fact_id}: no subject for the check below"


def test_every_fact_a_text_uses_is_defined_and_only_where_it_is_filled_in():
    """Answers (utter_faq/*) are sent with the facts; text files are filled when loaded.
    Any other response is sent by a rule or an action that does not pass them."""
    known, used = set(facts()), set()
    for label, _, text in visible_texts():
        for name in placeholders(text):
            if label.startswith(ANSWER_PREFIX):
                assert name in known, f"{label}: {{{name}}} is not in domain/facts.yml"
            elif "[" in label and label.startswith("utter_"):
                assert name not in known, f"{label}: {{{name}}} would reach a person unfilled"
            used.add(name)
    assert known <= used, f"facts no text uses: {sorted(known - used)}"


def test_no_placeholder_in_a_button():
    for _, content in yaml_files("domain"):
        for name, variations in (content.get("responses") or {}).items():
            for variation in variations or []:
                for button in (variation or {}).get("buttons") or []:
                    assert not placeholders(str(button.get("title"))), f"{name}: a button title is not filled in"


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if s.strip()]


def test_no_visible_text_writes_a_registered_fact_out():
    """Each fact's words in a sentence about its subject: the text should say {id}."""
    written_out = []
    for label, language, text in visible_texts():
        for fact_id, fact in facts().items():
            spellings = [str(fact[language]), *((fact.get("written_as") or {}).get(language) or [])]
            words = re.compile("|".join(rf"(?<![\w-]){re.escape(w)}(?![\w-])" for w in spellings), re.IGNORECASE)
            near = re.compile(str(fact["near"]), re.IGNORECASE)
            if any(words.search(s) and near.search(s) for s in sentences(text)) \
                    and (label, fact_id) not in NOT_THE_FACT:
                written_out.append(f"{label}: {fact_id} ({' / '.join(spellings)})")
    assert not written_out, "write {id} instead:\n" + "\n".join(written_out)


def test_the_allow_list_names_only_texts_that_still_need_it():
    labels = {label: text for label, _, text in visible_texts()}
    for (label, fact_id), reason in NOT_THE_FACT.items():
        assert reason and label in labels, f"{label}: no longer a text; remove it from NOT_THE_FACT"
        assert str(facts()[fact_id]["nl"]) in labels[label] or str(facts()[fact_id]["en"]) in labels[label], \
            f"{label}: no longer writes {fact_id} out; remove it from NOT_THE_FACT"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_texts_the_code_builds_have_their_facts_filled_in(language):
    for name in TEXT_FILES:
        for key, text in walk_texts(load_texts(name, language)):
            assert not set(placeholders(text)) & set(facts()), f"{name}.{language}:{key}: {text}"


def test_with_facts_fills_known_ids_and_leaves_other_placeholders():
    assert with_facts("Binnen {plan_termijn} in {gemeente}.", "nl") == "Binnen 6 weken in {gemeente}."
    assert with_facts("Within {plan_termijn}.", "en") == "Within 6 weeks."
    assert with_facts("Binnen {plan_termijn}.", "xx") == "Binnen 6 weken.", "an unknown language: Dutch"


def answer_tracker(key: str, language: str) -> Tracker:
    """A question the QuestionSelector answered with `key`, in a conversation in `language`."""
    selector = {"faq": {"response": {"intent_response_key": f"faq/{key}"},
                        "ranking": [{"intent_response_key": f"faq/{key}", "confidence": 0.9}]}}
    return Tracker(sender_id="facts", slots={"taal": language}, events=[], paused=False, followup_action=None,
                   latest_message={"text": "hoe lang duurt een vots", "intent": {"name": "faq", "confidence": 1.0},
                                   "entities": [], "response_selector": selector},
                   active_loop={}, latest_action_name="action_listen")


@pytest.mark.parametrize("language, words", [("nl", "Een VOTS duurt hoogstens 3 maanden."),
                                             ("en", "A VOTS lasts at most 3 months.")])
def test_a_sent_answer_has_its_facts_filled_in(tmp_path, monkeypatch, language, words):
    """Through the action and Rasa's own response filling, as the assistant sends it."""
    from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet
    from rasa.shared.core.trackers import DialogueStateTracker

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'directory.db'}")
    domain = rasa_domain()
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionBeantwoordVraag().run(dispatcher, answer_tracker("vots_duur", language), domain))
    message = dispatcher.messages[0]
    assert message["response"] == "utter_faq/vots_duur"
    kwargs = {k: v for k, v in message.items() if k not in {"response", "text", "buttons", "elements", "custom",
                                                            "template", "image", "attachment"} and v is not None}
    rasa_domain_object = Domain.from_dict(domain)
    rasa_tracker = DialogueStateTracker.from_events("facts", [SlotSet("taal", language)],
                                                    slots=rasa_domain_object.slots)
    sent = asyncio.run(TemplatedNaturalLanguageGenerator(rasa_domain_object.responses).generate(
        message["response"], rasa_tracker, "rest", **kwargs))
    assert sent["text"].startswith(words), sent["text"]
    assert "{" not in sent["text"]
