"""How do I reach X: routes from the contact directory."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from wegwijzer.directory import national_routes
from wegwijzer.directory.formatting import routes_text

# Organisations whose route depends on the municipality (no national number).
LOCAL_ORGANISATIONS = {"wijkteam", "clientondersteuning"}


def requested_organisation(tracker: Tracker) -> Optional[Text]:
    """The organisation named in this message, else the one talked about before."""
    return next(tracker.get_latest_entity_values("organisatie"), None) or tracker.get_slot("organisatie")


class ActionGeefContact(Action):
    def name(self) -> Text:
        return "action_geef_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        organisation = requested_organisation(tracker)
        if not organisation:
            dispatcher.utter_message(response="utter_vraag_welke_organisatie")
            return []
        if organisation in LOCAL_ORGANISATIONS:
            dispatcher.utter_message(
                text="Dat verschilt per gemeente. Kijk op de website van je gemeente. "
                "Of bel je gemeente en vraag naar het wijkteam of een cliëntondersteuner."
            )
            return [SlotSet("organisatie", organisation)]
        text = routes_text(national_routes(organisation))
        if not text:
            dispatcher.utter_message(response="utter_vraag_welke_organisatie")
            return []
        dispatcher.utter_message(text=text)
        return [SlotSet("organisatie", organisation)]
