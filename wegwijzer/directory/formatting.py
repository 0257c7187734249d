"""Contact routes as short B1 text, Dutch or English. Numbers only ever come
from a ContactRoute; this module adds words around them, never digits of its
own. The words around the routes are in domain/contact_texts.yml (English:
contact_texts.en.yml), those around the emergency numbers in domain/emergency.yml."""
from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import yaml

from wegwijzer.directory.hours import is_open
from wegwijzer.directory.route import ContactRoute
from wegwijzer.texts import load_texts

_HOURS = re.compile(r"^(ma|di|wo|do|vr|za|zo)(?:-(ma|di|wo|do|vr|za|zo))? (\d\d):(\d\d)-(\d\d):(\d\d)$")
# Words for opening hours per language. Unknown notation: Dutch shows it as it
# is written in the directory; English shows nothing (the Dutch text beside it has it).
_HOURS_WORDS = {
    "nl": {"always": "dag en nacht", "every_day": "elke dag", "range": "{} tot en met {}",
           "times": "{days}, {start} tot {end} uur", "clock": lambda h, m: f"{int(h)}.{m}", "unparsed_as_is": True,
           "days": {"ma": "maandag", "di": "dinsdag", "wo": "woensdag", "do": "donderdag", "vr": "vrijdag",
                    "za": "zaterdag", "zo": "zondag"}},
    "en": {"always": "day and night", "every_day": "every day", "range": "{} to {}",
           "times": "{days}, {start} to {end}", "clock": lambda h, m: f"{h}:{m}", "unparsed_as_is": False,
           "days": {"ma": "Monday", "di": "Tuesday", "wo": "Wednesday", "do": "Thursday", "vr": "Friday",
                    "za": "Saturday", "zo": "Sunday"}},
}


def opening_hours_text(hours: str, language: str = "nl") -> str:
    """'24/7' -> 'dag en nacht'; 'ma-vr 09:00-17:00' -> 'maandag tot en met vrijdag, 9.00 tot 17.00 uur'
    (in English: 'day and night'; 'Monday to Friday, 09:00 to 17:00')."""
    words = _HOURS_WORDS.get(language if isinstance(language, str) else "nl") or _HOURS_WORDS["nl"]
    hours = hours.strip()
    if not hours:
        return ""
    if hours == "24/7":
        return words["always"]
    parts = []
    for part in hours.split(";"):
        match = _HOURS.match(part.strip())
        if not match:
            return hours if words["unparsed_as_is"] else ""
        first, last, h1, m1, h2, m2 = match.groups()
        if last is None:
            days = words["days"][first]
        else:
            days = words["every_day"] if (first, last) == ("ma", "zo") else \
                words["range"].format(words["days"][first], words["days"][last])
        parts.append(words["times"].format(days=days, start=words["clock"](h1, m1), end=words["clock"](h2, m2)))
    return "; ".join(parts)


def route_words(language: str = "nl") -> dict:
    """The words around the routes (`routes` of domain/contact_texts.yml) in this language."""
    return load_texts("contact_texts", language)["routes"]


def directory_words(text: str, language: str = "nl") -> str:
    """A Dutch text of the directory (a route's cost or tip) in this language, as it is when untranslated."""
    return load_texts("contact_texts", language)["directory_words"].get(text, text)


def open_now_text(hours: str, now: Optional[datetime] = None, language: str = "nl") -> str:
    """'nu open' / 'nu gesloten' ('open now' / 'closed now'), or '' when the opening hours are unknown."""
    state = is_open(hours, now)
    if state is None:
        return ""
    words = route_words(language)
    return words["open_now"] if state else words["closed_now"]


def route_line(route: ContactRoute, now: Optional[datetime] = None, language: str = "nl") -> str:
    words = route_words(language)
    if not route.verified:
        return "- " + words["unverified"].format(organisation=route.organisation_name)
    hours = opening_hours_text(route.opening_hours, language)
    status = open_now_text(route.opening_hours, now, language) if now is not None else ""
    details = ", ".join(filter(None, [hours, status]))
    suffix = f" ({details})" if details else ""
    return f"- {words['channels'].get(route.channel, route.channel)}: {route.value}{suffix}"


def routes_text(routes: Iterable[ContactRoute], now: Optional[datetime] = None, heading: str = "",
                language: str = "nl") -> str:
    """The routes of one organisation as lines; with `now`, each line says if it is open now."""
    routes = list(routes)
    if not routes:
        return ""
    words = route_words(language)
    first = routes[0]
    lines = [heading or words["heading"].format(organisation=first.organisation_name)]
    lines += dict.fromkeys(route_line(route, now, language) for route in routes)  # unique, in order
    costs = sorted({route.cost for route in routes if route.cost and route.verified})
    if costs:
        lines.append(words["cost"].format(cost=directory_words(costs[0], language)))
    tips = [route.what_to_say for route in routes if route.what_to_say and route.verified]
    if tips:
        lines.append(words["tip"].format(tip=directory_words(tips[0], language)))
    return "\n".join(lines)


EMERGENCY_TEXTS = Path(__file__).resolve().parents[2] / "domain" / "emergency.yml"
@lru_cache(maxsize=1)
def emergency_texts() -> dict:
    """domain/emergency.yml: the words around the emergency numbers, per language."""
    return yaml.safe_load(EMERGENCY_TEXTS.read_text(encoding="utf-8"))


def emergency_language(language: Optional[str]) -> str:
    return language if language in emergency_texts()["languages"] else "nl"


def _emergency_lines(by_org: dict[str, list[ContactRoute]], order: list[str], texts: dict, language: str) -> list[str]:
    lines = []
    for key in order:
        found = by_org.get(key)
        if not found:
            continue
        numbers = f" {texts['or']} ".join(f"**{r.value}**" for r in found)
        hours = opening_hours_text(found[0].opening_hours, language)
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
    first = emergency_language(language)
    blocks = []
    for lang in dict.fromkeys([first, "nl"]):
        texts = data["languages"][lang]
        lines = _emergency_lines(by_org, order, texts, lang)
        if intro:
            lines.insert(0, texts["intro"].get(kind or "", texts["intro"]["default"]))
        if blocks:  # the Dutch beside another language
            lines.insert(0, data["languages"][first]["dutch_beside"])
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def emergency_extra(language: str, key: str) -> str:
    """A short emergency text ('signal', 'button', 'continue') in this language."""
    return emergency_texts()["languages"][emergency_language(language)][key]
