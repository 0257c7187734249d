"""Contact routes as the actions use them, read from the directory database,
with the built-in routes (route.py) when it cannot be read."""
from __future__ import annotations

import logging

from wegwijzer.directory.lookup import get_directory
from wegwijzer.directory.route import EMERGENCY_KEYS, ContactRoute, fallback_routes

logger = logging.getLogger(__name__)

__all__ = ["ContactRoute", "emergency_routes", "fallback_routes", "national_routes"]


def national_routes(organisation_key: str) -> list[ContactRoute]:
    """The national routes of one organisation. Never fails: when the directory
    cannot be read it logs that and gives the built-in route, if there is one."""
    try:
        return get_directory().national_routes(organisation_key)
    except Exception:  # noqa: BLE001 - callers must keep working without the database
        logger.exception("Directory unreachable; built-in routes only for %s", organisation_key)
        return fallback_routes([organisation_key])


def emergency_routes() -> list[ContactRoute]:
    """112, Veilig Thuis, 113 and De Kindertelefoon; never fails."""
    try:
        directory = get_directory()
        routes = [r for key in EMERGENCY_KEYS for r in directory.national_routes(key)
                  if r.channel == "phone" and r.verified]
        if {r.organisation for r in routes} == set(EMERGENCY_KEYS):
            return routes
        logger.error("Directory lacks emergency routes; using the built-in fallback")
    except Exception:  # noqa: BLE001 - any directory fault must still give the routes
        logger.exception("Directory unreachable; using the built-in emergency routes")
    return fallback_routes()
