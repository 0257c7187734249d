"""Conversation ids that the server issues and signs (the socket.io channel).

A conversation id is the only thing that ties a browser to its conversation:
whoever holds it reads the answers and the advisor's messages in its socket.io
room. So the widget never chooses one: the server issues `<uuid hex>.<tag>`,
the tag an HMAC-SHA256 (first 128 bits, hex) of the uuid under a key only the
Rasa instances hold. An id the server did not issue, or whose tag fails, gets
a new conversation.

The key: CONVERSATION_ID_SECRET (the production profile sets the same one for
every instance), else the file `conversation-id.key` in DATA_DIR, made once
with mode 600 (`make run`: one Rasa, ids stay valid over a restart).

`reference(id)` is what logs carry instead of the id: the first 12 hex
characters of its SHA-256.

A leaf module (standard library only).
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import time
import uuid
from pathlib import Path
from typing import Mapping, Optional

SECRET_VARIABLE = "CONVERSATION_ID_SECRET"
KEY_FILE = "conversation-id.key"
TAG_HEX = 32  # 128 bits of the HMAC
ID_PATTERN = re.compile(rf"([0-9a-f]{{32}})\.([0-9a-f]{{{TAG_HEX}}})")
_CONTEXT = b"wegwijzer conversation id\x00"  # the key signs nothing else


def load_key(data_dir: Path, environ: Optional[Mapping[str, str]] = None) -> bytes:
    """CONVERSATION_ID_SECRET, or the key file in `data_dir` (created when missing)."""
    env = os.environ if environ is None else environ
    configured = env.get(SECRET_VARIABLE, "").strip()
    if configured:
        return configured.encode("utf-8")
    path = Path(data_dir) / KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    for _attempt in range(50):  # another process may have made it a moment ago and still be writing
        key = path.read_text(encoding="ascii").strip()
        if key:
            return key.encode("ascii")
        time.sleep(0.02)
    raise RuntimeError(f"{path} is empty: delete it, a new key is made at the next start")


def _tag(key: bytes, uid: str) -> str:
    return hmac.new(key, _CONTEXT + uid.encode("ascii"), hashlib.sha256).hexdigest()[:TAG_HEX]


def issue(key: bytes) -> str:
    """A new conversation id, signed with `key`."""
    uid = uuid.uuid4().hex
    return f"{uid}.{_tag(key, uid)}"


def is_genuine(key: bytes, conversation_id: object) -> bool:
    """True when `conversation_id` was issued with `key`."""
    if not isinstance(conversation_id, str):
        return False
    match = ID_PATTERN.fullmatch(conversation_id)
    return bool(match) and hmac.compare_digest(match.group(2), _tag(key, match.group(1)))


def reference(conversation_id: object) -> str:
    """What a log line carries instead of the id: 12 hex characters of its SHA-256."""
    return hashlib.sha256(str(conversation_id).encode("utf-8", "replace")).hexdigest()[:12]
