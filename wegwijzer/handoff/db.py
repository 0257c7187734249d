"""Database engine for the desk: SQLite under DATA_DIR by default,
HANDOFF_DATABASE_URL=postgresql://... for PostgreSQL. SQLAlchemy 2.0 style.
The schema is Alembic's (migrations/), brought to head when a process first opens it."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import sessionmaker

from wegwijzer.handoff.models import Base
from wegwijzer.migrations import upgrade_head
from wegwijzer.sqlite_wal import use_wal

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Not alembic_version: the directory's migrations use that table, and .env.example lets
# the directory and the desk share one PostgreSQL database.
VERSION_TABLE = "alembic_version_desk"


@lru_cache(maxsize=None)
def engine_for(database_url: str) -> Engine:
    url = make_url(database_url)
    if url.drivername.startswith("sqlite"):
        if url.database:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        # The action server and the desk service share the file: wait for locks.
        engine = create_engine(url, future=True, connect_args={"timeout": 15, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):  # cascades and concurrent readers
            cursor = connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
            use_wal(connection)
    else:
        engine = create_engine(url, future=True, pool_pre_ping=True)
    migrate(engine)
    return engine


def migrate(engine: Engine) -> None:
    """Upgrade to head. A database create_all made before the migrations (with or without
    the columns added later) gets what it lacks and is stamped head: no row is lost."""
    upgrade_head(MIGRATIONS_DIR, engine, VERSION_TABLE, adopt=Base.metadata)


def session_factory(database_url: str) -> sessionmaker:
    return sessionmaker(bind=engine_for(database_url), future=True, expire_on_commit=False)
