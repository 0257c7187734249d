"""Anonymous figures of the conversations, kept per day.

    python -m wegwijzer.insight collect               (keeps every finished day not kept yet)
    python -m wegwijzer.insight report [--days 7] [--json]
    python -m wegwijzer.insight export-training --output FILE   (the review inbox's decisions, for a developer)

The conversations are TRACKER_STORE_URL (default: DATA_DIR/tracker.db), where the
figures and the review inbox's decisions are kept too (tables insight_days and
review_decisions); the desk is HANDOFF_DATABASE_URL.
What is counted and how: docs/insight.md.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Optional

from sqlalchemy.engine import make_url

from wegwijzer import settings
from wegwijzer.insight import database
from wegwijzer.insight.collect import collect, today_utc
from wegwijzer.insight.report import as_text, build
from wegwijzer.insight.training import export


def _where(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL is reported, never shown with a password
        return "(ongeldige database-URL)"


def _reason(error: Exception) -> str:
    """The driver's first line: no statement or parameters in the message."""
    lines = str(getattr(error, "orig", None) or error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _export_training(tracker_url: str, output: Path) -> int:
    try:
        exported = export(tracker_url, output, today_utc())
    except (ValueError, OSError) as error:  # a path under data/, a folder that does not exist
        print(f"Fout: {getattr(error, 'strerror', None) or error} ({output}).", file=sys.stderr)
        return 1
    print(f"{exported} Geschreven naar {output}: laat een ontwikkelaar het nakijken voordat iets ervan in data/ komt.")
    return 0


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wegwijzer.insight", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db-url", default=None, help="the conversations and kept figures (default: TRACKER_STORE_URL)")
    parser.add_argument("--desk-url", default=None, help="the desk (default: HANDOFF_DATABASE_URL)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("collect", help="keep the figures of every finished day not kept yet")
    report = commands.add_parser("report", help="the kept figures and today's so far")
    report.add_argument("--days", type=int, default=7, help="finished days before today (default 7)")
    report.add_argument("--json", action="store_true", help="JSON instead of a table")
    training = commands.add_parser("export-training", help="the review inbox's decisions as Rasa NLU YAML, for a "
                                                           "developer to review before anything goes into data/")
    training.add_argument("--output", required=True, type=Path, help="the file to write (never under data/)")
    args = parser.parse_args(argv)
    if args.command == "report" and args.days < 0:
        parser.error("--days must be 0 or more")
    logging.basicConfig(level=settings.LOG_LEVEL, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its schema check, every run of the retention job
    tracker_url, desk_url = args.db_url or database.tracker_url(), args.desk_url or database.desk_url()
    try:
        if args.command == "collect":
            print(collect(tracker_url, desk_url))
            return 0
        if args.command == "export-training":
            return _export_training(tracker_url, args.output)
        result = build(tracker_url, desk_url, args.days, today_utc())
    except database.DATABASE_ERRORS as error:
        print(f"Fout: database niet bereikbaar ({_where(tracker_url)} of {_where(desk_url)}): {_reason(error)}",
              file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({**result.as_json(), **({"message": "Nog geen gesprekken in deze periode."}
                                                  if result.empty else {})}, ensure_ascii=False, indent=2))
    elif result.empty:
        print(f"Nog geen gesprekken in deze periode (de laatste {args.days} dagen en vandaag): geen cijfers.")
    else:
        print(as_text(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
