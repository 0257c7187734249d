"""Attack tests (issue 15): each finding of the security review, tried against
the running stack. Every test fails when its protection is turned off.

Sections, one per part of the defence:
- the channel: conversation ids, socket.io origins, per-address limits;
- the desk: cookie, TLS, login throttle, sealed contact details;
- the deployment: bindings, action-server authentication, fail-closed secrets,
  tokens kept out of command lines and logs, retention and log rotation.
"""
from __future__ import annotations

import asyncio
import base64
import collections
import concurrent.futures
import ipaddress
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import aiohttp
import pytest
import requests
import socketio

from conftest import ROOT, Stack, VENV_BIN, free_port, process_environment, push_bot_message, rasa_env, running
from handoff_desk_client import COOKIE, PASSWORD, add_advisor
from socket_client import SocketClient
from wegwijzer.channels import is_emergency_message
from wegwijzer.launcher import stop as stop_processes


# --- the channel ---------------------------------------------------------------------------
# (section of the channel: wegwijzer/channels.py)
# The widget's side of socket.io is python-socketio's client over long-polling (its websocket
# transport needs a newer aiohttp than Rasa allows); the server side is the same for both.


_CHANNEL_WAIT = 60  # seconds for an answer of the assistant


class _ChannelSocket(SocketClient):
    """One browser tab's socket.io connection: session_request, messages, what arrives."""

    def __init__(self, url: str, headers: dict | None = None) -> None:
        super().__init__(reconnection=False)
        self.url, self.headers = url, headers or {}
        self.confirmed: list[str] = []

        @self.client.on("session_confirm")
        async def on_confirm(data) -> None:
            self.confirmed.append(data if isinstance(data, str) else (data or {}).get("session_id"))
            self.changed.set()

    async def connect(self, ask: object = "none") -> "_ChannelSocket":
        """Connect; unless ask is "none", session_request with {"session_id": ask}."""
        await self.open(self.url, self.headers)
        if ask != "none":
            await self.client.emit("session_request", {"session_id": ask})
            assert await self.wait_for(lambda: self.confirmed, 10), "no session_confirm"
        return self

    @property
    def conversation(self) -> str:
        return self.confirmed[-1]

    async def send(self, text: str, session_id: object = None) -> None:
        await self.client.emit("user_uttered", {"message": text, "session_id": session_id or
                                                (self.confirmed[-1] if self.confirmed else None)})

    async def say(self, text: str) -> list[str]:
        before = len(self.arrived)
        await self.send(text)
        assert await self.wait_for(lambda: len(self.arrived) > before, _CHANNEL_WAIT), f"no answer to {text!r}"
        return self.arrived[before:]


def _channel_user_texts(stack, conversation_id: str) -> list[str]:
    """What the person said in a conversation, from the tracker (Rasa's HTTP API, the stack's token)."""
    response = requests.get(f"{stack.rasa_url}/conversations/{conversation_id}/tracker",
                            params={"token": stack.token}, timeout=30)
    response.raise_for_status()
    return [event.get("text") for event in response.json().get("events", []) if event.get("event") == "user"]


def test_channel_made_up_conversation_id_gets_a_new_conversation(stack):
    """Finding 4: any session_id joined that socket.io room, so whoever knew or chose an id
    read the assistant's and the advisor's messages in it. Now only ids the server issued
    (signed) rejoin their room; any other id gets a new conversation."""
    # A conversation under an id the socket.io server did not issue (a REST client's sender,
    # an id from before signing, an id seen in a log).
    known = "ouder-" + secrets.token_hex(8)
    assert stack.say(known, "hallo")

    async def attack() -> None:
        person = await _ChannelSocket(stack.rasa_url).connect(None)
        issued = person.conversation
        uid, tag = issued.split(".")
        forged = f"{uid}.{tag[:-1]}{'0' if tag[-1] != '0' else '1'}"
        attackers = [await _ChannelSocket(stack.rasa_url).connect(ask) for ask in (known, forged, uid, "")]
        again = await _ChannelSocket(stack.rasa_url).connect(issued)  # the widget after a reload
        try:
            # The desk writes into both conversations, then into each attacker's own: a socket
            # gets its messages in order, so an attacker that has its own has seen any before it.
            push_bot_message(stack, known, "Anna (AKJ): geheim voor de ouder.")
            push_bot_message(stack, issued, "Anna (AKJ): geheim voor de persoon.")
            for attacker in attackers:
                push_bot_message(stack, attacker.conversation, "Voor deze tab.")
            for listener in (person, again, *attackers):
                assert await listener.wait_for(lambda: "Voor deze tab." in listener.arrived
                                               or "Anna (AKJ): geheim voor de persoon." in listener.arrived, 15)
            assert "Anna (AKJ): geheim voor de persoon." in person.arrived
            assert "Anna (AKJ): geheim voor de persoon." in again.arrived
            for attacker in attackers:
                assert not any(text.startswith("Anna (AKJ)") for text in attacker.arrived), attacker.arrived
            assert again.conversation == issued, "a genuine id rejoins its conversation (session persistence)"
            for attacker in attackers:
                assert attacker.conversation not in (known, issued, forged, uid), attacker.conversation
            assert len({a.conversation for a in attackers}) == len(attackers), "each a new conversation"
        finally:
            for client in (person, again, *attackers):
                await client.close()

    asyncio.run(attack())


def test_channel_socket_cannot_write_into_another_conversation(stack):
    """Finding 4: user_uttered trusted data.session_id, so any socket could type as the parent
    in another conversation. Now a message counts for the conversation this socket asked for;
    a socket that asked for none cannot send."""
    async def attack() -> tuple[str, str]:
        person = await _ChannelSocket(stack.rasa_url).connect(None)
        attacker = await _ChannelSocket(stack.rasa_url).connect(None)
        stranger = await _ChannelSocket(stack.rasa_url).connect()  # never a session_request
        try:
            await person.say("hallo")
            victim = person.conversation
            await attacker.send("Ik ben de ouder. Geef mij de gegevens.", session_id=victim)
            await stranger.send("Ik ben de ouder, echt waar.", session_id=victim)
            # Either an answer to the attacker's socket, or (unprotected) the text in the victim's tracker.
            texts = ("Ik ben de ouder. Geef mij de gegevens.", "Ik ben de ouder, echt waar.")
            await attacker.wait_for(lambda: attacker.arrived and stranger.arrived
                                    or any(t in _channel_user_texts(stack, victim) for t in texts), _CHANNEL_WAIT)
            assert stranger.arrived, "the socket without a conversation is told so"
            return victim, attacker.conversation
        finally:
            for client in (person, attacker, stranger):
                await client.close()

    victim, own = asyncio.run(attack())
    assert _channel_user_texts(stack, victim) == ["hallo"], "nothing written into the person's conversation"
    assert _channel_user_texts(stack, own) == ["Ik ben de ouder. Geef mij de gegevens."], "it went to its own"


def test_channel_socketio_refuses_other_origins(stack):
    """Finding 8: socket.io accepted every origin, so any web page could open the socket
    (browsers apply no CORS to WebSockets). Now only CORS_ORIGINS' pages get one."""
    handshake = f"{stack.rasa_url}/socket.io/?EIO=4&transport=polling"
    own = requests.get(handshake, headers={"Origin": stack.web_url}, timeout=30)
    assert own.status_code == 200 and '"sid"' in own.text, "the demo page's own origin is welcome"
    assert own.headers.get("Access-Control-Allow-Origin") == stack.web_url
    assert len([k for k in own.raw.headers.keys() if k.lower() == "access-control-allow-origin"]) == 1
    evil = requests.get(handshake, headers={"Origin": "https://evil.example"}, timeout=30)
    assert evil.status_code in (400, 403) and '"sid"' not in evil.text, (evil.status_code, evil.text)
    assert "evil.example" not in evil.headers.get("Access-Control-Allow-Origin", "")

    async def websocket_and_client() -> None:
        socket_url = stack.rasa_url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        async with aiohttp.ClientSession() as session:
            try:
                async with session.ws_connect(socket_url, headers={"Origin": "https://evil.example"}) as ws:
                    opened = await ws.receive(timeout=10)
                    raise AssertionError(f"a WebSocket from evil.example was opened: {opened.data!r}")
            except aiohttp.WSServerHandshakeError as refused:
                assert refused.status in (400, 403)
        with pytest.raises(socketio.exceptions.ConnectionError):
            await _ChannelSocket(stack.rasa_url, {"Origin": "https://evil.example"}).connect(None)

    asyncio.run(websocket_and_client())


_CHANNEL_REST_TOKEN = secrets.token_urlsafe(32)
_CHANNEL_ATTACKER, _CHANNEL_PARENT = "203.0.113.66", "198.51.100.7"
# A normal conversation, as tests/test_end_to_end.py has them: seven messages of one person.
_CHANNEL_CONVERSATION = ["hallo", "Ik ben ouder", "Mijn zoon is uit huis geplaatst", "Wat is een OTS?",
                         "Hoe lang duurt dat?", "Wie kan mij helpen?", "dank je wel"]


@pytest.fixture(scope="module")
def channel_limited_stack(trained_model, tmp_path_factory):
    """`make run`'s stack with RATE_LIMIT_IP_MESSAGES=50 and a REST_TOKEN."""
    stack = Stack(tmp_path_factory.mktemp("channel-limits"), trained_model,
                  RATE_LIMIT_IP_MESSAGES="50", REST_TOKEN=_CHANNEL_REST_TOKEN)
    with running(stack):
        yield stack


def _channel_rest(stack, sender: str, text: str, address: str, token: str | None = _CHANNEL_REST_TOKEN):
    """A REST message as nginx passes it on: from 127.0.0.1, the client's address in X-Forwarded-For."""
    headers = {"X-Forwarded-For": address, **({"Authorization": f"Bearer {token}"} if token else {})}
    return requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                         headers=headers, timeout=60)


def test_channel_limit_per_address(channel_limited_stack):
    """Finding 5: the limit was per conversation, so a new sender per message gave unlimited
    model inference. Now per client address too (RATE_LIMIT_IP_MESSAGES); a normal
    conversation from another address is never limited, and a crisis over the limit still
    gets the emergency routes."""
    stack = channel_limited_stack
    started = time.monotonic()

    def flood(number: int) -> int:
        return _channel_rest(stack, f"aanval-{number}", "hallo", _CHANNEL_ATTACKER).status_code

    def conversation() -> list[int]:
        statuses = []
        for text in _CHANNEL_CONVERSATION:
            response = _channel_rest(stack, "gewone-ouder", text, _CHANNEL_PARENT)
            assert response.json(), f"no answer to {text!r}"
            statuses.append(response.status_code)
        return statuses

    with ThreadPoolExecutor(5) as pool:
        normal = pool.submit(conversation)
        flooded = list(pool.map(flood, range(80)))
        normal_statuses = normal.result()
    assert time.monotonic() - started < 60, "the 80 messages did not fit in the window"
    assert 429 in flooded, f"80 senders from one address, none limited: {sorted(set(flooded))}"
    assert flooded.count(200) <= 50 and set(flooded) == {200, 429}, flooded
    assert normal_statuses == [200] * 7, f"the normal conversation was limited: {normal_statuses}"
    # Over the limit, a crisis is not processed by the assistant but still gets the routes first.
    crisis = _channel_rest(stack, "aanval-crisis", "Mijn vader slaat mij nu en ik ben bang", _CHANNEL_ATTACKER)
    assert crisis.status_code == 429
    texts = [message.get("text") for message in crisis.json()]
    assert is_emergency_message(texts[0]) and "Wacht even" in texts[-1], texts

    async def socket_from_the_same_address() -> list[str]:
        person = await _ChannelSocket(stack.rasa_url, {"X-Forwarded-For": _CHANNEL_ATTACKER}).connect(None)
        try:
            return await person.say("hallo")
        finally:
            await person.close()

    answer = asyncio.run(socket_from_the_same_address())
    assert any("Wacht even" in text for text in answer), f"socket.io is limited per address too: {answer}"


def test_channel_rest_requires_its_token(channel_limited_stack):
    """Finding 4: REST accepted any sender from anyone. With REST_TOKEN set, only requests
    with `Authorization: Bearer <REST_TOKEN>` get through."""
    stack = channel_limited_stack
    address = "198.51.100.20"
    missing = _channel_rest(stack, "rest-zonder", "hallo", address, token=None)
    assert missing.status_code == 401 and missing.json()[0]["text"], missing.text
    assert missing.headers.get("WWW-Authenticate") == "Bearer"
    wrong = _channel_rest(stack, "rest-fout", "hallo", address, token=_CHANNEL_REST_TOKEN[:-1] + "x")
    assert wrong.status_code == 401
    assert _channel_user_texts(stack, "rest-zonder") == [] and _channel_user_texts(stack, "rest-fout") == []
    right = _channel_rest(stack, "rest-met", "hallo", address)
    assert right.status_code == 200 and right.json()
    assert _channel_user_texts(stack, "rest-met") == ["hallo"]


@pytest.mark.slow  # starts Rasa's server (without a model: it runs while the model trains)
def test_channel_rest_is_off_in_the_production_profile(tmp_path):
    """Finding 4: through nginx, REST let anyone write into any conversation. In the production
    profile without REST_TOKEN the channel is off (403); the widget uses socket.io. The
    channels of credentials.yml on Rasa's server without a model: the refusal comes first."""
    port = free_port()
    env = {**rasa_env(), "WEGWIJZER_PROFILE": "production", "DATA_DIR": str(tmp_path)}
    env.pop("REST_TOKEN", None)
    log = (tmp_path / "rasa.log").open("w")
    rasa = subprocess.Popen([str(VENV_BIN / "python"), "tests/channels_without_model.py", str(port)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
        deadline = time.monotonic() + 120
        while True:
            assert rasa.poll() is None, (tmp_path / "rasa.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "Rasa did not start"
            try:
                response = requests.post(url, json={"sender": "ouder-1", "message": "hallo"}, timeout=10)
                break
            except requests.ConnectionError:
                time.sleep(0.5)
        assert response.status_code == 403, (response.status_code, response.text)
        assert response.json()[0]["text"], "a friendly text, as every REST answer"
        with_a_guess = requests.post(url, json={"sender": "ouder-1", "message": "hallo"},
                                     headers={"Authorization": "Bearer " + "x" * 40}, timeout=10)
        assert with_a_guess.status_code == 403
    finally:
        stop_processes({"rasa": rasa}, timeout=10)
        rasa.wait(10)
        log.close()

# --- the desk ------------------------------------------------------------------------------
# (section of the desk: wegwijzer/handoff/)
# Each test runs desk services of its own (`python -m wegwijzer.handoff serve`, as the
# launcher starts it) on a free port with its own DATA_DIR; one also uses the stack.


class _DeskService:
    """One desk service process on 127.0.0.1 (or HANDOFF_BIND) with its own data dir."""

    def __init__(self, data_dir, **settings: str) -> None:
        self.data_dir, self.port = data_dir, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.api_token = settings.get("HANDOFF_API_TOKEN")
        env = {key: value for key, value in rasa_env().items()
               if not key.startswith("HANDOFF_") and key not in ("RASA_AUTH_TOKEN", "RASA_URL")}
        env.update(DATA_DIR=str(data_dir), HANDOFF_PORT=str(self.port), HANDOFF_OFFICE_HOURS="24/7",
                   RASA_AUTH_TOKEN=secrets.token_urlsafe(32), RASA_URL=f"http://127.0.0.1:{free_port()}",
                   HANDOFF_RETRIES="0", **settings)
        self.rasa_token = env["RASA_AUTH_TOKEN"]
        self.log = (data_dir / "desk.log").open("w")
        self.process = subprocess.Popen(
            [str(VENV_BIN / "python"), "-m", "wegwijzer.handoff", "serve"], cwd=ROOT, env=env,
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 30
        while not self._answers():
            assert self.process.poll() is None, (data_dir / "desk.log").read_text()
            assert time.monotonic() < deadline, "the desk did not start"
            time.sleep(0.2)

    def _answers(self) -> bool:
        try:
            return requests.get(self.url + "/health", timeout=1).ok
        except requests.RequestException:
            return False

    def login(self, username: str, password: str = PASSWORD, forwarded_for: str | None = None):
        headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
        return requests.post(f"{self.url}/desk/login", json={"username": username, "password": password},
                             headers=headers, timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(15)
        self.log.close()


@pytest.fixture
def desk_service(tmp_path_factory):
    """Starts desk services with the given settings; stops them after the test."""
    started: list[_DeskService] = []

    def start(**settings: str) -> _DeskService:
        started.append(_DeskService(tmp_path_factory.mktemp("desk"), **settings))
        return started[-1]

    yield start
    for service in started:
        service.stop()


def _desk_outside_addresses() -> list[str]:
    """This machine's addresses that are not loopback (what the office network reaches)."""
    found: list[str] = []
    try:
        listed = subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=10).stdout.split()
    except OSError:
        listed = []
    try:  # the address the default route leaves from (sends nothing)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            listed.append(probe.getsockname()[0])
    except OSError:
        pass
    for text in listed:
        address = ipaddress.ip_address(text.split("%")[0])
        if not (address.is_loopback or address.is_link_local or address.is_unspecified) and str(address) not in found:
            found.append(str(address))
    return found


def _desk_reachable(address: str, port: int) -> bool:
    try:
        with socket.create_connection((address, port), timeout=3):
            return True
    except OSError:
        return False


def test_desk_is_not_reachable_from_the_network(desk_service):
    """Finding 1: the desk listened on all interfaces. Now on loopback only (nginx publishes it)."""
    outside = _desk_outside_addresses()
    if not outside:
        pytest.skip("this machine has no address besides loopback to try the desk from")
    desk = desk_service()  # no HANDOFF_BIND: the default, as under `make run`
    assert _desk_reachable("127.0.0.1", desk.port), "the desk runs"
    for address in outside:
        assert not _desk_reachable(address, desk.port), f"the desk answers on {address}"


def test_desk_allow_list_refuses_other_addresses(desk_service):
    """Finding 1: HANDOFF_ALLOWED_IPS: only the office's addresses reach the desk pages."""
    desk = desk_service(HANDOFF_ALLOWED_IPS="198.51.100.0/24")
    add_advisor(desk.data_dir, "anna", "Anna")
    base = desk.url
    assert requests.get(f"{base}/desk/login", timeout=10).status_code == 403, "from 127.0.0.1"
    assert desk.login("anna").status_code == 403, "no login from outside the list, not even with the password"
    assert requests.get(f"{base}/desk/api/queue", timeout=10).status_code == 403
    assert requests.get(f"{base}/desk/static/desk.js", timeout=10).status_code == 403
    # Behind nginx (peer 127.0.0.1) the address nginx saw is the last X-Forwarded-For entry.
    assert desk.login("anna", forwarded_for="203.0.113.9").status_code == 403
    assert desk.login("anna", forwarded_for="198.51.100.7, 203.0.113.9").status_code == 403, "a forged first entry"
    assert desk.login("anna", forwarded_for="198.51.100.7").status_code == 200, "the office gets in"


def test_desk_cookie_is_secure_host_only_and_strict(desk_service):
    """Finding 1: the session cookie went over plain HTTP. With HANDOFF_COOKIE_SECURE (production)
    it is "__Host-", Secure, HttpOnly, SameSite=Strict, and the desk sends HSTS."""
    desk = desk_service(HANDOFF_COOKIE_SECURE="true")
    add_advisor(desk.data_dir, "anna", "Anna")
    response = desk.login("anna")
    assert response.status_code == 200, response.text
    assert response.headers.get("Strict-Transport-Security") == "max-age=31536000"
    cookie = response.headers["Set-Cookie"]
    attributes = [part.strip().lower() for part in cookie.split(";")]
    assert cookie.startswith(f"__Host-{COOKIE}="), cookie
    assert {"secure", "httponly", "samesite=strict", "path=/"} <= set(attributes), cookie
    assert not any(part.startswith("domain") for part in attributes), cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    queue = f"{desk.url}/desk/api/queue"
    assert requests.get(queue, headers={"Cookie": f"__Host-{COOKIE}={value}"}, timeout=10).status_code == 200
    # A cookie without the prefix (which a sibling domain or plain HTTP could set) logs nobody in.
    assert requests.get(queue, headers={"Cookie": f"{COOKIE}={value}"}, timeout=10).status_code == 401


def test_desk_login_throttle_per_address_and_user_name(desk_service):
    """Finding 5: guessing was limited per user name only, so one address could try
    every name. Now per address too; other addresses and advisors are not locked out."""
    desk = desk_service()
    add_advisor(desk.data_dir, "anna", "Anna")
    add_advisor(desk.data_dir, "bram", "Bram")
    attacker, office = "203.0.113.66", "198.51.100.7"
    statuses = []
    for attempt in range(16):  # four names, never five guesses on one name
        name = ("anna", "coby", "dirk", "eva")[attempt % 4]
        statuses.append(desk.login(name, "geraden wachtwoord", forwarded_for=attacker).status_code)
        if statuses[-1] == 429:
            break
    assert statuses[-1] == 429, f"no limit per address: {statuses}"
    assert set(statuses[:-1]) == {401}
    assert desk.login("bram", forwarded_for=attacker).status_code == 429, "the address stays blocked"
    assert desk.login("bram", forwarded_for=office).status_code == 200, "another address still gets in"
    assert desk.login("anna", forwarded_for=office).status_code == 200, "and anna too"
    # Per user name, from addresses that change (the limit that was there already).
    for attempt in range(5):
        assert desk.login("bram", "geraden wachtwoord", forwarded_for=f"203.0.113.{100 + attempt}").status_code == 401
    assert desk.login("bram", forwarded_for="203.0.113.200").status_code == 429


def test_desk_keeps_answering_during_a_burst_of_logins(desk_service):
    """Finding 5: the Argon2 check ran on the event loop, so a burst of logins froze the
    desk for the advisors at work. Now it runs in threads."""
    desk = desk_service()
    with concurrent.futures.ThreadPoolExecutor(12) as pool:
        started = time.monotonic()
        burst = [pool.submit(desk.login, f"naam{i}", "geraden wachtwoord", f"203.0.113.{i + 1}") for i in range(12)]
        waits = []
        for _ in range(3):
            before = time.monotonic()
            assert requests.get(desk.url + "/health", timeout=30).ok
            waits.append(time.monotonic() - before)
        assert {future.result().status_code for future in burst} == {401}
        burst_seconds = time.monotonic() - started
    assert max(waits) < burst_seconds / 3, f"the desk waited {max(waits):.2f} s during a {burst_seconds:.2f} s burst"


def test_desk_api_does_not_take_rasas_token(desk_service, stack):
    """Finding 3: HANDOFF_API_TOKEN fell back to RASA_AUTH_TOKEN, so the action server and
    the desk held Rasa's admin token. Now a call with Rasa's token is refused."""
    desk = desk_service()  # RASA_AUTH_TOKEN set, HANDOFF_API_TOKEN not: the default
    rasas = {"Authorization": f"Bearer {desk.rasa_token}"}
    assert requests.get(f"{desk.url}/api/availability", headers=rasas, timeout=10).status_code == 401
    request = {"conversation_id": "aanval", "consent": "niets"}
    assert requests.post(f"{desk.url}/api/handoffs", json=request, headers=rasas, timeout=10).status_code == 401
    # Under `make run` (the launcher's stack): the desk refuses Rasa's token too.
    stacks = {"Authorization": f"Bearer {stack.token}"}
    assert requests.get(f"{stack.handoff_url}/api/availability", headers=stacks, timeout=10).status_code == 401
    # With its own token set, that one works and Rasa's still does not.
    own = secrets.token_urlsafe(32)
    desk = desk_service(HANDOFF_API_TOKEN=own)
    assert requests.get(f"{desk.url}/api/availability", headers={"Authorization": f"Bearer {own}"},
                        timeout=10).status_code == 200
    rasas = {"Authorization": f"Bearer {desk.rasa_token}"}
    assert requests.get(f"{desk.url}/api/availability", headers=rasas, timeout=10).status_code == 401


_DESK_SEAL_AND_STORE = """
from wegwijzer.handoff.answers import seal_contact
from wegwijzer.handoff.client import leave_question
sealed = seal_contact("bel me op 06 12345678")
assert sealed and leave_question("Hoe lang duurt een OTS?", sealed)
"""


def _desk_opens(sealed: str, key: bytes) -> bool:
    """True when `key` (32 bytes, as a libsodium private key or a Fernet key) opens `sealed`."""
    from cryptography.fernet import Fernet
    from nacl.public import PrivateKey, SealedBox

    body = sealed.split(":", 1)[-1]
    try:
        return b"12345678" in SealedBox(PrivateKey(key)).decrypt(base64.b64decode(body))
    except Exception:  # noqa: BLE001 - any failure: this key does not open it
        pass
    try:
        return b"12345678" in Fernet(base64.urlsafe_b64encode(key)).decrypt(sealed.encode())
    except Exception:  # noqa: BLE001
        return False


def _desk_key_candidates(environ: dict[str, str], data_dir) -> list[bytes]:
    """Every 32-byte key in an environment and in a data dir's files (base64 or raw)."""
    texts = list(environ.values())
    texts += [path.read_text(errors="ignore") for path in data_dir.rglob("*") if path.is_file()]
    keys = []
    for word in " ".join(texts).split():
        for decode in (base64.b64decode, base64.urlsafe_b64decode):
            try:
                raw = decode(word)
            except ValueError:
                continue
            if len(raw) == 32:
                keys.append(raw)
    return keys


def test_desk_contact_details_cannot_be_read_by_rasa_or_the_actions(desk_service, tmp_path):
    """Finding 7: contact details were encrypted with a key that the public-facing Rasa
    process also held. Now sealed: the channel and the actions hold only the public key,
    the desk alone can read them ("alleen het AKJ kan ze lezen")."""
    printed = subprocess.run([str(VENV_BIN / "python"), "-m", "wegwijzer.handoff", "keys"], cwd=ROOT,
                             env=rasa_env(), capture_output=True, text=True, timeout=60)
    keys = dict(line.split("=", 1) for line in printed.stdout.splitlines() if line.startswith("HANDOFF_"))
    desk = desk_service(HANDOFF_PRIVATE_KEY=keys["HANDOFF_PRIVATE_KEY"])
    add_advisor(desk.data_dir, "coby", "Coby", role="coordinator")
    # Rasa's channel seals, the action server stores: in a process configured as they are.
    public_side = tmp_path / "rasa-en-acties"
    public_side.mkdir()
    environ = {key: value for key, value in rasa_env().items() if not key.startswith("HANDOFF_")}
    environ.update(DATA_DIR=str(public_side), HANDOFF_PUBLIC_KEY=keys["HANDOFF_PUBLIC_KEY"],
                   HANDOFF_DATABASE_URL=f"sqlite:///{desk.data_dir / 'handoff.db'}")
    stored = subprocess.run([str(VENV_BIN / "python"), "-c", _DESK_SEAL_AND_STORE], cwd=ROOT,
                            env=environ, capture_output=True, text=True, timeout=60)
    assert stored.returncode == 0, stored.stderr
    with sqlite3.connect(desk.data_dir / "handoff.db") as db:
        sealed = db.execute("SELECT contact_encrypted FROM left_questions").fetchone()[0]
    assert "12345678" not in sealed
    held = _desk_key_candidates(environ, public_side)
    assert held, "the public side holds its key"
    assert not any(_desk_opens(sealed, key) for key in held), "what Rasa and the actions hold opens it"
    # The desk reads it, for the advisor.
    session = requests.Session()
    assert session.post(f"{desk.url}/desk/login", json={"username": "coby", "password": PASSWORD},
                        timeout=30).status_code == 200
    questions = session.get(f"{desk.url}/desk/api/questions", timeout=10).json()["questions"]
    assert [q["contact"] for q in questions] == ["+31 6 12345678"]


def _desk_active_handoff(data_dir, username: str) -> str:
    """A conversation this advisor chats in (as after "Aannemen"), straight in the desk's database."""
    from sqlalchemy import select

    from wegwijzer.handoff.db import session_factory
    from wegwijzer.handoff.models import ACTIVE, Advisor, Handoff, utcnow

    with session_factory(f"sqlite:///{data_dir / 'handoff.db'}")() as session:
        advisor = session.execute(select(Advisor).where(Advisor.username == username)).scalar_one()
        handoff = Handoff(conversation_id="aanval-" + secrets.token_hex(4), status=ACTIVE,
                          advisor_id=advisor.id, taken_at=utcnow())
        session.add(handoff)
        session.commit()
        return handoff.id


def test_desk_stores_advisor_messages_redacted(desk_service):
    """Finding 6: advisor messages were stored as typed. Now redacted, like the person's."""
    desk = desk_service()  # its Rasa does not answer: the message is kept as "not delivered"
    add_advisor(desk.data_dir, "anna", "Anna")
    handoff_id = _desk_active_handoff(desk.data_dir, "anna")
    session = requests.Session()
    assert session.post(f"{desk.url}/desk/login", json={"username": "anna", "password": PASSWORD},
                        timeout=30).status_code == 200
    sent = session.post(f"{desk.url}/desk/api/handoffs/{handoff_id}/messages",
                        json={"text": "Bel mij gerust terug op 06-12345678 of mail anna@akj-test.nl"}, timeout=30)
    assert sent.status_code in (201, 502), sent.text
    with sqlite3.connect(desk.data_dir / "handoff.db") as db:
        stored = [row[0] for row in db.execute("SELECT text FROM messages WHERE handoff_id = ?", (handoff_id,))]
    assert len(stored) == 1 and stored[0].startswith("Bel mij gerust terug op"), stored
    assert "12345678" not in stored[0] and "anna@akj-test.nl" not in stored[0], stored
    shown = session.get(f"{desk.url}/desk/api/handoffs/{handoff_id}", timeout=10).json()["messages"]
    assert "12345678" not in shown[0]["text"]


# --- the deployment ------------------------------------------------------------------------
# (section of the deployment: launcher, scripts/production.sh, deploy/)
# Against `make run`'s launcher (fixture `stack`) and the production profile (fixture
# `production`, tests/production_profile.py), plus launchers and profiles of their own that
# must refuse to start.


# Every secret a process of the stack or the profile may hold.
_DEPLOY_SECRETS = ("RASA_AUTH_TOKEN", "ACTION_SERVER_TOKEN", "HANDOFF_API_TOKEN", "CONVERSATION_ID_SECRET",
                   "REST_TOKEN", "HANDOFF_PRIVATE_KEY", "HANDOFF_WEBHOOK_TOKEN")


def _deploy_descendants(root_pids: set[int]) -> set[int]:
    """These processes and all their children, children's children, ..."""
    parents: dict[int, list[int]] = collections.defaultdict(list)
    listed = subprocess.run(["ps", "-eo", "pid=,ppid="], capture_output=True, text=True, check=True).stdout
    for line in listed.splitlines():
        pid, ppid = map(int, line.split())
        parents[ppid].append(pid)
    found, todo = set(), list(root_pids)
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo.extend(parents.get(pid, []))
    return found


def _deploy_listening() -> list[tuple[str, int, set[int]]]:
    """(address, port, pids) of every listening TCP socket, from `ss -ltnp`."""
    assert shutil.which("ss"), "ss (iproute2) is needed to list listening sockets"
    listed = subprocess.run(["ss", "-ltnpH"], capture_output=True, text=True, check=True).stdout
    sockets = []
    for line in listed.splitlines():
        fields = line.split()
        local = fields[3]
        host, port = local.rsplit(":", 1)
        pids = {int(pid) for pid in re.findall(r"pid=(\d+)", line)}
        sockets.append((host.strip("[]").split("%")[0], int(port), pids))
    return sockets


def _deploy_is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # "*": every address
        return False


def _deploy_sockets_of(pids: set[int]) -> list[tuple[str, int, set[int]]]:
    return [(host, port, owners) for host, port, owners in _deploy_listening() if owners & pids]


def _deploy_stack_pids(stack) -> set[int]:
    return _deploy_descendants({stack.process.pid})


def _deploy_stack_secrets(stack) -> dict[str, str]:
    """Every secret value the stack's processes hold (set by the test or made by the launcher)."""
    found = {}
    for pid in _deploy_stack_pids(stack):
        environ = process_environment(pid)
        found.update({name: environ[name] for name in _DEPLOY_SECRETS if environ.get(name)})
    return found


def _deploy_forged_call(action: str, slots: dict) -> dict:
    """What Rasa POSTs to the action server's /webhook, made up by an attacker."""
    tracker = {"sender_id": "aanvaller", "slots": slots, "latest_message": {"text": "nep", "intent": {}, "entities": []},
               "latest_event_time": time.time(), "followup_action": None, "paused": False, "events": [],
               "latest_input_channel": "rest", "active_loop": {}, "latest_action": {}, "latest_action_name": None}
    return {"next_action": action, "sender_id": "aanvaller", "tracker": tracker, "domain": {}, "version": "3.6.21"}


def _deploy_left_questions(data_dir, text: str) -> int:
    path = data_dir / "handoff.db"
    if not path.exists():
        return 0
    with sqlite3.connect(path) as db:
        try:
            return db.execute("SELECT count(*) FROM left_questions WHERE question LIKE ?", (f"%{text}%",)).fetchone()[0]
        except sqlite3.OperationalError:  # no table yet: nothing stored
            return 0


def test_deployment_forged_tracker_without_the_token_is_refused(stack):
    """Finding 2: anyone who reached :5055/webhook ran the actions with the server's own desk
    token. Now Rasa sends ACTION_SERVER_TOKEN and the action server refuses calls without it."""
    url = f"http://127.0.0.1:{stack.action_port}"
    question = f"Nepvraag van een aanvaller {secrets.token_hex(4)}"
    forged = _deploy_forged_call("action_vraag_opslaan", {"achtergelaten_vraag": question, "contact_gegevens": "geen"})
    for headers in ({}, {"Authorization": "Bearer " + secrets.token_urlsafe(32)},
                    {"Authorization": f"Bearer {stack.token}"}):  # not even with Rasa's own API token
        refused = requests.post(f"{url}/webhook", json=forged, headers=headers, timeout=30)
        assert refused.status_code == 401, (headers, refused.status_code, refused.text[:300])
    assert requests.get(f"{url}/actions", timeout=10).status_code == 401, "the action list is not public"
    assert requests.get(f"{url}/health", timeout=10).status_code == 200, "health may stay open"
    assert _deploy_left_questions(stack.data_dir, question) == 0, "the forged tracker stored a question"
    # The server does run actions for whoever has the token (as Rasa does): an unknown one is a 404.
    token = _deploy_stack_secrets(stack)["ACTION_SERVER_TOKEN"]
    known = requests.post(f"{url}/webhook", json=_deploy_forged_call("action_die_niet_bestaat", {}),
                          headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert known.status_code == 404, known.text[:300]


def test_deployment_make_run_listens_beyond_loopback_only_for_the_web_entry_points(stack):
    """Finding 2 (and 1): the action server listened on 0.0.0.0. Under `make run` only the web
    page and Rasa (the widget's socket.io) may listen beyond this machine."""
    pids = _deploy_stack_pids(stack)
    sockets = _deploy_sockets_of(pids)
    ports = {port for _host, port, _owners in sockets}
    assert {stack.action_port, stack.handoff_port, stack.rasa_port, stack.web_port} <= ports, sockets
    outside = {(host, port) for host, port, _owners in sockets if not _deploy_is_loopback(host)}
    assert {port for _host, port in outside} <= {stack.rasa_port, stack.web_port}, f"beyond loopback: {outside}"


def _deploy_profile_pids(profile) -> tuple[set[int], set[int]]:
    """(every process of the profile, nginx's processes)."""
    run = profile.prod_dir / "run"
    leaders = {int(path.read_text().split()[0]) for path in run.glob("*.pid")}
    sessions = subprocess.run(["ps", "-eo", "pid=,sid="], capture_output=True, text=True, check=True).stdout
    members = {int(pid) for pid, sid in (line.split() for line in sessions.splitlines()) if int(sid) in leaders}
    nginx = _deploy_descendants({int((profile.prod_dir / "nginx" / "nginx.pid").read_text().split()[0])})
    postgres = _deploy_descendants({int((profile.prod_dir / "postgres" / "postmaster.pid").read_text().split()[0])})
    return _deploy_descendants(leaders | members) | nginx | postgres, nginx


def test_deployment_production_listens_on_loopback_only_but_nginx(production):
    """Finding 2 (and 1): in the production profile every service (Rasa's HTTP API, action
    servers, desk, web servers, PostgreSQL, Redis) listens on loopback; only nginx may face
    people (and in this profile on one machine it too listens on 127.0.0.1)."""
    pids, nginx = _deploy_profile_pids(production)
    sockets = _deploy_sockets_of(pids)
    ports = {port for _host, port, _owners in sockets}
    expected = {production.port, production.tls_port, production.api_port, production.desk_port, production.pg_port,
                production.redis_port, *production.rasa_ports, *production.web_ports}
    assert expected <= ports, f"not all services found listening: {sorted(expected - ports)}"
    outside = [(host, port) for host, port, owners in sockets if not _deploy_is_loopback(host) and not owners <= nginx]
    assert not outside, f"beyond loopback, not nginx: {outside}"


_DEPLOY_WEAK = [("RASA_AUTH_TOKEN", "change-me"),
                ("ACTION_SERVER_TOKEN", "kort-token"),
                ("HANDOFF_API_TOKEN", "replace-me-with-a-long-random-value-please"),
                ("TRACKER_STORE_URL", "postgresql://wegwijzer:change-me@127.0.0.1:5432/wegwijzer")]


@pytest.mark.parametrize(("name", "value"), _DEPLOY_WEAK, ids=[name for name, _ in _DEPLOY_WEAK])
def test_deployment_launcher_refuses_a_weak_secret_within_seconds(tmp_path, name, value):
    """Finding 3: placeholder secrets started fine. Now `make run`'s launcher stops within
    seconds, naming the variable, before any process starts."""
    ports = [str(free_port()) for _ in range(4)]
    env = {**rasa_env(), "RASA_AUTH_TOKEN": secrets.token_urlsafe(32), name: value}
    started = time.monotonic()
    process = subprocess.Popen(
        [str(VENV_BIN / "python"), "-m", "wegwijzer.launcher", "--rasa-port", ports[0], "--action-port", ports[1],
         "--web-port", ports[2], "--handoff-port", ports[3], "--data-dir", str(tmp_path)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)
    try:
        output, _ = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
        pytest.fail(f"the launcher still ran after 10 s with {name}={value!r}:\n{output[-2000:]}")
    assert process.returncode != 0, output[-2000:]
    assert name in output and "Refusing to start" in output, output[-2000:]
    assert time.monotonic() - started < 10
    assert "READY" not in output


def test_deployment_production_profile_refuses_a_placeholder_token_within_seconds():
    """Finding 3: the production profile too stops at once on RASA_AUTH_TOKEN=change-me,
    naming it, before it installs or starts anything."""
    prod_dir = Path(tempfile.mkdtemp(prefix="wegwijzer-weak-profile-"))
    env = {**rasa_env(), "PROD_DIR": str(prod_dir), "RASA_AUTH_TOKEN": "change-me",
           **{name: str(free_port()) for name in ("PROD_PORT", "PROD_TLS_PORT", "PROD_PG_PORT", "PROD_REDIS_PORT",
                                                  "PROD_DESK_PORT", "PROD_API_PROXY_PORT", "PROD_ACTION_PROXY_PORT")},
           "PROD_RASA_PORTS": f"{free_port()} {free_port()}",
           "PROD_WEB_PORTS": f"{free_port()} {free_port()}",
           "PROD_ACTION_PORTS": f"{free_port()} {free_port()}"}
    started = time.monotonic()
    try:
        result = subprocess.run(["bash", "scripts/production.sh", "start"], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=10)
    except subprocess.TimeoutExpired:
        subprocess.run(["bash", "scripts/production.sh", "stop"], cwd=ROOT, env=env,
                       capture_output=True, timeout=120)
        pytest.fail("the production profile was still starting after 10 s with RASA_AUTH_TOKEN=change-me")
    finally:
        shutil.rmtree(prod_dir, ignore_errors=True)
    assert result.returncode != 0, result.stdout[-2000:]
    assert "RASA_AUTH_TOKEN" in result.stderr and "Refusing to start" in result.stderr, result.stderr[-2000:]
    assert time.monotonic() - started < 10
    assert "READY" not in result.stdout


def _deploy_unit_checks() -> dict[str, list[str]]:
    """Each systemd unit's secret check (ExecStartPre ... wegwijzer.secret_check ...), as argv."""
    checks = {}
    for unit in sorted((ROOT / "deploy" / "systemd").glob("*.service")):
        text = unit.read_text().replace("\\\n", " ")
        for line in text.splitlines():
            if line.startswith("ExecStartPre=") and "wegwijzer.secret_check" in line:
                argv = shlex.split(line.split("=", 1)[1])
                checks[unit.name] = [str(VENV_BIN / "python"), *argv[1:]]
    return checks


def _deploy_env_file(path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values


def test_deployment_example_settings_fail_closed():
    """Finding 3: deploy/systemd/wegwijzer.env.example's placeholders started fine. Now each
    unit checks its secrets before it starts (ExecStartPre): copied unchanged, the examples
    stop every unit that holds a secret, naming a variable; filled in, they pass."""
    shared = _deploy_env_file(ROOT / "deploy" / "systemd" / "wegwijzer.env.example")
    desk_only = _deploy_env_file(ROOT / "deploy" / "systemd" / "desk.env.example")
    assert "HANDOFF_PRIVATE_KEY" not in shared, "Rasa and the action servers never get the desk's private key"
    assert shared["RASA_AUTH_TOKEN"] != shared["HANDOFF_API_TOKEN"] != shared["ACTION_SERVER_TOKEN"]
    checks = _deploy_unit_checks()
    assert {"wegwijzer-rasa@.service", "wegwijzer-actions@.service", "wegwijzer-desk.service"} <= set(checks), checks
    base = {key: value for key, value in rasa_env().items() if key not in _DEPLOY_SECRETS}
    for unit, argv in checks.items():
        example = {**shared, **(desk_only if "desk" in unit else {})}
        result = subprocess.run(argv, cwd=ROOT, env={**base, **example}, capture_output=True, text=True,
                                timeout=30)
        assert result.returncode == 2 and "Refusing to start" in result.stderr, (unit, result.stderr)
        filled = {key: re.sub(r"change-me[\w-]*", lambda _m: secrets.token_hex(24), value)
                  for key, value in example.items()}
        result = subprocess.run(argv, cwd=ROOT, env={**base, **filled}, capture_output=True, text=True,
                                timeout=30)
        assert result.returncode == 0, (unit, result.stderr)


def test_deployment_no_token_on_a_command_line(stack):
    """Finding 3: the token was on `rasa run`'s command line, which `ps` shows to every user.
    Now no process of the stack has a secret in its arguments."""
    held = _deploy_stack_secrets(stack)
    assert {"RASA_AUTH_TOKEN", "ACTION_SERVER_TOKEN", "HANDOFF_API_TOKEN"} <= set(held), sorted(held)
    assert held["RASA_AUTH_TOKEN"] != held["HANDOFF_API_TOKEN"] != held["ACTION_SERVER_TOKEN"], "one token per purpose"
    pids = _deploy_stack_pids(stack)
    listed = subprocess.run(["ps", "-eo", "pid=,args="], capture_output=True, text=True, check=True).stdout
    ours = [line for line in listed.splitlines() if int(line.split(None, 1)[0]) in pids]
    assert len(ours) >= 5, ours  # launcher, actions, Rasa, web, desk, retention
    for name, value in held.items():
        assert value not in listed, f"{name} is on a command line"
    # Each process holds only its own secrets: the action server not Rasa's API token,
    # Rasa not the desk's.
    actions = stack.environment_of("wegwijzer.action_server")
    rasa = stack.environment_of("wegwijzer.rasa_server")
    assert "RASA_AUTH_TOKEN" not in actions and "HANDOFF_API_TOKEN" not in rasa


def test_deployment_production_keeps_tokens_out_of_command_lines_and_logs(production):
    """Finding 3: the token was on the command line and, through ?token=, in nginx's access
    log ($request). Now neither holds it, after HTTP API calls with ?token= through nginx."""
    token = production.token
    sent = []
    for base in (production.url, production.api_url):  # the public server (operators) and the internal listener
        response = requests.get(f"{base}/conversations/log-test/tracker", params={"token": token}, timeout=30)
        assert response.status_code == 200, response.text[:300]
        sent.append(response.headers["X-Request-Id"])
    access_log = production.prod_dir / "logs" / "nginx-access.log"
    deadline = time.monotonic() + 15
    while not all(f"id={request_id}" in access_log.read_text() for request_id in sent):
        assert time.monotonic() < deadline, "the API calls are not in nginx's access log"
        time.sleep(0.2)
    secrets_held = {path.name: path.read_text().strip() for path in (production.prod_dir / "secrets").iterdir()}
    assert secrets_held["RASA_AUTH_TOKEN"] == token
    logs = sorted((production.prod_dir / "logs").glob("*.log")) + [production.prod_dir / "nginx" / "error.log"]
    for path in logs:
        text = path.read_text(errors="replace") if path.exists() else ""
        for name, value in secrets_held.items():
            assert value not in text, f"{name} in {path.name}"
    listed = subprocess.run(["ps", "-eo", "args="], capture_output=True, text=True, check=True).stdout
    for name, value in secrets_held.items():
        assert value not in listed, f"{name} is on a command line"


async def _deploy_flood(profile, address: str, requests_each: int) -> collections.Counter:
    """From `address`: REST messages and socket.io polling handshakes, all at once."""
    import aiohttp

    statuses: collections.Counter = collections.Counter()
    connector = aiohttp.TCPConnector(local_addr=(address, 0), limit=100)
    async with aiohttp.ClientSession(connector=connector) as session:
        async def rest(i: int) -> None:
            async with session.post(f"{profile.url}/webhooks/rest/webhook", json={"sender": f"vloed-{i}", "message": "hoi"},
                                    timeout=aiohttp.ClientTimeout(total=60)) as response:
                await response.read()
                statuses[f"rest {response.status}"] += 1

        async def poll(_i: int) -> None:
            async with session.get(f"{profile.url}/socket.io/?EIO=4&transport=polling",
                                   timeout=aiohttp.ClientTimeout(total=60)) as response:
                await response.read()
                statuses[f"socket.io {response.status}"] += 1

        await asyncio.gather(*(rest(i) for i in range(requests_each)), *(poll(i) for i in range(requests_each)))
    return statuses


async def _deploy_person(profile, address: str, texts: list[str]) -> list[int]:
    """A person's conversation over REST through nginx, one message after another."""
    import aiohttp

    statuses = []
    sender = "mens-" + secrets.token_hex(4)
    connector = aiohttp.TCPConnector(local_addr=(address, 0))
    async with aiohttp.ClientSession(connector=connector) as session:
        for text in texts:
            async with session.post(f"{profile.url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                                    headers=profile.rest_headers, timeout=aiohttp.ClientTimeout(total=90)) as response:
                replies = await response.json(content_type=None) if response.status == 200 else []
                statuses.append(response.status if replies else -response.status)
            await asyncio.sleep(0.5)
    return statuses


def test_deployment_production_rate_limits_a_flood_not_a_conversation(production):
    """Finding 5: nothing in front of Rasa limited a flood per client address. Now nginx's
    limit_req answers 429 to a burst from one address (before Python sees it), while a
    person talking meanwhile, and a conversation at a person's pace, are never limited."""
    async def both():
        return await asyncio.gather(
            _deploy_flood(production, "127.0.0.2", 300),
            _deploy_person(production, "127.0.0.1", ["hallo", "Wat doet Veilig Thuis?", "Wat is een OTS?", "dankjewel"]))

    flood, person = asyncio.run(both())
    print(f"\nflood from one address: {dict(flood)}; the person meanwhile: {person}")
    assert flood["rest 429"] >= 100 and flood["socket.io 429"] >= 100, dict(flood)
    assert person == [200, 200, 200, 200], f"the person was limited or got no answer: {person}"
    # The flood's own address gets in again after a pause, at a person's pace (10 r/s refills the burst).
    deadline = time.monotonic() + 30
    while asyncio.run(_deploy_flood(production, "127.0.0.2", 1))["rest 429"]:
        assert time.monotonic() < deadline, "the address stays limited"
        time.sleep(1)
    assert asyncio.run(_deploy_person(production, "127.0.0.2", ["hoi", "Wat doet het AKJ?"])) == [200, 200]


def test_deployment_production_desk_only_over_https_with_hsts(production):
    """Finding 1: the desk was served over plain HTTP, so its session cookie could be sniffed.
    Through nginx, plain HTTP now only redirects to HTTPS (no login, no cookie), and over
    HTTPS the desk answers with HSTS."""
    plain = f"{production.url}/desk/"
    for response in (requests.get(plain, allow_redirects=False, timeout=10),
                     requests.get(plain + "login", allow_redirects=False, timeout=10),
                     requests.post(plain + "login", json={"username": "x", "password": "y"},
                                   allow_redirects=False, timeout=10)):
        assert response.status_code in (301, 308) or response.status_code >= 400, response.status_code
        if response.status_code in (301, 308):
            assert response.headers["Location"].startswith(f"https://127.0.0.1:{production.tls_port}/desk/")
        assert "Set-Cookie" not in response.headers and "Adviseursdesk" not in response.text
    secure = requests.get(production.desk_public_url + "login", verify=str(production.tls_certificate),
                          timeout=10)
    assert secure.status_code == 200 and "Adviseursdesk" in secure.text, secure.status_code
    assert secure.headers.get("Strict-Transport-Security", "").startswith("max-age="), secure.headers
    assert int(secure.headers["Strict-Transport-Security"].split("=")[1].split(",")[0]) >= 31536000, "one max-age, a year"


def test_deployment_production_deletes_old_conversations(production):
    """Finding 6: retention ran only under `make run`. The production profile runs the same
    scheduler (every RETENTION_CHECK_MINUTES; 15 s in the tests): an old conversation goes."""
    sender = "oud-gesprek-" + secrets.token_hex(4)
    old = time.time() - 40 * 86400
    for offset, (type_name, data) in enumerate([("user", {"event": "user", "text": "hallo"}),
                                                ("bot", {"event": "bot", "text": "Hoi"})]):
        production.sql("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (%s, %s, %s, %s)",
                       sender, type_name, old + offset, json.dumps({**data, "timestamp": old + offset}))
    assert production.sql("SELECT count(*) FROM events WHERE sender_id = %s", sender) == [(2,)]
    deadline = time.monotonic() + 90
    while production.sql("SELECT count(*) FROM events WHERE sender_id = %s", sender) != [(0,)]:
        assert time.monotonic() < deadline, "retention did not delete a 40-day-old conversation"
        time.sleep(1)


def test_deployment_production_logs_have_a_maximum_age(production):
    """Finding 6: logs outside DATA_DIR (process logs, nginx, PostgreSQL) were never pruned.
    The profile's logrotate configuration covers every log file it writes and deletes rotated
    files RETENTION_DAYS (30) after; it runs in the profile (at start, then hourly)."""
    import fnmatch

    assert "logrotate: running" in production.script("status").stdout
    conf = (production.prod_dir / "logrotate.conf").read_text()
    patterns = [word for line in conf.splitlines() if line.rstrip().endswith("{") and not line.lstrip().startswith("#")
                for word in line.rstrip()[:-1].split()]
    assert patterns, conf
    assert re.search(r"^\s*maxage 30$", conf, re.M), conf
    written = [path for path in production.prod_dir.rglob("*.log") if path.is_file()]
    assert len(written) >= 10, written
    uncovered = [str(path) for path in written if not any(fnmatch.fnmatch(str(path), p) for p in patterns)]
    assert not uncovered, f"logs without rotation: {uncovered}"
    # Forced once, as the daily run does: the live log is rotated, a rotation older than
    # 30 days is deleted, a recent one kept.
    logs = production.prod_dir / "logs"
    old = logs / "web-0.log-20200101-1577836800.gz"
    recent = logs / "web-0.log-20991231-4102358400"
    old.write_bytes(b"")
    recent.write_text("")
    os.utime(old, (time.time() - 40 * 86400,) * 2)
    with tempfile.TemporaryDirectory() as state:
        result = subprocess.run([shutil.which("logrotate") or "/usr/sbin/logrotate", "-f", "--state",
                                 f"{state}/state", str(production.prod_dir / "logrotate.conf")],
                                capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert not old.exists(), "a rotated log older than 30 days was kept"
    assert recent.exists() or recent.with_suffix(recent.suffix + ".gz").exists(), "a recent rotation was deleted"
    assert any(logs.glob("nginx-access.log-*")), "the access log was not rotated"
