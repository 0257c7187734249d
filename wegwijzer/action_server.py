"""The action server (rasa-sdk) with a bind address and a bearer token.

    python -m wegwijzer.action_server [--host 127.0.0.1] [--port 5055] [--actions actions]
        (and every other option of `python -m rasa_sdk`)

rasa-sdk 3.6 listens on 0.0.0.0 and lets anyone call its actions: a forged
tracker POSTed to /webhook would queue handoffs or store left questions with
this server's own desk token. This runner starts the same app
(rasa_sdk.endpoint.create_app) with two differences:

- it listens on --host, 127.0.0.1 by default (Rasa and nginx are on this machine);
- with ACTION_SERVER_TOKEN set (the launcher makes one per run, the production
  profile requires it), every request but /health needs
  `Authorization: Bearer $ACTION_SERVER_TOKEN` and gets 401 without it. Rasa
  sends that header (endpoints.yml, action_endpoint.headers).

At start it refuses weak secrets (wegwijzer.secret_check); in the production
profile also missing ones.
"""
from __future__ import annotations

import logging
import os
import sys
from typing import Optional

from wegwijzer import secret_check

logger = logging.getLogger(__name__)

# Secrets this process uses: its own token, and the desk's (the handoff actions call the desk).
REQUIRED = ("ACTION_SERVER_TOKEN", "HANDOFF_API_TOKEN")
# In production the desk's public key is configured, not read from a key file the desk made.
REQUIRED_IN_PRODUCTION = ("HANDOFF_PUBLIC_KEY",)
OPTIONAL = ("HANDOFF_WEBHOOK_TOKEN", "HANDOFF_DATABASE_URL", "DATABASE_URL")
OPEN_PATHS = frozenset({"/health"})


def protect(app, token: str) -> None:
    """Answer 401 to every request without the token, before any action runs."""
    from sanic import response

    @app.middleware("request")
    async def require_token(request):
        if request.path in OPEN_PATHS or secret_check.bearer_matches(request.headers.get("Authorization"), token):
            return None
        return response.json({"error": "missing or wrong bearer token"}, status=401,
                             headers={"WWW-Authenticate": "Bearer"})


def create_app(actions: str, token: str, cors_origins=None):
    """rasa-sdk's app, with the token check when `token` is not empty."""
    from rasa_sdk.endpoint import create_app as sdk_app
    from rasa_sdk.plugin import plugin_manager

    # No CORS: only Rasa calls this server, never a browser.
    app = sdk_app(actions, cors_origins=cors_origins or "")
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    if token:
        protect(app, token)
    return app


def main(argv: Optional[list[str]] = None) -> int:
    secret_check.require(*REQUIRED, *(REQUIRED_IN_PRODUCTION if secret_check.production_profile() else ()),
                         optional=OPTIONAL)
    # The token from the process environment only (.env is loaded by the settings import below).
    token = os.environ.get("ACTION_SERVER_TOKEN", "").strip()
    from wegwijzer import settings
    from rasa_sdk import utils
    from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
    from rasa_sdk.endpoint import create_argument_parser, create_ssl_context

    parser = create_argument_parser()
    config = settings.load()
    parser.add_argument("--host", default=config.action_bind,
                        help="address to listen on (default: ACTION_BIND, or 127.0.0.1)")
    parser.set_defaults(actions="actions", port=config.action_port)
    args = parser.parse_args(argv)

    logging.getLogger("matplotlib").setLevel(logging.WARN)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(logging.getLogger(APPLICATION_ROOT_LOGGER_NAME), args.log_file,
                                 args.loglevel, args.logging_config_file)
    utils.update_sanic_log_level()

    if not token:
        print("WARNING: ACTION_SERVER_TOKEN is not set: anyone who reaches "
              f"{args.host}:{args.port} can run the actions.", file=sys.stderr, flush=True)
    app = create_app(args.actions, token, cors_origins=args.cors)
    ssl_context = create_ssl_context(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    logger.info("Action server on %s://%s:%s (%s)", "https" if ssl_context else "http", args.host, args.port,
                "token required" if token else "no token")
    app.run(args.host, args.port, ssl=ssl_context, workers=utils.number_of_sanic_workers())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
