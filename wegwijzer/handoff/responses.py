"""Small HTTP helpers shared by the service's routes."""
from __future__ import annotations

import ipaddress
from typing import Any, Iterable, Optional
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


def client_address(request: Request) -> str:
    """The address the request came from: the socket's peer, or, only when the peer is
    this machine (nginx in front), the last X-Forwarded-For entry (the address nginx
    saw), else X-Real-IP. A forwarded value that is no address is returned as is, so it
    matches no allow-list."""
    peer = parse_address(request.ip)
    if peer is None or not peer.is_loopback:
        return str(peer) if peer is not None else str(request.ip)
    forwarded = request.headers.get("x-forwarded-for", "").split(",")[-1].strip()
    claimed = forwarded or request.headers.get("x-real-ip", "").strip()
    if not claimed:
        return str(peer)
    address = parse_address(claimed)
    return str(address) if address is not None else claimed


def parse_address(text: Any) -> Optional[ipaddress._BaseAddress]:
    """An IP address ("[::1]" too), IPv4-mapped ones as IPv4; None for anything else."""
    try:
        address = ipaddress.ip_address(str(text).strip().strip("[]"))
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)  # "::ffff:192.0.2.1" is 192.0.2.1
    return mapped or address


def allowed_networks(entries: Iterable[str]) -> list:
    """HANDOFF_ALLOWED_IPS parsed; ValueError names a wrong entry."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"HANDOFF_ALLOWED_IPS: {entry!r} is no address or network (CIDR)") from None
    return networks


def address_allowed(address: str, networks: list) -> bool:
    parsed = parse_address(address)
    return parsed is not None and any(parsed in network for network in networks if network.version == parsed.version)


def json_body(request: Request) -> dict[str, Any]:
    """The JSON object sent, or {} (malformed JSON is a 400 from the handler, not a crash)."""
    try:
        body = request.json
    except Exception:  # noqa: BLE001
        return {}
    return body if isinstance(body, dict) else {}
