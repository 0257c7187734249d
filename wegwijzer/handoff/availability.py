"""When can a person talk to an advisor: the desk's office hours (the
directory's notation, Europe/Amsterdam time) and advisors who are present
and have room for another chat. Also the wait estimate told to the person."""
from __future__ import annotations

import logging
import math
from datetime import datetime
from typing import Optional

from wegwijzer.directory.hours import is_open, parse
from wegwijzer.directory.formatting import opening_hours_text

logger = logging.getLogger(__name__)


def office_open(office_hours: str, when: Optional[datetime] = None) -> bool:
    """Closed when the hours are empty or not valid (then the person gets the routes)."""
    if parse(office_hours) is None:
        logger.error("HANDOFF_OFFICE_HOURS %r is not valid (example: 'ma-vr 09:00-17:00')", office_hours)
        return False
    return bool(is_open(office_hours, when))


def office_hours_text(office_hours: str, language: str = "nl") -> str:
    """'ma-vr 09:00-17:00; za 10:00-12:00' -> 'maandag tot en met vrijdag, 9.00 tot 17.00 uur en ...'."""
    if parse(office_hours) in (None, []):
        return ""
    joiner = " and " if language == "en" else " en "
    return joiner.join(opening_hours_text(part, language) for part in office_hours.split(";"))


def free_places(active_chats_per_advisor: list[int], chats_per_advisor: int) -> int:
    return sum(max(0, chats_per_advisor - active) for active in active_chats_per_advisor)


def estimate_wait_minutes(waiting_ahead: int, free: int, advisors: int, avg_chat_minutes: float) -> int:
    """Minutes until an advisor takes the next person: about one when a place is
    free, otherwise one average chat per round of present advisors."""
    if waiting_ahead < free:
        return 1
    rounds = (waiting_ahead - free) // max(advisors, 1) + 1
    return max(1, math.ceil(rounds * avg_chat_minutes))
