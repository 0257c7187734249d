"""Keep the figures of every finished day not kept yet (idempotent).

Runs before the retention job deletes conversations (the Makefile, the launcher,
scripts/production.sh and the systemd unit start it first), so each day is
counted while its conversations are all still there. A day older than the
retention period is not computed: some of its conversations may be gone already,
and a figure that silently counts less is worse than none.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Optional

from wegwijzer import settings
from wegwijzer.insight import database
from wegwijzer.insight.figures import day_figures, first_event_day
from wegwijzer.insight.store import open_store, save_day, stored_days


@dataclass(frozen=True)
class Collected:
    days: tuple[date, ...]
    skipped_before: Optional[date] = None  # days before this one were too old to count whole

    def __str__(self) -> str:
        if not self.days:
            text = "Geen nieuwe dagen om te tellen."
        else:
            text = f"Cijfers bewaard voor {len(self.days)} dag(en): {self.days[0]} t/m {self.days[-1]}."
        if self.skipped_before:
            text += f" Dagen voor {self.skipped_before} niet geteld: ouder dan de bewaartermijn."
        return text


def today_utc() -> date:
    return datetime.now(timezone.utc).date()


def collect(tracker_url: Optional[str] = None, desk_url: Optional[str] = None, today: Optional[date] = None,
            retention_days: Optional[int] = None) -> Collected:
    """Compute and keep each finished day (before `today`, UTC) that is not kept yet,
    from the first day with conversations (or the day after the last kept one)."""
    tracker_url = tracker_url or database.tracker_url()
    today = today or today_utc()
    retention_days = settings.load().retention_days if retention_days is None else retention_days
    tracker = database.engine(tracker_url)
    desk = database.engine(desk_url or database.desk_url())
    if tracker is None:  # no conversation was ever stored
        return Collected(())
    store = open_store(tracker_url)
    kept = stored_days(store)
    after_kept = max(kept) + timedelta(days=1) if kept else None
    starts = [day for day in (first_event_day(tracker), after_kept) if day is not None]
    if not starts:
        return Collected(())
    # The oldest day whose conversations retention cannot have touched yet.
    oldest_whole = today - timedelta(days=retention_days - 1)
    days = [min(starts) + timedelta(days=n) for n in range((today - min(starts)).days)]
    too_old = any(day < oldest_whole and day not in kept for day in days)
    done = [day for day in days if day >= oldest_whole and day not in kept
            and save_day(store, day, day_figures(tracker, desk, day))]
    return Collected(tuple(done), oldest_whole if too_old else None)
