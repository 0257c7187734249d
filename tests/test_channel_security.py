"""The channel's defences in parts (issue 15): signed conversation ids, the
client address behind nginx, and the limit per address, in this process and
shared over a real Redis. The attacks on the running stack are in
tests/test_attacks.py (section "the channel")."""
from __future__ import annotations

import asyncio
import os
import stat
import subprocess
import time

import pytest

from wegwijzer import conversation_ids
from wegwijzer.message_cleaning import valid_sender
from wegwijzer.rate_limits import AddressLimiter, client_address

KEY = b"k" * 40


def test_issued_ids_are_genuine_and_valid_everywhere():
    ids = {conversation_ids.issue(KEY) for _ in range(200)}
    assert len(ids) == 200
    for conversation_id in ids:
        assert conversation_ids.is_genuine(KEY, conversation_id)
        assert valid_sender(conversation_id), "Rasa, redaction and the desk take it as it is"
        assert len(conversation_id) <= 128


@pytest.mark.parametrize("forged", [
    None, "", 42, "sock-123", "a" * 32, "0" * 32 + "." + "0" * 32,
    "UPPER" + "0" * 27 + "." + "0" * 32,
])
def test_made_up_ids_are_not_genuine(forged):
    assert not conversation_ids.is_genuine(KEY, forged)


def test_an_id_changed_or_signed_with_another_key_is_not_genuine():
    genuine = conversation_ids.issue(KEY)
    uid, tag = genuine.split(".")
    other_uid = ("1" if uid[0] != "1" else "2") + uid[1:]
    assert not conversation_ids.is_genuine(KEY, f"{other_uid}.{tag}"), "another conversation, same tag"
    assert not conversation_ids.is_genuine(KEY, f"{uid}.{tag[:-1]}{'0' if tag[-1] != '0' else '1'}")
    assert not conversation_ids.is_genuine(b"another key" * 4, genuine)
    assert not conversation_ids.is_genuine(KEY, genuine + "\n")


def test_key_from_the_environment_or_a_private_file(tmp_path):
    assert conversation_ids.load_key(tmp_path, {"CONVERSATION_ID_SECRET": " s3cr3t-value "}) == b"s3cr3t-value"
    assert not (tmp_path / conversation_ids.KEY_FILE).exists()
    key = conversation_ids.load_key(tmp_path, {})
    path = tmp_path / conversation_ids.KEY_FILE
    assert len(key) >= 32 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert conversation_ids.load_key(tmp_path, {}) == key, "the same key after a restart"


def test_log_reference_is_a_short_hash():
    conversation_id = conversation_ids.issue(KEY)
    ref = conversation_ids.reference(conversation_id)
    assert len(ref) == 12 and ref not in conversation_id and ref == conversation_ids.reference(conversation_id)


@pytest.mark.parametrize("peer, forwarded_for, real_ip, expected", [
    ("198.51.100.4", None, None, "198.51.100.4"),
    ("198.51.100.4", "203.0.113.9", "203.0.113.8", "198.51.100.4"),  # not from nginx: headers not trusted
    ("127.0.0.1", "203.0.113.9", None, "203.0.113.9"),
    ("127.0.0.1", "10.1.1.1, 203.0.113.9", None, "203.0.113.9"),  # the first entry is the client's own word
    ("::1", None, "2001:db8::5", "2001:db8::5"),
    ("::ffff:127.0.0.1", "203.0.113.9", None, "203.0.113.9"),
    ("127.0.0.1", "not an address", None, "127.0.0.1"),
    ("127.0.0.1", None, None, "127.0.0.1"),
    (None, "203.0.113.9", None, "unknown"),
])
def test_client_address(peer, forwarded_for, real_ip, expected):
    assert client_address(peer, forwarded_for, real_ip) == expected


def test_address_limit_in_this_process():
    async def run() -> list[bool]:
        limiter = AddressLimiter(limit=5, seconds=60)
        results = [await limiter.allow("203.0.113.1") for _ in range(7)]
        results.append(await limiter.allow("203.0.113.2"))
        return results

    assert asyncio.run(run()) == [True] * 5 + [False, False, True]


def test_address_limit_is_shared_over_redis_and_survives_its_outage(redis_server):
    port, process = redis_server
    url = f"redis://127.0.0.1:{port}/0"

    async def run() -> None:
        first, second = AddressLimiter(5, 60, url), AddressLimiter(5, 60, url)  # two Rasa instances
        # A window boundary between the messages would restart the count: start in a fresh window.
        while time.time() % 60 > 55:
            await asyncio.sleep(1)
        assert [await first.allow("203.0.113.1") for _ in range(3)] == [True] * 3
        assert [await second.allow("203.0.113.1") for _ in range(3)] == [True, True, False], "counted together"
        assert await second.allow("203.0.113.2")
        keys = subprocess.run(["redis-cli", "-p", str(port), "--scan", "--pattern", "wegwijzer:ratelimit:*"],
                              capture_output=True, text=True).stdout.split()
        assert keys and not any("203.0.113" in key for key in keys), "only a hash of the address in Redis"
        ttl = int(subprocess.run(["redis-cli", "-p", str(port), "ttl", keys[0]], capture_output=True, text=True).stdout)
        assert 0 < ttl <= 61
        process.terminate()
        process.wait(10)
        # Redis gone: counted in this process, never blocked (and never slow for long).
        started = time.monotonic()
        assert await first.allow("203.0.113.3")
        assert [await first.allow("203.0.113.3") for _ in range(5)] == [True] * 4 + [False]
        assert time.monotonic() - started < 3

    asyncio.run(run())
