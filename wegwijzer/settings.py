"""Configuration from the environment and `.env` (python-dotenv).

Every setting has an embedded default, so a fresh clone runs without any
configuration. `.env.example` documents each variable.
"""
from __future__ import annotations

import os
from pathlib import Path

from dotenv import load_dotenv

ROOT = Path(__file__).resolve().parents[1]
# Real environment variables win over .env (override=False).
load_dotenv(ROOT / ".env", override=False)


def _get(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


DATA_DIR = Path(_get("DATA_DIR", str(ROOT / "var")))
RASA_PORT = int(_get("RASA_PORT", "5005"))
ACTION_PORT = int(_get("ACTION_PORT", "5055"))
WEB_PORT = int(_get("WEB_PORT", "8080"))
# Handoff service and advisor desk (wegwijzer.handoff; its other settings: handoff/config.py).
HANDOFF_PORT = int(_get("HANDOFF_PORT", "8090"))
ACTION_SERVER_URL = _get("ACTION_SERVER_URL", f"http://localhost:{ACTION_PORT}/webhook")
# Empty means: the launcher makes a random token for this run. The same holds for
# ACTION_SERVER_TOKEN (Rasa -> action server) and HANDOFF_API_TOKEN (actions -> desk);
# a configured secret must be at least 32 random characters (wegwijzer/secret_check.py).
RASA_AUTH_TOKEN = os.environ.get("RASA_AUTH_TOKEN", "").strip()
# Where `make run`'s web entry points listen: the web pages and Rasa (the widget's
# socket.io). Everything else (action server, desk) listens on 127.0.0.1 only.
PUBLIC_BIND = _get("PUBLIC_BIND", "0.0.0.0")
# Contact directory (wegwijzer.directory): SQLite file by default, or postgresql://...
DATABASE_URL = _get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'directory.db'}")
TRACKER_STORE_URL = _get("TRACKER_STORE_URL", f"sqlite:///{DATA_DIR / 'tracker.db'}")
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CORS_ORIGINS = _get("CORS_ORIGINS", f"http://localhost:{WEB_PORT}").split()
LOG_LEVEL = _get("LOG_LEVEL", "INFO")

# Privacy and hostile input (wegwijzer/privacy, wegwijzer/channels.py).
# Conversations are deleted this many days after their last message.
RETENTION_DAYS = int(_get("RETENTION_DAYS", "30"))
# How often the retention job runs (started by the launcher).
RETENTION_CHECK_MINUTES = float(_get("RETENTION_CHECK_MINUTES", "60"))
# Longer messages get a friendly "please write it shorter" and are not processed.
MAX_MESSAGE_CHARS = int(_get("MAX_MESSAGE_CHARS", "2000"))
# At most this many messages per conversation per RATE_LIMIT_SECONDS.
RATE_LIMIT_MESSAGES = int(_get("RATE_LIMIT_MESSAGES", "30"))
RATE_LIMIT_SECONDS = float(_get("RATE_LIMIT_SECONDS", "60"))
