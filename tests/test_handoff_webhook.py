"""The webhook integration for an external live-chat system, against a real
HTTP receiver on localhost: retries with backoff, a timeout, and a failure
that ends in "not available" (the person then gets the AKJ routes)."""
from __future__ import annotations

import json
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from wegwijzer.handoff import client, crypto
from wegwijzer.handoff.config import load_config


class Receiver:
    """Answers each POST with the next scripted (status, delay); records the bodies."""

    def __init__(self, script: list[tuple[int, float]]) -> None:
        self.script, self.bodies, self.headers = list(script), [], []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.bodies.append(json.loads(body))
                receiver.headers.append(dict(self.headers))
                status, delay = receiver.script.pop(0) if receiver.script else (200, 0)
                time.sleep(delay)
                answer = json.dumps({"wait_minutes": 4}).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # shutdown() waits for the serving loop's next poll: 0.5 s by default, per test.
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/handoff"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(script):
        made.append(Receiver(script))
        return made[-1]

    yield make
    for one in made:
        one.close()


def webhook_config(url: str, tmp_path, **changes):
    return replace(load_config(), webhook_url=url, webhook_token="geheim-token", data_dir=tmp_path,
                   database_url=f"sqlite:///{tmp_path / 'handoff.db'}", office_hours="24/7", **changes)


def request_body() -> dict:
    return client.handoff_request("gesprek-1", "samenvatting", {"rol": "ouder", "gemeente": "Amersfoort"}, [])


def test_webhook_gets_the_request_after_two_failures(receiver, tmp_path):
    hook = receiver([(503, 0), (502, 0), (200, 0)])
    config = webhook_config(hook.url, tmp_path, retries=2)
    assert client.check_availability("gesprek-1", config).available
    result = client.request_handoff(request_body(), config)
    assert result.queued and result.position is None
    assert len(hook.bodies) == 3
    assert len({body["id"] for body in hook.bodies}) == 1, "one id for all attempts, so the receiver can drop repeats"
    body = hook.bodies[0]
    assert body["type"] == "handoff_request" and body["conversation_id"] == "gesprek-1"
    assert body["summary"] == {"rol": "ouder", "gemeente": "Amersfoort"} and body["consent"] == "samenvatting"
    assert hook.headers[0]["Authorization"] == "Bearer geheim-token"


def test_webhook_that_keeps_failing_gives_up_quickly(receiver, tmp_path):
    hook = receiver([(500, 0)] * 5)
    config = webhook_config(hook.url, tmp_path, retries=2)
    started = time.monotonic()
    result = client.request_handoff(request_body(), config)
    assert not result.queued and result.reason == client.FAILED
    assert len(hook.bodies) == 3, "first try and two retries"
    assert time.monotonic() - started < 3, "backoff stays short: the person is waiting for a reply"


def test_webhook_that_hangs_runs_into_the_timeout(receiver, tmp_path):
    hook = receiver([(200, 2.0)] * 3)
    config = webhook_config(hook.url, tmp_path, retries=1, timeout_seconds=0.5)
    started = time.monotonic()
    result = client.request_handoff(request_body(), config)
    assert not result.queued and result.reason == client.FAILED
    assert time.monotonic() - started < 2.5


def test_unreachable_desk_means_not_available(tmp_path):
    config = replace(load_config(), url="http://127.0.0.1:9", office_hours="24/7", retries=1, data_dir=tmp_path)
    started = time.monotonic()
    availability = client.check_availability("gesprek-1", config)
    assert not availability.available and availability.reason == client.FAILED
    assert time.monotonic() - started < 2


def test_outside_office_hours_nobody_is_asked(receiver, tmp_path):
    hook = receiver([])
    config = replace(webhook_config(hook.url, tmp_path), office_hours="")
    availability = client.check_availability("gesprek-1", config)
    assert not availability.available and availability.reason == client.CLOSED
    assert hook.bodies == []


def test_left_question_is_stored_even_when_the_webhook_fails(receiver, tmp_path):
    hook = receiver([(500, 0)] * 3)
    config = webhook_config(hook.url, tmp_path, retries=0)
    crypto.desk_private_key(config)  # the key pair, as the desk makes it at its first start
    encrypted = client.encrypt_contact("ouder@example.nl", config)
    assert client.leave_question("Mag de gezinsvoogd de omgang stoppen? Bel 06-12345678", encrypted, config)
    assert hook.bodies[0]["type"] == "question_left" and hook.bodies[0]["has_contact"] is True
    assert "12345678" not in json.dumps(hook.bodies[0]) and "ouder@example.nl" not in json.dumps(hook.bodies[0])
    stored = b"".join(path.read_bytes() for path in tmp_path.glob("handoff.db*"))  # with the WAL file
    assert b"Mag de gezinsvoogd" in stored, "the question itself is kept"
    assert b"12345678" not in stored and b"ouder@example.nl" not in stored
