"""Shared by the runners of the blind and development sets: figures per group."""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, Callable

from conftest import ARTIFACTS


def rates_by(rows: list[dict], key_of: Callable[[dict], Any], rate: Callable[[list[dict]], dict]) -> dict:
    """rate() of the rows grouped by key_of(row), in the order of the keys."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[str(key_of(row))].append(row)
    return {key: rate(group) for key, group in sorted(groups.items())}


def save_report(file_name: str, report: dict, under: str | None = None) -> None:
    """Write the report to test-artifacts; `under` a key, keeping the file's other keys."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / file_name
    if under is not None:
        previous = json.loads(path.read_text()) if path.exists() else {}
        report = {**previous, under: report}
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
