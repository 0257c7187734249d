"""Session start: the website tells who the page is for.

The widget sends `rol` and `gemeente` as metadata (e.g. the professionals'
page: rol=professional). Rasa hands the first message's metadata to
action_session_start; copying them into slots lets the answers fit the reader
from the first question on. What the person says later overrides them.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from wegwijzer.directory import resolve_municipality
from wegwijzer.intake.vocabulary import ROLES



def slots_from_site(metadata: Any) -> Dict[Text, Any]:
    """The slots the website's metadata may fill; anything unknown is ignored."""
    if not isinstance(metadata, dict):
        return {}
    slots: Dict[Text, Any] = {}
    if metadata.get("rol") in ROLES:
        slots["rol"] = metadata["rol"]
    municipality = metadata.get("gemeente") or metadata.get("municipality")
    if isinstance(municipality, str) and resolve_municipality(municipality):
        slots["gemeente"] = resolve_municipality(municipality)
    return slots


class ActionSessionStart(Action):
    def name(self) -> Text:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        events: List[EventType] = [SessionStarted()]
        carried: Dict[Text, Any] = {}
        if (domain.get("session_config") or {}).get("carry_over_slots_to_new_session", True):
            # As Rasa's own action_session_start: replay the slots that were set.
            carried = {e["name"]: e.get("value") for e in tracker.applied_events() if e.get("event") == "slot"}
        # What the person told us in an earlier session wins over the page's default.
        site = {name: value for name, value in slots_from_site(tracker.get_slot("session_started_metadata")).items()
                if carried.get(name) is None}
        events += [SlotSet(name, value) for name, value in {**carried, **site}.items()]
        events.append(ActionExecuted("action_listen"))
        return events
