"""Switch a SQLite database to write-ahead logging, safely when processes start together.

Entering WAL mode needs an exclusive lock, and SQLite answers "database is locked" at
once instead of waiting for the busy timeout when another connection holds the file
(seen when the action server, the desk and the retention job open a new database at the
same moment). The mode is stored in the file, so only the first connection changes it;
the others find it set, or wait and try again."""
from __future__ import annotations

import sqlite3
import time

WAIT_SECONDS = 15.0
_RETRY_EVERY = 0.05


def use_wal(dbapi_connection: sqlite3.Connection, wait_seconds: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + wait_seconds
    cursor = dbapi_connection.cursor()
    try:
        while True:
            try:
                if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
                    return
                cursor.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(_RETRY_EVERY)
    finally:
        cursor.close()
