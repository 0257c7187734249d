"""The insight page's figures as CSV: one row per day and figure, then the
period's totals (day "totaal"), every count as the report shows it ("<5").

Made for a Dutch spreadsheet: UTF-8 with a byte order mark (so that Excel reads
"Súdwest-Fryslân" right), a semicolon between the columns and a decimal comma.
The figure names are those of `python -m wegwijzer.insight report --json`
(docs/insight.md); a per-name figure (answers, topics, ...) has the name in its
own column.
"""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any, Iterator

from wegwijzer.insight.report import GROUPS

HEADER = ("dag", "cijfer", "naam", "waarde")
TOTAL = "totaal"
SKIPPED = ("day", "live")  # a day's own fields in the report's JSON, not figures
FORMULA_STARTS = ("=", "+", "-", "@")  # a spreadsheet would run such a cell as a formula


def _text(value: Any) -> str:
    if value is None:  # unknown: no desk database, or a share of a small count
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def figure_cells(figures: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, str, Any]]:
    """(figure, name, value) of one day's shown figures: "handoffs.offered" (a group
    of fixed figures), ("answers", "ots_duur"), ("feedback.ja", "ots_duur")."""
    for key, value in figures.items():
        if key in SKIPPED and not prefix:
            continue
        figure = f"{prefix}.{key}" if prefix else key
        if not isinstance(value, dict):
            yield figure, "", value
        elif key in GROUPS and not prefix:
            yield from figure_cells(value, figure)
        else:
            for name, count in value.items():
                if isinstance(count, dict):
                    yield from ((f"{figure}.{part}", name, number) for part, number in count.items())
                else:
                    yield figure, name, count


def rows(report: dict[str, Any]) -> Iterator[tuple[str, str, str, str]]:
    yield HEADER
    for day in report["days"]:
        for figure, name, value in figure_cells(day):
            yield day["day"], figure, _text(name), _text(value)
    for figure, name, value in figure_cells(report["total"]):
        yield TOTAL, figure, _text(name), _text(value)


def as_csv(report: dict[str, Any]) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows(report))
    return out.getvalue().encode("utf-8-sig")


def filename(days: int, today: date) -> str:
    """ASCII only, from the dates alone: nothing a person typed."""
    return f"wegwijzer-inzicht-{(today - timedelta(days=days)).isoformat()}-tot-{today.isoformat()}.csv"
