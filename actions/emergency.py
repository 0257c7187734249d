"""Emergency routes, given at once when a message signals danger: the route for
this kind of crisis first, in the person's language with the Dutch beside it.
A message that also asked a question then gets its answer."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import answer_question, was_a_question
from wegwijzer.directory import emergency_routes
from wegwijzer.directory.formatting import emergency_extra, emergency_text


class ActionNoodhulp(Action):
    def name(self) -> Text:
        return "action_noodhulp"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        crisis = (tracker.latest_message or {}).get("crisis") or {}
        language = crisis.get("language") or "nl"
        dispatcher.utter_message(text=emergency_text(emergency_routes(), crisis.get("kind"), language, intro=True))
        message = tracker.latest_message or {}
        if was_a_question(message):
            # Routes first; then the question the message also asked (a scared parent
            # asking "ben ik mijn gezag kwijt?" needs that answer too).
            dispatcher.utter_message(text=emergency_extra(language, "also_asked"))
            events = answer_question(dispatcher, tracker, domain, is_question=True)
            if events is not None:
                return events
        dispatcher.utter_message(text=emergency_extra(language, "continue"))
        return []
