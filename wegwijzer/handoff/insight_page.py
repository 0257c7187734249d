"""The HTML of the desk's insight page (desk/inzicht.html filled in): per chart a
table of the days, which the page's script (desk/src/inzicht.js) draws as that
chart, and the period's lists: most given answers with their feedback, topics,
municipalities, roles.

Everything comes from the report's JSON (wegwijzer.insight.report), where every
count is suppressed already: the exact value of a small count never reaches the
browser, and each chart is drawn from the very table shown under it.
"""
from __future__ import annotations

from datetime import date, timedelta
from html import escape
from pathlib import Path
from typing import Any, Iterable

from wegwijzer.insight.report import COLUMNS, LISTS, SUPPRESSED

DESK_FILES = Path(__file__).with_name("desk")
PERIODS = (7, 30, 90)  # days to choose from, besides today
TODAY = "vandaag (tot nu)"
UNKNOWN = "-"  # no desk database (handoffs taken), no figures kept, or a share of a small count

# The report's column headings, by where the figure is ("handoffs", "offered").
HEADINGS = {path: heading for heading, path in COLUMNS}
SHARE = ("not_understood_share",)
CHARTS = (  # (id, title, kind of chart, the figures drawn)
    ("gesprekken", "Gesprekken en berichten per dag", "bar", (("conversations",), ("user_messages",))),
    ("niet-begrepen", "Niet begrepen, in procent van de berichten", "line", (SHARE,)),
    ("verduidelijkt", "Niet begrepen en verduidelijkingsvragen per dag", "bar", (("not_understood",), ("clarifying",))),
    ("overdracht", "Overdracht naar een mens per dag", "bar",
     (("handoffs", "offered"), ("handoffs", "requested"), ("handoffs", "taken"), ("handoffs", "fallen_back"))),
    ("crisis", "Crisisroutes getoond per dag", "bar", (("crisis", "routes_shown"), ("crisis", "signals"))),
)
FEEDBACK = (("ja", "nuttig: ja"), ("nee", "nuttig: nee"))  # the widget's verdicts, wegwijzer/feedback.py


def heading(path: tuple[str, ...]) -> str:
    return f"{HEADINGS[('not_understood',)]} ({HEADINGS[SHARE]})" if path == SHARE else HEADINGS[path]


def value_at(figures: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = figures
    for key in path:
        value = (value or {}).get(key)
    return value


def _cell(value: Any) -> str:
    """A table cell; the script reads a number from data-waarde, "<5" from class klein."""
    if value == SUPPRESSED:
        return f'<td class="klein">{escape(SUPPRESSED)}</td>'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<td data-waarde="{value}">{value}</td>'
    return f'<td class="onbekend">{UNKNOWN}</td>'


def day_rows(report: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(label, shown figures) per day, oldest first; a finished day without kept
    figures is a row of unknowns, so that the charts show a gap there, not a jump."""
    days = {day["day"]: (TODAY if day["live"] else day["day"], day) for day in report["days"]}
    days.update((day, (day, {})) for day in report["missing_days"])
    return [days[day] for day in sorted(days)]


def _chart(chart_id: str, title: str, kind: str, paths: Iterable[tuple[str, ...]], rows) -> str:
    paths = tuple(paths)
    head = "".join(f'<th scope="col">{escape(heading(path))}</th>' for path in paths)
    body = "".join(f'<tr><th scope="row">{escape(label)}</th>{"".join(_cell(value_at(figures, p)) for p in paths)}</tr>'
                   for label, figures in rows)
    return (f'<section aria-labelledby="{chart_id}-titel" class="grafiek" data-soort="{kind}">'
            f'<h2 id="{chart_id}-titel">{escape(title)}</h2>'
            f'<div class="tekening" hidden><canvas id="{chart_id}-grafiek" role="img" '
            f'aria-label="{escape(title)}: grafiek. Dezelfde cijfers staan in de tabel eronder."></canvas></div>'
            f'<details open><summary>{escape(title)}: de cijfers als tabel</summary>'
            f'<div class="tabel"><table><caption>{escape(title)}</caption>'
            f'<thead><tr><th scope="col">dag</th>{head}</tr></thead><tbody>{body}</tbody></table></div>'
            f'</details></section>')


def charts(report: dict[str, Any]) -> str:
    rows = day_rows(report)
    return "\n".join(_chart(chart_id, title, kind, paths, rows) for chart_id, title, kind, paths in CHARTS)


def _list(title: str, counts: dict[str, Any], feedback: dict[str, Any] | None) -> str:
    """One of the report's lists over the whole period, most first; the answers get
    the feedback columns (empty where an answer has no feedback yet)."""
    names = list(counts) + [name for name in feedback or {} if name not in counts]
    extra = "".join(f'<th scope="col">{escape(label)}</th>' for _, label in FEEDBACK) if feedback is not None else ""
    rows = []
    for name in names:
        # Rated but not given in the period: given 0 times, shown as "<5" like every small count.
        cells = _cell(counts.get(name, SUPPRESSED))
        if feedback is not None:
            verdicts = feedback.get(name) or {}
            cells += "".join(_cell(verdicts[verdict]) if verdict in verdicts else "<td></td>" for verdict, _ in FEEDBACK)
        rows.append(f'<tr><th scope="row">{escape(name)}</th>{cells}</tr>')
    body = "".join(rows) or f'<tr><td colspan="{2 + (len(FEEDBACK) if feedback is not None else 0)}">(geen)</td></tr>'
    return (f'<div class="tabel"><table class="lijst"><caption>{escape(title)}</caption><thead><tr>'
            f'<th scope="col">naam</th><th scope="col">aantal</th>{extra}</tr></thead><tbody>{body}</tbody></table></div>')


def lists(report: dict[str, Any]) -> str:
    total = report["total"]
    tables = [_list(title, value_at(total, path) or {}, (total.get("feedback") or {}) if path == ("answers",) else None)
              for title, path in LISTS]
    return ('<section aria-labelledby="lijsten-titel" class="lijsten"><h2 id="lijsten-titel">De hele periode</h2>'
            + "".join(tables) + "</section>")


def period_options(chosen: int) -> str:
    return "".join(f'<option value="{days}"{" selected" if days == chosen else ""}>{days} dagen en vandaag</option>'
                   for days in PERIODS)


def notes(report: dict[str, Any], empty: bool) -> str:
    found = []
    if empty:
        found.append("Nog geen gesprekken in deze periode.")
    if report["missing_days"]:
        found.append("Geen cijfers bewaard voor " + ", ".join(report["missing_days"]) + ": die dagen zijn (nog) niet geteld.")
    return "".join(f'<p class="melding-info">{escape(text)}</p>' for text in found)


def render(report: dict[str, Any], days: int, today: date, empty: bool) -> str:
    """The page for a report (Report.as_json()) over `days` finished days and today."""
    html = (DESK_FILES / "inzicht.html").read_text(encoding="utf-8")
    values = {"van": (today - timedelta(days=days)).isoformat(), "tot": today.isoformat(), "dagen": str(days),
              "periode_opties": period_options(days), "meldingen": notes(report, empty),
              "grafieken": charts(report), "lijsten": lists(report)}
    for key, value in values.items():
        html = html.replace("{{" + key + "}}", value)
    return html


def message_page(title: str, text: str) -> str:
    html = (DESK_FILES / "melding.html").read_text(encoding="utf-8")
    return html.replace("{{titel}}", escape(title)).replace("{{melding}}", escape(text))
