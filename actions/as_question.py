"""Say the latest message again as a question (intent faq) and answer it.

Used where the NLU took a question for something else: a follow-up inside a topic that
was not understood (actions/knowledge.py), or "wat is een clientondersteuner" read as a
request for a contact route (actions/contact_routes.py). A leaf, so both can use it.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, UserUttered, UserUtteranceReverted

ANSWER_ACTION = "action_beantwoord_vraag"
# Set on a message that is answered as a question although the NLU did not take it
# for one (not understood, or "wat kan ik doen?" inside a topic): see as_question().
NOT_UNDERSTOOD = "wegwijzer_niet_begrepen"
AS_QUESTION = "wegwijzer_als_vraag"


def as_question(tracker: Tracker, understood: bool) -> List[Dict[Text, Any]]:
    """Take the latest message back and say it again as a question (intent faq), then
    answer it: so the conversation reads "question, answer" for the rules, as when the
    NLU had understood it. `understood` False: the selector's own choice does not count,
    only its ranking (the message was not understood as a question)."""
    message = dict(tracker.latest_message or {})
    message["intent"] = {"name": "faq", "confidence": 1.0}
    message[AS_QUESTION] = True
    # Rasa checks the event against its schema: no empty (None) fields in the entities.
    message["entities"] = [{k: v for k, v in e.items() if v is not None} for e in message.get("entities") or []]
    if not understood:
        message[NOT_UNDERSTOOD] = True
    return [UserUtteranceReverted(),
            UserUttered(message.get("text"), parse_data=message, input_channel=tracker.get_latest_input_channel()),
            FollowupAction(ANSWER_ACTION)]
