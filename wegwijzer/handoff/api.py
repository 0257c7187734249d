"""The service's API for the action server (bearer token HANDOFF_API_TOKEN):
is an advisor available, and put a person in the queue. It takes the same
JSON as the webhook for an external live-chat system (see client.py)."""
from __future__ import annotations

import json
import logging
import time
from functools import wraps
from typing import Any

from sanic import Sanic, response
from sanic.request import Request
from sqlalchemy import select

from wegwijzer.handoff.models import ACTIVE, ASSISTANT, CONSENT_ALL, CONSENT_NONE, CONSENTS, PERSON, WAITING, Handoff, Message
from wegwijzer.handoff.privacy import redact
from wegwijzer.handoff.responses import error, json_body
from wegwijzer.handoff.state import MAX_MESSAGE, Desk
from wegwijzer.handoff.summary import SUMMARY_FIELDS, without_consent
from wegwijzer.secret_check import bearer_matches

logger = logging.getLogger(__name__)


def _clean_summary(raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        return {}
    return {key: redact(str(raw[key]))[:1000] for key in SUMMARY_FIELDS if isinstance(raw.get(key), (str, int, float)) and str(raw[key]).strip()}


def _clean_transcript(raw: Any) -> list[tuple[str, str, float]]:
    if not isinstance(raw, list):
        return []
    cleaned = []
    for item in raw[-100:]:
        if not isinstance(item, dict) or item.get("author") not in (PERSON, ASSISTANT) or not isinstance(item.get("text"), str):
            continue
        text = item["text"].strip()[:MAX_MESSAGE]
        stamp = item.get("timestamp") if isinstance(item.get("timestamp"), (int, float)) else 0.0
        if text:
            cleaned.append((item["author"], redact(text) if item["author"] == PERSON else text, float(stamp)))
    return cleaned


def register_api(app: Sanic, desk: Desk) -> None:
    config = desk.config

    def api_token_required(handler):
        @wraps(handler)
        async def wrapper(request: Request, *args, **kwargs):
            if not bearer_matches(request.headers.get("authorization"), config.api_token):
                return error("Geen geldig token.", 401)
            return await handler(request, *args, **kwargs)
        return wrapper

    @app.get("/health")
    async def health(request):
        return response.json({"status": "ok"})

    @app.get("/api/availability")
    @api_token_required
    async def api_availability(request):
        return response.json(desk.availability(request.args.get("conversation_id")))

    @app.post("/api/handoffs")
    @api_token_required
    async def api_request_handoff(request):
        body = json_body(request)
        conversation_id = body.get("conversation_id")
        if not isinstance(conversation_id, str) or not 0 < len(conversation_id) <= 255:
            return error("conversation_id ontbreekt.", 400)
        consent = body.get("consent") if body.get("consent") in CONSENTS else CONSENT_NONE
        state = desk.availability(conversation_id)
        if state.get("already"):
            with desk.sessions() as session:
                existing = session.execute(select(Handoff).where(
                    Handoff.conversation_id == conversation_id, Handoff.status.in_((WAITING, ACTIVE)))).scalars().first()
                return response.json({"id": existing.id, "position": state["position"], "status": existing.status})
        if not state["available"]:
            return response.json({"reason": state["reason"]}, status=409)
        summary = _clean_summary(body.get("summary"))
        if consent == CONSENT_NONE:  # only the language to write in, which is no personal data
            summary = without_consent(summary)
        transcript = _clean_transcript(body.get("transcript")) if consent == CONSENT_ALL else []
        with desk.sessions() as session:
            handoff = Handoff(conversation_id=conversation_id, consent=consent,
                              summary_json=json.dumps(summary, ensure_ascii=False),
                              event_cursor=max([stamp for _, _, stamp in transcript], default=0.0) or time.time())
            handoff.messages = [Message(author=author, text=text, from_transcript=True) for author, text, _ in transcript]
            session.add(handoff)
            session.commit()
            position = desk._position(session, handoff)
            handoff_id = handoff.id
        logger.info("handoff %s queued at position %s (consent %s)", handoff_id, position, consent)
        await desk.queue_changed()
        return response.json({"id": handoff_id, "position": position, "wait_minutes": state["wait_minutes"]}, status=201)
