"""The widget's "Was dit antwoord nuttig? ja / nee": what it rates and how it is kept.

The interface, shared by the socket.io channel (wegwijzer.feedback_channel, which
writes it), the insight figures and the review inbox (which read it):

- an answer is a bot message whose response name (the bot event's metadata
  `utter_action`) is `utter_faq/<key>`, not the question asked back
  (`utter_faq/vervolgvraag`); the last part of an answer that goes out over
  socket.io carries that name as ANSWER_KEY, so the widget knows what it rates;
- the widget emits the socket.io event EVENT with {"antwoord": <response name>,
  "nuttig": "ja" | "nee"};
- the channel appends to the conversation a SlotSet of SLOT whose value is
  {"antwoord": <response name>, "nuttig": "ja" | "nee", "bij": <timestamp of the
  rated bot event>}. The latest SlotSet per `bij` counts: a second verdict on the
  same answer replaces the first. Carried over into a new session (as every
  slot), the copy has the same `bij`, so it changes nothing.

No free text is ever part of it. Nothing here imports Rasa: the insight command
reads this without loading the channel.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Optional

EVENT = "feedback"  # socket.io event from the widget
SLOT = "antwoord_feedback"  # domain/knowledge.yml: type any, set only by the channel
ANSWER_KEY = "antwoord"  # in a bot_uttered payload, and in the event and the slot value
VERDICT_KEY, RATED_AT_KEY = "nuttig", "bij"
VERDICTS = ("ja", "nee")
ANSWER_PREFIX = "utter_faq/"  # the answers' responses (actions/knowledge.py PREFIX)
NOT_AN_ANSWER = ANSWER_PREFIX + "vervolgvraag"  # the question asked back (knowledge.followups.FOLLOW_UP)
_ANSWER_NAME = re.compile(r"utter_faq/[a-z0-9_]{1,80}")


@dataclass(frozen=True)
class Verdict:
    """A person's verdict on an answer, as the widget sends it."""
    answer: str  # the response name, utter_faq/<key>
    useful: str  # "ja" or "nee"


@dataclass(frozen=True)
class StoredVerdict(Verdict):
    """A verdict as kept in the tracker: with the time of the rated bot event."""
    rated_at: float


def answer_name(value: Any) -> Optional[str]:
    """The response name when it is an answer's (utter_faq/<key>), else None."""
    if not isinstance(value, str) or not _ANSWER_NAME.fullmatch(value) or value == NOT_AN_ANSWER:
        return None
    return value


def verdict_from_widget(data: Any) -> Optional[Verdict]:
    """The widget's event {"antwoord": ..., "nuttig": "ja" | "nee"}; None when it is not one."""
    if not isinstance(data, dict):
        return None
    answer, useful = answer_name(data.get(ANSWER_KEY)), data.get(VERDICT_KEY)
    if answer is None or useful not in VERDICTS:
        return None
    return Verdict(answer, useful)


def slot_value(verdict: Verdict, rated_at: float) -> dict[str, Any]:
    """The value of SLOT for a verdict on the bot event of `rated_at` (the interface's format)."""
    return {ANSWER_KEY: verdict.answer, VERDICT_KEY: verdict.useful, RATED_AT_KEY: rated_at}


def stored_verdict(value: Any) -> Optional[StoredVerdict]:
    """A value of SLOT as read back from the tracker store; None when it is not one
    (whoever can write events could have put anything there)."""
    if not isinstance(value, dict):
        return None
    verdict = verdict_from_widget(value)
    rated_at = value.get(RATED_AT_KEY)
    if verdict is None or isinstance(rated_at, bool) or not isinstance(rated_at, (int, float)):
        return None
    if not math.isfinite(rated_at):
        return None
    return StoredVerdict(verdict.answer, verdict.useful, float(rated_at))
