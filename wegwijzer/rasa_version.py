"""The one Rasa version this project runs on.

wegwijzer/rasa_overrides/ replaces private methods of Rasa
(RemoteAction._validate_action_result, Event.resolve_by_type,
SQLTrackerStore._retrieve, ...; its docstring lists them all), copied from Rasa
3.6.21 and compared with it in tests/test_rasa_overrides.py. On another version
they could silently do the wrong thing, so its install() and every entry point
refuse to start instead.

A leaf module (standard library only).
"""
from __future__ import annotations

import sys
from importlib import metadata
from typing import Optional

PINNED = "3.6.21"  # = requirements.txt (tests/test_rasa_version.py checks that they agree)


class WrongRasaVersion(RuntimeError):
    """Rasa is not the pinned version; the message says which is needed."""


def require_pinned(installed: Optional[str] = None) -> None:
    """Raise WrongRasaVersion unless Rasa `installed` (default: the installed one) is PINNED."""
    installed = installed or metadata.version("rasa")
    if installed != PINNED:
        raise WrongRasaVersion(
            f"Rasa {installed} is installed, but Wegwijzer needs Rasa {PINNED}: its changes to Rasa's "
            f"internals (wegwijzer/rasa_overrides/) are written for that version. "
            f"Install rasa=={PINNED} (`make setup` does).")


def exit_unless_pinned() -> None:
    """For entry points: a clear message and exit code 2 on another Rasa version."""
    try:
        require_pinned()
    except WrongRasaVersion as problem:
        print(f"Refusing to start: {problem}", file=sys.stderr, flush=True)
        raise SystemExit(2) from None
