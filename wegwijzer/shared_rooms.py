"""socket.io rooms shared by several Rasa instances over Redis.

The room of a conversation is its id (session_persistence), never a socket
id. A push posted to any instance (an advisor's message from the desk) must
reach the person's socket on whichever instance holds it, and Rasa may call it
sent only when it did reach that instance. Redis pub/sub alone cannot say so:
PUBLISH on a shared channel succeeds while the instance that holds the socket
is not subscribed (just started, or resubscribing after a Redis restart), and
the message is gone. So:

- every instance records in Redis which conversations have a socket on it
  (a set of instance ids per room, refreshed at every session_request and
  after every (re)subscribe, since Redis keeps no data over a restart);
- every instance listens on its own channel besides the shared one;
- a push is emitted to this instance's own sockets directly, and published on
  the channel of each other instance that holds the room. PUBLISH answers how
  many subscribers got it: 0 means that instance is not listening now.

emit_to_room is False when the push surely reached no instance with a socket
of the room; PushOutput then fails the push, Rasa answers 500 and stores
nothing, and the desk tries again (wegwijzer.handoff.rasa_api), by which time
the instance has resubscribed or the widget has reconnected elsewhere.
With no socket known anywhere (the page was closed) the push is stored as
sent, as without Redis: the person sees it in the tracker, the desk is not
blocked from handing the conversation back.
"""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text, TypeVar

from rasa.core.channels.socketio import SocketIOOutput
from redis import asyncio as aioredis
from redis.exceptions import RedisError
from socketio import AsyncRedisManager, AsyncServer
from socketio.asyncio_manager import AsyncManager

from wegwijzer.conversation_ids import reference
from wegwijzer.pushes import PUSH_ID_KEY, WIDGET_ID_KEY, part_id

logger = logging.getLogger(__name__)
T = TypeVar("T")

REDIS_ERRORS = (RedisError, OSError, asyncio.TimeoutError)
ROOM_DAYS = 2  # a room's record outlives any handoff; refreshed at every (re)connect


class SharedRooms(AsyncRedisManager):
    """python-socketio's Redis client manager with delivery that can be confirmed
    (see the module's docstring). Also changed from AsyncRedisManager:
    - JSON on the channels, not pickle: whoever can write to Redis cannot run code here.
    - While Redis is down, pushes reach this instance's own sockets: an outage
      costs only the pushes that cross instances, not every message.
    - Reconnects every second (python-socketio backs off to a minute and spins
      when the first subscribe fails).
    """

    name = "wegwijzer-redis"
    RETRY_SECONDS = 1.0

    def __init__(self, url: str, channel: str = "wegwijzer-socketio") -> None:
        self.listening = False  # subscribed right now
        self.reachable = True  # the last Redis command worked (for logging changes once)
        super().__init__(url, channel=channel)
        self.own_channel = self.channel_of(self.host_id)

    def channel_of(self, host_id: str) -> str:
        return f"{self.channel}:host:{host_id}"

    def room_key(self, room: str) -> str:
        return f"{self.channel}:room:{room}"

    def _redis_connect(self) -> None:
        # Commands wait at most 2 s; the subscriber waits for messages without limit.
        self.redis = aioredis.Redis.from_url(self.redis_url, socket_connect_timeout=2, socket_timeout=2)
        self.subscriber = aioredis.Redis.from_url(self.redis_url, socket_connect_timeout=2)

    # --- which instances hold a room ---------------------------------------------------

    async def register_room(self, *rooms: str) -> None:
        """Record that this instance has sockets in these rooms (best effort)."""
        if not rooms:
            return

        async def record() -> None:
            async with self.redis.pipeline(transaction=False) as pipe:
                for room in rooms:
                    pipe.sadd(self.room_key(room), self.host_id)
                    pipe.expire(self.room_key(room), ROOM_DAYS * 86400)
                await pipe.execute()

        await self._command(record)

    def local_rooms(self, namespace: str = "/") -> list[str]:
        """The conversation rooms with a socket on this instance (not the sockets' own rooms)."""
        rooms = self.rooms.get(namespace, {})
        sockets = set(rooms.get(None, {}))
        return [room for room, members in rooms.items() if room is not None and room not in sockets and members]

    async def _hosts_of(self, room: str) -> Optional[set[str]]:
        """The instances that registered the room; None when Redis cannot say."""
        members = await self._command(lambda: self.redis.smembers(self.room_key(room)))
        if members is None:
            return None
        return {m.decode() if isinstance(m, bytes) else str(m) for m in members}

    async def _command(self, call: Callable[[], Awaitable[T]]) -> Optional[T]:
        """A Redis command's result, or None when Redis is unreachable. Tried twice:
        a pooled connection may be stale after a Redis restart. Once in an outage."""
        failure: BaseException = RuntimeError("not tried")
        for _attempt in range(2 if self.reachable else 1):
            try:
                result = await call()
                self._note("reachable", True)
                return result
            except REDIS_ERRORS as problem:
                failure = problem
        self._note("reachable", False, failure)
        return None

    # --- emitting ----------------------------------------------------------------------

    async def emit(self, event, data, namespace=None, room=None, skip_sid=None, callback=None, **kwargs):
        if kwargs.get("ignore_queue") or callback is not None:  # Rasa uses no callbacks
            return await super().emit(event, data, namespace=namespace, room=room, skip_sid=skip_sid,
                                      callback=callback, **kwargs)
        await self.emit_to_room(event, data, room, namespace or "/", skip_sid)

    async def emit_to_room(self, event: str, data: Any, room: Optional[str], namespace: str = "/",
                           skip_sid: Any = None) -> bool:
        """Emit to the room on every instance; False only when it surely reached no
        instance that has a socket in the room."""
        rooms = self.rooms.get(namespace, {})
        here = bool(rooms.get(room))
        if here:  # this instance's sockets first, without waiting for Redis
            await AsyncManager.emit(self, event, data, namespace, room=room, skip_sid=skip_sid)
            if room in rooms.get(None, {}):
                return True  # a socket's own room: that socket is here
        hosts = await self._hosts_of(room) if room is not None else None
        if hosts is None:
            return here
        message = json.dumps({"method": "emit", "event": event, "data": data, "namespace": namespace,
                              "room": room, "skip_sid": skip_sid, "callback": None, "host_id": self.host_id,
                              "emitted_by_sender": True})
        others = hosts - {self.host_id}
        if not others:
            if here:
                return True
            # No socket known anywhere: closed page, or the records were lost with a
            # Redis restart and are not back yet. Every listening instance gets it.
            heard = await self._publish_on(self.channel, message)
            return heard is not None and heard > 0
        heard = [await self._publish_on(self.channel_of(host), message) for host in others]
        return here or any(count for count in heard)

    async def _publish(self, data: dict) -> bool:
        """python-socketio's own messages (disconnect, close_room, callbacks)."""
        return await self._publish_on(self.channel, json.dumps(data)) is not None

    async def _publish_on(self, channel: str, message: str) -> Optional[int]:
        """How many subscribers got the message; None when Redis is unreachable."""
        count = await self._command(lambda: self.redis.publish(channel, message))
        return None if count is None else int(count)

    async def _listen(self):
        while True:
            pubsub = self.subscriber.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self.channel, self.own_channel)
                self._note("listening", True)
                await self.register_room(*self.local_rooms())  # Redis may have restarted empty
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        data = decode(message.get("data"))
                        if data is not None:
                            yield data
            except REDIS_ERRORS as problem:
                self._note("listening", False, problem)
            finally:
                self.listening = False
                try:
                    await pubsub.reset()
                except REDIS_ERRORS:
                    pass
            await asyncio.sleep(self.RETRY_SECONDS)

    async def _handle_emit(self, message: dict) -> None:
        if message.get("emitted_by_sender") and message.get("host_id") == self.host_id:
            return  # the sender emitted to its own sockets directly
        await super()._handle_emit(message)

    def _note(self, flag: str, value: bool, problem: Optional[BaseException] = None) -> None:
        """Set a state flag; log only when it changes, not for every message in an outage."""
        if getattr(self, flag) != value:
            if value:
                logger.info("socket.io over Redis: %s", flag)
            else:
                logger.warning("socket.io over Redis: not %s (%s); pushes reach only this instance's sockets",
                               flag, problem)
        setattr(self, flag, value)


class PushNotDelivered(RuntimeError):
    pass


class PushOutput(SocketIOOutput):
    """Output of a push posted to Rasa's HTTP API. When the push surely reached
    no instance with the person's socket, it fails: Rasa then answers 500 and
    does not store the event, and the desk tries again. (With the lock store on
    the same Redis, Rasa already refuses the push when Redis is down; the desk
    then flags it as not delivered.) Each part that goes out carries its id
    (wegwijzer.pushes), so a widget that missed it gets it when it reconnects."""

    def __init__(self, sio: AsyncServer, bot_message_evt: Text) -> None:
        super().__init__(sio, bot_message_evt)
        self.marker: Optional[str] = None
        self.parts = 0

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        marker = message.get(PUSH_ID_KEY)
        self.marker, self.parts = (marker if isinstance(marker, str) else None), 0
        await super().send_response(recipient_id, message)

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        if self.marker and isinstance(response, dict):
            response = {**response, WIDGET_ID_KEY: part_id(self.marker, self.parts)}
            self.parts += 1
        manager = self.sio.manager
        if not isinstance(manager, SharedRooms):
            await super()._send_message(socket_id, response)
        elif not await manager.emit_to_room(self.bot_message_evt, response, socket_id):
            raise PushNotDelivered(f"no instance with a socket of conversation {reference(socket_id)} "
                                   "got the push")


def decode(raw: Any) -> Optional[Dict[str, Any]]:
    """A message from a Redis channel, or None if it is not one of ours."""
    try:
        data = json.loads(raw)
    except (TypeError, ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("method"), str) else None


def share_rooms(sio: AsyncServer, redis_url: str) -> None:
    """Give the server, before any socket connects, the Redis client manager."""
    if sio.manager_initialized:
        raise RuntimeError("socket.io server already in use: its rooms cannot be shared any more")
    sio.manager = SharedRooms(redis_url)
    sio.manager.set_server(sio)


def listen_now(sio: AsyncServer) -> None:
    """Hear pushes from other instances from the start, not only after this
    instance's first socket (python-socketio waits for that by default).
    Call in a running event loop."""
    if not sio.manager_initialized:
        sio.manager_initialized = True
        sio.manager.initialize()


async def joined(sio: AsyncServer, room: str) -> None:
    """After a socket entered a conversation's room: record it for the other instances."""
    if isinstance(sio.manager, SharedRooms):
        await sio.manager.register_room(room)
