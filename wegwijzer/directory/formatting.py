"""Contact routes as short B1 Dutch text. Numbers only ever come from a
ContactRoute; this module adds words around them, never digits of its own."""
from __future__ import annotations

import re
from datetime import datetime
from typing import Iterable, Optional

from wegwijzer.directory.hours import is_open
from wegwijzer.directory.routes import ContactRoute

_DAYS = {"ma": "maandag", "di": "dinsdag", "wo": "woensdag", "do": "donderdag", "vr": "vrijdag", "za": "zaterdag", "zo": "zondag"}
_HOURS = re.compile(r"^(ma|di|wo|do|vr|za|zo)(?:-(ma|di|wo|do|vr|za|zo))? (\d\d):(\d\d)-(\d\d):(\d\d)$")


def _clock(hour: str, minute: str) -> str:
    return f"{int(hour)}.{minute}"


def opening_hours_text(hours: str) -> str:
    """'24/7' -> 'dag en nacht'; 'ma-vr 09:00-17:00' -> 'maandag tot en met vrijdag, 9.00 tot 17.00 uur'."""
    hours = hours.strip()
    if not hours:
        return ""
    if hours == "24/7":
        return "dag en nacht"
    parts = []
    for part in hours.split(";"):
        match = _HOURS.match(part.strip())
        if not match:
            return hours
        first, last, h1, m1, h2, m2 = match.groups()
        if last is None:
            days = _DAYS[first]
        else:
            days = "elke dag" if (first, last) == ("ma", "zo") else f"{_DAYS[first]} tot en met {_DAYS[last]}"
        parts.append(f"{days}, {_clock(h1, m1)} tot {_clock(h2, m2)} uur")
    return "; ".join(parts)


_CHANNEL_LABEL = {"phone": "Bellen", "chat": "Chatten", "email": "Mailen", "website": "Website"}


def open_now_text(hours: str, now: Optional[datetime] = None) -> str:
    """'nu open' / 'nu gesloten', or '' when the opening hours are unknown."""
    state = is_open(hours, now)
    return "" if state is None else ("nu open" if state else "nu gesloten")


def route_line(route: ContactRoute, now: Optional[datetime] = None) -> str:
    if not route.verified:
        return f"- Kijk op de website van {route.organisation_name} voor de juiste gegevens."
    hours = opening_hours_text(route.opening_hours)
    status = open_now_text(route.opening_hours, now) if now is not None else ""
    details = ", ".join(filter(None, [hours, status]))
    suffix = f" ({details})" if details else ""
    return f"- {_CHANNEL_LABEL.get(route.channel, route.channel)}: {route.value}{suffix}"


def routes_text(routes: Iterable[ContactRoute], now: Optional[datetime] = None, heading: str = "") -> str:
    """The routes of one organisation as lines; with `now`, each line says if it is open now."""
    routes = list(routes)
    if not routes:
        return ""
    first = routes[0]
    lines = [heading or f"Zo bereik je {first.organisation_name}:"]
    lines += dict.fromkeys(route_line(route, now) for route in routes)  # unique, in order
    costs = sorted({route.cost for route in routes if route.cost and route.verified})
    if costs:
        lines.append(f"Kosten: {costs[0]}.")
    tips = [route.what_to_say for route in routes if route.what_to_say and route.verified]
    if tips:
        lines.append(f"Tip: {tips[0]}")
    return "\n".join(lines)


# Lead sentence per emergency route, in the order they are shown.
_EMERGENCY_LEADS = {
    "alarm_112": "Is er nu gevaar? Bel",
    "veilig_thuis": "Geweld of kindermishandeling thuis? Bel Veilig Thuis:",
    "zelfmoordpreventie_113": "Denk je aan zelfmoord? Bel 113 Zelfmoordpreventie:",
    "kindertelefoon": "Ben je jonger dan 18? Bel De Kindertelefoon:",
}


def emergency_text(routes: Iterable[ContactRoute]) -> str:
    by_org: dict[str, list[ContactRoute]] = {}
    for route in routes:
        by_org.setdefault(route.organisation, []).append(route)
    lines = []
    for key, lead in _EMERGENCY_LEADS.items():
        found = by_org.get(key)
        if not found:
            continue
        numbers = " of ".join(f"**{r.value}**" for r in found)
        hours = opening_hours_text(found[0].opening_hours)
        lines.append(f"{lead} {numbers}" + (f" ({hours})." if hours else "."))
    return "\n".join(lines)
