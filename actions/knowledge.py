"""Answer a question: the answer selector's choice (QuestionSelector), or the follow-up's.

Replaces Rasa's utter_faq so that the conversation remembers its topic (slot
`onderwerp`): a short follow-up ("en hoe lang duurt dat?") is answered for that
topic (wegwijzer.knowledge.followups). A "when can I reach them" answer gets the
organisation's route from the contact directory; no number is written in the
answer texts themselves.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.as_question import ANSWER_ACTION, AS_QUESTION, NOT_UNDERSTOOD, as_question
from actions.contact_routes import LOCAL_ORGANISATIONS, ActionGeefContact, municipality_from_conversation
from actions.language import answer_language
from wegwijzer.directory.formatting import routes_text
from wegwijzer.directory.hours import now_in_amsterdam
from wegwijzer.directory.lookup import get_directory
from wegwijzer.knowledge.facts import fact_values
from wegwijzer.knowledge.followups import followups

logger = logging.getLogger(__name__)

PREFIX = "utter_faq/"
TOPIC_ENTITIES = {"maatregel", "organisatie"}
ROUTE_ACTION = "action_geef_contact"  # actions/contact_routes.py


def _selector_output(message: Dict[Text, Any]) -> Dict[Text, Any]:
    """The QuestionSelector's block of the parse data (Rasa names it after the
    retrieval intent, "faq", or "default" when the selector has no intent set)."""
    selector = message.get("response_selector") or {}
    return selector.get("faq") or selector.get("default") or {}


def selected_answer(message: Dict[Text, Any]) -> Optional[str]:
    """The answer key ('ots_duur') the answer selector (QuestionSelector) chose for this message."""
    key = ((_selector_output(message).get("response") or {}).get("intent_response_key")) or ""
    return key[4:] if key.startswith("faq/") else None


def ranked_answers(message: Dict[Text, Any]) -> list[str]:
    """The answer keys the selector ranked for this message, best first."""
    keys = [str(r.get("intent_response_key") or "") for r in _selector_output(message).get("ranking") or []]
    return [key[4:] for key in keys if key.startswith("faq/")]


def message_entities(message: Dict[Text, Any]) -> List[tuple]:
    """The message's entities as (entity, value) pairs, as the follow-up rules take them."""
    return [(e.get("entity"), e.get("value")) for e in message.get("entities") or []]


def known_answers(domain: Dict[Text, Any]) -> set[str]:
    return {name[len(PREFIX):] for name in (domain.get("responses") or {}) if name.startswith(PREFIX)}


def answer_key(tracker: Tracker, domain: Dict[Text, Any], is_question: bool) -> Optional[str]:
    """The answer to give to the latest message, or None when there is none.
    `is_question`: the message was understood as a question (intent faq), so the
    selector's choice counts; otherwise (not understood) only a follow-up about the
    current topic can be answered, with the selector's ranking as its guide."""
    message = tracker.latest_message or {}
    known = known_answers(domain)
    rules, text = followups(), message.get("text") or ""
    entities = message_entities(message)
    names_a_topic = any(entity in TOPIC_ENTITIES for entity, _ in entities)
    selected = selected_answer(message) if is_question else None
    ranked = ranked_answers(message)
    if selected:
        selected = rules.compose(text, selected, rules.topics_named(text, entities), known, ranked,
                                 rules.all_topics_named(text, entities))
    elif not tracker.get_slot("onderwerp"):
        # Not understood, no topic yet: "kan ik het akj ook mailen" names a topic and an aspect.
        selected = rules.topic_aspect(text, rules.topics_named(text, entities), known)
    key = rules.resolve(text, selected, tracker.get_slot("onderwerp"), known, names_a_topic, ranked)
    return key if key in known else None


def answer_question(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any],
                    is_question: bool) -> Optional[List[Dict[Text, Any]]]:
    """Utter the answer to the latest message (answer_key); None when there is none."""
    key = answer_key(tracker, domain, is_question)
    if key is None:
        return None
    rules, text = followups(), (tracker.latest_message or {}).get("text") or ""
    # The durations and deadlines are written once, in domain/facts.yml: Rasa fills them in.
    dispatcher.utter_message(response=PREFIX + key, **fact_values(answer_language(tracker)))
    entities = message_entities(tracker.latest_message or {})
    topic = rules.topic_of_answer(key, rules.all_topics_named(text, entities))
    organisation = rules.organisation_of_topic.get(topic or "")
    route = rules.organisation_to_route(key, text)
    municipality, named_here, _ = municipality_from_conversation(tracker)
    if not route and named_here and organisation:
        route = organisation  # "cliëntondersteuning ... ik woon in Amersfoort": the local route
    names_organisation = any(entity == "organisatie" for entity, _ in entities)
    if not route and rules.asks_for_contact(text) and not names_organisation and (
            tracker.get_slot("rol") == "jongere" or rules.is_young_person(text)):
        route = rules.young_person_organisation  # "ik ben 16 ... waar kan ik heen"
    events: List[Dict[Text, Any]] = [SlotSet("onderwerp", topic)]
    if route in LOCAL_ORGANISATIONS and municipality:
        _add_local_route(dispatcher, route, municipality, answer_language(tracker))
        if named_here:
            events.append(SlotSet("gemeente", municipality))
    elif route:
        _add_route(dispatcher, route, answer_language(tracker))
    if organisation:
        # "wat is hun nummer?" then asks for this organisation (action_geef_contact).
        events.append(SlotSet("organisatie", organisation))
    return events


def _add_local_route(dispatcher: CollectingDispatcher, organisation: str, municipality: str,
                     language: Optional[str]) -> None:
    """The municipality's route for a local organisation (wijkteam, cliëntondersteuning),
    worded as action_geef_contact words it."""
    try:
        text = ActionGeefContact.local_text(get_directory(), organisation, municipality, now_in_amsterdam(), language)
    except Exception:  # noqa: BLE001 - the answer was given; the route is extra
        logger.exception("Contact directory unreachable while adding a local route")
        return
    dispatcher.utter_message(text=text)


def _add_route(dispatcher: CollectingDispatcher, organisation: str, language: Optional[str] = None) -> None:
    try:
        routes = get_directory().national_routes(organisation)
    except Exception:  # noqa: BLE001 - the answer was given; the route is extra
        logger.exception("Contact directory unreachable while adding a route")
        return
    if routes:
        dispatcher.utter_message(text=routes_text(routes, now_in_amsterdam(), language=language))


def previous_bot_action(tracker: Tracker) -> Optional[str]:
    """The last action the assistant ran before the latest message."""
    events = list(tracker.events)
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    return next((e.get("name") for e in reversed(events[:last_user])
                 if e.get("event") == "action" and e.get("name") != "action_listen"), None)


def asks_route_again(tracker: Tracker) -> bool:
    """Right after a contact route, "en het wijkteam nog een keer?" asks for a route."""
    message = tracker.latest_message or {}
    names_organisation = any(e.get("entity") == "organisatie" for e in message.get("entities") or [])
    return (previous_bot_action(tracker) == ROUTE_ACTION
            and followups().asks_route_again(message.get("text") or "", names_organisation))


def was_a_question(message: Dict[Text, Any]) -> bool:
    """Before the crisis net set `noodsituatie`, the message was a question (faq)."""
    if ((message.get("crisis") or {}).get("language") or "nl") != "nl":
        return False  # the answers are Dutch; an English crisis keeps its English close
    ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") != "noodsituatie"]
    return bool(ranking) and ranking[0].get("name") == "faq" and selected_answer(message) is not None


class ActionBeantwoordVraag(Action):
    def name(self) -> Text:
        return "action_beantwoord_vraag"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if asks_route_again(tracker):
            return [FollowupAction(ROUTE_ACTION)]
        message = tracker.latest_message or {}
        is_question = (message.get("intent") or {}).get("name") == "faq" and not message.get(NOT_UNDERSTOOD)
        events = answer_question(dispatcher, tracker, domain, is_question)
        if events is None:
            # Not understood, and no follow-up of the current topic either.
            dispatcher.utter_message(response="utter_fallback_onderwerpen")
            return []
        if message.get(AS_QUESTION):
            # Said again as a question by another action (as_question): the policies
            # predict nothing after this follow-up action, so wait for the person here.
            events.append(FollowupAction("action_listen"))
        return events


class ActionNietBegrepen(Action):
    """A message the NLU did not understand (nlu_fallback). Inside a topic it may
    still be a follow-up ("wie zitten daar allemaal bij?"): then action_beantwoord_vraag
    answers it. Otherwise the topics are offered; the second time in a row a rule
    offers a person (data/rules/handoff.yml), which is why a follow-up is answered by
    the other action: this one stays the sign of "not understood"."""

    def name(self) -> Text:
        return "action_niet_begrepen"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        in_topic = bool(tracker.get_slot("onderwerp"))
        if (followups().asks_something(text) or not in_topic) and answer_key(tracker, domain, is_question=False):
            return as_question(tracker, understood=False)
        dispatcher.utter_message(response="utter_fallback_onderwerpen")
        return []


class ActionVraagOfIntake(Action):
    """"Wat kan ik doen?" or "waar kan ik heen?" (intent zoek_hulp), or a sentence with
    "toch" that reads like changing an intake answer (wijzig_antwoord), starts the
    intake (data/rules/triage.yml) unless it is a question this conversation can
    answer: a short follow-up about the current topic, a question that names a topic
    and an aspect, or (wijzig_antwoord before any intake) a question the selector has
    an answer for. Then it is answered as a question instead of asking "wie ben jij?"."""

    def name(self) -> Text:
        return "action_vraag_of_intake"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if is_a_question_not_an_intake(tracker, domain):
            return as_question(tracker, understood=True)
        return []  # the rule goes on with triage_form


def is_a_question_not_an_intake(tracker: Tracker, domain: Dict[Text, Any]) -> bool:
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    text = message.get("text") or ""
    rules = followups()
    entities = message_entities(message)
    key = answer_key(tracker, domain, is_question=True)
    if key is None or key == "vervolgvraag":
        return False
    if intent == "wijzig_antwoord":
        had_intake = any(e.get("event") == "action" and e.get("name") == "triage_form" for e in tracker.events)
        return not had_intake
    names_a_topic = any(entity in TOPIC_ENTITIES for entity, _ in entities)
    if tracker.get_slot("onderwerp") and rules.is_follow_up(text, names_a_topic):
        return True
    return bool(rules.topic_aspect(text, rules.topics_named(text, entities), known_answers(domain)))
