"""Advisor accounts and desk logins.

Passwords are hashed with Argon2 (argon2-cffi). A login gets a random session
token in an HttpOnly cookie; the database keeps only its SHA-256 hash. The
password check is slow on purpose, so the desk runs `login` in a thread, and
limits failed logins per user name and per client address (LoginThrottle).
"""
from __future__ import annotations

import hashlib
import secrets
import time
from collections import defaultdict, deque
from datetime import timedelta
from typing import Callable, Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from wegwijzer.handoff.models import ADVISOR, ROLES, Advisor, DeskSession, utcnow

_hasher = PasswordHasher()
# Verified against when the user name is unknown, so both cases take equally long.
_DUMMY_HASH = _hasher.hash("not-a-password")
MIN_PASSWORD_LENGTH = 12


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"het wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens hebben")
    return _hasher.hash(password)


def add_advisor(session: Session, username: str, display_name: str, password: str, role: str = ADVISOR) -> Advisor:
    username = username.strip().lower()
    if not username or not display_name.strip():
        raise ValueError("gebruikersnaam en naam zijn verplicht")
    if role not in ROLES:
        raise ValueError(f"rol moet een van {', '.join(ROLES)} zijn")
    if session.execute(select(Advisor).where(Advisor.username == username)).scalar_one_or_none():
        raise ValueError(f"gebruiker {username!r} bestaat al")
    advisor = Advisor(username=username, display_name=display_name.strip(), password_hash=hash_password(password), role=role)
    session.add(advisor)
    session.commit()
    return advisor


def check_password(session: Session, username: str, password: str) -> Optional[Advisor]:
    advisor = session.execute(
        select(Advisor).where(Advisor.username == username.strip().lower(), Advisor.active.is_(True))
    ).scalar_one_or_none()
    try:
        _hasher.verify(advisor.password_hash if advisor else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if advisor and _hasher.check_needs_rehash(advisor.password_hash):
        advisor.password_hash = _hasher.hash(password)
        session.commit()
    return advisor


def login(sessions: Callable[[], Session], username: str, password: str, hours: float) -> tuple[Optional[Advisor], Optional[str]]:
    """(advisor, session token), or (None, None) for a wrong login. Blocking (Argon2,
    the database): the desk calls it in a thread, off its event loop."""
    if not username or not password:
        return None, None
    with sessions() as session:
        advisor = check_password(session, username, password)
        return (advisor, start_session(session, advisor, hours)) if advisor else (None, None)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, advisor: Advisor, hours: float) -> str:
    token = secrets.token_urlsafe(32)
    session.add(DeskSession(token_hash=_digest(token), advisor_id=advisor.id, expires_at=utcnow() + timedelta(hours=hours)))
    session.execute(delete(DeskSession).where(DeskSession.expires_at < utcnow()))
    session.commit()
    return token


def advisor_for_token(session: Session, token: Optional[str]) -> Optional[Advisor]:
    if not token:
        return None
    row = session.execute(
        select(DeskSession).where(DeskSession.token_hash == _digest(token), DeskSession.expires_at > utcnow())
    ).scalar_one_or_none()
    if row is None or not row.advisor.active:
        return None
    return row.advisor


def end_session(session: Session, token: Optional[str]) -> None:
    if token:
        session.execute(delete(DeskSession).where(DeskSession.token_hash == _digest(token)))
        session.commit()


class LoginThrottle:
    """At most `attempts` failed logins per key (a user name, or a client address)
    in `window` seconds."""

    # Above this many keys, keys without recent failures are forgotten (memory bound).
    MAX_KEYS = 10_000

    def __init__(self, attempts: int = 5, window: float = 900) -> None:
        self.attempts, self.window = attempts, window
        self._failures: dict[str, deque] = defaultdict(deque)

    def _recent(self, key: str) -> deque:
        failures = self._failures[key]
        while failures and failures[0] < time.monotonic() - self.window:
            failures.popleft()
        return failures

    def blocked(self, *keys: str) -> bool:
        return any(len(self._recent(key)) >= self.attempts for key in keys)

    def failed(self, *keys: str) -> None:
        if len(self._failures) > self.MAX_KEYS:
            for key in [key for key in self._failures if not self._recent(key)]:
                del self._failures[key]
        for key in keys:
            self._recent(key).append(time.monotonic())

    def succeeded(self, *keys: str) -> None:
        for key in keys:
            self._failures.pop(key, None)
