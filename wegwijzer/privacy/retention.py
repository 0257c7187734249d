"""Deleting conversations: after the retention period, or one on request.

Works on Rasa's tracker table (`events`, SQLTrackerStore) through SQLAlchemy
2.0-style statements, so SQLite and PostgreSQL behave the same. The desk
database (wegwijzer.handoff) and the log files under DATA_DIR are cleaned too.

Retention rule: a conversation whose last event is older than the cutoff is
deleted completely; of a conversation that is still in use, the earlier
sessions older than the cutoff are deleted and the current session is kept whole.
"""
from __future__ import annotations

import logging
import re
import subprocess
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterable, Optional, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from wegwijzer import settings

logger = logging.getLogger(__name__)

EVENTS = sa.table("events", sa.column("sender_id"), sa.column("timestamp"), sa.column("type_name"))
RUN_FIRST_TIMEOUT_SECONDS = 1800
LOG_LINE_TIME = re.compile(r"^(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d)")


@dataclass
class RetentionReport:
    conversations_deleted: int = 0
    sessions_pruned: int = 0
    events_deleted: int = 0
    log_lines_deleted: int = 0
    desk: str = ""

    def __str__(self) -> str:
        text = (f"Verwijderd: {self.conversations_deleted} gesprekken, {self.sessions_pruned} gesprekken ingekort, "
                f"{self.events_deleted} events, {self.log_lines_deleted} logregels.")
        return text + (f" Balie: {self.desk}" if self.desk else "")


def tracker_engine(url: Optional[str] = None) -> Engine:
    return sa.create_engine(url or settings.TRACKER_STORE_URL, future=True)


def _has_events_table(engine: Engine) -> bool:
    return sa.inspect(engine).has_table("events")


def purge_tracker(engine: Engine, cutoff: float, dry_run: bool = False) -> RetentionReport:
    """Delete events older than `cutoff` (a Unix timestamp) by the retention rule."""
    report = RetentionReport()
    if not _has_events_table(engine):
        return report
    last_event = sa.select(EVENTS.c.sender_id, sa.func.max(EVENTS.c.timestamp)).group_by(EVENTS.c.sender_id)
    session_start = (sa.select(EVENTS.c.sender_id, sa.func.max(EVENTS.c.timestamp))
                     .where(EVENTS.c.type_name == "session_started").group_by(EVENTS.c.sender_id))
    with engine.begin() as connection:
        last = dict(connection.execute(last_event).all())
        started = dict(connection.execute(session_start).all())
        for sender, last_time in last.items():
            if last_time is not None and last_time < cutoff:
                statement = sa.delete(EVENTS).where(EVENTS.c.sender_id == sender)
                report.conversations_deleted += 1
            else:
                current_start = started.get(sender)
                before = min(cutoff, current_start) if current_start is not None else None
                if before is None:
                    continue
                statement = sa.delete(EVENTS).where(EVENTS.c.sender_id == sender, EVENTS.c.timestamp < before)
            if dry_run:
                count = sa.select(sa.func.count()).select_from(EVENTS).where(statement.whereclause)
                deleted = connection.execute(count).scalar_one()
            else:
                deleted = connection.execute(statement).rowcount
            if deleted and last_time is not None and last_time >= cutoff:
                report.sessions_pruned += 1
            report.events_deleted += deleted
    return report


def forget_tracker(engine: Engine, sender_id: str) -> int:
    """Delete every event of one conversation. Returns the number of events deleted."""
    if not _has_events_table(engine):
        return 0
    with engine.begin() as connection:
        return connection.execute(sa.delete(EVENTS).where(EVENTS.c.sender_id == sender_id)).rowcount


def prune_logs(log_files: Iterable[Path], cutoff: Optional[datetime] = None, containing: Optional[str] = None) -> int:
    """Remove log lines older than `cutoff` or containing a conversation id.

    The file is rewritten in place (not replaced), so a server that appends to
    it keeps writing to the same file.
    """
    removed = 0
    for path in log_files:
        try:
            with path.open("r+", encoding="utf-8", errors="replace") as handle:
                lines = handle.readlines()
                kept, drop = [], False
                for line in lines:
                    stamp = LOG_LINE_TIME.match(line)
                    if stamp:  # a line without a time (traceback) shares the fate of the line above
                        logged = datetime.fromisoformat(stamp.group(1).replace(" ", "T")).astimezone(timezone.utc)
                        drop = cutoff is not None and logged < cutoff
                    if drop or (containing and containing in line):
                        removed += 1
                        continue
                    kept.append(line)
                if len(kept) != len(lines):
                    handle.seek(0)
                    handle.writelines(kept)
                    handle.truncate()
        except OSError as error:
            logger.warning("Could not clean log file %s: %s", path.name, error)
    return removed


def log_files(data_dir: Optional[Path] = None) -> list[Path]:
    return sorted((data_dir or settings.DATA_DIR).glob("*.log"))


def _desk_purge(days: int) -> str:
    """The desk keeps its own tables; it has its own purge command (wegwijzer.handoff)."""
    try:
        from wegwijzer.handoff.__main__ import main as handoff_main
    except ImportError:
        return ""
    try:
        return "opgeschoond" if handoff_main(["purge", "--days", str(days)]) == 0 else "fout bij opschonen"
    except Exception as error:  # noqa: BLE001 - the tracker retention must still be reported
        logger.error("Desk purge failed: %s", error)
        return "fout bij opschonen"


def _desk_forget(sender_id: str) -> str:
    try:
        from sqlalchemy import select

        from wegwijzer.handoff.config import load_config
        from wegwijzer.handoff.db import session_factory
        from wegwijzer.handoff.models import Handoff
    except ImportError:
        return ""
    config = load_config()
    with session_factory(config.database_url)() as session:
        handoffs = session.execute(select(Handoff).where(Handoff.conversation_id == sender_id)).scalars().all()
        for handoff in handoffs:
            session.delete(handoff)  # its messages go with it (cascade)
        session.commit()
    return f"{len(handoffs)} overdrachten verwijderd"


def purge_expired(days: Optional[int] = None, dry_run: bool = False, db_url: Optional[str] = None,
                  data_dir: Optional[Path] = None, include_desk: bool = True) -> RetentionReport:
    days = settings.RETENTION_DAYS if days is None else days
    cutoff = datetime.now(timezone.utc) - timedelta(days=days)
    report = purge_tracker(tracker_engine(db_url), cutoff.timestamp(), dry_run=dry_run)
    if not dry_run:
        report.log_lines_deleted = prune_logs(log_files(data_dir), cutoff=cutoff)
        if include_desk:
            report.desk = _desk_purge(days)
    logger.info("Retention (%d days): %s", days, report)
    return report


def forget(sender_id: str, db_url: Optional[str] = None, data_dir: Optional[Path] = None,
           include_desk: bool = True) -> RetentionReport:
    report = RetentionReport()
    report.events_deleted = forget_tracker(tracker_engine(db_url), sender_id)
    report.conversations_deleted = 1 if report.events_deleted else 0
    report.log_lines_deleted = prune_logs(log_files(data_dir), containing=sender_id)
    if include_desk:
        report.desk = _desk_forget(sender_id)
    return report


def run_first(command: Sequence[str]) -> None:
    """A command that must see the conversations before they go (whoever starts the job
    names it, e.g. `python -m wegwijzer.insight collect`; privacy imports nothing of it).
    Its failure is logged and the deletion goes ahead: the retention period is the law."""
    try:
        subprocess.run(list(command), check=True, timeout=RUN_FIRST_TIMEOUT_SECONDS)
    except (OSError, subprocess.SubprocessError) as error:
        logger.error("Before retention, %s failed: %s", " ".join(command), error)


def run_schedule(interval_minutes: Optional[float] = None, days: Optional[int] = None,
                 first: Optional[Sequence[str]] = None) -> None:
    """Purge now and then every interval, until stopped (started by the launcher);
    `first`: a command run before each purge (run_first)."""
    interval = 60 * (settings.RETENTION_CHECK_MINUTES if interval_minutes is None else interval_minutes)
    if interval <= 0:  # switched off; keep running so the launcher does not see a stopped process
        logger.warning("Retention job switched off (RETENTION_CHECK_MINUTES=0)")
        while True:
            time.sleep(3600)
    while True:
        if first:
            run_first(first)
        try:
            print(purge_expired(days), flush=True)
        except Exception:  # noqa: BLE001 - a failed run is retried next interval
            logger.exception("Retention run failed")
        time.sleep(max(1.0, interval))
