"""Encryption for contact details a person chooses to leave (phone, e-mail).

They are personal data that an advisor must be able to read, so they are
encrypted (Fernet, from the `cryptography` package), not redacted. The key is
HANDOFF_SECRET_KEY, or a key file created once in DATA_DIR (mode 600).
"""
from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from wegwijzer.handoff.config import HandoffConfig

KEY_FILE_NAME = "handoff-secret.key"


def _key(config: HandoffConfig) -> bytes:
    if config.secret_key:
        return config.secret_key.encode()
    path = Path(config.data_dir) / KEY_FILE_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(Fernet.generate_key())
        except FileExistsError:  # another process made it first
            pass
    return path.read_bytes().strip()


def encrypt(config: HandoffConfig, text: str) -> str:
    return Fernet(_key(config)).encrypt(text.encode()).decode()


def decrypt(config: HandoffConfig, token: str) -> str:
    try:
        return Fernet(_key(config)).decrypt(token.encode()).decode()
    except InvalidToken:
        return "(niet leesbaar: de sleutel is veranderd)"


def is_genuine(config: HandoffConfig, token: str) -> bool:
    try:
        Fernet(_key(config)).decrypt(token.encode())
    except (InvalidToken, ValueError, TypeError):
        return False
    return True
