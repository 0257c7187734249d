"""One day's figures (UTC), from the tracker store's `events` table and the desk's
database. Read only: nothing is written to either, and a database that does not
exist yet counts as empty (it is not created).

What is counted (every name is checked against the project's lists, names.py):
- conversations: conversations with at least one message from the person that day;
- user_messages: the person's messages; `intents`: their intents;
- answers: answers given (the response `utter_faq/<key>` of a bot event's
  metadata `utter_action`), and their topics (domain/followups.yml);
- not_understood: messages whose reply was "not understood" (names.NOT_UNDERSTOOD);
  nlu_fallback: messages the NLU did not understand (some still get an answer, as
  a follow-up or as a municipality with a typo);
- clarifying: the questions the assistant asked back (names.CLARIFYING);
- handoffs: offered (action_handoff_aanbieden), requested (queued or forwarded),
  taken (the desk: an advisor took it), fallen_back (nobody could take it, or the
  wait ran out at the desk: the person got the AKJ routes);
- crisis: routes_shown (the crisis net's verdict `crisis` in the message's parse
  data, on which the channel always sends the emergency routes, or action_noodhulp
  run by the emergency button), signals, and the kinds of crisis;
- gemeenten, roles: conversations per municipality and role, when known (the
  website's metadata `gemeente`/`rol` of a message, or the slots `gemeente`/`rol`);
- feedback: per answer key, the widget's "Was dit antwoord nuttig?": the latest
  verdict given that day on each rated answer, {"ots_duur": {"ja": n, "nee": n}}.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Iterable, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from wegwijzer import feedback
from wegwijzer.handoff.models import EXPIRED, Handoff
from wegwijzer.insight import names
from wegwijzer.insight.database import has_table
from wegwijzer.insight.turns import (
    ANSWER, CLARIFYING, EVENTS, HANDOFF_NO_ADVISOR, HANDOFF_QUEUED, NOT_UNDERSTOOD, event_data, reply_kind,
    utter_action,
)

# The format of a day's figures; a later format can still read the days stored before it.
VERSION = 1
SESSION_START, LISTEN = "action_session_start", "action_listen"


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(), tzinfo=timezone.utc)
    return start, start + timedelta(days=1)


@dataclass
class _Conversation:
    """What is known of one conversation on this day (never its words)."""
    wrote: bool = False
    role: Optional[str] = None
    municipality: Optional[str] = None


@dataclass
class _Tally:
    names: names.Names
    conversations: dict[str, _Conversation] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)
    intents: Counter = field(default_factory=Counter)
    answers: Counter = field(default_factory=Counter)
    topics: Counter = field(default_factory=Counter)
    clarifying: Counter = field(default_factory=Counter)
    crisis_kinds: Counter = field(default_factory=Counter)
    # The person's latest message in each conversation: what its reply already counted.
    turn: dict[str, set] = field(default_factory=dict)
    # The latest verdict on each rated answer: (conversation, time of the answer) -> (name, ja/nee).
    verdicts: dict[tuple[str, float], tuple[str, str]] = field(default_factory=dict)
    # Conversations in action_session_start: the slots it sets are copies carried over.
    starting: set[str] = field(default_factory=set)

    def add(self, sender: str, type_name: str, intent: Optional[str], action: Optional[str], raw: Any) -> None:
        conversation = self.conversations.setdefault(sender, _Conversation())
        if type_name == "user":
            data = event_data(raw)
            conversation.wrote = True
            self.turn[sender] = set()
            self.counts["user_messages"] += 1
            name = self.names.intent(intent)
            if name:
                self.intents[name] += 1
            if intent == names.FALLBACK_INTENT:
                self.counts["nlu_fallback"] += 1
            self._crisis(sender, (data.get("parse_data") or {}).get("crisis") or {})
            self._from_site(conversation, data.get("metadata"))
        elif type_name == "bot":
            self._bot(sender, utter_action(event_data(raw)))
        elif type_name == "action":
            if action == SESSION_START:
                self.starting.add(sender)
            elif action == LISTEN:
                self.starting.discard(sender)
            elif action == names.HANDOFF_OFFERED:
                self.counts["handoffs_offered"] += 1
            elif action == names.EMERGENCY_ACTION:
                self._once(sender, "routes", "crisis_routes_shown")
        elif type_name == "slot" and action in ("rol", "gemeente"):
            self._from_site(conversation, {action: event_data(raw).get("value")})
        elif type_name == "slot" and action == feedback.SLOT and sender not in self.starting:
            verdict = feedback.stored_verdict(event_data(raw).get("value"))
            if verdict is not None:
                self.verdicts[(sender, verdict.rated_at)] = (verdict.answer, verdict.useful)

    def _bot(self, sender: str, response: str) -> None:
        kind, answer = reply_kind(self.names, response)
        if kind == ANSWER:
            self.answers[answer] += 1
            self.topics[names.topic(answer) or names.OTHER] += 1
        elif kind == CLARIFYING:
            self.clarifying[response] += 1
        elif kind == NOT_UNDERSTOOD:
            self._once(sender, "not_understood", "not_understood")
        elif kind == HANDOFF_QUEUED:
            self.counts["handoffs_requested"] += 1
        elif kind == HANDOFF_NO_ADVISOR:
            self.counts["handoffs_fallen_back"] += 1

    def _once(self, sender: str, mark: str, count: str) -> None:
        """Count at most once per message of the person (a reply has several parts)."""
        seen = self.turn.setdefault(sender, set())
        if mark not in seen:
            seen.add(mark)
            self.counts[count] += 1

    def _crisis(self, sender: str, crisis: Any) -> None:
        if not isinstance(crisis, dict):
            return
        if crisis.get("level") == "crisis":
            self._once(sender, "routes", "crisis_routes_shown")
            kind = crisis.get("kind")
            self.crisis_kinds[kind if kind in names.CRISIS_KINDS else names.OTHER] += 1
        elif crisis.get("level") == "signal":
            self.counts["crisis_signals"] += 1

    @staticmethod
    def _from_site(conversation: _Conversation, values: Any) -> None:
        """The latest role and municipality the website or the person gave."""
        if not isinstance(values, dict):
            return
        conversation.role = names.role(values.get("rol")) or conversation.role
        given = values.get("gemeente") or values.get("municipality")
        conversation.municipality = names.municipality(given) or conversation.municipality

    def figures(self) -> dict[str, Any]:
        talked = [c for c in self.conversations.values() if c.wrote]
        counts = self.counts
        return {
            "version": VERSION,
            "conversations": len(talked),
            "user_messages": counts["user_messages"],
            "not_understood": counts["not_understood"],
            "nlu_fallback": counts["nlu_fallback"],
            "clarifying": sum(self.clarifying.values()),
            "clarifying_by_question": dict(self.clarifying),
            "handoffs": {"offered": counts["handoffs_offered"], "requested": counts["handoffs_requested"],
                         "taken": None, "fallen_back": counts["handoffs_fallen_back"]},
            "crisis": {"routes_shown": counts["crisis_routes_shown"], "signals": counts["crisis_signals"],
                       "kinds": dict(self.crisis_kinds)},
            "intents": dict(self.intents),
            "answers": dict(self.answers),
            "topics": dict(self.topics),
            "gemeenten": dict(Counter(c.municipality for c in talked if c.municipality)),
            "roles": dict(Counter(c.role for c in talked if c.role)),
            "feedback": feedback_per_answer(self.verdicts.values(), self.names),
        }


def feedback_per_answer(verdicts: Iterable[tuple[str, str]], known: names.Names) -> dict[str, dict[str, int]]:
    """The widget's "Was dit antwoord nuttig? ja / nee" per answer key, {"ots_duur":
    {"ja": n, "nee": n}}, from (response name, verdict) pairs: one per rated answer
    (the latest). A name that is not one of the domain's answers is not counted."""
    per_answer: dict[str, dict[str, int]] = {}
    for name, useful in verdicts:
        key = known.answer(name)
        if key and useful in feedback.VERDICTS:
            counts = per_answer.setdefault(key, dict.fromkeys(feedback.VERDICTS, 0))
            counts[useful] += 1
    return per_answer


def tracker_events(connection: sa.engine.Connection, day: date) -> Iterable[tuple]:
    """The day's events in stored order per conversation, streamed."""
    start, end = day_bounds(day)
    statement = (sa.select(EVENTS.c.sender_id, EVENTS.c.type_name, EVENTS.c.intent_name, EVENTS.c.action_name,
                           EVENTS.c.data)
                 .where(EVENTS.c.timestamp >= start.timestamp(), EVENTS.c.timestamp < end.timestamp())
                 .order_by(EVENTS.c.sender_id, EVENTS.c.id))
    return connection.execution_options(stream_results=True).execute(statement)


def desk_handoffs(desk: Optional[Engine], day: date) -> Optional[tuple[int, int]]:
    """(taken, expired) of the handoffs queued that day; None without a desk database
    (an external live chat, or no desk at all)."""
    if desk is None or not has_table(desk, Handoff.__tablename__):
        return None
    start, end = (moment.replace(tzinfo=None) for moment in day_bounds(day))  # the desk keeps naive UTC
    table = Handoff.__table__
    expired = sa.func.sum(sa.case((table.c.status == EXPIRED, 1), else_=0))
    statement = (sa.select(sa.func.count(table.c.taken_at), expired)
                 .where(table.c.created_at >= start, table.c.created_at < end))
    with desk.connect() as connection:
        taken, expired_count = connection.execute(statement).one()
    return int(taken or 0), int(expired_count or 0)


def day_figures(tracker: Optional[Engine], desk: Optional[Engine], day: date) -> dict[str, Any]:
    """The figures of one day, unsuppressed (report.py suppresses what it shows)."""
    tally = _Tally(names.project_names())
    if tracker is not None and has_table(tracker, "events"):
        with tracker.connect() as connection:
            for sender, type_name, intent, action, raw in tracker_events(connection, day):
                tally.add(sender, type_name, intent, action, raw)
    figures = tally.figures()
    from_desk = desk_handoffs(desk, day)
    if from_desk is not None:
        taken, expired = from_desk
        figures["handoffs"]["taken"] = taken
        figures["handoffs"]["fallen_back"] += expired  # waited too long: the desk gave the AKJ routes
    return figures


def first_event_day(tracker: Optional[Engine]) -> Optional[date]:
    """The day of the oldest stored event (UTC), None when there is none."""
    if tracker is None or not has_table(tracker, "events"):
        return None
    with tracker.connect() as connection:
        oldest = connection.execute(sa.select(sa.func.min(EVENTS.c.timestamp))).scalar()
    return None if oldest is None else datetime.fromtimestamp(oldest, timezone.utc).date()
