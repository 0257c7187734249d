"""Privacy commands: delete conversations after the retention period, or one
conversation on request (AVG: right to erasure).

    python -m wegwijzer.privacy retention [--days 30] [--dry-run]
    python -m wegwijzer.privacy forget SENDER_ID
    python -m wegwijzer.privacy schedule [--every-minutes 60] [--first "COMMAND"]   (started by the launcher)
    python -m wegwijzer.privacy redact "tekst"                  (shows what would be stored)

The database is TRACKER_STORE_URL (default: DATA_DIR/tracker.db); log files
are DATA_DIR/*.log; the desk database is cleaned through wegwijzer.handoff.
"""
from __future__ import annotations

import argparse
import logging
import shlex
import sys
from typing import Optional

from wegwijzer import settings
from wegwijzer.privacy.redact import redact
from wegwijzer.privacy.retention import forget, purge_expired, run_schedule


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wegwijzer.privacy", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    retention = commands.add_parser("retention", help="delete conversations older than the retention period")
    retention.add_argument("--days", type=int, default=None, help=f"default: RETENTION_DAYS ({settings.RETENTION_DAYS})")
    retention.add_argument("--dry-run", action="store_true", help="count only, delete nothing")
    retention.add_argument("--db-url", default=None, help="default: TRACKER_STORE_URL")
    forget_one = commands.add_parser("forget", help="delete one conversation everywhere (tracker, desk, logs)")
    forget_one.add_argument("sender_id", help="the conversation id (sender / session id)")
    forget_one.add_argument("--db-url", default=None, help="default: TRACKER_STORE_URL")
    schedule = commands.add_parser("schedule", help="run the retention job now and then every interval")
    schedule.add_argument("--every-minutes", type=float, default=None,
                          help=f"default: RETENTION_CHECK_MINUTES ({settings.RETENTION_CHECK_MINUTES})")
    schedule.add_argument("--days", type=int, default=None)
    schedule.add_argument("--first", default=None, metavar="COMMAND",
                          help="a command run before each purge, e.g. the launcher's insight collect")
    show = commands.add_parser("redact", help="print a text as it would be stored")
    show.add_argument("text")
    args = parser.parse_args(argv)
    logging.basicConfig(level=settings.LOG_LEVEL, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    if args.command == "retention":
        report = purge_expired(args.days, dry_run=args.dry_run, db_url=args.db_url)
        print(("Proefdraai, niets verwijderd. " if args.dry_run else "") + str(report))
    elif args.command == "forget":
        report = forget(args.sender_id, db_url=args.db_url)
        print(f"Gesprek {args.sender_id}: " + str(report))
    elif args.command == "schedule":
        try:
            run_schedule(args.every_minutes, args.days, shlex.split(args.first) if args.first else None)
        except KeyboardInterrupt:
            pass
    elif args.command == "redact":
        print(redact(args.text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
