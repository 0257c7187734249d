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

from actions.language import answer_language
from wegwijzer.directory.formatting import routes_text
from wegwijzer.directory.hours import now_in_amsterdam
from wegwijzer.directory.lookup import get_directory
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
    entities = [(e.get("entity"), e.get("value")) for e in message.get("entities") or []]
    names_a_topic = any(entity in TOPIC_ENTITIES for entity, _ in entities)
    selected = selected_answer(message) if is_question else None
    ranked = ranked_answers(message)
    if selected:
        selected = rules.compose(text, selected, rules.topics_named(text, entities), known, ranked,
                                 rules.all_topics_named(text, entities))
    key = rules.resolve(text, selected, tracker.get_slot("onderwerp"), known, names_a_topic, ranked)
    return key if key in known else None


def answer_question(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any],
                    is_question: bool) -> Optional[List[Dict[Text, Any]]]:
    """Utter the answer to the latest message (answer_key); None when there is none."""
    key = answer_key(tracker, domain, is_question)
    if key is None:
        return None
    rules, text = followups(), (tracker.latest_message or {}).get("text") or ""
    dispatcher.utter_message(response=PREFIX + key)
    topic = rules.topic_of(key)
    organisation = rules.organisation_of_topic.get(topic or "")
    route = rules.organisation_to_route(key, text)
    if route:
        _add_route(dispatcher, route, answer_language(tracker))
    events: List[Dict[Text, Any]] = [SlotSet("onderwerp", topic)]
    if organisation:
        # "wat is hun nummer?" then asks for this organisation (action_geef_contact).
        events.append(SlotSet("organisatie", organisation))
    return events


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
        is_question = ((tracker.latest_message or {}).get("intent") or {}).get("name") == "faq"
        events = answer_question(dispatcher, tracker, domain, is_question)
        if events is None:
            # Not understood, and no follow-up of the current topic either.
            dispatcher.utter_message(response="utter_fallback_onderwerpen")
            return []
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
        if (tracker.get_slot("onderwerp") and followups().asks_something(text)
                and answer_key(tracker, domain, is_question=False)):
            return [FollowupAction("action_beantwoord_vraag")]
        dispatcher.utter_message(response="utter_fallback_onderwerpen")
        return []
