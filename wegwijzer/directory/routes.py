"""Contact routes read from the directory data files, with a built-in fallback
for the emergency routes when the directory cannot be read."""
from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

logger = logging.getLogger(__name__)

DIRECTORY_DIR = Path(__file__).resolve().parents[2] / "directory"


@dataclass(frozen=True)
class ContactRoute:
    organisation: str  # key, e.g. "veilig_thuis"
    organisation_name: str
    channel: str  # phone | chat | email | website
    value: str
    opening_hours: str = ""
    for_whom: str = ""
    what_to_say: str = ""
    cost: str = ""
    source: str = ""
    verified_on: str = ""

    @property
    def verified(self) -> bool:
        return bool(self.verified_on)


# Used only when the directory cannot be read. Same facts as the national rows
# of directory/routes.csv (source: shared/domain/contacts.md).
_EMERGENCY_FALLBACK = (
    ContactRoute("alarm_112", "Alarmnummer 112", "phone", "112", "24/7", verified_on="built-in"),
    ContactRoute("veilig_thuis", "Veilig Thuis", "phone", "0800-2000", "24/7", verified_on="built-in"),
    ContactRoute("zelfmoordpreventie_113", "113 Zelfmoordpreventie", "phone", "0800-0113", "24/7", verified_on="built-in"),
    ContactRoute("kindertelefoon", "De Kindertelefoon", "phone", "0800-0432", "ma-zo 11:00-21:00", verified_on="built-in"),
)
EMERGENCY_KEYS = [route.organisation for route in _EMERGENCY_FALLBACK]


@lru_cache(maxsize=1)
def _load() -> tuple[ContactRoute, ...]:
    directory = DIRECTORY_DIR
    with (directory / "organisations.csv").open(encoding="utf-8", newline="") as handle:
        names = {row["key"]: row["name"] for row in csv.DictReader(handle)}
    with (directory / "routes.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            ContactRoute(
                organisation=row["organisation"],
                organisation_name=names[row["organisation"]],
                channel=row["channel"],
                value=row["value"],
                opening_hours=row["opening_hours"],
                for_whom=row["for_whom"],
                what_to_say=row["what_to_say"],
                cost=row["cost"],
                source=row["source"],
                verified_on=row["verified_on"],
            )
            for row in csv.DictReader(handle)
            if not row["municipality"]
        )


def national_routes(organisation_key: str) -> list[ContactRoute]:
    return [route for route in _load() if route.organisation == organisation_key]


def emergency_routes() -> list[ContactRoute]:
    """112, Veilig Thuis, 113 and De Kindertelefoon; never fails."""
    try:
        routes = [r for key in EMERGENCY_KEYS for r in national_routes(key) if r.channel == "phone"]
        if {r.organisation for r in routes} == set(EMERGENCY_KEYS):
            return routes
        logger.error("Directory lacks emergency routes; using the built-in fallback")
    except Exception:  # noqa: BLE001 - any directory fault must still give the routes
        logger.exception("Directory unreachable; using the built-in emergency routes")
    return list(_EMERGENCY_FALLBACK)
