"""The lookup service the actions use: municipalities, their regions, and
contact routes (local first, then national), straight from the database."""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import joinedload, selectinload

from wegwijzer.directory import importer
from wegwijzer.directory.db import default_url, normalise_url, session_scope
from wegwijzer.directory.models import Municipality, Organisation, Region, Route
from wegwijzer.directory.route import ContactRoute

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RegionInfo:
    kind: str  # veilig_thuis | jeugdbescherming | jeugdhulp
    name: str
    organisations: tuple  # names, e.g. ("SAVE Jeugdbescherming", ...)
    source: str


@dataclass(frozen=True)
class MunicipalityInfo:
    cbs_code: str
    name: str
    province: str
    regions: tuple  # RegionInfo

    def region(self, kind: str) -> Optional[RegionInfo]:
        return next((r for r in self.regions if r.kind == kind), None)


def _as_route(row: Route) -> ContactRoute:
    return ContactRoute(
        organisation=row.organisation_key,
        organisation_name=row.name or row.organisation.name,
        channel=row.channel,
        value=row.value,
        opening_hours=row.opening_hours,
        for_whom=row.for_whom,
        what_to_say=row.what_to_say,
        cost=row.cost,
        source=row.source,
        verified_on=row.verified_on.isoformat() if row.verified_on else "",
        municipality=row.municipality.name if row.municipality else "",
    )


class Directory:
    def __init__(self, url: Optional[str] = None):
        self.url = normalise_url(url or default_url())
        self._ready = False
        self._lock = threading.Lock()

    def ensure_ready(self) -> None:
        """A fresh SQLite file is built from the data files on first use; a
        server database (PostgreSQL) is only ever filled by `build`/`import`."""
        if self._ready:
            return
        with self._lock:
            if not self._ready:
                if make_url(self.url).get_backend_name() == "sqlite":
                    try:
                        self._build_if_empty()
                    except Exception:  # noqa: BLE001 - another process may be building the same file
                        time.sleep(1.0)
                        self._build_if_empty()
                self._ready = True

    def _build_if_empty(self) -> None:
        importer.migrate(self.url)
        if importer.stored_hash(self.url) is None:
            logger.info("Building the contact directory in %s from the data files", self.url)
            importer.import_files(url=self.url)

    def municipality_names(self) -> list[tuple[str, str, bool]]:
        self.ensure_ready()
        with session_scope(self.url) as session:
            rows = session.execute(select(Municipality.name, Municipality.aliases, Municipality.common_word))
            return [(name, aliases, bool(common)) for name, aliases, common in rows]

    def _regions(self, session) -> dict[str, RegionInfo]:
        rows = session.execute(select(Region).options(selectinload(Region.organisations))).scalars()
        return {r.key: RegionInfo(r.kind, r.name, tuple(o.name for o in r.organisations), r.source) for r in rows}

    def municipality(self, name: str) -> Optional[MunicipalityInfo]:
        self.ensure_ready()
        with session_scope(self.url) as session:
            row = session.execute(select(
                Municipality.cbs_code, Municipality.name, Municipality.province, Municipality.veilig_thuis_region_key,
                Municipality.jeugdbeschermingsregio_key, Municipality.jeugdhulpregio_key,
            ).where(Municipality.name == name)).one_or_none()
            if row is None:
                return None
            region_keys = [key for key in row[3:] if key]
            regions = self._regions(session) if region_keys else {}
            return MunicipalityInfo(row.cbs_code, row.name, row.province, tuple(regions[k] for k in region_keys))

    def _routes(self, organisation_key: str, municipality: Optional[str]) -> list[ContactRoute]:
        self.ensure_ready()
        query = select(Route).where(Route.organisation_key == organisation_key).options(
            joinedload(Route.organisation), joinedload(Route.municipality)).order_by(Route.position, Route.id)
        if municipality is None:
            query = query.where(Route.municipality_code.is_(None))
        else:
            query = query.join(Municipality, Route.municipality_code == Municipality.cbs_code).where(
                Municipality.name == municipality)
        with session_scope(self.url) as session:
            return [_as_route(row) for row in session.execute(query).scalars()]

    def national_routes(self, organisation_key: str) -> list[ContactRoute]:
        return self._routes(organisation_key, None)

    def local_routes(self, organisation_key: str, municipality: str) -> list[ContactRoute]:
        return self._routes(organisation_key, municipality)

    def organisation_name(self, key: str) -> Optional[str]:
        self.ensure_ready()
        with session_scope(self.url) as session:
            return session.execute(select(Organisation.name).where(Organisation.key == key)).scalar()


_directories: dict[str, Directory] = {}


def get_directory(url: Optional[str] = None) -> Directory:
    """One Directory per database URL (default: DATABASE_URL), reused across calls."""
    url = normalise_url(url or default_url())
    if url not in _directories:
        _directories[url] = Directory(url)
    return _directories[url]
