"""Limits on how many messages a conversation and a client address may send.

Per conversation: a sliding window in this process (RATE_LIMIT_MESSAGES per
RATE_LIMIT_SECONDS). Per client address: counted in Redis when REDIS_URL is set,
so shared by the instances; in this process otherwise and while Redis is
unreachable, so an outage never blocks a message. Used by wegwijzer.channels.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import OrderedDict, deque
from typing import Any, Optional

from redis import asyncio as aioredis

from wegwijzer import settings
from wegwijzer.handoff.responses import parse_address
from wegwijzer.shared_rooms import REDIS_ERRORS

logger = logging.getLogger(__name__)


class RateLimiter:
    """At most `limit` messages per conversation in a sliding window of `seconds`."""

    def __init__(self, limit: int, seconds: float, max_conversations: int = 50_000) -> None:
        self.limit, self.seconds, self.max_conversations = limit, seconds, max_conversations
        self._seen: "OrderedDict[str, deque[float]]" = OrderedDict()

    def allow(self, sender_id: str, now: Optional[float] = None) -> bool:
        now = time.monotonic() if now is None else now
        times = self._seen.pop(sender_id, None) or deque()
        while times and now - times[0] > self.seconds:
            times.popleft()
        allowed = len(times) < self.limit
        if allowed:
            times.append(now)
        self._seen[sender_id] = times  # most recent last; the oldest are forgotten first
        while len(self._seen) > self.max_conversations:
            self._seen.popitem(last=False)
        return allowed


class AddressLimiter:
    """At most `limit` messages per client address per `seconds`, over all
    conversations: a new conversation id per message does not get around it.

    With a Redis URL: a fixed-window counter in Redis (INCR + EXPIRE), shared by
    every instance. Without one, or while Redis does not answer (then it is tried
    again after PAUSE_SECONDS), counted in this process: an outage never blocks
    a message, let alone the emergency routes."""

    PAUSE_SECONDS = 5.0
    TIMEOUT_SECONDS = 0.5

    def __init__(self, limit: int, seconds: float, redis_url: str = "") -> None:
        self.limit, self.seconds = limit, seconds
        self.local = RateLimiter(limit, seconds)
        self.redis = (aioredis.Redis.from_url(redis_url, socket_connect_timeout=self.TIMEOUT_SECONDS,
                                              socket_timeout=self.TIMEOUT_SECONDS) if redis_url else None)
        self.redis_down_until = 0.0
        self.redis_ok = True  # for logging a change once

    async def allow(self, address: str) -> bool:
        if self.redis is not None and time.monotonic() >= self.redis_down_until:
            count = await self._count_in_redis(address)
            if count is not None:
                return count <= self.limit
        return self.local.allow(address)

    async def _count_in_redis(self, address: str) -> Optional[int]:
        window = int(time.time() // self.seconds)
        # The address is personal data: only a hash of it goes to Redis.
        key = f"wegwijzer:ratelimit:address:{hashlib.sha256(address.encode()).hexdigest()[:24]}:{window}"
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.incr(key)
                pipe.expire(key, int(self.seconds) + 1)
                count, _ = await asyncio.wait_for(pipe.execute(), self.TIMEOUT_SECONDS * 2)
        except REDIS_ERRORS as problem:
            self.redis_down_until = time.monotonic() + self.PAUSE_SECONDS
            if self.redis_ok:
                logger.warning("Limit per address: Redis unreachable (%s); counting in this process", problem)
            self.redis_ok = False
            return None
        if not self.redis_ok:
            logger.info("Limit per address: counting in Redis again")
        self.redis_ok = True
        return int(count)


_address_limiter: Optional[AddressLimiter] = None


def address_limiter() -> AddressLimiter:
    """One per process, shared by the REST and socket.io channels."""
    global _address_limiter
    if _address_limiter is None:
        limit = settings.load().rate_limit_ip_messages  # read now, as before
        _address_limiter = AddressLimiter(limit, settings.RATE_LIMIT_SECONDS, settings.REDIS_URL)
    return _address_limiter


def client_address(peer: Any, forwarded_for: Any = None, real_ip: Any = None) -> str:
    """The address a message comes from: the peer; when the peer is this machine
    (nginx in front), the last address in X-Forwarded-For (the one nginx saw and
    appended; earlier entries are the client's own word), else X-Real-IP."""
    address = parse_address(peer)
    if address is not None and address.is_loopback:
        for candidate in (str(forwarded_for or "").split(",")[-1], real_ip):
            forwarded = parse_address(candidate) if candidate else None
            if forwarded is not None:
                return str(forwarded)
    return str(address) if address is not None else "unknown"
