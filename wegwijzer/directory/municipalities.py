"""Recognise a municipality name as typed by a person.

Stub for the foundation: exact, case-insensitive match on directory/municipalities.csv.
(The contact-routes issue replaces this with fuzzy matching and abbreviations.)
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Optional

MUNICIPALITIES_FILE = Path(__file__).resolve().parents[2] / "directory" / "municipalities.csv"


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    with MUNICIPALITIES_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["name"].lower(): row["name"] for row in csv.DictReader(handle)}


def resolve_municipality(text: str) -> Optional[str]:
    """The official name of the municipality meant by `text`, or None."""
    return _names().get(text.strip().lower())
