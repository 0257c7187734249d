"""Load validated data files into the database (all or nothing), and export them again."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Optional

from sqlalchemy import delete, func, insert, select

from wegwijzer.directory import datafiles
from wegwijzer.directory.db import default_url, migrate, session_scope
from wegwijzer.directory.models import Meta, Municipality, Organisation, Region, Route, region_organisations

HASH_KEY = "data_files_sha256"


def replace_all(data: datafiles.DirectoryData, url: Optional[str] = None, data_hash: str = "") -> dict:
    """Replace the whole directory by `data` in one transaction; returns counts."""
    with session_scope(url) as session:
        for table in (Route.__table__, Municipality.__table__, region_organisations, Region.__table__,
                      Organisation.__table__, Meta.__table__):
            session.execute(delete(table))
        session.execute(insert(Organisation), [
            {k: r.values[k] for k in ("key", "name", "kind", "website", "description")} for r in data.organisations])
        session.execute(insert(Region), [
            {k: r.values[k] for k in ("key", "kind", "name", "source")} for r in data.regions])
        links = [{"region_key": r.values["key"], "organisation_key": key}
                 for r in data.regions for key in filter(None, r.values["organisations"].split("|"))]
        if links:
            session.execute(insert(region_organisations), links)
        code_by_name = {}
        municipalities = []
        for r in data.municipalities:
            v = r.values
            code_by_name[v["name"]] = v["cbs_code"]
            municipalities.append({
                "cbs_code": v["cbs_code"], "name": v["name"], "province": v["province"], "aliases": v["aliases"],
                "veilig_thuis_region_key": v["veilig_thuis_region"] or None,
                "jeugdbeschermingsregio_key": v["jeugdbeschermingsregio"] or None,
                "jeugdhulpregio_key": v["jeugdhulpregio"] or None,
                "common_word": int(v["common_word"] or 0), "source": v["source"],
                "verified_on": datafiles.parse_date(v["verified_on"]),
            })
        session.execute(insert(Municipality), municipalities)
        session.execute(insert(Route), [{
            "organisation_key": v["organisation"], "municipality_code": code_by_name.get(v["municipality"]),
            "name": v["name"], "channel": v["channel"], "value": v["value"], "opening_hours": v["opening_hours"],
            "for_whom": v["for_whom"], "what_to_say": v["what_to_say"], "cost": v["cost"], "source": v["source"],
            "verified_on": datafiles.parse_date(v["verified_on"]), "position": position,
        } for position, v in enumerate(r.values for r in data.routes)])
        session.add(Meta(key=HASH_KEY, value=data_hash))
    return counts(url)


def import_files(data_dir: Path = datafiles.DATA_DIR, url: Optional[str] = None) -> dict:
    """Validate all files first (DataError names every bad row); only then replace the data."""
    data = datafiles.load(data_dir)
    migrate(url)
    return replace_all(data, url, datafiles.files_hash(data_dir))


def stored_hash(url: Optional[str] = None) -> Optional[str]:
    with session_scope(url) as session:
        return session.execute(select(Meta.value).where(Meta.key == HASH_KEY)).scalar()


def build(data_dir: Path = datafiles.DATA_DIR, url: Optional[str] = None, if_changed: bool = False) -> Optional[dict]:
    """Migrate, then import the data files; with if_changed, skip when the files did not change."""
    url = url or default_url()
    migrate(url)
    if if_changed and stored_hash(url) == datafiles.files_hash(data_dir):
        return None
    return import_files(data_dir, url)


def counts(url: Optional[str] = None) -> dict:
    with session_scope(url) as session:
        count = lambda *where, model=Route: session.execute(select(func.count()).select_from(model).where(*where)).scalar()
        return {
            "municipalities": count(model=Municipality),
            "regions": count(model=Region),
            "organisations": count(model=Organisation),
            "routes": count(),
            "routes_verified": count(Route.verified_on.isnot(None)),
            "routes_local": count(Route.municipality_code.isnot(None)),
            "municipalities_with_region": count(Municipality.veilig_thuis_region_key.isnot(None)
                                                | Municipality.jeugdbeschermingsregio_key.isnot(None)
                                                | Municipality.jeugdhulpregio_key.isnot(None), model=Municipality),
        }


def export_files(out_dir: Path, url: Optional[str] = None) -> None:
    """Write the four CSV files from the database (same format as the data files)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with session_scope(url) as session:
        organisations = session.execute(select(Organisation).order_by(Organisation.key)).scalars().all()
        regions = session.execute(select(Region).order_by(Region.key)).scalars().all()
        municipalities = session.execute(select(Municipality).order_by(Municipality.name)).scalars().all()
        routes = session.execute(select(Route).order_by(Route.position, Route.id)).scalars().all()
        tables = {
            "organisations.csv": [{"key": o.key, "name": o.name, "kind": o.kind, "website": o.website,
                                   "description": o.description} for o in organisations],
            "regions.csv": [{"key": r.key, "kind": r.kind, "name": r.name,
                             "organisations": "|".join(o.key for o in r.organisations), "source": r.source}
                            for r in regions],
            "municipalities.csv": [{
                "cbs_code": m.cbs_code, "name": m.name, "province": m.province, "aliases": m.aliases,
                "veilig_thuis_region": m.veilig_thuis_region_key or "",
                "jeugdbeschermingsregio": m.jeugdbeschermingsregio_key or "",
                "jeugdhulpregio": m.jeugdhulpregio_key or "", "common_word": "1" if m.common_word else "",
                "source": m.source, "verified_on": m.verified_on.isoformat() if m.verified_on else "",
            } for m in municipalities],
            "routes.csv": [{
                "organisation": r.organisation_key, "municipality": r.municipality.name if r.municipality else "",
                "name": r.name, "channel": r.channel, "value": r.value, "opening_hours": r.opening_hours,
                "for_whom": r.for_whom, "what_to_say": r.what_to_say, "cost": r.cost, "source": r.source,
                "verified_on": r.verified_on.isoformat() if r.verified_on else "",
            } for r in routes],
        }
    for name, rows in tables.items():
        with (out_dir / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=datafiles.COLUMNS[name])
            writer.writeheader()
            writer.writerows(rows)
