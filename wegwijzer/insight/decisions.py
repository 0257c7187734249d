"""A coordinator's decisions in the review inbox: a missed message belongs to an
existing intent or question (`faq/<key>`), is a new question, or is no question.

Kept in the table `review_decisions` in the tracker store's database, beside the
kept figures (store.py; Alembic, migrations/). A decision keeps the message's text
as the tracker store held it (redacted) and nothing else of the conversation: no
conversation id, no reply, no time of day. So it outlives the retention deletion of
the conversation, which export-training needs. While the message is still stored,
the decision also names its row (`event_id`, `event_time`), so the inbox leaves it
out; `detach_gone` clears that once the conversation was deleted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Iterable, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from wegwijzer.insight import names
from wegwijzer.insight.database import has_table
from wegwijzer.insight.review import Item
from wegwijzer.insight.store import Base
from wegwijzer.insight.turns import EVENTS
from wegwijzer.knowledge.facts import with_facts
from wegwijzer.texts import variation_language
from wegwijzer.yaml_files import read_yaml

# ReviewDecision.decision values
ASSIGNED, NEW_QUESTION, NO_QUESTION = "toegewezen", "nieuwe_vraag", "geen_vraag"
DECISIONS = (ASSIGNED, NEW_QUESTION, NO_QUESTION)
# Intents a message cannot be assigned to: the NLU's "not understood", and the
# retrieval intent itself (its questions are faq/<key>).
NOT_TARGETS = {names.FALLBACK_INTENT, "faq"}
HINT_LENGTH = 100


class ReviewDecision(Base):
    __tablename__ = "review_decisions"
    __table_args__ = (sa.UniqueConstraint("event_id", "event_time", name="uq_review_decisions_event"),)
    id = sa.Column(sa.Integer, primary_key=True)
    text = sa.Column(sa.Text, nullable=False)  # the message as the tracker store held it: redacted
    decision = sa.Column(sa.String(20), nullable=False)  # DECISIONS
    intent = sa.Column(sa.String(120))  # with ASSIGNED: "faq/ots_duur", "groet"
    reviewer = sa.Column(sa.String(80), nullable=False)  # the coordinator's desk user name
    decided_on = sa.Column(sa.Date, nullable=False)  # UTC
    # The message's row in the events table while it is stored; NULL after its deletion.
    event_id = sa.Column(sa.Integer)
    event_time = sa.Column(sa.Float)


DECIDED = ReviewDecision.__table__


@dataclass(frozen=True)
class Target:
    name: str  # "faq/ots_duur" or an intent, "groet"
    hint: str  # the answer's first sentence (Dutch), for a question; "" for an intent


def _first_sentence(text: str) -> str:
    sentence = re.split(r"(?<=[.?!])\s", " ".join(str(text).split()), maxsplit=1)[0]
    return sentence if len(sentence) <= HINT_LENGTH else sentence[:HINT_LENGTH - 1].rstrip() + "…"


@lru_cache(maxsize=1)
def targets() -> tuple[Target, ...]:
    """What a message can be assigned to, from the domain: its questions (faq/<key>,
    with the Dutch default answer's first sentence) and its other intents, by name."""
    hints: dict[str, str] = {}
    for path in sorted(names.DOMAIN_DIR.rglob("*.yml")):
        for response, variations in ((read_yaml(path) or {}).get("responses") or {}).items():
            dutch = [v for v in variations or [] if isinstance(v, dict) and variation_language(v) == "nl"]
            if response.startswith(names.ANSWER_PREFIX) and dutch:
                text = with_facts(dutch[-1].get("text") or "", "nl")  # "{plan_termijn}": its words
                hints[response[len(names.ANSWER_PREFIX):]] = _first_sentence(text)
    known = names.project_names()
    found = [Target(f"faq/{key}", hints.get(key, "")) for key in known.answers]
    found += [Target(intent, "") for intent in known.intents - NOT_TARGETS]
    return tuple(sorted(found, key=lambda target: target.name))


def target_names() -> frozenset[str]:
    return frozenset(target.name for target in targets())


def decided_events(store: Optional[Engine]) -> dict[int, float]:
    """event_id -> event_time of the decided messages that are still stored."""
    if store is None or not has_table(store, DECIDED.name):
        return {}
    query = sa.select(DECIDED.c.event_id, DECIDED.c.event_time).where(DECIDED.c.event_id.is_not(None))
    with store.connect() as connection:
        return {int(event_id): float(moment) for event_id, moment in connection.execute(query)}


def decide(store: Engine, items: Iterable[Item], decision: str, intent: Optional[str], reviewer: str,
           today: date) -> int:
    """Keep one decision per item (in one transaction); the number kept. Raises
    ValueError for a decision or target that is not one; IntegrityError when another
    coordinator decided one of them at the same moment (none is kept then)."""
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    if (decision == ASSIGNED) != (intent is not None) or (intent is not None and intent not in target_names()):
        raise ValueError(f"not a target: {intent!r}")
    rows = [{"text": item.text, "decision": decision, "intent": intent, "reviewer": reviewer, "decided_on": today,
             "event_id": item.id, "event_time": item.time} for item in items]
    if rows:
        with store.begin() as connection:
            connection.execute(sa.insert(DECIDED), rows)
    return len(rows)


def detach_gone(store: Optional[Engine]) -> None:
    """Forget which stored message a decision was for, once that message is deleted
    (retention, `make forget`): the decision keeps only the redacted text."""
    if store is None or not has_table(store, DECIDED.name) or not has_table(store, EVENTS.name):
        return
    still_stored = sa.exists().where(EVENTS.c.id == DECIDED.c.event_id, EVENTS.c.timestamp == DECIDED.c.event_time)
    with store.begin() as connection:
        connection.execute(sa.update(DECIDED).where(DECIDED.c.event_id.is_not(None), ~still_stored)
                           .values(event_id=None, event_time=None))


def for_training(store: Optional[Engine]) -> list[dict]:
    """The decisions export-training writes (assigned, new questions), oldest first."""
    if store is None or not has_table(store, DECIDED.name):
        return []
    query = (sa.select(DECIDED.c.text, DECIDED.c.decision, DECIDED.c.intent, DECIDED.c.reviewer, DECIDED.c.decided_on)
             .where(DECIDED.c.decision.in_((ASSIGNED, NEW_QUESTION))).order_by(DECIDED.c.id))
    with store.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def count_for_training(store: Optional[Engine]) -> int:
    """How many decisions export-training would write (the inbox says it)."""
    if store is None or not has_table(store, DECIDED.name):
        return 0
    query = sa.select(sa.func.count()).select_from(DECIDED).where(DECIDED.c.decision.in_((ASSIGNED, NEW_QUESTION)))
    with store.connect() as connection:
        return int(connection.execute(query).scalar_one())
