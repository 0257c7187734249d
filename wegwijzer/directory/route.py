"""A contact route (ContactRoute) and the built-in emergency routes for when the
directory database cannot be read. A leaf: the database layer (lookup.py) and
the lookups (routes.py) both use it."""
from __future__ import annotations

from dataclasses import dataclass


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
