"""Fail closed on weak secrets: a process that is given a placeholder or a
short secret stops at start, with a message naming the variable.

A leaf module (standard library only), so every entry point can call it
before it opens a port:

    from wegwijzer.secret_check import require_strong
    require_strong("RASA_AUTH_TOKEN", "HANDOFF_API_TOKEN")

An unset variable is not checked here: each process decides what an unset
secret means (the launcher makes a random one per run; the production
profile refuses to start without it).
"""
from __future__ import annotations

import os
import sys
from typing import Iterable, Mapping, Optional

MIN_LENGTH = 32
# Words that only appear in example values; any of them means "never replaced".
# Six letters or more, so that a random token never contains one by chance.
PLACEHOLDER_WORDS = ("change-me", "changeme", "change_me", "replace-me", "example", "secret",
                     "password", "wachtwoord", "placeholder")


class WeakSecret(SystemExit):
    """Raised (as a SystemExit, so the process ends with status 2) for a weak secret."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.code = 2
        self.message = message

    def __str__(self) -> str:
        return self.message


def problem(name: str, value: str) -> Optional[str]:
    """Why `value` is not acceptable for the secret `name`, or None when it is."""
    lowered = value.lower()
    for word in PLACEHOLDER_WORDS:
        if word in lowered:
            return f"{name} still holds a placeholder ({word!r}): set a long random value"
    if len(value) < MIN_LENGTH:
        return f"{name} is {len(value)} characters long: use at least {MIN_LENGTH} random characters"
    if len(set(value)) < 8:
        return f"{name} repeats too few characters to be random"
    return None


def weak_secrets(names: Iterable[str], environ: Optional[Mapping[str, str]] = None) -> list[str]:
    """One message per configured (non-empty) secret among `names` that is weak."""
    env = os.environ if environ is None else environ
    found = []
    for name in names:
        value = env.get(name, "").strip()
        if value and (message := problem(name, value)):
            found.append(message)
    return found


def require_strong(*names: str, environ: Optional[Mapping[str, str]] = None) -> None:
    """Stop the process (exit status 2) when any configured secret is weak."""
    messages = weak_secrets(names, environ)
    if messages:
        text = "Refusing to start: " + "; ".join(messages) + "."
        print(text, file=sys.stderr, flush=True)
        raise WeakSecret(text)


def require_set(*names: str, environ: Optional[Mapping[str, str]] = None) -> None:
    """Stop the process when any of `names` is unset, or weak."""
    env = os.environ if environ is None else environ
    missing = [name for name in names if not env.get(name, "").strip()]
    if missing:
        text = "Refusing to start: " + ", ".join(missing) + " not set (see deploy/systemd/wegwijzer.env.example)."
        print(text, file=sys.stderr, flush=True)
        raise WeakSecret(text)
    require_strong(*names, environ=env)
