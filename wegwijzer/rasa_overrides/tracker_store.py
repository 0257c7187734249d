"""The tracker store chosen from configuration, so that `.env` switches from the
embedded default (an SQLite file) to PostgreSQL without code changes. Rasa loads
it from endpoints.yml as wegwijzer.privacy.tracker_store.RedactingTrackerStore.

The tracker store rides out a database restart (pooled connections checked
before use, loads and saves tried again for RETRY_SECONDS) and otherwise fails
closed: Rasa's FailSafeTrackerStore would answer from an empty in-memory
conversation and never store the message; see fail_closed_tracker_store().
"""
from __future__ import annotations

import asyncio
import itertools
import json
import logging
import time
from typing import Any, Awaitable, Callable, Dict, Iterator, Optional, TypeVar

from rasa.core.agent import Agent
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy import bindparam, create_engine, event, func, or_, select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool
from sqlalchemy.engine import make_url

from wegwijzer import settings
from wegwijzer.sqlite_wal import use_wal

logger = logging.getLogger(__name__)
T = TypeVar("T")

# A PostgreSQL restart takes seconds: a load or save waits this long for the
# database (the conversation's lock is held meanwhile; Rasa's lock lives 60 s).
RETRY_SECONDS = 12.0
FIRST_PAUSE_SECONDS, MAX_PAUSE_SECONDS = 0.1, 2.0


def sql_store_arguments(url: str) -> dict[str, Any]:
    """Split an SQLAlchemy URL into the arguments SQLTrackerStore expects."""
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        db_path = parsed.database or str(settings.DATA_DIR / "tracker.db")
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        return {"dialect": "sqlite", "db": db_path}
    return {
        "dialect": parsed.drivername,
        "host": parsed.host,
        "port": parsed.port,
        "db": parsed.database,
        "username": parsed.username,
        "password": parsed.password,
        "query": dict(parsed.query) or None,
    }


class ConfiguredTrackerStore(SQLTrackerStore):
    """SQLTrackerStore on TRACKER_STORE_URL (default: SQLite under DATA_DIR), which
    waits out a database restart and otherwise fails (never answers from memory)."""

    retry_seconds = RETRY_SECONDS

    def __init__(self, domain=None, host: Optional[str] = None, event_broker=None, **kwargs: Any) -> None:
        url = kwargs.pop("url", None) or settings.TRACKER_STORE_URL
        arguments = sql_store_arguments(url)
        logger.info("Tracker store: %s", make_url(url).render_as_string(hide_password=True))
        super().__init__(domain=domain, event_broker=event_broker, **arguments, **kwargs)
        # Rasa's engine (SQLTrackerStore.__init__ made the tables with it), replaced by one
        # whose pool does not hand out dead connections: SQLite's below; otherwise Rasa's
        # engine arguments plus a ping before a pooled connection is used, so that the
        # connections a PostgreSQL restart broke are replaced instead of failing a message.
        engine_url = self.engine.url
        self.engine.dispose()
        if engine_url.get_backend_name() == "sqlite":
            self.engine = sqlite_engine(engine_url)
        else:
            self.engine = create_engine(engine_url, pool_pre_ping=True, **create_engine_kwargs(engine_url))
        self.sessionmaker = sessionmaker(bind=self.engine)
        self._queries = EventQueries(self.SQLEvent.__table__)

    async def _retrying(self, what: str, attempt: Callable[..., Awaitable[T]], *args: Any) -> T:
        """`attempt(*args)`, tried again with growing pauses while the database is
        unreachable, for up to `retry_seconds`; then (or on any other error) it fails."""
        deadline = time.monotonic() + self.retry_seconds
        pause = FIRST_PAUSE_SECONDS
        while True:
            try:
                return await attempt(*args)
            except DBAPIError as error:
                if not database_unreachable(error):
                    raise
                if time.monotonic() + pause > deadline:
                    logger.error("Tracker store unreachable for %.0f s while %s; the message fails (%s)",
                                 self.retry_seconds, what, short_reason(error))
                    raise
                logger.warning("Tracker store unreachable while %s; trying again in %.1f s (%s)",
                               what, pause, short_reason(error))
            await asyncio.sleep(pause)  # other conversations go on meanwhile
            pause = min(pause * 2, MAX_PAUSE_SECONDS)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool
                        ) -> Optional[DialogueStateTracker]:
        return await self._retrying("loading a conversation", self._load, sender_id, fetch_events_from_all_sessions)

    # Rasa builds its event query with the ORM on every load and every save
    # (twice per message; a tenth of a message's CPU). The same SQL, built once:
    async def _load(self, sender_id: str, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        """One try of SQLTrackerStore._retrieve (Rasa 3.6.21), with the prepared query."""
        query = self._queries.all_sessions if fetch_events_from_all_sessions else self._queries.latest_session
        with self.session_scope() as session:
            rows = session.execute(query, {"sender_id": sender_id}).scalars().all()
        if not (self.domain and rows):
            return None
        return DialogueStateTracker.from_dict(sender_id, [json.loads(row) for row in rows], self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """SQLTrackerStore.save (Rasa 3.6.21), its database part tried again while
        the database is unreachable. Tries do not double events: each counts what
        is stored and adds the rest, in one transaction."""
        await self.stream_events(tracker)
        await self._retrying("saving a conversation", self._store_new_events, tracker)

    async def _store_new_events(self, tracker: DialogueStateTracker) -> None:
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = self.event_data(event)
                session.add(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=(data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            session.commit()

    def event_data(self, event: Event) -> Dict[str, Any]:
        """What is stored of an event (a subclass may leave things out)."""
        return event.as_dict()

    async def keys(self) -> Any:
        return await self._retrying("listing conversations", super().keys)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        """The tracker's events that are not stored yet (as SQLTrackerStore)."""
        stored = session.execute(self._queries.count_latest_session, {"sender_id": tracker.sender_id}).scalar_one()
        return itertools.islice(tracker.events, stored, len(tracker.events))


def database_unreachable(error: DBAPIError) -> bool:
    """A refused or lost connection (PostgreSQL stopping, starting, restarted), worth
    another try; not a wrong query or a broken constraint."""
    return isinstance(error, OperationalError) or bool(error.connection_invalidated)


def short_reason(error: DBAPIError) -> str:
    """The driver's first line: no statement or parameters (conversation data) in the log."""
    lines = str(getattr(error, "orig", None) or type(error).__name__).strip().splitlines()
    return lines[0] if lines else type(error).__name__


# -- failing closed ---------------------------------------------------------------------------

_rasas_create_tracker_store = Agent._create_tracker_store


def _create_tracker_store(store: Optional[TrackerStore], domain: Domain) -> TrackerStore:
    """Agent._create_tracker_store (Rasa 3.6.21), except for this project's store,
    which is used as it is instead of inside a FailSafeTrackerStore.

    FailSafeTrackerStore catches every error: a failed load becomes a new, empty
    conversation and a failed save goes to an in-memory store. With the database
    down the person would get answers as if starting over, and the messages would
    never be stored. Unwrapped, the error reaches the input channel, which says
    "Er ging bij mij iets mis. Probeer het zo nog eens." (wegwijzer.channels);
    Rasa's HTTP API answers 500, so the desk knows a push was not delivered.
    """
    if isinstance(store, ConfiguredTrackerStore):
        store.domain = domain
        return store
    return _rasas_create_tracker_store(store, domain)


def fail_closed_tracker_store() -> None:
    """Idempotent; wegwijzer.rasa_overrides.install() calls it."""
    Agent._create_tracker_store = staticmethod(_create_tracker_store)


class EventQueries:
    """SQLTrackerStore._event_query (Rasa 3.6.21) as prepared statements: the
    events of a conversation in stored order, all of them or those of its
    latest session (from its last SessionStarted on)."""

    def __init__(self, events) -> None:
        of_sender = events.c.sender_id == bindparam("sender_id")
        session_start = (select(func.max(events.c.timestamp))
                         .where(of_sender, events.c.type_name == SessionStarted.type_name)
                         .scalar_subquery())
        in_latest_session = or_(events.c.timestamp >= session_start, session_start.is_(None))
        self.all_sessions = select(events.c.data).where(of_sender).order_by(events.c.id)
        self.latest_session = select(events.c.data).where(of_sender, in_latest_session).order_by(events.c.id)
        self.count_latest_session = select(func.count()).select_from(events).where(of_sender, in_latest_session)


def sqlite_engine(url):
    """SQLite in WAL mode with synchronous=NORMAL, on kept-open connections.

    By default every message's commit waited for the disk (fsync), and
    SQLAlchemy 1.4 opens and closes a connection per session; together a
    quarter of a reply's time. Now a commit does not wait for the disk, which
    survives a crash of the process; a power cut can lose the last moments of
    conversations. PostgreSQL is the store for production.
    """
    engine = create_engine(url, poolclass=QueuePool, pool_size=2, max_overflow=8, pool_pre_ping=False,
                           connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def set_pragmas(connection, _record) -> None:
        use_wal(connection)
        cursor = connection.cursor()
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine
