"""Emergency routes, given at once when a message signals danger."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from wegwijzer.directory import emergency_routes
from wegwijzer.directory.formatting import emergency_text


class ActionNoodhulp(Action):
    def name(self) -> Text:
        return "action_noodhulp"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=emergency_text(emergency_routes()))
        dispatcher.utter_message(response="utter_nood_verder")
        return []
