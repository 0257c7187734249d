"""Database access for the directory: engine, sessions and Alembic migrations.

SQLite file by default (settings.DATABASE_URL, under DATA_DIR); any SQLAlchemy
URL works, e.g. postgresql://user:pw@host:5432/wegwijzer.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from wegwijzer.migrations import is_at_head, upgrade_head

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def default_url() -> str:
    """DATABASE_URL from the environment at call time (tests and the CLI may change it)."""
    from wegwijzer import settings

    return os.environ.get("DATABASE_URL", "").strip() or settings.DATABASE_URL


def normalise_url(url: str) -> str:
    # "postgres://" (Heroku style) is not accepted by SQLAlchemy 1.4.
    return "postgresql://" + url[len("postgres://"):] if url.startswith("postgres://") else url


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # Keep connections open between lookups (1.4 would open the file anew each
        # time); short timeout: a locked file must not hang a conversation.
        return create_engine(url, future=True, poolclass=QueuePool,
                             connect_args={"timeout": 5, "check_same_thread": False})
    # connect_timeout: an unreachable server must fail fast (the actions then fall back).
    return create_engine(url, future=True, pool_pre_ping=True, connect_args={"connect_timeout": 3})


@contextmanager
def session_scope(url: Optional[str] = None) -> Iterator[Session]:
    """A session whose work is committed at the end, or rolled back on any error."""
    session = sessionmaker(bind=engine_for(url or default_url()), future=True)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def migrate(url: Optional[str] = None) -> None:
    """Bring the schema to the newest migration (idempotent)."""
    upgrade_head(MIGRATIONS_DIR, engine_for(url or default_url()))


def schema_is_current(url: Optional[str] = None) -> bool:
    return is_at_head(MIGRATIONS_DIR, engine_for(url or default_url()))
