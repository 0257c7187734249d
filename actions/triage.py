"""The intake/triage form: its validation action, the summary and "opnieuw beginnen".

The logic lives in the package wegwijzer.intake; these actions only translate
between the Rasa tracker and that package.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.language import answer_language
from wegwijzer.directory import resolve_municipality
from wegwijzer.directory.municipalities import default_index
from wegwijzer.intake.form import QUESTIONS, FormState, questions_to_ask, read_turn
from wegwijzer.intake.reading import Message
from wegwijzer.intake.summary import summary
from wegwijzer.intake.vocabulary import MAATREGEL_ANSWERS, NEEDS, ROLES, Answers

FORM = "triage_form"
# Set by the contact routes (domain/contacts.yml) when the person chose not to
# say their municipality: then the form does not ask it either, and the other way round.
MUNICIPALITY_SKIPPED = "gemeente_overgeslagen"
# Slots the form keeps for itself, next to its questions (QUESTIONS in wegwijzer.intake.form).
BOOKKEEPING = ("maatregel", "overgeslagen", "wil_wijzigen", MUNICIPALITY_SKIPPED)


def _is_place_name(entity: Dict[Text, Any], text: Text) -> bool:
    """'mijn buren' names no municipality; 'Buren' with a capital does. (An
    answer to the municipality question is read from the text itself.)"""
    if resolve_municipality(str(entity["value"])) not in default_index().common_words:
        return True
    return text[entity.get("start", 0):entity.get("end", 0)][:1].isupper()


def incoming_message(tracker: Tracker) -> Message:
    latest = tracker.latest_message or {}
    text = latest.get("text") or ""
    entities: Dict[str, List[str]] = {}
    for entity in latest.get("entities") or []:
        if entity.get("value") is None or (entity.get("entity") == "gemeente" and not _is_place_name(entity, text)):
            continue
        entities.setdefault(entity.get("entity"), []).append(str(entity["value"]))
    intent = (latest.get("intent") or {}).get("name")
    return Message(text=text, intent=intent, entities=entities)


def website_municipality(tracker: Tracker) -> Optional[str]:
    """The municipality the website widget passed as metadata, if any."""
    for metadata in ((tracker.latest_message or {}).get("metadata"), tracker.get_slot("session_started_metadata")):
        if isinstance(metadata, dict):
            value = metadata.get("gemeente") or metadata.get("municipality")
            if value:
                return str(value)
    return None


# Actions that may run between the person's message and the form without taking the
# message: action_vraag_of_intake (actions/knowledge.py) lets "ik wil mijn antwoord
# veranderen" through to the form when it is not a question.
BEFORE_THE_FORM = ("action_listen", "action_extract_slots", "action_vraag_of_intake")


def _events_before_this_run(tracker: Tracker) -> List[Dict[Text, Any]]:
    """The tracker's events without what Rasa appended for this validation run."""
    events = list(tracker.events)
    while events and events[-1].get("event") in ("slot", "active_loop"):
        events.pop()
    if events and events[-1].get("event") == "action" and events[-1].get("name") == FORM:
        events.pop()
    return events


def is_fresh_user_turn(tracker: Tracker) -> bool:
    """True when the form runs right after a user message (not when it resumes
    after another action, such as the crisis routes)."""
    for event in reversed(_events_before_this_run(tracker)):
        kind = event.get("event")
        if kind == "user":
            return True
        if kind == "action" and event.get("name") not in BEFORE_THE_FORM:
            return False
    return True


def is_activation(tracker: Tracker) -> bool:
    """True when the form starts in this run (Rasa logged ActiveLoop after the user message)."""
    for event in reversed(_events_before_this_run(tracker)):
        if event.get("event") == "user":
            return False
        if event.get("event") == "active_loop" and event.get("name") == FORM:
            return True
    return tracker.get_slot("requested_slot") is None


def skipped_questions(tracker: Tracker) -> List[Text]:
    skipped = list(tracker.get_slot("overgeslagen") or [])
    if tracker.get_slot(MUNICIPALITY_SKIPPED) and "gemeente" not in skipped:
        skipped.append("gemeente")
    return skipped


def form_state(tracker: Tracker) -> FormState:
    activating = is_activation(tracker)
    return FormState(
        requested=None if activating else tracker.get_slot("requested_slot"),
        answers={name: tracker.get_slot(name) for name in QUESTIONS},
        skipped=skipped_questions(tracker),
        wants_change=bool(tracker.get_slot("wil_wijzigen")),
        fresh=is_fresh_user_turn(tracker),
        metadata_gemeente=website_municipality(tracker),
        known_maatregel=tracker.get_slot("maatregel"),
        language=answer_language(tracker),
    )


class ValidateTriageForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_triage_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        return questions_to_ask(domain_slots, skipped_questions(tracker), bool(tracker.get_slot("wil_wijzigen")))

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        turn = read_turn(incoming_message(tracker), form_state(tracker))
        if turn.reject:
            # Not an answer (a crisis, a question): the rules answer it, then the form asks again.
            return [ActionExecutionRejected(self.form_name())]
        for text in turn.say:
            dispatcher.utter_message(text=text)
        events = [SlotSet(name, value) for name, value in turn.updates.items()]
        if "overgeslagen" in turn.updates and MUNICIPALITY_SKIPPED in domain.get("slots", {}):
            events.append(SlotSet(MUNICIPALITY_SKIPPED, "gemeente" in turn.updates["overgeslagen"]))
        tracker.add_slots(events)
        # The SDK validates the question slots and picks the next question; it
        # only returns question slots, so the bookkeeping slots are added here.
        validated = await super().run(dispatcher, tracker, domain)
        return [e for e in events if e["name"] in BOOKKEEPING] + validated

    def validate_rol(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        return {"rol": value if value in ROLES else None}

    def validate_maatregel_antwoord(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict):
        return {"maatregel_antwoord": value if value in MAATREGEL_ANSWERS else None}

    def validate_gemeente(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        # Also set by the global entity mapping: keep only official names.
        return {"gemeente": resolve_municipality(str(value)) if value else None}

    def validate_hulpvraag(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        return {"hulpvraag": value if value in NEEDS else None}

    def extract_welk_antwoord(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        return {}  # read in run(), like every answer

    def validate_welk_antwoord(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict):
        return {"welk_antwoord": None}  # never kept: it only makes the form ask "which answer?"


def answers_from(tracker: Tracker) -> Answers:
    return Answers(
        rol=tracker.get_slot("rol"),
        maatregel=tracker.get_slot("maatregel_antwoord"),
        gemeente=tracker.get_slot("gemeente"),
        hulpvraag=tracker.get_slot("hulpvraag"),
    )


class ActionTriageSamenvatting(Action):
    """The tailored summary after the intake."""

    def name(self) -> Text:
        return "action_triage_samenvatting"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        answers = answers_from(tracker)
        for part in summary(answers, previous=tracker.get_slot("triage_overzicht"), language=answer_language(tracker)):
            buttons = [{"title": title, "payload": payload} for title, payload in part.buttons]
            dispatcher.utter_message(text=part.text, buttons=buttons or None)
        return [SlotSet("triage_overzicht", answers.as_dict())]


class ActionTriageOpnieuw(Action):
    """'Opnieuw beginnen': forget every intake answer; the form then starts again."""

    def name(self) -> Text:
        return "action_triage_opnieuw"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(response="utter_triage_opnieuw")
        known = domain.get("slots", {})
        forget = [name for name in (*QUESTIONS, *BOOKKEEPING, "triage_overzicht", "requested_slot")
                  if name in known or name == "requested_slot"]
        empty = {"overgeslagen": [], MUNICIPALITY_SKIPPED: False}
        return [SlotSet(name, empty.get(name)) for name in forget]
