"""The report of the kept figures plus today's: a table for a person, or JSON.

Suppression: every count below 5 is shown as "<5" (0 included), in every cell of
the days and of the period's total, so that no single conversation can be
recognised; a share is left out (None, "-") when its count is suppressed. Only
names from the project's lists appear (figures.py checks them); never text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Optional, Union

from wegwijzer.insight import database
from wegwijzer.insight.figures import day_figures
from wegwijzer.insight.store import load_days, read_store, stored_days

MIN_COUNT = 5
SUPPRESSED = "<5"
TOP = 10  # names per list in the text report (JSON has them all)
Shown = Union[int, str, None]


def suppress(count: Optional[int]) -> Shown:
    """A count as it may be shown: "<5" below 5, None when unknown."""
    if count is None:
        return None
    return SUPPRESSED if count < MIN_COUNT else int(count)


def share(part: Optional[int], whole: Optional[int]) -> Optional[float]:
    """Part of whole in percent, only when the part itself may be shown."""
    if not part or not whole or part < MIN_COUNT:
        return None
    return round(100.0 * part / whole, 1)


def add_up(days: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures of several days summed, also per name. An unknown count (None: no
    desk) stays unknown only when it is unknown on every day."""
    total: dict[str, Any] = {}
    for figures in days:
        _add(total, figures)
    return total


def _add(total: dict[str, Any], figures: dict[str, Any]) -> None:
    for key, value in figures.items():
        if key == "version":
            continue
        if isinstance(value, dict):
            _add(total.setdefault(key, {}), value)
        elif value is None:
            total.setdefault(key, None)
        else:
            total[key] = (total.get(key) or 0) + value


# Dicts of fixed figures, shown in their own order; any other dict counts per name.
GROUPS = ("handoffs", "crisis")


def shown(figures: dict[str, Any]) -> dict[str, Any]:
    """Figures as they may leave this module: every count suppressed, names by count."""
    result: dict[str, Any] = {}
    for key, value in figures.items():
        if key == "version":
            continue
        if isinstance(value, dict):
            result[key] = shown(value) if key in GROUPS else _per_name(value)
        else:
            result[key] = suppress(value)
    if "user_messages" in figures:
        result["not_understood_share"] = share(figures.get("not_understood"), figures.get("user_messages"))
    return result


def _per_name(counts: dict[str, Any]) -> dict[str, Any]:
    """{name: count} most first (feedback's {answer: {ja, nee}} by its sum)."""
    items = sorted(counts.items(), key=lambda item: (-_size(item[1]), item[0]))
    return {name: _per_name(value) if isinstance(value, dict) else suppress(value) for name, value in items}


def _size(value: Any) -> int:
    return sum(_size(item) for item in value.values()) if isinstance(value, dict) else int(value or 0)


@dataclass
class Report:
    days: list[tuple[date, dict[str, Any]]]  # oldest first, today last
    today: date
    missing: list[date] = field(default_factory=list)  # finished days without kept figures

    @property
    def empty(self) -> bool:
        return not any(figures.get("conversations") for _, figures in self.days)

    def as_json(self) -> dict[str, Any]:
        return {
            "suppression": f"counts below {MIN_COUNT} are shown as \"{SUPPRESSED}\"",
            "days": [{"day": day.isoformat(), "live": day == self.today, **shown(figures)} for day, figures in self.days],
            "total": shown(add_up([figures for _, figures in self.days])),
            "missing_days": [day.isoformat() for day in self.missing],
        }


def build(tracker_url: str, desk_url: str, days: int, today: date) -> Report:
    """The kept figures of the `days` finished days before `today`, and today's so far."""
    store = read_store(tracker_url)
    first, yesterday = today - timedelta(days=days), today - timedelta(days=1)
    kept = load_days(store, first, yesterday) if store is not None and days > 0 else {}
    ever_kept = min(stored_days(store), default=None) if store is not None else None
    window = [first + timedelta(days=n) for n in range(days)]
    missing = [day for day in window if day not in kept and ever_kept is not None and day > ever_kept]
    live = day_figures(database.engine(tracker_url), database.engine(desk_url), today)
    return Report(sorted(kept.items()) + [(today, live)], today, missing)


COLUMNS = (  # (heading, where in the shown figures)
    ("gesprekken", ("conversations",)), ("berichten", ("user_messages",)),
    ("niet begrepen", ("not_understood",)), ("%", ("not_understood_share",)),
    ("verduidelijkt", ("clarifying",)), ("mens aangeboden", ("handoffs", "offered")),
    ("gevraagd", ("handoffs", "requested")), ("genomen", ("handoffs", "taken")),
    ("teruggevallen", ("handoffs", "fallen_back")), ("crisisroutes", ("crisis", "routes_shown")),
    ("crisissignalen", ("crisis", "signals")),
)
LISTS = (  # (heading, key or path of a {name: count} in the shown figures)
    ("Meest gegeven antwoorden", ("answers",)), ("Onderwerpen", ("topics",)), ("Intenties", ("intents",)),
    ("Verduidelijkingsvragen", ("clarifying_by_question",)), ("Soort crisis", ("crisis", "kinds")),
    ("Gemeenten, in gesprekken", ("gemeenten",)), ("Rollen, in gesprekken", ("roles",)),
)


def _cell(figures: dict[str, Any], path: tuple[str, ...]) -> str:
    value: Any = figures
    for key in path:
        value = (value or {}).get(key)
    return "-" if value is None else str(value)


def as_text(report: Report) -> str:
    rows = [(("vandaag*" if day == report.today else day.isoformat()), shown(figures)) for day, figures in report.days]
    total = shown(add_up([figures for _, figures in report.days]))
    rows.append(("totaal", total))
    table = [["dag", *(heading for heading, _ in COLUMNS)]]
    table += [[label, *(_cell(figures, path) for _, path in COLUMNS)] for label, figures in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    lines = [f"Wegwijzer: anonieme cijfers per dag (UTC), {report.days[0][0]} t/m {report.today}",
             f"Tellingen onder {MIN_COUNT} staan als \"{SUPPRESSED}\"; - is onbekend. * vandaag tot nu.", ""]
    lines += ["  ".join(cell.rjust(width) if i else cell.ljust(width) for i, (cell, width) in enumerate(zip(row, widths)))
              for row in table]
    for heading, path in LISTS:
        counts: Any = total
        for key in path:
            counts = (counts or {}).get(key)
        lines += ["", f"{heading} (totaal):"]
        lines += [f"  {name:<40} {count}" for name, count in list((counts or {}).items())[:TOP]] or ["  (geen)"]
    lines += ["", "Was dit antwoord nuttig? (totaal):"]
    lines += [f"  {name:<40} ja {votes.get('ja')}, nee {votes.get('nee')}"
              for name, votes in list((total.get("feedback") or {}).items())[:TOP]] or ["  (geen)"]
    if report.missing:
        lines += ["", "Geen cijfers bewaard voor: " + ", ".join(day.isoformat() for day in report.missing)
                  + " (python -m wegwijzer.insight collect telt ze, zolang de gesprekken er nog zijn)."]
    return "\n".join(lines)
