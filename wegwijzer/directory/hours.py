"""Opening hours as stored in the directory, and whether a route is open now.

Format (one or more parts separated by ';'):
    24/7                      always open
    ma-vr 09:00-17:00         monday to friday
    za 10:00-12:00            one day
    ma-vr 09:00-17:00; za 10:00-12:00
Times are Europe/Amsterdam local time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Optional
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAYS = ["ma", "di", "wo", "do", "vr", "za", "zo"]
_PART = re.compile(r"^(ma|di|wo|do|vr|za|zo)(?:-(ma|di|wo|do|vr|za|zo))? ([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")


@dataclass(frozen=True)
class OpenSpan:
    weekdays: frozenset  # 0 = monday
    start: int  # minutes after midnight
    end: int


def parse(hours: str) -> Optional[list[OpenSpan]]:
    """The spans in `hours`; [] for empty (unknown); None when the text is not valid."""
    hours = hours.strip()
    if not hours:
        return []
    if hours == "24/7":
        return [OpenSpan(frozenset(range(7)), 0, 24 * 60)]
    spans = []
    for part in hours.split(";"):
        match = _PART.match(part.strip())
        if not match:
            return None
        first, last, h1, m1, h2, m2 = match.groups()
        a, b = DAYS.index(first), DAYS.index(last or first)
        if b < a:
            return None
        start, end = int(h1) * 60 + int(m1), int(h2) * 60 + int(m2)
        if end <= start or end > 24 * 60:
            return None
        spans.append(OpenSpan(frozenset(range(a, b + 1)), start, end))
    return spans


def is_valid(hours: str) -> bool:
    return parse(hours) is not None


def now_in_amsterdam() -> datetime:
    return datetime.now(AMSTERDAM)


def is_open(hours: str, when: Optional[datetime] = None) -> Optional[bool]:
    """True/False when the hours are known, None when they are not."""
    spans = parse(hours)
    if not spans:
        return None
    when = (when or now_in_amsterdam()).astimezone(AMSTERDAM)
    minute = when.hour * 60 + when.minute
    return any(when.weekday() in span.weekdays and span.start <= minute < span.end for span in spans)
