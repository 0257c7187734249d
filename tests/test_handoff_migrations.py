"""The desk's schema comes from its Alembic migrations (wegwijzer/handoff/migrations/):
a new database gets head, one made by the old create_all code is adopted with its rows,
and the models and the migrations describe the same schema. SQLite always; PostgreSQL
(scripts/postgres.sh, the slow tier) where it differs."""
from __future__ import annotations

import re
import shutil
import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select, text

from test_directory_db import postgres_url  # noqa: F401 - the fixture, shared with the directory's tests
from wegwijzer.handoff import db
from wegwijzer.handoff.models import Base, Handoff, Message
from wegwijzer.handoff.state import message_json
from wegwijzer.migrations import is_at_head, upgrade_head

# What the old code's Base.metadata.create_all made on SQLite before the migrations (and
# `messages.delivery`, which its hand-made step added later). Frozen here on purpose:
# the models will change, the databases made back then will not.
OLD_SCHEMA = """
CREATE TABLE advisors (
    id INTEGER NOT NULL, username VARCHAR(80) NOT NULL, display_name VARCHAR(80) NOT NULL,
    password_hash VARCHAR(200) NOT NULL, role VARCHAR(20) NOT NULL, active BOOLEAN NOT NULL,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (id), UNIQUE (username));
CREATE TABLE left_questions (
    id INTEGER NOT NULL, created_at DATETIME NOT NULL, question TEXT NOT NULL, contact_encrypted TEXT,
    summary_json TEXT NOT NULL, handled BOOLEAN NOT NULL, handled_by INTEGER, handled_at DATETIME,
    PRIMARY KEY (id), FOREIGN KEY(handled_by) REFERENCES advisors (id));
CREATE TABLE desk_sessions (
    id INTEGER NOT NULL, token_hash VARCHAR(64) NOT NULL, advisor_id INTEGER NOT NULL,
    created_at DATETIME NOT NULL, expires_at DATETIME NOT NULL,
    PRIMARY KEY (id), UNIQUE (token_hash), FOREIGN KEY(advisor_id) REFERENCES advisors (id) ON DELETE CASCADE);
CREATE TABLE handoffs (
    id VARCHAR(32) NOT NULL, conversation_id VARCHAR(255) NOT NULL, status VARCHAR(20) NOT NULL,
    consent VARCHAR(20) NOT NULL, summary_json TEXT NOT NULL, created_at DATETIME NOT NULL,
    taken_at DATETIME, closed_at DATETIME, close_reason VARCHAR(40), advisor_id INTEGER,
    event_cursor FLOAT NOT NULL,
    PRIMARY KEY (id), FOREIGN KEY(advisor_id) REFERENCES advisors (id));
CREATE INDEX ix_handoffs_conversation_id ON handoffs (conversation_id);
CREATE INDEX ix_handoffs_status ON handoffs (status);
CREATE TABLE messages (
    id INTEGER NOT NULL, handoff_id VARCHAR(32) NOT NULL, author VARCHAR(20) NOT NULL, text TEXT NOT NULL,
    from_transcript BOOLEAN NOT NULL, created_at DATETIME NOT NULL,
    PRIMARY KEY (id), FOREIGN KEY(handoff_id) REFERENCES handoffs (id) ON DELETE CASCADE);
CREATE INDEX ix_messages_handoff_id ON messages (handoff_id);
"""
ADD_DELIVERY = "ALTER TABLE messages ADD COLUMN delivery VARCHAR(20)"
# Integer ids left to the database (on PostgreSQL an explicit id would not move the sequence).
OLD_ROWS = """
INSERT INTO advisors (username, display_name, password_hash, role, active, created_at)
    VALUES ('anna', 'Anna', 'hash', 'adviseur', TRUE, '2026-01-01 09:00:00');
INSERT INTO desk_sessions (token_hash, advisor_id, created_at, expires_at)
    VALUES ('tokenhash', 1, '2026-01-01 09:00:00', '2026-01-01 17:00:00');
INSERT INTO handoffs VALUES ('h1', 'c1', 'afgesloten', 'niets', '{}', '2026-01-01 10:00:00',
    '2026-01-01 10:00:30', '2026-01-01 10:30:00', 'klaar', 1, 0);
INSERT INTO messages (handoff_id, author, text, from_transcript, created_at)
    VALUES ('h1', 'adviseur', 'Hallo', FALSE, '2026-01-01 10:01:00');
INSERT INTO left_questions (created_at, question, contact_encrypted, summary_json, handled)
    VALUES ('2026-01-01 11:00:00', 'Een vraag', NULL, '{}', FALSE);
"""


def statements(sql: str, dialect: str) -> list[str]:
    if dialect == "postgresql":  # what create_all wrote there instead
        sql = re.sub(r"^(\s*)id INTEGER NOT NULL", r"\1id SERIAL NOT NULL", sql, flags=re.M)
        sql = sql.replace("DATETIME", "TIMESTAMP WITHOUT TIME ZONE")
    return [s for s in sql.split(";") if s.strip()]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=[pytest.mark.slow, pytest.mark.needs_root])])
def desk_url(request, tmp_path):
    """An empty database of each kind, never opened by the desk's engine yet."""
    db.engine_for.cache_clear()
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'handoff.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
        engine = plain(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        yield url
    db.engine_for.cache_clear()


def plain(url: str):
    """An engine that runs no migrations: the database as someone left it."""
    return create_engine(url, future=True)


def make_old_database(url: str, with_delivery: bool) -> None:
    engine = plain(url)
    with engine.begin() as connection:
        for sql in statements(OLD_SCHEMA + (ADD_DELIVERY + ";" if with_delivery else "") + OLD_ROWS,
                              engine.dialect.name):
            connection.exec_driver_sql(sql)
    engine.dispose()


def differences(engine) -> list:
    """What autogenerate would write for the models against this database (nothing, at head)."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "version_table": db.VERSION_TABLE, "compare_type": True, "compare_server_default": True})
        return compare_metadata(context, Base.metadata)


def at_head(engine) -> bool:
    return is_at_head(db.MIGRATIONS_DIR, engine, db.VERSION_TABLE)


def test_a_new_database_gets_head(desk_url):
    engine = db.engine_for(desk_url)
    assert at_head(engine)
    tables = set(inspect(engine).get_table_names())
    assert tables == set(Base.metadata.tables) | {db.VERSION_TABLE}, "not the directory's alembic_version"


def test_the_models_and_the_migrations_agree(desk_url):
    assert differences(db.engine_for(desk_url)) == []


@pytest.mark.parametrize("with_delivery", [False, True], ids=["before-delivery", "with-delivery"])
def test_a_database_from_before_the_migrations_is_adopted_with_its_rows(desk_url, with_delivery):
    make_old_database(desk_url, with_delivery)
    old = plain(desk_url)
    before = rows_without_delivery(old)
    old.dispose()
    engine = db.engine_for(desk_url)
    assert at_head(engine)
    assert differences(engine) == [], "adopted: the same schema as a new database"
    assert rows_without_delivery(engine) == before, "no row lost or changed"
    with db.session_factory(desk_url)() as session:
        assert message_json(session.get(Message, 1))["delivery"] is None, "no status: sent before it existed"
        session.add(Message(handoff_id="h1", author="adviseur", text="Nieuw", delivery="afgeleverd"))
        session.commit()
        assert session.execute(select(Message.text, Message.delivery).order_by(Message.id)).all() == [
            ("Hallo", None), ("Nieuw", "afgeleverd")]


def rows_without_delivery(engine) -> dict[str, list[tuple]]:
    """Every table's rows, read with the columns both the old and the new schema have."""
    with engine.connect() as connection:
        found = {}
        for name, table in Base.metadata.tables.items():
            columns = [c for c in table.columns if c.name != "delivery"]
            found[name] = [tuple(r) for r in connection.execute(select(*columns).order_by(*table.primary_key))]
        return found


def test_an_older_partial_database_gains_the_missing_tables(tmp_path):
    """From before the desk had advisors: only handoffs and messages (without delivery)."""
    url = f"sqlite:///{tmp_path / 'old-handoff.db'}"
    engine = plain(url)
    with engine.begin() as connection:
        for sql in statements(OLD_SCHEMA + OLD_ROWS, "sqlite"):
            if re.search(r"\b(handoffs|messages) ", sql):  # no advisors yet, so nothing refers to them
                connection.exec_driver_sql(sql.replace(", FOREIGN KEY(advisor_id) REFERENCES advisors (id)", ""))
    engine.dispose()
    migrated = db.engine_for(url)
    assert at_head(migrated)
    assert set(Base.metadata.tables) <= set(inspect(migrated).get_table_names())
    with db.session_factory(url)() as session:
        assert session.execute(select(Message.text, Message.delivery)).all() == [("Hallo", None)]
    db.migrate(migrated)  # a second time changes nothing
    assert at_head(migrated)


@pytest.mark.parametrize("old", [False, True], ids=["new", "adopted"])
def test_processes_that_start_together_migrate_one_after_the_other(tmp_path, old):
    """The action server, the desk and the retention job open the database at once."""
    url = f"sqlite:///{tmp_path / 'handoff.db'}"
    if old:
        make_old_database(url, with_delivery=False)
    errors = []

    def start() -> None:
        try:
            db.engine_for.__wrapped__(url)  # a process's own engine, migrated on creation
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    engine = plain(url)
    assert at_head(engine) and differences(engine) == []
    with engine.connect() as connection:
        assert connection.execute(text(f"SELECT count(*) FROM {db.VERSION_TABLE}")).scalar() == 1
        assert connection.execute(text("SELECT count(*) FROM messages")).scalar() == (1 if old else 0)
    engine.dispose()


BATCH_REVISION = """
import sqlalchemy as sa
from alembic import op

revision, down_revision, branch_labels, depends_on = "0002", "0001", None, None


def upgrade():
    with op.batch_alter_table("handoffs", recreate="always") as batch:
        batch.alter_column("close_reason", type_=sa.String(80))
"""


def test_a_batch_migration_on_sqlite_keeps_the_rows_that_refer_to_the_table(tmp_path):
    """Batch mode copies `handoffs` and drops the old table; with the desk's foreign keys
    on, that drop would cascade-delete every message."""
    folder = tmp_path / "migrations"
    shutil.copytree(db.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "0002_batch.py").write_text(BATCH_REVISION, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'handoff.db'}"
    with db.session_factory(url)() as session:
        session.add(Handoff(id="h1", conversation_id="c1", messages=[Message(author="persoon", text="Hallo")]))
        session.commit()
    engine = db.engine_for(url)
    upgrade_head(folder, engine, db.VERSION_TABLE)
    assert is_at_head(folder, engine, db.VERSION_TABLE)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT text FROM messages")).scalars().all() == ["Hallo"]
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1, "on again afterwards"
