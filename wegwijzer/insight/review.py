"""The review inbox's items: a person's messages the assistant missed, read from the
tracker store each time, as it holds them (redacted). Nothing is copied: when
retention or `make forget` deletes a conversation, its undecided items are gone
with it. A decided item keeps only its redacted text (decisions.py).

A message is an item when its reply was "not understood" or a question asked back
(turns.reply_kind, as the figures count them), or when the person rated the answer
that followed it "nee" (the slot antwoord_feedback, wegwijzer/feedback.py: the
latest verdict on a bot event counts). Only names of the project's lists are shown
with it (the intent, the answer), never a name as a client could have stored it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from wegwijzer import feedback
from wegwijzer.insight import names
from wegwijzer.insight.database import has_table
from wegwijzer.insight.turns import (
    ANSWER, CLARIFYING, EVENTS, NOT_UNDERSTOOD, Reply, event_data, reply_kind, utter_action,
)

# Why a message is in the inbox (Item.reasons), in this order.
REASON_NOT_UNDERSTOOD, REASON_CLARIFYING, REASON_NOT_USEFUL = "niet_begrepen", "vraag_terug", "niet_nuttig"
REASONS = (REASON_NOT_UNDERSTOOD, REASON_CLARIFYING, REASON_NOT_USEFUL)
# The newest items shown; older ones come when these are decided (a page stays readable).
MAX_ITEMS = 1000
# Timestamps of a rated bot event are matched to the millisecond (JSON and JavaScript round trips).
_PRECISION = 3
# Bot replies that make a conversation worth reading (a first, cheap selection in SQL).
_MISSED_REPLIES = names.NOT_UNDERSTOOD + names.CLARIFYING


@dataclass(frozen=True)
class Item:
    id: int  # the row of the person's message in the tracker store's events table
    time: float  # its timestamp (Unix seconds)
    text: str  # as the tracker store holds it: redacted
    intent: Optional[str]  # what the NLU made of it: a domain intent, or names.OTHER
    answer: Optional[str]  # the reply it got: "faq/<key>" for an answer, else the response name
    reasons: tuple[str, ...]


@dataclass
class _Turn:
    """A person's message and the assistant's replies to it."""
    id: int
    time: float
    text: str
    intent: Optional[str]
    kinds: set[Optional[str]] = field(default_factory=set)
    # (the bot event's time, the reply as shown: "faq/<key>", a miss's response name, or None)
    replies: list[tuple[float, Optional[str]]] = field(default_factory=list)

    def reply(self, moment: float, reply: Reply, response: str) -> None:
        self.kinds.add(reply.kind)
        shown = f"faq/{reply.answer}" if reply.kind == ANSWER else (
            response if reply.kind in (CLARIFYING, NOT_UNDERSTOOD) else None)
        self.replies.append((moment, shown))

    def item(self, rated_no: set[float]) -> Optional[Item]:
        """An item when a reply missed or was rated "nee" (`rated_no`: those replies' times)."""
        disliked = [name for moment, name in self.replies if _key(moment) in rated_no]
        found = {REASON_NOT_UNDERSTOOD: NOT_UNDERSTOOD in self.kinds, REASON_CLARIFYING: CLARIFYING in self.kinds,
                 REASON_NOT_USEFUL: bool(disliked)}
        reasons = tuple(reason for reason in REASONS if found[reason])
        if not reasons:
            return None
        shown = [name for name in disliked + [name for _, name in self.replies] if name]
        # The answer it got (the one rated "nee" first), else what the assistant did instead.
        answer = next((name for name in shown if name.startswith("faq/")), shown[0] if shown else None)
        return Item(self.id, self.time, self.text, self.intent, answer, reasons)


def _key(moment: float) -> float:
    return round(float(moment), _PRECISION)


def conversation_items(rows: Iterable[tuple], known: names.Names) -> list[Item]:
    """The items of one conversation, from its events (id, type, timestamp, intent,
    action, data) in stored order."""
    turns: list[_Turn] = []
    verdicts: dict[float, str] = {}  # a rated bot event's time -> "ja" / "nee"
    for event_id, type_name, moment, intent, action, raw in rows:
        if type_name == "user":
            text = event_data(raw).get("text")
            turns.append(_Turn(int(event_id), float(moment), text if isinstance(text, str) else "",
                               known.intent(intent)))
        elif type_name == "bot" and turns:
            response = utter_action(event_data(raw))
            turns[-1].reply(float(moment), reply_kind(known, response), response)
        elif type_name == "slot" and action == feedback.SLOT:
            verdict = feedback.stored_verdict(event_data(raw).get("value"))
            if verdict is not None:  # the latest verdict on a bot event counts
                verdicts[_key(verdict.rated_at)] = verdict.useful
    rated_no = {moment for moment, useful in verdicts.items() if useful == "nee"}
    return [item for item in (turn.item(rated_no) for turn in turns) if item is not None]


def _worth_reading(ids: Optional[Iterable[int]]) -> sa.sql.Select:
    """The conversations with a miss or a rating (a superset: each is then read whole)."""
    missed = sa.or_(*(EVENTS.c.data.like(f'%"{name}"%') for name in _MISSED_REPLIES))
    rated = sa.and_(EVENTS.c.type_name == "slot", EVENTS.c.action_name == feedback.SLOT)
    query = sa.select(EVENTS.c.sender_id).where(sa.or_(sa.and_(EVENTS.c.type_name == "bot", missed), rated))
    if ids is not None:
        query = query.where(EVENTS.c.sender_id.in_(sa.select(EVENTS.c.sender_id).where(EVENTS.c.id.in_(list(ids)))))
    return query.distinct()


def _conversations(connection: Connection, ids: Optional[Iterable[int]]) -> Iterable[list[tuple]]:
    """The events that matter of each conversation worth reading, one conversation at a time."""
    query = (sa.select(EVENTS.c.sender_id, EVENTS.c.id, EVENTS.c.type_name, EVENTS.c.timestamp, EVENTS.c.intent_name,
                       EVENTS.c.action_name, EVENTS.c.data)
             .where(EVENTS.c.sender_id.in_(_worth_reading(ids)), EVENTS.c.type_name.in_(("user", "bot", "slot")))
             .order_by(EVENTS.c.sender_id, EVENTS.c.id))
    sender, rows = None, []
    for row in connection.execution_options(stream_results=True).execute(query):
        if row[0] != sender and rows:
            yield rows
            rows = []
        sender = row[0]
        rows.append(tuple(row[1:]))
    if rows:
        yield rows


def is_decided(item: Item, decided: dict[int, float]) -> bool:
    """Decided already: the decision names this message's row and time (a row id alone
    could be used again by SQLite after the newest conversation was deleted)."""
    moment = decided.get(item.id)
    return moment is not None and abs(moment - item.time) < 1e-6


def review_items(tracker: Optional[Engine], decided: dict[int, float], ids: Optional[Iterable[int]] = None,
                 limit: int = MAX_ITEMS) -> list[Item]:
    """The undecided items, newest first (at most `limit`); with `ids`, only those messages."""
    if tracker is None or not has_table(tracker, "events"):
        return []
    known = names.project_names()
    wanted = None if ids is None else set(ids)
    found: list[Item] = []
    with tracker.connect() as connection:
        for rows in _conversations(connection, wanted):
            found += [item for item in conversation_items(rows, known)
                      if not is_decided(item, decided) and (wanted is None or item.id in wanted)]
    found.sort(key=lambda item: (item.time, item.id), reverse=True)
    return found[:limit]
