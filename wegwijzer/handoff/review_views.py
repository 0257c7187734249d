"""The review inbox in the desk (/desk/inbox), for coordinators: the messages the
assistant missed, grouped, and their decisions (wegwijzer.insight.inbox).

Only coordinators: without a login the page sends the browser to the login page
(the JSON API answers 401), an advisor gets a page that says it is for
coordinators (403). A decision is a POST from the desk's own pages only (the
same-origin check of every desk POST; the cookie is SameSite=Strict). The
messages are shown as the tracker store holds them: redacted.
"""
from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any, Optional

from sanic import Sanic, response
from sanic.request import Request
from sqlalchemy.exc import IntegrityError

from wegwijzer.handoff.insight_page import message_page
from wegwijzer.handoff.models import COORDINATOR, Advisor
from wegwijzer.handoff.responses import error, json_body, same_origin
from wegwijzer.handoff.state import Desk
from wegwijzer.insight import database
from wegwijzer.insight.collect import today_utc
from wegwijzer.insight.decisions import ASSIGNED, DECISIONS
from wegwijzer.insight.inbox import Inbox

logger = logging.getLogger(__name__)

PAGE = Path(__file__).with_name("desk") / "inbox.html"
MAX_ITEMS_PER_DECISION = 500  # a group is seldom more than a few dozen
ONLY_COORDINATORS = ("Alleen voor coördinatoren",
                     "De berichten die de assistent niet begreep, beoordelen alleen coördinatoren. "
                     "Wilt u meehelpen? Vraag een coördinator van uw team.")
NOT_REACHABLE = "De berichten zijn nu niet bereikbaar. Probeer het over een paar minuten opnieuw."


def decision_request(body: dict[str, Any]) -> tuple[Optional[tuple[list[int], str, Optional[str]]], str]:
    """((ids, decision, intent), "") from the page's JSON, or (None, what is wrong)."""
    ids = body.get("items")
    if not isinstance(ids, list) or not ids or len(ids) > MAX_ITEMS_PER_DECISION:
        return None, "Kies minstens één bericht."
    if not all(isinstance(item, int) and not isinstance(item, bool) for item in ids):
        return None, "Deze berichten ken ik niet."
    decision = body.get("decision")
    if decision not in DECISIONS:
        return None, "Kies: toewijzen aan een vraag, nieuwe vraag of geen vraag."
    intent = body.get("intent") if decision == ASSIGNED else None
    if decision == ASSIGNED and (not isinstance(intent, str) or not intent.strip()):
        return None, "Kies eerst een vraag of intent uit de lijst."
    return (ids, decision, intent.strip() if intent else None), ""


def register_review(app: Sanic, desk: Desk) -> None:
    inbox = Inbox(database.tracker_url())

    def coordinator(request: Request) -> tuple[Optional[Advisor], Optional[response.HTTPResponse]]:
        """(the coordinator, None), or (None, the answer for anyone else)."""
        advisor = desk.advisor_for(request)
        wants_page = not request.path.startswith("/desk/api/")
        if advisor is None:
            return None, response.redirect("/desk/login") if wants_page else error("Log eerst in.", 401)
        if advisor.role != COORDINATOR:
            return None, (response.html(message_page(*ONLY_COORDINATORS), status=403) if wants_page
                          else error(ONLY_COORDINATORS[1], 403))
        if request.method == "POST" and not same_origin(request):
            return None, error("Verzoek van een andere website geweigerd.", 403)
        return advisor, None

    @app.get("/desk/inbox")
    async def inbox_page(request: Request):
        _, refused = coordinator(request)
        return refused or response.html(PAGE.read_text(encoding="utf-8"))

    @app.get("/desk/api/inbox")
    async def inbox_items(request: Request):
        _, refused = coordinator(request)
        if refused:
            return refused
        try:
            return response.json(await asyncio.to_thread(inbox.groups))
        except database.DATABASE_ERRORS as problem:
            logger.warning("review inbox: the tracker store could not be read (%s)", type(problem).__name__)
            return error(NOT_REACHABLE, 503)

    @app.post("/desk/api/inbox/decisions")
    async def inbox_decision(request: Request):
        advisor, refused = coordinator(request)
        if refused:
            return refused
        asked, problem = decision_request(json_body(request))
        if asked is None:
            return error(problem, 400)
        ids, decision, intent = asked
        try:
            kept = await asyncio.to_thread(inbox.decide, ids, decision, intent, advisor.username, today_utc())
        except ValueError:
            return error("Deze vraag of intent staat niet in de lijst. Kies er een uit de lijst.", 400)
        except IntegrityError:
            return error("Een andere coördinator beoordeelde deze berichten net. Laad de pagina opnieuw.", 409)
        except database.DATABASE_ERRORS as problem:
            logger.warning("review inbox: a decision could not be kept (%s)", type(problem).__name__)
            return error(NOT_REACHABLE, 503)
        if not kept:
            return error("Deze berichten zijn al beoordeeld of niet meer bewaard. Laad de pagina opnieuw.", 409)
        logger.info("review inbox: %d message(s) decided (%s) by advisor %s", kept, decision, advisor.id)
        return response.json({"decided": kept, "decision": decision, "intent": intent}, status=201)
