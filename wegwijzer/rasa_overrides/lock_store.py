"""The lock store chosen from configuration: in-memory for one Rasa process,
Redis (with atomic changes) for several. Rasa loads ConfiguredLockStore from
endpoints.yml."""
from __future__ import annotations

import json
import logging
import time
from typing import Any, Callable

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockError, LockStore, RedisLockStore
from sqlalchemy.engine import make_url

from wegwijzer import settings

logger = logging.getLogger(__name__)


class AtomicRedisLockStore(RedisLockStore):
    """Rasa's Redis ticket lock, made safe for several Rasa instances.

    The stock RedisLockStore reads the ticket lock, changes it in Python and
    writes it back. Two instances doing that at the same moment both get the same
    ticket and process the same conversation at once (RasaHQ/rasa#9213): one
    instance's tracker save then skips or doubles the other's events. Its cleanup
    (remove ticket, check for waiters, delete) can also delete a lock on which
    another instance just queued.

    Here every change is one Redis transaction (WATCH/MULTI, retried when another
    instance wrote the key in between), and an empty lock is deleted inside the
    same transaction. The key expires with its last ticket, so a crashed instance
    leaves nothing behind. Waiters poll every 20 ms instead of Rasa's 1 s.
    """

    poll_interval_seconds = 0.02

    def _change(self, conversation_id: str, change: Callable[[TicketLock], Any]) -> Any:
        key = self.key_prefix + conversation_id

        def transaction(pipe) -> Any:
            stored = pipe.get(key)
            lock = TicketLock.from_dict(json.loads(stored)) if stored else self.create_lock(conversation_id)
            result = change(lock)
            lock.remove_expired_tickets()
            pipe.multi()
            if lock.tickets:
                expires_in_ms = int((max(t.expires for t in lock.tickets) - time.time()) * 1000)
                pipe.set(key, lock.dumps(), px=max(expires_in_ms, 1))
            else:
                pipe.delete(key)
            return result

        return self.red.transaction(transaction, key, value_from_callable=True)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return self._change(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime))
        except Exception as error:  # same contract as LockStore.issue_ticket
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        self._change(conversation_id, lambda lock: lock.remove_expired_tickets())

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # finish_serving already deletes the lock when no ticket is left.
        self.finish_serving(conversation_id, ticket_number)

    async def _acquire_lock(self, conversation_id: str, ticket: int, wait_time_in_seconds: float) -> TicketLock:
        return await super()._acquire_lock(
            conversation_id, ticket, min(wait_time_in_seconds, self.poll_interval_seconds))


class ConfiguredLockStore(LockStore):
    """Redis lock store when REDIS_URL is set, otherwise in-memory (one process)."""

    def __new__(cls, endpoint_config=None) -> LockStore:  # type: ignore[misc]
        if not settings.REDIS_URL:
            return InMemoryLockStore()
        parsed = make_url(settings.REDIS_URL.replace("rediss://", "redis://", 1))
        logger.info("Lock store: Redis at %s:%s", parsed.host, parsed.port or 6379)
        return AtomicRedisLockStore(
            host=parsed.host or "localhost",
            port=parsed.port or 6379,
            db=int(parsed.database or 0),
            password=parsed.password,
            use_ssl=settings.REDIS_URL.startswith("rediss://"),
            key_prefix="wegwijzer",
        )
