"""Where the figures are kept: one row per finished day (UTC) in the table
`insight_days`, in the tracker store's database (TRACKER_STORE_URL, by default
DATA_DIR/tracker.db). Retention deletes only conversations (the `events` table),
so the figures outlive them, and they are backed up with the conversations.

The schema is Alembic's (migrations/, version table alembic_version_insight: the
directory and the desk may share a PostgreSQL database with it).
"""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import declarative_base

from wegwijzer.insight.database import engine, has_table
from wegwijzer.migrations import upgrade_head

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version_insight"

Base = declarative_base()


class InsightDay(Base):
    __tablename__ = "insight_days"
    day = sa.Column(sa.Date, primary_key=True)
    figures = sa.Column(sa.Text, nullable=False)  # JSON, figures.day_figures: counts and names, no text
    computed_at = sa.Column(sa.DateTime, nullable=False)  # naive UTC


DAYS = InsightDay.__table__


def open_store(url: str) -> Engine:
    """The store for writing: the database (a SQLite file) made if need be, schema at head."""
    store = engine(url, create=True)
    upgrade_head(MIGRATIONS_DIR, store, VERSION_TABLE)
    return store


def read_store(url: str) -> Optional[Engine]:
    """The store for reading, None when no figures were ever kept there (nothing is created)."""
    store = engine(url)
    return store if store is not None and has_table(store, DAYS.name) else None


def stored_days(store: Engine) -> set[date]:
    with store.connect() as connection:
        return set(connection.execute(sa.select(DAYS.c.day)).scalars())


def save_day(store: Engine, day: date, figures: dict[str, Any]) -> bool:
    """Keep a day's figures once; False when the day was kept already (by another run)."""
    row = {"day": day, "figures": json.dumps(figures, sort_keys=True),
           "computed_at": datetime.now(timezone.utc).replace(tzinfo=None)}
    try:
        with store.begin() as connection:
            connection.execute(sa.insert(DAYS).values(**row))
    except sa.exc.IntegrityError:  # a collect that ran at the same time kept it first
        return False
    return True


def load_days(store: Engine, first: date, last: date) -> dict[date, dict[str, Any]]:
    """The kept figures of the days first..last (inclusive)."""
    statement = sa.select(DAYS.c.day, DAYS.c.figures).where(DAYS.c.day >= first, DAYS.c.day <= last)
    with store.connect() as connection:
        return {day: json.loads(figures) for day, figures in connection.execute(statement)}
