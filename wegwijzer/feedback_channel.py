"""The socket.io side of "Was dit antwoord nuttig?" (format: wegwijzer.feedback).

- AnswerOutput: Rasa's socket.io output, whose last part of an answer carries the
  answer's response name, so that the widget can ask about it (Rasa's own output
  sends only the text and the buttons).
- FeedbackReceiver: the widget's `feedback` event for the socket's conversation.
  Under the conversation's lock (Rasa holds it while it handles a message) it finds
  the latest bot event of that answer and appends the SlotSet of the verdict.
  Anything else is ignored with a debug line: a bad event, an answer this
  conversation did not get, too many events; a storage failure is logged. Never
  an exception for the socket.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, Iterable, List, Optional, Text, Tuple

from rasa.core.channels.socketio import SocketIOOutput
from rasa.shared.core.events import BotUttered, SlotSet

from wegwijzer import feedback
from wegwijzer.conversation_ids import reference
from wegwijzer.rate_limits import RateLimiter

logger = logging.getLogger(__name__)

# A person clicks once per answer (a widget that was offline sends its clicks together
# when it reconnects); more than this is a script.
PER_SECOND, PER_MINUTE = 5, 30


class AnswerOutput(SocketIOOutput):
    """SocketIOOutput that names the answer on its last part (feedback.ANSWER_KEY)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: Optional[List[Tuple[Text, Any]]] = None  # the parts of an answer, until its last

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        name = feedback.answer_name(message.get("utter_action"))
        if name is None:
            await super().send_response(recipient_id, message)
            return
        self._held = []
        try:
            await super().send_response(recipient_id, message)  # Rasa splits it into parts
        finally:
            held, self._held = self._held, None
        if held and isinstance(held[-1][1], dict):
            held[-1] = (held[-1][0], {**held[-1][1], feedback.ANSWER_KEY: name})
        for socket_id, part in held:
            await super()._send_message(socket_id, part)

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        if self._held is not None:
            self._held.append((socket_id, response))
        else:
            await super()._send_message(socket_id, response)


def rated_event(events: Iterable[Any], answer: str) -> Optional[BotUttered]:
    """The latest bot event whose response (metadata utter_action) is `answer`."""
    found = None
    for event in events:
        if isinstance(event, BotUttered) and (event.metadata or {}).get("utter_action") == answer:
            found = event
    return found


class FeedbackReceiver:
    """Keeps the widget's verdicts; one per socket.io server (its limits are per conversation)."""

    def __init__(self, per_second: int = PER_SECOND, per_minute: int = PER_MINUTE) -> None:
        self.burst = RateLimiter(per_second, 1.0)
        self.steady = RateLimiter(per_minute, 60.0)

    async def receive(self, agent: Any, conversation_id: Optional[str], data: Any) -> bool:
        """Store a verdict on an answer of `conversation_id`; False when it was ignored."""
        if not conversation_id:
            logger.debug("Feedback from a socket without a conversation: ignored")
            return False
        # Every event counts toward the limits, a bad one too.
        if not (self.burst.allow(conversation_id) and self.steady.allow(conversation_id)):
            logger.debug("Feedback in conversation %s: too many, ignored", reference(conversation_id))
            return False
        verdict = feedback.verdict_from_widget(data)
        if verdict is None:
            logger.debug("Feedback in conversation %s: not an answer's name and ja/nee, ignored",
                         reference(conversation_id))
            return False
        responses = getattr(getattr(agent, "domain", None), "responses", None)
        if agent is None or (responses is not None and verdict.answer not in responses):
            logger.debug("Feedback in conversation %s: unknown answer or no model, ignored", reference(conversation_id))
            return False
        try:
            return await self._store(agent, conversation_id, verdict)
        except Exception as error:  # noqa: BLE001 - a lost verdict must not break the socket
            # Only the kind of error: a database error's text may quote the conversation.
            logger.warning("Feedback in conversation %s could not be stored (%s)", reference(conversation_id),
                           type(error).__name__)
            return False

    @staticmethod
    async def _store(agent: Any, conversation_id: str, verdict: feedback.Verdict) -> bool:
        async with agent.lock_store.lock(conversation_id):
            tracker = await agent.tracker_store.retrieve(conversation_id)
            rated = rated_event(tracker.events, verdict.answer) if tracker is not None else None
            if rated is None:
                logger.debug("Feedback in conversation %s: it did not get that answer, ignored",
                             reference(conversation_id))
                return False
            tracker.update(SlotSet(feedback.SLOT, feedback.slot_value(verdict, rated.timestamp)))
            await agent.tracker_store.save(tracker)
        return True
