"""Alembic without an alembic.ini, shared by the contact directory and the desk:
each has a `migrations/` folder whose env.py calls `run_env`, and its db.py calls
`upgrade_head` on its engine.

A new revision after changing a package's models (autogenerate compares them with
the database at `url`, which must be at head):

    from alembic import command
    command.revision(alembic_config(FOLDER, url, VERSION_TABLE), "what changed",
                     autogenerate=True, rev_id="0002")
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from alembic import command
from alembic.autogenerate import produce_migrations
from alembic.config import Config
from alembic.operations import Operations, ops
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, create_engine, inspect, text
from sqlalchemy.engine import Connection, Engine

DEFAULT_VERSION_TABLE = "alembic_version"
# pg_advisory_xact_lock key: one migration at a time per PostgreSQL database.
_LOCK_KEY = 7_245_101


def alembic_config(folder: Path, url: str, version_table: str = DEFAULT_VERSION_TABLE) -> Config:
    config = Config()
    config.set_main_option("script_location", str(folder))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.set_main_option("version_table", version_table)
    return config


def _config_for(folder: Path, engine: Engine, version_table: str) -> Config:
    return alembic_config(folder, engine.url.render_as_string(hide_password=False), version_table)


def current_revision(connection: Connection, version_table: str = DEFAULT_VERSION_TABLE) -> Optional[str]:
    return MigrationContext.configure(connection, opts={"version_table": version_table}).get_current_revision()


def is_at_head(folder: Path, engine: Engine, version_table: str = DEFAULT_VERSION_TABLE) -> bool:
    head = ScriptDirectory.from_config(_config_for(folder, engine, version_table)).get_current_head()
    with engine.connect() as connection:
        return current_revision(connection, version_table) == head


def upgrade_head(folder: Path, engine: Engine, version_table: str = DEFAULT_VERSION_TABLE,
                 adopt: Optional[MetaData] = None) -> None:
    """Bring the schema to the newest migration (idempotent).

    adopt: the models of a package that made its tables with create_all before it had
    migrations. Such a database (some of these tables, no revision) gets what it lacks
    and is stamped head instead of being migrated from nothing."""
    if is_at_head(folder, engine, version_table):
        return  # the usual start: no write lock needed
    config = _config_for(folder, engine, version_table)
    with _migration_transaction(engine) as connection:
        config.attributes["connection"] = connection
        if adopt is not None and _made_before_migrations(connection, adopt, version_table):
            add_missing(connection, adopt)
            command.stamp(config, "head")
        else:
            command.upgrade(config, "head")


@contextmanager
def _migration_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction holding the write lock for the whole upgrade: processes that start
    together (action server, desk, retention job) migrate one after the other and the
    later ones find head. Foreign keys are off on SQLite meanwhile: batch mode copies a
    table and drops the old one, which would cascade-delete the rows that refer to it."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            foreign_keys = int(connection.exec_driver_sql("PRAGMA foreign_keys").scalar())
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # a no-op inside a transaction
            connection.commit()
        try:
            with connection.begin():
                if sqlite:
                    connection.exec_driver_sql("BEGIN IMMEDIATE")  # pysqlite would begin only at the first write
                elif engine.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
                yield connection
        finally:
            if sqlite:
                connection.exec_driver_sql(f"PRAGMA foreign_keys={foreign_keys}")
                connection.commit()


def _made_before_migrations(connection: Connection, metadata: MetaData, version_table: str) -> bool:
    present = set(inspect(connection).get_table_names())
    return bool(present & set(metadata.tables)) and current_revision(connection, version_table) is None


def add_missing(connection: Connection, metadata: MetaData) -> None:
    """What the models have and the database lacks: tables, columns, indexes. Nothing is
    dropped or altered, so no row is lost. (Columns added this way must be nullable or
    have a server default, as every column added before the migrations was.)"""
    context = MigrationContext.configure(connection)
    operations = Operations(context)
    for operation in _additive(produce_migrations(context, metadata).upgrade_ops.ops):
        operations.invoke(operation)


def _additive(operations: list) -> Iterator[ops.MigrateOperation]:
    for operation in operations:
        if isinstance(operation, ops.ModifyTableOps):
            yield from _additive(operation.ops)
        elif isinstance(operation, (ops.CreateTableOp, ops.AddColumnOp, ops.CreateIndexOp)):
            yield operation


def run_env(target_metadata: MetaData) -> None:
    """The body of each package's migrations/env.py. render_as_batch: autogenerate writes
    table changes as batch operations, which copy the table on SQLite (it cannot ALTER
    most things) and are plain ALTERs on PostgreSQL."""
    from alembic import context  # only exists while Alembic runs an env.py

    config = context.config
    options = {"target_metadata": target_metadata, "render_as_batch": True,
               "version_table": config.get_main_option("version_table", DEFAULT_VERSION_TABLE)}
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if connection is None:  # e.g. command.revision(autogenerate=True): connect by URL
        with create_engine(config.get_main_option("sqlalchemy.url"), future=True).connect() as connection:
            _run_online(context, connection, options)
            connection.commit()
        return
    _run_online(context, connection, options)


def _run_online(context, connection: Connection, options: dict) -> None:
    context.configure(connection=connection, **options)
    with context.begin_transaction():
        context.run_migrations()
