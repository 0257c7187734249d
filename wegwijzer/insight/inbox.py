"""The review inbox as the desk shows it (review.py's items in grouping.py's groups,
with decisions.py's targets), and a coordinator's decision on some of its messages.

The tracker store's database is read, never created, until the first decision is
kept (store.open_store then adds the table; the desk and the retention job's
collect share the migrations). Blocking: the desk calls these in a thread.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Iterable, Optional

from sqlalchemy.engine import Engine

from wegwijzer.insight import database, decisions
from wegwijzer.insight.grouping import group_texts
from wegwijzer.insight.review import Item, review_items
from wegwijzer.insight.store import open_store


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def item_json(item: Item) -> dict[str, Any]:
    return {"id": item.id, "text": item.text, "at": _iso(item.time), "intent": item.intent, "answer": item.answer,
            "reasons": list(item.reasons)}


class Inbox:
    """The inbox on the tracker store at `url` (TRACKER_STORE_URL); one per desk process."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Optional[Engine] = None

    def _reader(self) -> Optional[Engine]:
        """None while the database does not exist (no conversation yet): nothing is created."""
        if self._engine is None:
            self._engine = database.engine(self.url)
        return self._engine

    def _writer(self) -> Engine:
        if self._engine is None or not database.has_table(self._engine, decisions.DECIDED.name):
            self._engine = open_store(self.url)
        return self._engine

    def groups(self) -> dict[str, Any]:
        """What the page shows: the undecided items in groups (newest first), the targets
        to choose from, and how many decisions wait for export-training."""
        tracker = self._reader()
        decisions.detach_gone(tracker)
        items = review_items(tracker, decisions.decided_events(tracker))
        groups = group_texts(items, [item.text for item in items])
        return {
            "groups": [{"id": group.members[0].id, "items": [item_json(item) for item in group.members]}
                       for group in groups],
            "targets": [{"name": target.name, "hint": target.hint} for target in decisions.targets()],
            "for_export": decisions.count_for_training(tracker),
        }

    def decide(self, ids: Iterable[int], decision: str, intent: Optional[str], reviewer: str,
               today: date) -> int:
        """Keep the decision for those of `ids` that are undecided items now; how many.
        ValueError for a decision or target that is not one (decisions.decide)."""
        if self._reader() is None:
            return 0
        store = self._writer()
        items = review_items(store, decisions.decided_events(store), ids=ids)
        return decisions.decide(store, items, decision, intent, reviewer, today)
