"""What the assistant did with a person's message, read from the tracker store's
stored events: shared by the anonymous figures (figures.py counts it) and the
review inbox (review.py lists the messages it missed).

A reply is a bot event; its response is the metadata's `utter_action`. Every
reply name is checked against the project's lists (names.py) before it means
anything: a stored event can hold whatever a client of Rasa's HTTP API sent.
"""
from __future__ import annotations

import json
from typing import Any, NamedTuple, Optional

import sqlalchemy as sa

from wegwijzer.insight import names

# Rasa's SQLTrackerStore table; action_name holds the slot's name for a slot event.
EVENTS = sa.table("events", sa.column("id"), sa.column("sender_id"), sa.column("type_name"), sa.column("timestamp"),
                  sa.column("intent_name"), sa.column("action_name"), sa.column("data"))

# The kinds of reply (Reply.kind).
ANSWER, CLARIFYING, NOT_UNDERSTOOD = "answer", "clarifying", "not_understood"
HANDOFF_QUEUED, HANDOFF_NO_ADVISOR = "handoff_queued", "handoff_no_advisor"


class Reply(NamedTuple):
    kind: Optional[str]  # one of the kinds above; None for any other reply (a greeting, a route)
    answer: Optional[str] = None  # the answer key ("ots_duur") of an ANSWER


def event_data(raw: Any) -> dict[str, Any]:
    """A stored event's JSON as a dict; {} for anything else."""
    try:
        data = json.loads(raw) if isinstance(raw, str) else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def utter_action(data: dict[str, Any]) -> str:
    """The response of a stored bot event ('' when it has none)."""
    metadata = data.get("metadata")
    return str((metadata if isinstance(metadata, dict) else {}).get("utter_action") or "")


def reply_kind(known: names.Names, response: str) -> Reply:
    """What a reply was: an answer of the domain (the follow-up question is none), a
    question asked back, "not understood", a handoff queued or one nobody could take."""
    answer = known.answer(response)
    if answer:
        return Reply(ANSWER, answer)
    if response in names.CLARIFYING:
        return Reply(CLARIFYING)
    if response in names.NOT_UNDERSTOOD:
        return Reply(NOT_UNDERSTOOD)
    if response in names.HANDOFF_QUEUED:
        return Reply(HANDOFF_QUEUED)
    if response in names.HANDOFF_NO_ADVISOR:
        return Reply(HANDOFF_NO_ADVISOR)
    return Reply(None)
