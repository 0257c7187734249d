"""Database engine for the desk: SQLite under DATA_DIR by default,
HANDOFF_DATABASE_URL=postgresql://... for PostgreSQL. SQLAlchemy 2.0 style."""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import sessionmaker

from wegwijzer.handoff.models import Base


@lru_cache(maxsize=None)
def engine_for(database_url: str) -> Engine:
    url = make_url(database_url)
    if url.drivername.startswith("sqlite"):
        if url.database:
            from pathlib import Path

            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        # The action server and the desk service share the file: wait for locks.
        engine = create_engine(url, future=True, connect_args={"timeout": 15, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):  # cascades and concurrent readers
            cursor = connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()
    else:
        engine = create_engine(url, future=True, pool_pre_ping=True)
    create_tables(engine)
    add_missing_columns(engine)
    return engine


def create_tables(engine: Engine) -> None:
    """The action server, the retention job and the desk start together and may all
    create the tables at once: a table another one just made is fine."""
    for attempt in range(3):
        try:
            Base.metadata.create_all(engine)
            return
        except DBAPIError:
            if attempt == 2:
                raise


# Columns added to existing tables after their first release: create_all only
# creates missing tables, so older databases get these with ALTER TABLE.
ADDED_COLUMNS = [("messages", "delivery", "VARCHAR(20)")]


def add_missing_columns(engine: Engine) -> None:
    for table, column, sql_type in ADDED_COLUMNS:
        if column in {c["name"] for c in inspect(engine).get_columns(table)}:
            continue
        try:
            with engine.begin() as connection:
                connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {sql_type}"))
        except DBAPIError:
            # The action server and the desk start together: the other one may have added it.
            if column not in {c["name"] for c in inspect(engine).get_columns(table)}:
                raise


def session_factory(database_url: str) -> sessionmaker:
    return sessionmaker(bind=engine_for(database_url), future=True, expire_on_commit=False)
