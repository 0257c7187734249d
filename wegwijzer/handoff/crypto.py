"""Sealed contact details a person chooses to leave (phone, e-mail).

They are personal data that an advisor must be able to read, so they are
encrypted, not redacted: sealed with a public key (libsodium's SealedBox, via
PyNaCl). Sealing needs only the public key, opening needs the private key:

- Rasa's input channel and the action server seal, with the public key only:
  HANDOFF_PUBLIC_KEY (base64), or the file handoff-public.key in DATA_DIR.
- The desk alone opens, with the private key: HANDOFF_PRIVATE_KEY (base64), or
  the file handoff-private.key in DATA_DIR (mode 600). At its first start the
  desk makes the pair when neither key is configured.

So whoever takes over the public-facing processes, their configuration or the
tracker store cannot read what people left: "alleen het AKJ kan ze lezen".
`python -m wegwijzer.handoff keys` prints a new pair for production.
"""
from __future__ import annotations

import base64
import binascii
import logging
import os
from pathlib import Path

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

from wegwijzer.handoff.config import HandoffConfig

logger = logging.getLogger(__name__)

PRIVATE_KEY_FILE = "handoff-private.key"
PUBLIC_KEY_FILE = "handoff-public.key"
# Marks a sealed value (older Fernet values start with "gAAAAA" and are not readable any more).
PREFIX = "sealed:"
UNREADABLE = "(niet leesbaar: de sleutel is veranderd)"
# A sealed box adds an ephemeral public key (32 bytes) and a MAC (16 bytes).
_OVERHEAD = 48
_MAX_SEALED_CHARS = 4000


class KeyProblem(RuntimeError):
    """A key is missing or malformed; the message names the setting to fix."""


def encode_key(key: bytes) -> str:
    return base64.b64encode(key).decode()


def _decode_key(value: str, name: str) -> bytes:
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise KeyProblem(f"{name} is not a key made by `python -m wegwijzer.handoff keys` (32 bytes, base64)")
    return raw


def new_key_pair() -> tuple[str, str]:
    """(private, public), base64."""
    private = PrivateKey.generate()
    return encode_key(bytes(private)), encode_key(bytes(private.public_key))


# -- the sealing side: Rasa's channel, the action server ---------------------------------------
def public_key(config: HandoffConfig) -> PublicKey:
    if config.public_key:
        return PublicKey(_decode_key(config.public_key, "HANDOFF_PUBLIC_KEY"))
    path = Path(config.data_dir) / PUBLIC_KEY_FILE
    try:
        value = path.read_text().strip()
    except FileNotFoundError:
        raise KeyProblem(f"no public key: set HANDOFF_PUBLIC_KEY, or start the desk once to make {path}") from None
    return PublicKey(_decode_key(value, str(path)))


def encrypt(config: HandoffConfig, text: str) -> str:
    """`text` sealed for the desk. Raises KeyProblem when there is no public key."""
    sealed = SealedBox(public_key(config)).encrypt(text.encode())
    return PREFIX + base64.b64encode(sealed).decode()


def is_genuine(token: str) -> bool:
    """True for a value in the sealed format. Anyone with the public key can seal,
    so this only tells that the value is one the desk can try to open; the channel
    alone puts sealed values in message metadata (it drops any the client sent)."""
    if not isinstance(token, str) or not token.startswith(PREFIX) or len(token) > _MAX_SEALED_CHARS:
        return False
    try:
        return len(base64.b64decode(token[len(PREFIX):], validate=True)) > _OVERHEAD
    except (binascii.Error, ValueError):
        return False


# -- the opening side: the desk only ----------------------------------------------------------
def _write_new(path: Path, content: str, mode: int) -> bool:
    """Create `path` with `mode`; False when another process made it first."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "w") as handle:
        handle.write(content + "\n")
    return True


def desk_private_key(config: HandoffConfig) -> PrivateKey:
    """The desk's private key: HANDOFF_PRIVATE_KEY, else handoff-private.key in DATA_DIR.
    Without either (and without a configured public key that another private key
    belongs to), the pair is made here: the private key file with mode 600, the
    public key file beside it for Rasa and the action server. Raises KeyProblem when
    the public key that the others seal with does not belong to this private key."""
    data_dir = Path(config.data_dir)
    path = data_dir / PRIVATE_KEY_FILE
    configured = os.environ.get("HANDOFF_PRIVATE_KEY", "").strip()
    if configured:
        private = PrivateKey(_decode_key(configured, "HANDOFF_PRIVATE_KEY"))
    else:
        if not path.exists():
            if config.public_key:
                raise KeyProblem("HANDOFF_PUBLIC_KEY is set but HANDOFF_PRIVATE_KEY is not: the desk could not "
                                 "read the contact details sealed with it")
            data_dir.mkdir(parents=True, exist_ok=True)
            if _write_new(path, new_key_pair()[0], 0o600):
                logger.info("Made a key pair for contact details: %s (private, mode 600) and %s", path, PUBLIC_KEY_FILE)
        private = PrivateKey(_decode_key(path.read_text().strip(), str(path)))
    own_public = bytes(private.public_key)
    if config.public_key:
        sealing_with, where = _decode_key(config.public_key, "HANDOFF_PUBLIC_KEY"), "HANDOFF_PUBLIC_KEY"
    else:
        public_path = data_dir / PUBLIC_KEY_FILE
        if not public_path.exists():
            data_dir.mkdir(parents=True, exist_ok=True)
            _write_new(public_path, encode_key(own_public), 0o644)
        sealing_with, where = _decode_key(public_path.read_text().strip(), str(public_path)), str(public_path)
    if sealing_with != own_public:
        raise KeyProblem(f"{where} does not belong to the desk's private key (its public key is "
                         f"{encode_key(own_public)}): contact details sealed with it could not be read")
    return private


def decrypt(private_key: PrivateKey, token: str) -> str:
    """The contact details, or a note for the advisor when they cannot be read (an
    older or another key; values from before the sealed format)."""
    if not is_genuine(token):
        return UNREADABLE
    try:
        return SealedBox(private_key).decrypt(base64.b64decode(token[len(PREFIX):])).decode()
    except (CryptoError, ValueError, UnicodeDecodeError):
        return UNREADABLE
