"""Contact routes as the actions use them, read from the directory database,
with a built-in fallback for the emergency routes when it cannot be read."""
from __future__ import annotations

import logging
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ContactRoute:
    organisation: str  # key, e.g. "veilig_thuis"
    organisation_name: str  # the route's own name if it has one, else the organisation's
    channel: str  # phone | chat | email | website
    value: str
    opening_hours: str = ""
    for_whom: str = ""
    what_to_say: str = ""
    cost: str = ""
    source: str = ""
    verified_on: str = ""  # ISO date; empty = unverified
    municipality: str = ""  # empty for a national route

    @property
    def verified(self) -> bool:
        return bool(self.verified_on)


# Used only when the directory cannot be read. Same facts as the national rows
# of directory/routes.csv (source: shared/domain/contacts.md).
_BUILT_IN = "built-in fallback (shared/domain/contacts.md)"
_EMERGENCY_FALLBACK = (
    ContactRoute("alarm_112", "Alarmnummer 112", "phone", "112", "24/7", source=_BUILT_IN, verified_on="built-in"),
    ContactRoute("veilig_thuis", "Veilig Thuis", "phone", "0800-2000", "24/7", source=_BUILT_IN, verified_on="built-in"),
    ContactRoute("zelfmoordpreventie_113", "113 Zelfmoordpreventie", "phone", "0800-0113", "24/7", source=_BUILT_IN,
                 verified_on="built-in"),
    ContactRoute("kindertelefoon", "De Kindertelefoon", "phone", "0800-0432", "ma-zo 11:00-21:00", source=_BUILT_IN,
                 verified_on="built-in"),
)
EMERGENCY_KEYS = [route.organisation for route in _EMERGENCY_FALLBACK]


def fallback_routes(keys: list[str] | None = None) -> list[ContactRoute]:
    """The built-in routes (all, or those of `keys`), for when the directory is unreachable."""
    return [r for r in _EMERGENCY_FALLBACK if keys is None or r.organisation in keys]


def national_routes(organisation_key: str) -> list[ContactRoute]:
    """The national routes of one organisation. Never fails: when the directory
    cannot be read it logs that and gives the built-in route, if there is one."""
    from wegwijzer.directory.lookup import get_directory

    try:
        return get_directory().national_routes(organisation_key)
    except Exception:  # noqa: BLE001 - callers must keep working without the database
        logger.exception("Directory unreachable; built-in routes only for %s", organisation_key)
        return fallback_routes([organisation_key])


def emergency_routes() -> list[ContactRoute]:
    """112, Veilig Thuis, 113 and De Kindertelefoon; never fails."""
    from wegwijzer.directory.lookup import get_directory

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
