"""Small HTTP helpers shared by the service's routes."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from sanic import response
from sanic.request import Request


def error(text: str, status: int) -> response.HTTPResponse:
    """Every refusal is JSON with a Dutch sentence a person can act on."""
    return response.json({"error": text}, status=status)


def same_origin(request: Request) -> bool:
    """Browsers send Origin on cross-site requests; refuse those (CSRF, websocket hijacking)."""
    origin = request.headers.get("origin")
    return not origin or urlparse(origin).netloc == request.host


def json_body(request: Request) -> dict[str, Any]:
    """The JSON object sent, or {} (malformed JSON is a 400 from the handler, not a crash)."""
    try:
        body = request.json
    except Exception:  # noqa: BLE001
        return {}
    return body if isinstance(body, dict) else {}
