"""Configuration from the environment and `.env` (python-dotenv): one `Settings` object.

Every setting has an embedded default, written once below, so a fresh clone runs
without any configuration. `.env.example` documents each variable.

    from wegwijzer import settings
    config = settings.load()          # read now: each process and test its own environment
    config.data_dir, config.handoff.port

`settings.DATA_DIR` (any field in capitals) still works: it is the field of the
settings read once when this module was first imported, as before.

Secrets (tokens, keys) are read where they are used and checked by
wegwijzer/secret_check.py; only the desk's group carries the ones the desk and its
client need (as HandoffConfig did).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional

from dotenv import load_dotenv

ROOT = Path(__file__).resolve().parents[1]
# Real environment variables win over .env (override=False).
load_dotenv(ROOT / ".env", override=False)
# Empty means: the launcher makes a random token for this run. The same holds for
# ACTION_SERVER_TOKEN (Rasa -> action server) and HANDOFF_API_TOKEN (actions -> desk);
# a configured secret must be at least 32 random characters (wegwijzer/secret_check.py).
RASA_AUTH_TOKEN = os.environ.get("RASA_AUTH_TOKEN", "").strip()


@dataclass(frozen=True)
class HandoffConfig:
    """The handoff service and advisor desk (wegwijzer.handoff)."""
    port: int
    # Where the action server reaches the desk service's API.
    url: str
    # Shared secret between the action server and the desk service; its own token,
    # never Rasa's (empty: the desk's API refuses every call).
    api_token: str
    database_url: str
    data_dir: Path
    # Contact details people choose to leave are sealed with this public key (base64; empty:
    # the key file in data_dir, made by the desk at its first start). The private key is
    # not part of this configuration: only the desk reads it (crypto.desk_private_key).
    public_key: str
    rasa_url: str
    rasa_token: str
    # "latest" sends advisor messages back over the channel the person last wrote on (socket.io).
    output_channel: str
    # Directory notation, Europe/Amsterdam time: "ma-vr 09:00-17:00", "24/7"; empty: never.
    office_hours: str
    max_wait_minutes: float
    chats_per_advisor: int
    avg_chat_minutes: float
    poll_seconds: float
    timeout_seconds: float
    retries: int
    webhook_url: str
    webhook_token: str
    session_hours: float
    # Send the desk cookie only over HTTPS, as "__Host-...", with HSTS (set true in production).
    cookie_secure: bool
    retention_days: int
    # Where the desk listens (loopback: nginx publishes it), and who may use the desk pages:
    # addresses and networks (CIDR); empty: everyone who reaches it.
    bind: str
    allowed_ips: tuple[str, ...]

    @property
    def uses_webhook(self) -> bool:
        return bool(self.webhook_url)


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    rasa_port: int
    action_port: int
    web_port: int
    action_server_url: str
    # Where the action server listens (default loopback: only Rasa calls it).
    action_bind: str
    # Where `make run`'s web entry points listen: the web pages and Rasa (the widget's
    # socket.io). Everything else (action server, desk) listens on 127.0.0.1 only.
    public_bind: str
    # The Rasa instances' own address (the desk calls its HTTP API), and the public
    # address the browser uses behind nginx (empty: rasa_url).
    rasa_url: str
    assistant_url: str
    # Contact directory (wegwijzer.directory): SQLite file by default, or postgresql://...
    database_url: str
    tracker_store_url: str
    redis_url: str
    cors_origins: tuple[str, ...]
    log_level: str
    # Privacy and hostile input (wegwijzer/privacy, wegwijzer/channels.py).
    # Conversations are deleted this many days after their last message.
    retention_days: int
    # How often the retention job runs (started by the launcher).
    retention_check_minutes: float
    # Longer messages get a friendly "please write it shorter" and are not processed.
    max_message_chars: int
    # At most this many messages per conversation per rate_limit_seconds, and per
    # client address (all its conversations together).
    rate_limit_messages: int
    rate_limit_seconds: float
    rate_limit_ip_messages: int
    handoff: HandoffConfig

    @property
    def handoff_port(self) -> int:
        return self.handoff.port


def load(environ: Optional[Mapping[str, str]] = None) -> Settings:
    """The settings in `environ` (default: the process environment, with `.env`
    loaded underneath when this module was imported), read now."""
    env = os.environ if environ is None else environ

    def raw(name: str, default: str = "") -> str:
        return env.get(name, default).strip()

    def get(name: str, default: str) -> str:
        return raw(name) or default

    data_dir = Path(get("DATA_DIR", str(ROOT / "var")))
    rasa_port = int(get("RASA_PORT", "5005"))
    action_port = int(get("ACTION_PORT", "5055"))
    web_port = int(get("WEB_PORT", "8080"))
    rasa_url = get("RASA_URL", f"http://localhost:{rasa_port}").rstrip("/")
    retention_days = int(get("RETENTION_DAYS", "30"))
    handoff_port = int(get("HANDOFF_PORT", "8090"))
    handoff = HandoffConfig(
        port=handoff_port,
        url=get("HANDOFF_URL", f"http://localhost:{handoff_port}").rstrip("/"),
        api_token=raw("HANDOFF_API_TOKEN"),
        database_url=get("HANDOFF_DATABASE_URL", f"sqlite:///{data_dir / 'handoff.db'}"),
        data_dir=data_dir,
        public_key=raw("HANDOFF_PUBLIC_KEY"),
        rasa_url=rasa_url,
        rasa_token=raw("RASA_AUTH_TOKEN"),
        output_channel=get("HANDOFF_OUTPUT_CHANNEL", "latest"),
        # Set but empty means "never" here, so no fallback to the default.
        office_hours=raw("HANDOFF_OFFICE_HOURS", "ma-vr 09:00-17:00"),
        max_wait_minutes=float(get("HANDOFF_MAX_WAIT_MINUTES", "10")),
        chats_per_advisor=int(get("HANDOFF_CHATS_PER_ADVISOR", "2")),
        avg_chat_minutes=float(get("HANDOFF_AVG_CHAT_MINUTES", "10")),
        poll_seconds=float(get("HANDOFF_POLL_SECONDS", "0.5")),
        timeout_seconds=float(get("HANDOFF_TIMEOUT_SECONDS", "3")),
        retries=int(get("HANDOFF_RETRIES", "2")),
        webhook_url=raw("HANDOFF_WEBHOOK_URL"),
        webhook_token=raw("HANDOFF_WEBHOOK_TOKEN"),
        session_hours=float(get("HANDOFF_SESSION_HOURS", "8")),
        cookie_secure=get("HANDOFF_COOKIE_SECURE", "false").lower() in ("1", "true", "yes", "ja"),
        retention_days=int(get("HANDOFF_RETENTION_DAYS", str(retention_days))),
        bind=get("HANDOFF_BIND", "127.0.0.1"),
        allowed_ips=tuple(raw("HANDOFF_ALLOWED_IPS").replace(",", " ").split()),
    )
    return Settings(
        data_dir=data_dir,
        rasa_port=rasa_port,
        action_port=action_port,
        web_port=web_port,
        action_server_url=get("ACTION_SERVER_URL", f"http://localhost:{action_port}/webhook"),
        action_bind=get("ACTION_BIND", "127.0.0.1"),
        public_bind=get("PUBLIC_BIND", "0.0.0.0"),
        rasa_url=rasa_url,
        assistant_url=raw("ASSISTANT_URL").rstrip("/"),
        database_url=get("DATABASE_URL", f"sqlite:///{data_dir / 'directory.db'}"),
        tracker_store_url=get("TRACKER_STORE_URL", f"sqlite:///{data_dir / 'tracker.db'}"),
        redis_url=raw("REDIS_URL"),
        cors_origins=tuple(get("CORS_ORIGINS", f"http://localhost:{web_port}").split()),
        log_level=get("LOG_LEVEL", "INFO"),
        retention_days=retention_days,
        retention_check_minutes=float(get("RETENTION_CHECK_MINUTES", "60")),
        max_message_chars=int(get("MAX_MESSAGE_CHARS", "2000")),
        rate_limit_messages=int(get("RATE_LIMIT_MESSAGES", "30")),
        rate_limit_seconds=float(get("RATE_LIMIT_SECONDS", "60")),
        rate_limit_ip_messages=int(get("RATE_LIMIT_IP_MESSAGES", "300")),
        handoff=handoff,
    )


# Read once at import: what `settings.NAME` returns (unchanged behaviour for the
# modules that use the constants; a process that changes its environment later,
# or a test, calls load()).
_AT_IMPORT = load()


def __getattr__(name: str) -> Any:
    """`settings.DATA_DIR` etc.: the field `data_dir` of the settings read at import."""
    if name.isupper() and hasattr(_AT_IMPORT, name.lower()):
        return getattr(_AT_IMPORT, name.lower())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *(name.upper() for name in dir(_AT_IMPORT) if not name.startswith("_"))])
