"""Engines for the databases the figures come from and go to.

The tracker store and the desk are read, never created: a SQLite file that does
not exist (no conversation yet, or no desk) is no database, not an empty new one.
An unreachable server fails fast, so the command can say so instead of hanging.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from wegwijzer import settings
from wegwijzer.sqlite_wal import use_wal

CONNECT_TIMEOUT_SECONDS = 5
# sqlalchemy.exc.DBAPIError covers a refused connection, a wrong password, a missing
# database; ArgumentError a malformed URL; NoSuchModuleError a driver that is not installed.
DATABASE_ERRORS = (sa.exc.DBAPIError, sa.exc.ArgumentError, sa.exc.NoSuchModuleError)


def tracker_url() -> str:
    """TRACKER_STORE_URL as the environment says now (default: DATA_DIR/tracker.db)."""
    return settings.load().tracker_store_url


def desk_url() -> str:
    return settings.load().handoff.database_url


def engine(url: str, create: bool = False) -> Optional[Engine]:
    """An engine on `url`; None for a SQLite file that does not exist unless `create`."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend != "sqlite":
        timeout = {"connect_timeout": CONNECT_TIMEOUT_SECONDS} if backend == "postgresql" else {}
        return sa.create_engine(parsed, future=True, pool_pre_ping=True, connect_args=timeout)
    path = Path(parsed.database) if parsed.database and parsed.database != ":memory:" else None
    if path is not None and not path.exists():
        if not create:
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
    # The Rasa servers and the desk write the same files: wait for their locks.
    result = sa.create_engine(parsed, future=True, connect_args={"timeout": 15})
    if create:
        # As the tracker store opens it (wegwijzer.rasa_overrides.tracker_store): WAL, so
        # Rasa's readers and this writer do not block each other.
        sa.event.listen(result, "connect", lambda connection, _record: use_wal(connection))
    return result


def has_table(bound: Engine, name: str) -> bool:
    return sa.inspect(bound).has_table(name)
