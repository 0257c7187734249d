"""What the action server calls: is an advisor available, put this person in
the queue, store a question. Blocking (requests); actions run it in a thread.

Two targets, chosen by configuration:
- the built-in desk service (default): HANDOFF_URL, token HANDOFF_API_TOKEN;
- an external live-chat system: HANDOFF_WEBHOOK_URL gets the same handoff
  request as JSON (see docs/handoff-webhook.md).
Both get retries with exponential backoff (urllib3's Retry) and a timeout;
any failure is reported as "not available", so the person gets the AKJ routes.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Optional

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from wegwijzer.handoff import crypto
from wegwijzer.handoff.availability import office_open
from wegwijzer.handoff.config import HandoffConfig, load_config
from wegwijzer.handoff.db import session_factory
from wegwijzer.handoff.models import LeftQuestion, new_id
from wegwijzer.handoff.privacy import redact

logger = logging.getLogger(__name__)

# Reasons why nobody can take the conversation (Availability.reason).
CLOSED, NOBODY, FAILED, BUSY = "buiten_kantoortijden", "niemand_aanwezig", "storing", "te_druk"


@dataclass(frozen=True)
class Availability:
    available: bool
    reason: str = ""
    wait_minutes: Optional[int] = None
    # Set when this conversation already waits in the queue or talks to an advisor.
    already: Optional[str] = None
    position: Optional[int] = None


@dataclass(frozen=True)
class HandoffResult:
    queued: bool
    reason: str = ""
    wait_minutes: Optional[int] = None
    position: Optional[int] = None
    handoff_id: Optional[str] = None


def http_session(config: HandoffConfig) -> requests.Session:
    """Retries connection errors, timeouts and 429/5xx with exponential backoff.
    POST is retried too: every request carries an id, so a receiver can drop repeats."""
    retry = Retry(
        total=config.retries, connect=config.retries, read=config.retries, status=config.retries,
        backoff_factor=0.25, status_forcelist=(429, 500, 502, 503, 504), allowed_methods=None,
        raise_on_status=False, respect_retry_after_header=False,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _desk_headers(config: HandoffConfig) -> dict[str, str]:
    return {"Authorization": f"Bearer {config.api_token}"}


def check_availability(conversation_id: str, config: Optional[HandoffConfig] = None) -> Availability:
    config = config or load_config()
    if not office_open(config.office_hours):
        return Availability(False, CLOSED)
    if config.uses_webhook:
        return Availability(True)  # the external system decides; failures fall back later
    try:
        with http_session(config) as session:
            response = session.get(f"{config.url}/api/availability", params={"conversation_id": conversation_id},
                                   headers=_desk_headers(config), timeout=config.timeout_seconds)
        response.raise_for_status()
        body = response.json()
    except (requests.RequestException, ValueError) as error:
        logger.warning("Handoff desk not reachable (%s): giving the AKJ routes", error)
        return Availability(False, FAILED)
    return Availability(bool(body.get("available")), body.get("reason", ""), body.get("wait_minutes"),
                        body.get("already"), body.get("position"))


def handoff_request(conversation_id: str, consent: str, summary: dict, transcript: list[dict]) -> dict[str, Any]:
    """The JSON body sent to the desk or the webhook (docs/handoff-webhook.md)."""
    return {
        "type": "handoff_request",
        "id": new_id(),
        "conversation_id": conversation_id,
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "consent": consent,
        "summary": summary,
        "transcript": transcript,
    }


def request_handoff(request: dict[str, Any], config: Optional[HandoffConfig] = None) -> HandoffResult:
    config = config or load_config()
    if config.uses_webhook:
        url, headers = config.webhook_url, ({"Authorization": f"Bearer {config.webhook_token}"} if config.webhook_token else {})
    else:
        url, headers = f"{config.url}/api/handoffs", _desk_headers(config)
    try:
        with http_session(config) as session:
            response = session.post(url, json=request, headers=headers, timeout=config.timeout_seconds)
    except requests.RequestException as error:
        logger.warning("Handoff request failed (%s): giving the AKJ routes", error)
        return HandoffResult(False, FAILED)
    if response.status_code == 409:  # the desk says: nobody can take it now
        body = _json(response)
        return HandoffResult(False, body.get("reason", NOBODY))
    if not response.ok:
        logger.warning("Handoff request refused with HTTP %s: giving the AKJ routes", response.status_code)
        return HandoffResult(False, FAILED)
    body = _json(response)
    return HandoffResult(True, "", body.get("wait_minutes"), body.get("position"), body.get("id", request["id"]))


def _json(response: requests.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def encrypt_contact(contact: str, config: Optional[HandoffConfig] = None) -> str:
    """Contact details are sealed for the desk as soon as they are understood (also in
    the slot), with the public key only: this process cannot read them back.
    Raises crypto.KeyProblem when no public key is configured or made yet."""
    return crypto.encrypt(config or load_config(), contact)


def is_genuine_contact(token: str, config: Optional[HandoffConfig] = None) -> bool:
    """True for a value in the sealed format (the channel drops any a client puts in metadata)."""
    return crypto.is_genuine(token)


def leave_question(question: str, contact_encrypted: Optional[str], config: Optional[HandoffConfig] = None) -> bool:
    """Stored straight in the desk database, so it works while the desk service is down.
    The question is redacted; a contact the person chose to give arrives encrypted."""
    config = config or load_config()
    try:
        with session_factory(config.database_url)() as session:
            row = LeftQuestion(question=redact(question)[:2000], contact_encrypted=contact_encrypted or None)
            session.add(row)
            session.commit()
    except Exception:  # noqa: BLE001 - the person must get an answer, not a crash
        logger.exception("Could not store a left question")
        return False
    if config.uses_webhook:
        _notify_webhook_of_question(config, question, bool(contact_encrypted))
    return True


def _notify_webhook_of_question(config: HandoffConfig, question: str, has_contact: bool) -> None:
    """The external system hears that a question waits in the desk database (no contact details sent)."""
    body = {"type": "question_left", "id": new_id(), "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "question": redact(question)[:2000], "has_contact": has_contact}
    headers = {"Authorization": f"Bearer {config.webhook_token}"} if config.webhook_token else {}
    try:
        with http_session(config) as session:
            session.post(config.webhook_url, json=body, headers=headers, timeout=config.timeout_seconds)
    except requests.RequestException as error:
        logger.warning("Webhook did not take the left question (%s); it stays in the desk database", error)
