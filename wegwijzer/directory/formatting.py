"""Contact routes as short B1 Dutch text. Numbers only ever come from a
ContactRoute; this module adds words around them, never digits of its own."""
from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import yaml

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


EMERGENCY_TEXTS = Path(__file__).resolve().parents[2] / "domain" / "emergency.yml"
_EN_DAYS = {"ma": "Monday", "di": "Tuesday", "wo": "Wednesday", "do": "Thursday", "vr": "Friday", "za": "Saturday",
            "zo": "Sunday"}


@lru_cache(maxsize=1)
def emergency_texts() -> dict:
    """domain/emergency.yml: the words around the emergency numbers, per language."""
    return yaml.safe_load(EMERGENCY_TEXTS.read_text(encoding="utf-8"))


def emergency_language(language: Optional[str]) -> str:
    return language if language in emergency_texts()["languages"] else "nl"


def opening_hours_text_en(hours: str) -> str:
    """'24/7' -> 'day and night'; 'ma-zo 11:00-21:00' -> 'every day, 11:00 to 21:00'."""
    hours = hours.strip()
    if hours == "24/7":
        return "day and night"
    parts = []
    for part in filter(None, (p.strip() for p in hours.split(";"))):
        match = _HOURS.match(part)
        if not match:
            return ""
        first, last, h1, m1, h2, m2 = match.groups()
        days = _EN_DAYS[first] if last is None else (
            "every day" if (first, last) == ("ma", "zo") else f"{_EN_DAYS[first]} to {_EN_DAYS[last]}")
        parts.append(f"{days}, {h1}:{m1} to {h2}:{m2}")
    return "; ".join(parts)


def _emergency_lines(by_org: dict[str, list[ContactRoute]], order: list[str], texts: dict, language: str) -> list[str]:
    hours_text = opening_hours_text_en if language == "en" else opening_hours_text
    lines = []
    for key in order:
        found = by_org.get(key)
        if not found:
            continue
        numbers = f" {texts['or']} ".join(f"**{r.value}**" for r in found)
        hours = hours_text(found[0].opening_hours)
        lines.append(f"{texts['leads'][key]} {numbers}" + (f" ({hours})." if hours else "."))
    return lines


def emergency_text(routes: Iterable[ContactRoute], kind: Optional[str] = None, language: str = "nl",
                   intro: bool = False) -> str:
    """Every emergency route of the directory, the one for this kind of crisis
    first; in English with the Dutch beside it when the person wrote English."""
    data = emergency_texts()
    by_org: dict[str, list[ContactRoute]] = {}
    for route in routes:
        if route.channel == "phone":
            by_org.setdefault(route.organisation, []).append(route)
    order = data["order"].get(kind or "", data["order"]["default"])
    blocks = []
    for lang in dict.fromkeys([emergency_language(language), "nl"]):
        texts = data["languages"][lang]
        lines = _emergency_lines(by_org, order, texts, lang)
        if intro:
            lines.insert(0, texts["intro"].get(kind or "", texts["intro"]["default"]))
        if blocks:
            lines.insert(0, data["languages"][blocks[0][0]]["dutch_beside"])
        blocks.append((lang, "\n".join(lines)))
    return "\n\n".join(text for _, text in blocks)


def emergency_extra(language: str, key: str) -> str:
    """A short emergency text ('signal', 'button', 'continue') in this language."""
    return emergency_texts()["languages"][emergency_language(language)][key]
