"""Tracker and lock stores chosen from configuration, so that `.env` switches
from the embedded defaults (SQLite file, in-memory lock) to PostgreSQL and
Redis without code changes. Referenced from endpoints.yml by module path.
"""
from __future__ import annotations

import logging
from typing import Any, Optional

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy.engine import make_url

from wegwijzer import settings

logger = logging.getLogger(__name__)


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
    """SQLTrackerStore on TRACKER_STORE_URL (default: SQLite under DATA_DIR)."""

    def __init__(self, domain=None, host: Optional[str] = None, event_broker=None, **kwargs: Any) -> None:
        url = kwargs.pop("url", None) or settings.TRACKER_STORE_URL
        arguments = sql_store_arguments(url)
        logger.info("Tracker store: %s", make_url(url).render_as_string(hide_password=True))
        super().__init__(domain=domain, event_broker=event_broker, **arguments, **kwargs)


class ConfiguredLockStore(LockStore):
    """Redis lock store when REDIS_URL is set, otherwise in-memory (one process)."""

    def __new__(cls, endpoint_config=None) -> LockStore:  # type: ignore[misc]
        if not settings.REDIS_URL:
            return InMemoryLockStore()
        parsed = make_url(settings.REDIS_URL.replace("rediss://", "redis://", 1))
        logger.info("Lock store: Redis at %s:%s", parsed.host, parsed.port or 6379)
        return RedisLockStore(
            host=parsed.host or "localhost",
            port=parsed.port or 6379,
            db=int(parsed.database or 0),
            password=parsed.password,
            use_ssl=settings.REDIS_URL.startswith("rediss://"),
            key_prefix="wegwijzer",
        )
