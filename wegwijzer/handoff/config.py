"""Handoff settings, read from the environment and `.env` (see .env.example).

Every value has a default, so the built-in desk works without configuration.
Read at call time (not import time) so that each process and each test can
run with its own environment.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from wegwijzer import settings  # loads .env


def _get(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


@dataclass(frozen=True)
class HandoffConfig:
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
    bind: str = "127.0.0.1"
    allowed_ips: tuple = ()

    @property
    def uses_webhook(self) -> bool:
        return bool(self.webhook_url)


def load_config() -> HandoffConfig:
    data_dir = Path(_get("DATA_DIR", str(settings.ROOT / "var")))
    port = int(_get("HANDOFF_PORT", "8090"))
    rasa_token = os.environ.get("RASA_AUTH_TOKEN", "").strip()
    return HandoffConfig(
        port=port,
        url=_get("HANDOFF_URL", f"http://localhost:{port}").rstrip("/"),
        api_token=os.environ.get("HANDOFF_API_TOKEN", "").strip(),
        database_url=_get("HANDOFF_DATABASE_URL", f"sqlite:///{data_dir / 'handoff.db'}"),
        data_dir=data_dir,
        public_key=os.environ.get("HANDOFF_PUBLIC_KEY", "").strip(),
        rasa_url=_get("RASA_URL", f"http://localhost:{_get('RASA_PORT', '5005')}").rstrip("/"),
        rasa_token=rasa_token,
        output_channel=_get("HANDOFF_OUTPUT_CHANNEL", "latest"),
        office_hours=os.environ.get("HANDOFF_OFFICE_HOURS", "ma-vr 09:00-17:00").strip(),
        max_wait_minutes=float(_get("HANDOFF_MAX_WAIT_MINUTES", "10")),
        chats_per_advisor=int(_get("HANDOFF_CHATS_PER_ADVISOR", "2")),
        avg_chat_minutes=float(_get("HANDOFF_AVG_CHAT_MINUTES", "10")),
        poll_seconds=float(_get("HANDOFF_POLL_SECONDS", "0.5")),
        timeout_seconds=float(_get("HANDOFF_TIMEOUT_SECONDS", "3")),
        retries=int(_get("HANDOFF_RETRIES", "2")),
        webhook_url=os.environ.get("HANDOFF_WEBHOOK_URL", "").strip(),
        webhook_token=os.environ.get("HANDOFF_WEBHOOK_TOKEN", "").strip(),
        session_hours=float(_get("HANDOFF_SESSION_HOURS", "8")),
        cookie_secure=_get("HANDOFF_COOKIE_SECURE", "false").lower() in ("1", "true", "yes", "ja"),
        retention_days=int(_get("HANDOFF_RETENTION_DAYS", _get("RETENTION_DAYS", "30"))),
        bind=_get("HANDOFF_BIND", "127.0.0.1"),
        allowed_ips=tuple(os.environ.get("HANDOFF_ALLOWED_IPS", "").replace(",", " ").split()),
    )
