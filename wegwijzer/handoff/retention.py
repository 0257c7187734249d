"""Retention: finished desk conversations and left questions are deleted after
HANDOFF_RETENTION_DAYS (default RETENTION_DAYS, 30). The desk service runs this
every hour; `python -m wegwijzer.handoff purge` runs it by hand."""
from __future__ import annotations

from datetime import timedelta
from typing import Optional

from sqlalchemy import delete, select

from wegwijzer.handoff.config import HandoffConfig
from wegwijzer.handoff.db import session_factory
from wegwijzer.handoff.models import OPEN_STATUSES, DeskSession, Handoff, LeftQuestion, utcnow

PURGE_EVERY_SECONDS = 3600


def purge(config: HandoffConfig, days: Optional[int] = None) -> tuple[int, int]:
    """Deletes what is older than the retention period; returns (conversations, questions)."""
    cutoff = utcnow() - timedelta(days=config.retention_days if days is None else days)
    with session_factory(config.database_url)() as session:
        old = session.execute(
            select(Handoff).where(Handoff.created_at < cutoff, Handoff.status.not_in(OPEN_STATUSES))).scalars().all()
        for handoff in old:
            session.delete(handoff)  # its messages go with it
        questions = session.execute(delete(LeftQuestion).where(LeftQuestion.created_at < cutoff)).rowcount
        session.execute(delete(DeskSession).where(DeskSession.expires_at < utcnow()))
        session.commit()
    return len(old), questions
