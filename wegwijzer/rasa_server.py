"""Rasa's server (`rasa run`) with its HTTP API token from the environment.

    python -m wegwijzer.rasa_server --model models --enable-api --interface 127.0.0.1 --port 5005 ...
        (every option of `rasa run` except --auth-token)

`rasa run --auth-token TOKEN` shows the token to everyone who can list
processes (`ps -eo args`). This runner takes it from RASA_AUTH_TOKEN and
hands it to Rasa inside the process, so no command line holds it; everything
else is `rasa run` as it is (same options, logging and defaults).

At start it refuses weak secrets (wegwijzer.secret_check); in the production
profile (WEGWIJZER_PROFILE=production) also missing ones. With --enable-api
and no RASA_AUTH_TOKEN it refuses to start: the HTTP API would be open.
"""
from __future__ import annotations

import os
import sys
from typing import Optional

from wegwijzer import rasa_version, secret_check

# Rasa's own token, the action server's (sent by Rasa, endpoints.yml), the key that signs
# conversation ids; REST_TOKEN is optional (without it the production profile's REST channel is off).
REQUIRED = ("RASA_AUTH_TOKEN", "ACTION_SERVER_TOKEN")
REQUIRED_IN_PRODUCTION = ("CONVERSATION_ID_SECRET", "TRACKER_STORE_URL", "HANDOFF_PUBLIC_KEY")
OPTIONAL = ("CONVERSATION_ID_SECRET", "REST_TOKEN", "TRACKER_STORE_URL", "REDIS_URL", "DATABASE_URL")


def rasa_argv(argv: list[str], token: str) -> list[str]:
    """sys.argv for Rasa's CLI: `rasa run` with the token (as one word: a token may start with '-')."""
    return ["rasa", "run", *([f"--auth-token={token}"] if token else []), *argv]


def main(argv: Optional[list[str]] = None) -> int:
    rasa_version.exit_unless_pinned()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["run"]:
        argv = argv[1:]
    if any(arg == "--auth-token" or arg.startswith("--auth-token=") for arg in argv):
        print("Refusing to start: give the token in RASA_AUTH_TOKEN, not on the command line "
              "(`ps` shows command lines to everyone).", file=sys.stderr, flush=True)
        return 2
    required = REQUIRED + (REQUIRED_IN_PRODUCTION if secret_check.production_profile() else ())
    secret_check.require(*required, optional=OPTIONAL)
    if not os.environ.get("ACTION_SERVER_TOKEN", "").strip():
        print("Refusing to start: ACTION_SERVER_TOKEN is not set (endpoints.yml sends it to the action server, "
              "which refuses calls without it).", file=sys.stderr, flush=True)
        return 2
    token = os.environ.get("RASA_AUTH_TOKEN", "").strip()
    if "--enable-api" in argv and not token:
        print("Refusing to start: --enable-api without RASA_AUTH_TOKEN would open Rasa's HTTP API to anyone.",
              file=sys.stderr, flush=True)
        return 2
    # Only this process's memory holds the token: /proc/<pid>/cmdline keeps the exec'd arguments.
    sys.argv = rasa_argv(argv, token)
    from rasa.__main__ import main as rasa_main

    rasa_main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
