"""A person instead of the assistant: offer an AKJ vertrouwenspersoon, ask what
may be shared, put the person in the desk's queue; when nobody is available,
give the AKJ routes from the directory and let the person leave a question.
The logic lives in wegwijzer.handoff; blocking calls run in a thread."""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from wegwijzer.handoff import client
from actions.language import answer_language
from wegwijzer.handoff.answers import (
    ALL, CANCEL, NOTHING, SEALED_CONTACT_KEY, SUMMARY, consent_choice, contact_choice,
)
from wegwijzer.handoff.availability import office_hours_text
from wegwijzer.handoff.config import load_config
from wegwijzer.handoff.crypto import KeyProblem
from wegwijzer.handoff.summary import build_summary, language_of, transcript_from_events
from wegwijzer.handoff.texts import akj_routes_text

MAX_QUESTION = 2000
# The contact slot's value when the contact details could not be sealed (no public key):
# the question is then not stored, and the person is told to contact the AKJ.
SEAL_FAILED = "niet_verzegeld"

logger = logging.getLogger(__name__)


def give_akj_routes(dispatcher: CollectingDispatcher, reason: str, language: str = "nl") -> None:
    """Nobody can take the chat: say why, give the AKJ routes, offer to leave a question."""
    hours = office_hours_text(load_config().office_hours, language)
    if reason == client.CLOSED and hours:
        dispatcher.utter_message(response="utter_handoff_buiten_kantoortijd", tijden=hours)
    elif reason in (client.CLOSED, client.NOBODY, client.BUSY):
        dispatcher.utter_message(response="utter_handoff_niemand_vrij")
    else:
        dispatcher.utter_message(response="utter_handoff_storing")
    dispatcher.utter_message(text=akj_routes_text(language))
    dispatcher.utter_message(response="utter_handoff_vraag_aanbod")


def _latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


class ActionHandoffAanbieden(Action):
    """Explain who the AKJ advisor is and how long the wait is, or give the routes."""

    def name(self) -> Text:
        return "action_handoff_aanbieden"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[Text, Any]]:
        if _latest_intent(tracker) == "nlu_fallback":  # offered after two messages not understood
            dispatcher.utter_message(response="utter_handoff_niet_begrepen")
        availability = await asyncio.to_thread(client.check_availability, tracker.sender_id)
        if availability.already == "wachtend":
            dispatcher.utter_message(response="utter_handoff_al_in_wachtrij", positie=str(availability.position or 1))
            return [SlotSet("handoff_beschikbaar", False)]
        if availability.already == "actief":
            dispatcher.utter_message(response="utter_handoff_al_in_gesprek")
            return [SlotSet("handoff_beschikbaar", False)]
        if not availability.available:
            give_akj_routes(dispatcher, availability.reason, answer_language(tracker))
            return [SlotSet("handoff_beschikbaar", False)]
        dispatcher.utter_message(response="utter_handoff_uitleg")
        wait = availability.wait_minutes
        if wait is not None and wait <= 2:
            dispatcher.utter_message(response="utter_handoff_wachttijd_kort")
        elif wait is not None:
            dispatcher.utter_message(response="utter_handoff_wachttijd", minuten=str(wait))
        return [SlotSet("handoff_beschikbaar", True)]


class ValidateHandoffForm(FormValidationAction):
    """The consent question, answered by button or in the person's own words."""

    def name(self) -> Text:
        return "validate_handoff_form"

    async def validate_handoff_toestemming(self, slot_value: Any, dispatcher: CollectingDispatcher,
                                           tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        choice = consent_choice(slot_value if isinstance(slot_value, str) else None)
        if choice:
            return {"handoff_toestemming": choice}
        if _answers_in_form(tracker) >= 2:
            return {"handoff_toestemming": CANCEL}  # never keep someone stuck in the question
        dispatcher.utter_message(response="utter_handoff_keuze_onduidelijk")
        return {"handoff_toestemming": None}


def _answers_in_form(tracker: Tracker) -> int:
    """Messages since the consent question was first asked (a clear answer ends the
    form, so all earlier ones were unclear)."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") == "handoff_form":
            break
        if event.get("event") == "user":
            count += 1
    return count


class ActionHandoffStarten(Action):
    """Put the person in the queue with what they allowed to share."""

    def name(self) -> Text:
        return "action_handoff_starten"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[Text, Any]]:
        reset = [SlotSet("handoff_toestemming", None), SlotSet("handoff_beschikbaar", None)]
        choice = tracker.get_slot("handoff_toestemming")
        if choice not in (ALL, SUMMARY, NOTHING):
            dispatcher.utter_message(response="utter_handoff_geannuleerd")
            return reset
        summary = build_summary(tracker.slots, tracker.events) if choice != NOTHING else {}
        # The language to write in is no personal data: the advisor always sees it.
        summary = {**summary, **language_of(tracker.slots)}
        transcript = transcript_from_events(tracker.events) if choice == ALL else []
        request = client.handoff_request(tracker.sender_id, choice, summary, transcript)
        result = await asyncio.to_thread(client.request_handoff, request)
        if not result.queued:
            give_akj_routes(dispatcher, result.reason, answer_language(tracker))
        elif result.position:
            dispatcher.utter_message(response="utter_handoff_in_wachtrij", positie=str(result.position))
        else:  # an external live-chat system took the request
            dispatcher.utter_message(response="utter_handoff_doorgestuurd")
        return reset


class ValidateVraagAchterlatenForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_vraag_achterlaten_form"

    async def validate_achtergelaten_vraag(self, slot_value: Any, dispatcher: CollectingDispatcher,
                                           tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        question = " ".join(str(slot_value or "").split())
        if len(question) < 5:
            dispatcher.utter_message(response="utter_vraag_te_kort")
            return {"achtergelaten_vraag": None}
        return {"achtergelaten_vraag": question[:MAX_QUESTION]}

    async def validate_contact_gegevens(self, slot_value: Any, dispatcher: CollectingDispatcher,
                                        tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        sealed = sealed_contact(tracker)
        if sealed:  # the channel found a number or address and redacted it from the text
            return {"contact_gegevens": sealed}
        kind, value = contact_choice(str(slot_value or ""))
        if value:
            # Sealed at once with the desk's public key: the readable value is never kept in a slot.
            try:
                return {"contact_gegevens": await asyncio.to_thread(client.encrypt_contact, value)}
            except KeyProblem as problem:
                logger.error("Contact details could not be sealed (%s)", problem)
                return {"contact_gegevens": SEAL_FAILED}
        if kind == "geen":
            return {"contact_gegevens": "geen"}
        dispatcher.utter_message(response="utter_contact_onduidelijk")
        return {"contact_gegevens": None}


def sealed_contact(tracker: Tracker) -> Optional[str]:
    """The encrypted contact the input channel put in the message metadata, if it is genuine."""
    token = ((tracker.latest_message or {}).get("metadata") or {}).get(SEALED_CONTACT_KEY)
    if not isinstance(token, str) or not client.is_genuine_contact(token):
        return None
    return token


class ActionVraagOpslaan(Action):
    def name(self) -> Text:
        return "action_vraag_opslaan"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[Text, Any]]:
        reset = [SlotSet("achtergelaten_vraag", None), SlotSet("contact_gegevens", None)]
        question = tracker.get_slot("achtergelaten_vraag") or ""
        contact = tracker.get_slot("contact_gegevens")
        contact = None if contact in (None, "geen") else contact
        # Never stored readable: without a sealed contact the AKJ could not call back as promised.
        stored = contact != SEAL_FAILED and await asyncio.to_thread(client.leave_question, question, contact)
        if not stored:
            dispatcher.utter_message(response="utter_vraag_niet_bewaard")
            dispatcher.utter_message(text=akj_routes_text(answer_language(tracker)))
        elif contact:
            dispatcher.utter_message(response="utter_vraag_bewaard_met_contact")
        else:
            dispatcher.utter_message(response="utter_vraag_bewaard_zonder_contact")
            dispatcher.utter_message(text=akj_routes_text(answer_language(tracker)))
        return reset
