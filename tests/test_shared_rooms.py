"""socket.io rooms shared over a real Redis (wegwijzer.shared_rooms): two
socket.io servers stand for two Rasa instances, a python-socketio client for
the widget. A push from the other instance arrives once; when the instance
holding the socket is not listening (its subscription dropped, Redis restarted
empty), the push is reported as not delivered instead of vanishing, and it
arrives once tried again. The whole path through Rasa, nginx and the desk is
tests/test_production_socket.py."""
from __future__ import annotations

import asyncio
import subprocess

import pytest
import socketio
from aiohttp import web

from conftest import free_port
from socket_client import SocketClient
from wegwijzer.shared_rooms import SharedRooms, joined, listen_now, share_rooms

ROOM = "gesprek-123"
WAIT = 10.0


class Instance:
    """A socket.io server with the shared rooms, as one Rasa instance runs it."""

    def __init__(self, redis_url: str) -> None:
        self.sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins="*")
        share_rooms(self.sio, redis_url)
        self.port = free_port()
        self.runner: web.AppRunner | None = None

        @self.sio.on("join")
        async def join(sid, room) -> None:  # as the channel's session_request
            self.sio.enter_room(sid, room)
            await joined(self.sio, room)
            await self.sio.emit("joined", room, room=sid)

    @property
    def rooms(self) -> SharedRooms:
        return self.sio.manager

    async def start(self) -> None:
        app = web.Application()
        self.sio.attach(app)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()
        listen_now(self.sio)

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


class Widget(SocketClient):
    def __init__(self) -> None:
        super().__init__()
        self.rooms: list[str] = []

        @self.client.on("joined")
        async def on_joined(room) -> None:
            self.rooms.append(room)
            self.changed.set()


def redis_cli(port: int, *args: str) -> str:
    return subprocess.run(["redis-cli", "-p", str(port), *args], capture_output=True, text=True, timeout=10).stdout


async def until(condition, timeout: float = WAIT) -> bool:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


async def push(instance: Instance, text: str, room: str = ROOM) -> bool:
    return await instance.rooms.emit_to_room("bot_uttered", {"text": text}, room)


def test_a_push_reaches_the_other_instance_once_or_is_reported_lost(redis_server, tmp_path):
    port, process = redis_server
    url = f"redis://127.0.0.1:{port}/0"

    async def scenario() -> None:
        holder, other, widget = Instance(url), Instance(url), Widget()
        try:
            await holder.start()
            await other.start()
            assert await until(lambda: holder.rooms.listening and other.rooms.listening)
            await widget.open(f"http://127.0.0.1:{holder.port}")
            await widget.client.emit("join", ROOM)
            assert await widget.wait_for(lambda: widget.rooms == [ROOM], WAIT)

            # From the other instance and from its own: each arrives exactly once.
            assert await push(other, "een")
            assert await widget.wait_for(lambda: "een" in widget.arrived, WAIT)
            assert await push(holder, "twee")
            assert await widget.wait_for(lambda: "twee" in widget.arrived, WAIT)

            # The holder's subscription drops: a push from the other instance cannot
            # reach the socket and says so (the desk then tries again).
            redis_cli(port, "CLIENT", "KILL", "TYPE", "pubsub")
            assert not await push(other, "verloren"), "reported as not delivered"
            assert await until(lambda: holder.rooms.listening), "the holder subscribes again"
            assert await push(other, "drie")
            assert await widget.wait_for(lambda: "drie" in widget.arrived, WAIT)

            # Redis restarts empty: the holder records its rooms again when it resubscribes.
            process.terminate()
            process.wait(10)
            restarted = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                          "--appendonly", "no", "--dir", str(tmp_path)],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                key = holder.rooms.room_key(ROOM)
                assert await until(lambda: holder.rooms.host_id in redis_cli(port, "SMEMBERS", key), 20)
                assert await until(lambda: holder.rooms.listening and other.rooms.listening, 20)
                assert await push(other, "vier")
                assert await widget.wait_for(lambda: "vier" in widget.arrived, WAIT)
                assert widget.arrived == ["een", "twee", "drie", "vier"], "once each, in order, none after a loss"
            finally:
                restarted.terminate()
                restarted.wait(10)
        finally:
            await widget.close()
            await holder.stop()
            await other.stop()

    asyncio.run(scenario())


def test_without_redis_a_push_reaches_only_the_own_sockets(redis_server):
    port, process = redis_server

    async def scenario() -> None:
        holder, widget = Instance(f"redis://127.0.0.1:{port}/0"), Widget()
        try:
            await holder.start()
            await widget.open(f"http://127.0.0.1:{holder.port}")
            await widget.client.emit("join", ROOM)
            assert await widget.wait_for(lambda: widget.rooms == [ROOM], WAIT)
            process.terminate()
            process.wait(10)
            assert await push(holder, "een"), "its own socket still gets it"
            assert not await push(holder, "niemand", room="gesprek-elders"), "a socket elsewhere: not delivered"
            assert await widget.wait_for(lambda: widget.arrived == ["een"], WAIT)
        finally:
            await widget.close()
            await holder.stop()

    asyncio.run(scenario())
