"""The desk's insight page for coordinators: the anonymous figures of
wegwijzer.insight over 7, 30 or 90 days and today, as charts with their tables
(/desk/inzicht) and as CSV (/desk/inzicht.csv?dagen=N).

Only coordinators: without a login the browser goes to the login page, an
advisor gets a page that says the figures are for coordinators (403). The
figures are the report's (wegwijzer.insight.report.build), suppressed there;
nothing is counted here. The report reads the tracker store (TRACKER_STORE_URL,
where the kept days are) and the desk's own database, in a thread: today's
figures are counted live from the events.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import date
from typing import Optional, Union

from sanic import Sanic, response
from sanic.request import Request

from wegwijzer import settings
from wegwijzer.handoff.insight_csv import as_csv, filename
from wegwijzer.handoff.insight_page import PERIODS, message_page, render
from wegwijzer.handoff.models import COORDINATOR
from wegwijzer.handoff.state import Desk
from wegwijzer.insight import database
from wegwijzer.insight.collect import today_utc
from wegwijzer.insight.report import Report, build

logger = logging.getLogger(__name__)

DEFAULT_DAYS = 30
# Built by scripts/build_desk.mjs (scripts/web_setup.sh): the page's script with Chart.js.
BUNDLE_DIR = settings.ROOT / "build" / "desk"
BUNDLE_FILES = ("inzicht.js", "inzicht.licenses.txt")

ONLY_COORDINATORS = ("Alleen voor coördinatoren",
                     "De cijfers van de gesprekken zijn alleen voor coördinatoren. Wilt u ze zien? "
                     "Vraag een coördinator van uw team.")
WRONG_PERIOD = ("Kies een periode", "Kies een periode van " + ", ".join(map(str, PERIODS[:-1]))
                + f" of {PERIODS[-1]} dagen.")
NOT_REACHABLE = ("Cijfers niet bereikbaar", "De cijfers zijn nu niet bereikbaar. Probeer het over een paar minuten "
                 "opnieuw.")


def _message(text: tuple[str, str], status: int) -> response.HTTPResponse:
    return response.html(message_page(*text), status=status)


def period(request: Request) -> Optional[int]:
    """The days asked for (?dagen=7|30|90; none: DEFAULT_DAYS), None for anything else."""
    asked = request.args.get("dagen")
    if asked is None:
        return DEFAULT_DAYS
    return int(asked) if asked.strip().isdigit() and int(asked) in PERIODS else None


def register_insight(app: Sanic, desk: Desk) -> None:
    tracker_url, desk_url = database.tracker_url(), desk.config.database_url

    async def coordinators_report(request: Request) -> Union[tuple[Report, int, date], response.HTTPResponse]:
        """(report, days, today) for a coordinator; otherwise the answer to give."""
        advisor = desk.advisor_for(request)
        if advisor is None:
            return response.redirect("/desk/login")
        if advisor.role != COORDINATOR:
            return _message(ONLY_COORDINATORS, 403)
        days = period(request)
        if days is None:
            return _message(WRONG_PERIOD, 400)
        today = today_utc()
        try:
            report = await asyncio.to_thread(build, tracker_url, desk_url, days, today)
        except database.DATABASE_ERRORS as problem:
            logger.warning("insight: the figures could not be read (%s)", type(problem).__name__)
            return _message(NOT_REACHABLE, 503)
        return report, days, today

    @app.get("/desk/inzicht")
    async def insight_page(request: Request):
        found = await coordinators_report(request)
        if isinstance(found, response.HTTPResponse):
            return found
        report, days, today = found
        return response.html(render(report.as_json(), days, today, report.empty))

    @app.get("/desk/inzicht.csv")
    async def insight_csv(request: Request):
        found = await coordinators_report(request)
        if isinstance(found, response.HTTPResponse):
            return found
        report, days, today = found
        return response.raw(as_csv(report.as_json()), content_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{filename(days, today)}"'})

    @app.get("/desk/dist/<name:str>")
    async def insight_script(request: Request, name: str):
        if name not in BUNDLE_FILES or not (BUNDLE_DIR / name).is_file():
            # Without it the page still shows every figure, as tables.
            return response.json({"error": "Niet gevonden. Bouw het met scripts/web_setup.sh."}, status=404)
        return await response.file(BUNDLE_DIR / name)
