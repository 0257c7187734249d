"""Read and validate the directory data files (CSV, UTF-8) in `directory/`.

Validation is all-or-nothing: every problem is collected with its file and
line number, and nothing is loaded when there is one (see importer.py).
"""
from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional
from urllib.parse import urlparse

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from phonenumbers import shortnumberinfo

from wegwijzer.directory import hours

DATA_DIR = Path(__file__).resolve().parents[2] / "directory"
FILES = ("organisations.csv", "regions.csv", "municipalities.csv", "routes.csv")
COLUMNS = {
    "organisations.csv": ["key", "name", "kind", "website", "description"],
    "regions.csv": ["key", "kind", "name", "organisations", "source"],
    "municipalities.csv": ["cbs_code", "name", "province", "aliases", "veilig_thuis_region",
                           "jeugdbeschermingsregio", "jeugdhulpregio", "common_word", "source", "verified_on"],
    "routes.csv": ["organisation", "municipality", "name", "channel", "value", "opening_hours", "for_whom",
                   "what_to_say", "cost", "source", "verified_on"],
}
PROVINCES = {"Groningen", "Fryslân", "Drenthe", "Overijssel", "Flevoland", "Gelderland", "Utrecht",
             "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg"}
REGION_COLUMNS = {"veilig_thuis_region": "veilig_thuis", "jeugdbeschermingsregio": "jeugdbescherming",
                  "jeugdhulpregio": "jeugdhulp"}
CHANNELS = {"phone", "chat", "email", "website"}
# National short lines newer than libphonenumber's metadata (source: shared/domain/contacts.md).
KNOWN_SHORT_NUMBERS = {"112", "113"}
_KEY = re.compile(r"^[a-z0-9_]+$")
_CBS = re.compile(r"^GM\d{4}$")


class DataError(Exception):
    """The data files have problems; `problems` names each one with file and line."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s) in the directory data:\n" + "\n".join(problems))
        self.problems = problems


@dataclass
class Row:
    line: int
    values: dict


@dataclass
class DirectoryData:
    organisations: list[Row] = field(default_factory=list)
    regions: list[Row] = field(default_factory=list)
    municipalities: list[Row] = field(default_factory=list)
    routes: list[Row] = field(default_factory=list)


def valid_phone(value: str) -> bool:
    compact = re.sub(r"[\s-]", "", value)
    if compact in KNOWN_SHORT_NUMBERS:
        return True
    if not re.fullmatch(r"\+?\d{3,15}", compact):
        return False
    try:
        number = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number) or shortnumberinfo.is_valid_short_number(number)


def valid_url(value: str) -> bool:
    parsed = urlparse(value)
    return parsed.scheme in ("http", "https") and "." in parsed.netloc and " " not in value


def valid_email(value: str) -> bool:
    try:
        validate_email(value, check_deliverability=False)
        return True
    except EmailNotValidError:
        return False


def parse_date(value: str) -> Optional[date]:
    return date.fromisoformat(value) if value else None


def files_hash(data_dir: Path = DATA_DIR) -> str:
    digest = hashlib.sha256()
    for name in FILES:
        path = data_dir / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def _read(path: Path, problems: list[str]) -> list[Row]:
    name = path.name
    if not path.exists():
        problems.append(f"{name}: file is missing")
        return []
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS[name] if c not in (reader.fieldnames or [])]
        if missing:
            problems.append(f"{name} line 1: missing column(s) {', '.join(missing)}")
            return []
        for values in reader:
            if None in values or any(v is None for v in values.values()):
                problems.append(f"{name} line {reader.line_num}: wrong number of fields")
                continue
            rows.append(Row(reader.line_num, {k: (v or "").strip() for k, v in values.items()}))
    return rows


def _check_date(where: str, value: str, problems: list[str]) -> None:
    try:
        day = parse_date(value)
    except ValueError:
        problems.append(f"{where}: verified_on '{value}' is not a date (YYYY-MM-DD)")
        return
    if day and day > date.today():
        problems.append(f"{where}: verified_on '{value}' is in the future")


def load(data_dir: Path = DATA_DIR) -> DirectoryData:
    """All four files, validated together; raises DataError naming every bad row."""
    problems: list[str] = []
    data = DirectoryData(*(_read(Path(data_dir) / name, problems) for name in FILES))

    org_keys = set()
    for row in data.organisations:
        v, where = row.values, f"organisations.csv line {row.line}"
        if not _KEY.match(v["key"]):
            problems.append(f"{where}: key '{v['key']}' must be lowercase letters, digits and _")
        elif v["key"] in org_keys:
            problems.append(f"{where}: key '{v['key']}' appears twice")
        org_keys.add(v["key"])
        if not v["name"]:
            problems.append(f"{where}: name is empty")
        if v["website"] and not valid_url(v["website"]):
            problems.append(f"{where}: website '{v['website']}' is not a valid http(s) address")

    region_kinds = {}
    for row in data.regions:
        v, where = row.values, f"regions.csv line {row.line}"
        if not _KEY.match(v["key"]) or v["key"] in region_kinds:
            problems.append(f"{where}: key '{v['key']}' is invalid or appears twice")
        if v["kind"] not in REGION_COLUMNS.values():
            problems.append(f"{where}: kind '{v['kind']}' must be one of {', '.join(sorted(REGION_COLUMNS.values()))}")
        region_kinds[v["key"]] = v["kind"]
        for key in filter(None, v["organisations"].split("|")):
            if key not in org_keys:
                problems.append(f"{where}: organisation '{key}' is not in organisations.csv")
        if not v["name"] or not v["source"]:
            problems.append(f"{where}: name and source are required")

    names: dict[str, str] = {}
    codes = set()
    for row in data.municipalities:
        v, where = row.values, f"municipalities.csv line {row.line}"
        if not _CBS.match(v["cbs_code"]) or v["cbs_code"] in codes:
            problems.append(f"{where}: cbs_code '{v['cbs_code']}' must look like GM0307 and be unique")
        codes.add(v["cbs_code"])
        if not v["name"]:
            problems.append(f"{where}: name is empty")
        if v["province"] not in PROVINCES:
            problems.append(f"{where}: province '{v['province']}' is not a Dutch province")
        for term in [v["name"]] + [a.strip() for a in v["aliases"].split("|") if a.strip()]:
            other = names.get(term.casefold())
            if other and other != v["name"]:
                problems.append(f"{where}: name or alias '{term}' is already used by {other}")
            names[term.casefold()] = v["name"]
        for column, kind in REGION_COLUMNS.items():
            if v[column] and region_kinds.get(v[column]) != kind:
                problems.append(f"{where}: {column} '{v[column]}' is not a {kind} region in regions.csv")
        if v["common_word"] not in ("", "0", "1"):
            problems.append(f"{where}: common_word must be empty, 0 or 1")
        if not v["source"]:
            problems.append(f"{where}: source is empty")
        _check_date(where, v["verified_on"], problems)

    municipality_names = {row.values["name"] for row in data.municipalities}
    for row in data.routes:
        v, where = row.values, f"routes.csv line {row.line}"
        if v["organisation"] not in org_keys:
            problems.append(f"{where}: organisation '{v['organisation']}' is not in organisations.csv")
        if v["municipality"] and v["municipality"] not in municipality_names:
            problems.append(f"{where}: municipality '{v['municipality']}' is not in municipalities.csv")
        channel, value = v["channel"], v["value"]
        if channel not in CHANNELS:
            problems.append(f"{where}: channel '{channel}' must be one of {', '.join(sorted(CHANNELS))}")
        elif channel == "phone" and not valid_phone(value):
            problems.append(f"{where}: phone number '{value}' is not a valid Dutch number")
        elif channel == "email" and not valid_email(value):
            problems.append(f"{where}: e-mail address '{value}' is not valid")
        elif channel in ("chat", "website") and not valid_url(value):
            problems.append(f"{where}: {channel} '{value}' is not a valid http(s) address")
        if not hours.is_valid(v["opening_hours"]):
            problems.append(f"{where}: opening_hours '{v['opening_hours']}' is not like '24/7' or 'ma-vr 09:00-17:00'")
        if not v["source"]:
            problems.append(f"{where}: source is empty (every route needs one)")
        _check_date(where, v["verified_on"], problems)

    if problems:
        raise DataError(problems)
    return data
