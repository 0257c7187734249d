"""Fail closed on weak secrets: a process that is given a placeholder or a
short secret stops at start, with a message naming the variable.

A leaf module (standard library only), so every entry point can call it
before it opens a port:

    from wegwijzer.secret_check import require_strong
    require_strong("RASA_AUTH_TOKEN", "HANDOFF_API_TOKEN")

An unset variable is not checked by require_strong: each process decides what
an unset secret means (the launcher makes a random one per run; the production
profile refuses to start without it: `require` does both, by WEGWIJZER_PROFILE).
A name ending in _URL is a database or Redis address: its password, if it has
one, is checked like a secret (postgresql://wegwijzer:change-me@... fails).

From a shell (scripts/production.sh, systemd's ExecStartPre):

    python -m wegwijzer.secret_check --set RASA_AUTH_TOKEN ACTION_SERVER_TOKEN --strong REST_TOKEN
"""
from __future__ import annotations

import argparse
import hmac
import os
import sys
from typing import Iterable, Mapping, Optional
from urllib.parse import urlsplit

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


def bearer_matches(header: Optional[str], token: str) -> bool:
    """True when an Authorization header is `Bearer <token>` (constant-time comparison);
    never for an empty token."""
    scheme, _, supplied = (header or "").strip().partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(supplied.strip().encode(), token.encode())


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


def url_password(value: str) -> Optional[str]:
    """The password in a database or Redis URL, or None when it has none."""
    try:
        return urlsplit(value).password
    except ValueError:
        return None


def weak_secrets(names: Iterable[str], environ: Optional[Mapping[str, str]] = None) -> list[str]:
    """One message per configured (non-empty) secret among `names` that is weak.
    For a name ending in _URL, the URL's password (if any) is the secret."""
    env = os.environ if environ is None else environ
    found = []
    for name in names:
        value = env.get(name, "").strip()
        if value and name.endswith("_URL"):
            password = url_password(value)
            if password is not None and (message := problem(f"the password in {name}", password)):
                found.append(message)
        elif value and (message := problem(name, value)):
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


def production_profile(environ: Optional[Mapping[str, str]] = None) -> bool:
    """True for the production profile (scripts/production.sh, the systemd env file)."""
    env = os.environ if environ is None else environ
    return env.get("WEGWIJZER_PROFILE", "").strip().lower() == "production"


def require(*required: str, optional: Iterable[str] = (), environ: Optional[Mapping[str, str]] = None) -> None:
    """What an entry point calls at start. In the production profile every name in
    `required` must be set; in every profile each configured secret must be strong."""
    env = os.environ if environ is None else environ
    if production_profile(env):
        require_set(*required, environ=env)
    require_strong(*required, *optional, environ=env)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Stop (exit 2) when a secret is missing or weak.")
    parser.add_argument("--set", nargs="*", default=[], metavar="NAME", help="must be set, and strong")
    parser.add_argument("--strong", nargs="*", default=[], metavar="NAME", help="strong when set")
    args = parser.parse_args(argv)
    try:
        require_set(*args.set)
        require_strong(*args.strong)
    except WeakSecret:
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
