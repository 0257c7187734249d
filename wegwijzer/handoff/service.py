"""The handoff service (Sanic): the queue API for the action server and the
advisor desk (login, queue, transcript, live chat, hand back).

    /api/...        for the action server, bearer token HANDOFF_API_TOKEN (api.py)
    /desk/...       the advisor desk, login required (desk_views.py)
    /desk/ws        websocket: the desk page hears about the queue and new
                    messages at once; an open desk page is the advisor's presence

It listens on HANDOFF_BIND (default 127.0.0.1: nginx publishes it with TLS).
HANDOFF_ALLOWED_IPS limits the desk pages to some addresses or networks (the
client address: responses.client_address); the API has its own token.

One process: presence and websockets live in memory (state.py); the handoff
state itself is in the database.
"""
from __future__ import annotations

import asyncio
import logging

from sanic import Sanic
from sanic.exceptions import SanicException

from wegwijzer.handoff.api import register_api
from wegwijzer.handoff.config import HandoffConfig
from wegwijzer.handoff.desk_views import register_desk
from wegwijzer.handoff.insight_views import register_insight
from wegwijzer.handoff.responses import address_allowed, allowed_networks, client_address, error
from wegwijzer.handoff.review_views import register_review
from wegwijzer.handoff.state import Desk

logger = logging.getLogger(__name__)


def create_app(config: HandoffConfig, name: str = "wegwijzer_handoff") -> Sanic:
    app = Sanic(name, configure_logging=False)
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.config.REQUEST_MAX_SIZE = 256 * 1024
    app.config.WEBSOCKET_PING_INTERVAL = 20
    app.config.GRACEFUL_SHUTDOWN_TIMEOUT = 3  # open desk pages must not hold up a restart
    networks = allowed_networks(config.allowed_ips)
    desk = Desk(config)
    app.ctx.desk = desk
    tasks: list[asyncio.Task] = []

    @app.after_server_start
    async def start_background(app_, _loop):
        tasks.append(asyncio.create_task(desk.poll_active()))
        tasks.append(asyncio.create_task(desk.sweep_waiting()))
        logger.info("Handoff desk ready on port %s (office hours %r, Rasa %s)", config.port, config.office_hours, config.rasa_url)

    @app.before_server_stop
    async def stop_background(app_, _loop):
        for task in tasks:
            task.cancel()
        await desk.rasa.close()

    @app.middleware("request")
    async def allow_list(request):
        # The action server's API (token) and the health check are not desk pages.
        if networks and not request.path.startswith("/api/") and request.path != "/health":
            if not address_allowed(client_address(request), networks):
                logger.info("desk refused a request from an address outside HANDOFF_ALLOWED_IPS")
                return error("Deze pagina is vanaf dit adres niet bereikbaar.", 403)

    @app.middleware("response")
    async def security_headers(request, resp):
        resp.headers["X-Content-Type-Options"] = "nosniff"
        # "same-origin", not "no-referrer": with the latter a browser sends "Origin: null"
        # on form posts, and the origin check would refuse the login.
        resp.headers["Referrer-Policy"] = "same-origin"
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
        if request.path.startswith(("/desk", "/api")):
            resp.headers["Cache-Control"] = "no-store"
        if config.cookie_secure:  # served over HTTPS (nginx): browsers never try plain HTTP again
            resp.headers["Strict-Transport-Security"] = "max-age=31536000"

    @app.exception(SanicException)
    async def known_error(request, exception):
        status = getattr(exception, "status_code", 500) or 500
        text = "Dat verzoek is niet geldig." if status < 500 else "Er ging iets mis."
        if status == 404:
            text = "Niet gevonden."
        return error(text, status)

    @app.exception(Exception)
    async def unknown_error(request, exception):
        logger.exception("Unhandled error on %s", request.path)
        return error("Er ging iets mis. Probeer het opnieuw.", 500)

    register_api(app, desk)
    register_desk(app, desk)
    register_insight(app, desk)
    register_review(app, desk)
    return app


def serve(config: HandoffConfig, host: str | None = None) -> None:
    app = create_app(config)
    app.run(host=host or config.bind, port=config.port, access_log=False, motd=False, workers=1)
