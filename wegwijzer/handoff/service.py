"""The handoff service (Sanic): the queue API for the action server and the
advisor desk (login, queue, transcript, live chat, hand back).

    /api/...        for the action server, bearer token HANDOFF_API_TOKEN
    /desk/...       the advisor desk, login required (session cookie)
    /desk/ws        websocket: the desk page hears about the queue and new
                    messages at once; an open desk page is the advisor's presence

The conversation is paused in Rasa only while an advisor chats (pause on take,
resume on hand back); while a person waits in the queue the assistant keeps
answering. The handoff state is kept in the database, not in the tracker: a
poller copies the person's new messages to the desk and pauses the
conversation again when a new session or `/restart` un-paused it.
One process: presence and websockets live in memory.
"""
from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from collections import defaultdict
from datetime import timedelta
from functools import wraps
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlparse

import aiohttp
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sqlalchemy import func, select, update

from wegwijzer.handoff import auth, crypto
from wegwijzer.handoff.availability import estimate_wait_minutes, free_places, office_open
from wegwijzer.handoff.client import BUSY, CLOSED, NOBODY
from wegwijzer.handoff.config import HandoffConfig
from wegwijzer.handoff.db import session_factory
from wegwijzer.handoff.models import (
    ACTIVE, ADVISOR_AUTHOR, ASSISTANT, CANCELLED, CLOSED as CLOSED_STATUS, CONSENT_ALL, CONSENT_NONE, CONSENTS,
    COORDINATOR, EXPIRED, PERSON, SYSTEM, WAITING, Advisor, Handoff, LeftQuestion, Message, utcnow,
)
from wegwijzer.handoff.privacy import redact
from wegwijzer.handoff.rasa_api import RasaApi, RasaError
from wegwijzer.handoff.summary import SUMMARY_FIELDS
from wegwijzer.handoff.texts import advisor_message, akj_routes_text, response_buttons, response_text

logger = logging.getLogger(__name__)

DESK_FILES = Path(__file__).with_name("desk")
COOKIE = "wegwijzer_desk"
MAX_MESSAGE = 2000
# An advisor who reloads the desk page is briefly absent: only after this many
# seconds without anyone present are waiting people told and given the routes.
PRESENCE_GRACE_SECONDS = 20
SWEEP_SECONDS = 2
# Intents that make the desk flag a message the person sent during the chat.
CRISIS_INTENTS = {"noodsituatie"}


class Desk:
    """Shared state of one service process."""

    def __init__(self, config: HandoffConfig) -> None:
        self.config = config
        self.sessions = session_factory(config.database_url)
        self.rasa = RasaApi(config)
        self.sockets: dict[int, set] = defaultdict(set)  # advisor id -> open desk websockets
        self.accepting: dict[int, bool] = {}  # advisor id -> "beschikbaar" switch on the desk page
        self.throttle = auth.LoginThrottle()
        self.unavailable_since: Optional[float] = None
        self.busy: set[str] = set()  # handoffs being taken or handed back right now

    # -- presence and availability -------------------------------------------------
    def present_advisors(self) -> list[int]:
        return [aid for aid, sockets in self.sockets.items() if sockets and self.accepting.get(aid, True)]

    def availability(self, conversation_id: Optional[str] = None) -> dict[str, Any]:
        with self.sessions() as session:
            if conversation_id:
                open_one = session.execute(
                    select(Handoff).where(Handoff.conversation_id == conversation_id, Handoff.status.in_((WAITING, ACTIVE)))
                ).scalars().first()
                if open_one is not None:
                    return {"available": True, "already": open_one.status, "position": self._position(session, open_one)}
            if not office_open(self.config.office_hours):
                return {"available": False, "reason": CLOSED}
            present = self.present_advisors()
            if not present:
                return {"available": False, "reason": NOBODY}
            active = dict(session.execute(
                select(Handoff.advisor_id, func.count()).where(Handoff.status == ACTIVE).group_by(Handoff.advisor_id)
            ).all())
            waiting = session.execute(select(func.count()).where(Handoff.status == WAITING)).scalar_one()
        free = free_places([active.get(aid, 0) for aid in present], self.config.chats_per_advisor)
        wait = estimate_wait_minutes(waiting, free, len(present), self.config.avg_chat_minutes)
        if wait > self.config.max_wait_minutes:
            return {"available": False, "reason": BUSY, "wait_minutes": wait}
        return {"available": True, "wait_minutes": wait, "queue_length": waiting}

    @staticmethod
    def _position(session, handoff: Handoff) -> int:
        if handoff.status != WAITING:
            return 0
        return session.execute(
            select(func.count()).where(Handoff.status == WAITING, Handoff.created_at <= handoff.created_at)
        ).scalar_one()

    # -- notifications to open desk pages --------------------------------------------
    async def notify(self, payload: dict[str, Any], advisor_ids: Optional[list[int]] = None) -> None:
        text = json.dumps(payload, ensure_ascii=False)
        targets = [(aid, ws) for aid, sockets in self.sockets.items() if advisor_ids is None or aid in advisor_ids
                   for ws in list(sockets)]
        for aid, ws in targets:
            try:
                await ws.send(text)
            except Exception:  # noqa: BLE001 - a closed page must not stop the others
                self.sockets[aid].discard(ws)

    async def queue_changed(self) -> None:
        await self.notify({"type": "queue"})

    # -- conversation sync with Rasa ---------------------------------------------------
    async def copy_new_messages(self, handoff_id: str, mode: str = "chat") -> None:
        """Copy messages after the handoff's cursor into the desk (person texts redacted).

        mode "chat": the person's messages during the chat; "transcript": the
        conversation so far (consent "alles"); "skip": only move the cursor.
        """
        as_transcript = mode == "transcript"
        with self.sessions() as session:
            handoff = session.get(Handoff, handoff_id)
            if handoff is None:
                return
            conversation_id, cursor, owner = handoff.conversation_id, handoff.event_cursor, handoff.advisor_id
        events, paused = await self.rasa.events(conversation_id)
        added: list[Message] = []
        latest = cursor
        for event in events:
            stamp = float(event.get("timestamp") or 0)
            latest = max(latest, stamp)
            if mode == "skip" or stamp <= cursor or event.get("event") not in ("user", "bot") or not (event.get("text") or "").strip():
                continue
            if event["event"] == "bot" and not as_transcript:
                continue  # during the chat the bot events are the advisor's own messages
            author = PERSON if event["event"] == "user" else ASSISTANT
            text = event["text"].strip()
            added.append(Message(author=author, text=(redact(text) if author == PERSON else text)[:MAX_MESSAGE],
                                 from_transcript=as_transcript))
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if author == PERSON and intent in CRISIS_INTENTS and not as_transcript:
                added.append(Message(author=SYSTEM, text="Let op: dit bericht lijkt over direct gevaar te gaan. "
                                     "Geef zo nodig de noodroutes."))
        unpaused = False
        with self.sessions() as session:
            handoff = session.get(Handoff, handoff_id)
            if not paused and handoff.status == ACTIVE and mode == "chat":
                unpaused = True
                added.append(Message(author=SYSTEM, text=(
                    "De persoon begon een nieuw gesprek met de assistent. De assistent is weer op pauze gezet.")))
            for message in added:
                message.handoff_id = handoff_id
                session.add(message)
            handoff.event_cursor = latest
            session.commit()
            new_messages = [message_json(m) for m in added]
        if unpaused:
            # A new session or `/restart` un-paused it; the database says an advisor is chatting.
            await self.rasa.pause(conversation_id)
            logger.info("handoff %s: conversation was un-paused; paused again", handoff_id)
        if new_messages and owner is not None and not as_transcript:
            await self.notify({"type": "messages", "handoff_id": handoff_id, "messages": new_messages}, [owner])

    async def poll_active(self) -> None:
        """Bring the person's messages to the desk, every HANDOFF_POLL_SECONDS."""
        while True:
            await asyncio.sleep(self.config.poll_seconds)
            with self.sessions() as session:
                active = session.execute(select(Handoff.id).where(Handoff.status == ACTIVE)).scalars().all()
            for handoff_id in active:
                if handoff_id in self.busy:
                    continue
                try:
                    await self.copy_new_messages(handoff_id)
                except (RasaError, aiohttp.ClientError, asyncio.TimeoutError) as error:
                    logger.warning("handoff %s: could not read the conversation (%s)", handoff_id, error)
                except Exception:  # noqa: BLE001 - the poller must keep running
                    logger.exception("handoff %s: poll failed", handoff_id)

    # -- people waiting too long or without anyone present ---------------------------------
    async def sweep_waiting(self) -> None:
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            try:
                await self.expire_waiting()
            except Exception:  # noqa: BLE001 - the sweeper must keep running
                logger.exception("sweeping the queue failed")

    async def expire_waiting(self) -> None:
        available = office_open(self.config.office_hours) and bool(self.present_advisors())
        if available:
            self.unavailable_since = None
        elif self.unavailable_since is None:
            self.unavailable_since = time.monotonic()
        nobody_for_long = self.unavailable_since is not None and (
            time.monotonic() - self.unavailable_since > PRESENCE_GRACE_SECONDS)
        too_old = utcnow() - timedelta(minutes=self.config.max_wait_minutes)
        with self.sessions() as session:
            waiting = session.execute(select(Handoff).where(Handoff.status == WAITING)).scalars().all()
            expired = []
            for handoff in waiting:
                reason = "te_lang" if handoff.created_at < too_old else ("niemand_meer" if nobody_for_long else None)
                if reason is None:
                    continue
                changed = session.execute(update(Handoff).where(Handoff.id == handoff.id, Handoff.status == WAITING)
                                          .values(status=EXPIRED, closed_at=utcnow(), close_reason=reason)).rowcount
                if changed:
                    expired.append((handoff.id, handoff.conversation_id, reason))
            session.commit()
        for handoff_id, conversation_id, reason in expired:
            logger.info("handoff %s expired (%s): the person gets the AKJ routes", handoff_id, reason)
            lead = response_text("utter_handoff_desk_te_lang" if reason == "te_lang" else "utter_handoff_desk_niemand_meer")
            text = "\n\n".join([lead, akj_routes_text(), response_text("utter_handoff_vraag_aanbod")])
            try:
                await self.rasa.say(conversation_id, text, response_buttons("utter_handoff_vraag_aanbod"))
            except (RasaError, aiohttp.ClientError, asyncio.TimeoutError) as error:
                logger.warning("handoff %s: could not tell the person (%s)", handoff_id, error)
        if expired:
            await self.queue_changed()

    # -- desk login -------------------------------------------------------------------------
    def advisor_for(self, request: Request) -> Optional[Advisor]:
        with self.sessions() as session:
            return auth.advisor_for_token(session, request.cookies.get(COOKIE))


# -- JSON shapes ---------------------------------------------------------------------------
def _iso(moment) -> Optional[str]:
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


def message_json(message: Message) -> dict[str, Any]:
    return {"id": message.id, "author": message.author, "text": message.text, "at": _iso(message.created_at)}


def handoff_card(handoff: Handoff) -> dict[str, Any]:
    summary = json.loads(handoff.summary_json or "{}") if handoff.consent != CONSENT_NONE else {}
    return {
        "id": handoff.id,
        "status": handoff.status,
        "consent": handoff.consent,
        "summary": summary,
        "created_at": _iso(handoff.created_at),
        "waiting_seconds": int(((handoff.taken_at or utcnow()) - handoff.created_at).total_seconds()),
        "taken_at": _iso(handoff.taken_at),
        "closed_at": _iso(handoff.closed_at),
        "close_reason": handoff.close_reason,
        "advisor": handoff.advisor.display_name if handoff.advisor else None,
        "advisor_id": handoff.advisor_id,
    }


def detail_json(handoff: Handoff) -> dict[str, Any]:
    """The card plus the conversation so far (only with consent) and the chat."""
    transcript = [message_json(m) for m in handoff.messages if m.from_transcript] if handoff.consent == CONSENT_ALL else []
    chat = [message_json(m) for m in handoff.messages if not m.from_transcript]
    return {**handoff_card(handoff), "transcript": transcript, "messages": chat}


def can_read(advisor: Advisor, handoff: Handoff) -> bool:
    """The queue is for everyone; a conversation after it was taken only for its
    advisor, and for a coordinator."""
    return handoff.status == WAITING or handoff.advisor_id == advisor.id or advisor.role == COORDINATOR


def _error(text: str, status: int) -> response.HTTPResponse:
    return response.json({"error": text}, status=status)


def _same_origin(request: Request) -> bool:
    """Browsers send Origin on cross-site requests; refuse those (CSRF, websocket hijacking)."""
    origin = request.headers.get("origin")
    return not origin or urlparse(origin).netloc == request.host


def _clean_summary(raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        return {}
    return {key: redact(str(raw[key]))[:1000] for key in SUMMARY_FIELDS if isinstance(raw.get(key), (str, int, float)) and str(raw[key]).strip()}


def _clean_transcript(raw: Any) -> list[tuple[str, str, float]]:
    if not isinstance(raw, list):
        return []
    cleaned = []
    for item in raw[-100:]:
        if not isinstance(item, dict) or item.get("author") not in (PERSON, ASSISTANT) or not isinstance(item.get("text"), str):
            continue
        text = item["text"].strip()[:MAX_MESSAGE]
        stamp = item.get("timestamp") if isinstance(item.get("timestamp"), (int, float)) else 0.0
        if text:
            cleaned.append((item["author"], redact(text) if item["author"] == PERSON else text, float(stamp)))
    return cleaned


# -- the app -------------------------------------------------------------------------------
def create_app(config: HandoffConfig, name: str = "wegwijzer_handoff") -> Sanic:
    app = Sanic(name, configure_logging=False)
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.config.REQUEST_MAX_SIZE = 256 * 1024
    app.config.WEBSOCKET_PING_INTERVAL = 20
    desk = Desk(config)
    app.ctx.desk = desk
    tasks: list[asyncio.Task] = []

    @app.after_server_start
    async def start_background(app_, _loop):
        tasks.append(asyncio.create_task(desk.poll_active()))
        tasks.append(asyncio.create_task(desk.sweep_waiting()))
        logger.info("Handoff desk ready on port %s (office hours %r, Rasa %s)", config.port, config.office_hours, config.rasa_url)

    @app.before_server_stop
    async def stop_background(app_, _loop):
        for task in tasks:
            task.cancel()
        await desk.rasa.close()

    @app.middleware("response")
    async def security_headers(request, resp):
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
        if request.path.startswith(("/desk", "/api")):
            resp.headers["Cache-Control"] = "no-store"

    @app.exception(SanicException)
    async def known_error(request, exception):
        status = getattr(exception, "status_code", 500) or 500
        text = "Dat verzoek is niet geldig." if status < 500 else "Er ging iets mis."
        if status == 404:
            text = "Niet gevonden."
        return _error(text, status)

    @app.exception(Exception)
    async def unknown_error(request, exception):
        logger.exception("Unhandled error on %s", request.path)
        return _error("Er ging iets mis. Probeer het opnieuw.", 500)

    def json_body(request: Request) -> dict[str, Any]:
        try:
            body = request.json
        except Exception:  # noqa: BLE001 - malformed JSON is a 400, not a crash
            return {}
        return body if isinstance(body, dict) else {}

    # -- API for the action server ---------------------------------------------------------
    def api_token_required(handler):
        @wraps(handler)
        async def wrapper(request: Request, *args, **kwargs):
            header = request.headers.get("authorization", "")
            supplied = header[7:] if header.lower().startswith("bearer ") else ""
            if not config.api_token or not secrets.compare_digest(supplied.encode(), config.api_token.encode()):
                return _error("Geen geldig token.", 401)
            return await handler(request, *args, **kwargs)
        return wrapper

    @app.get("/health")
    async def health(request):
        return response.json({"status": "ok"})

    @app.get("/api/availability")
    @api_token_required
    async def api_availability(request):
        return response.json(desk.availability(request.args.get("conversation_id")))

    @app.post("/api/handoffs")
    @api_token_required
    async def api_request_handoff(request):
        body = json_body(request)
        conversation_id = body.get("conversation_id")
        if not isinstance(conversation_id, str) or not 0 < len(conversation_id) <= 255:
            return _error("conversation_id ontbreekt.", 400)
        consent = body.get("consent") if body.get("consent") in CONSENTS else CONSENT_NONE
        state = desk.availability(conversation_id)
        if state.get("already"):
            with desk.sessions() as session:
                existing = session.execute(select(Handoff).where(
                    Handoff.conversation_id == conversation_id, Handoff.status.in_((WAITING, ACTIVE)))).scalars().first()
                return response.json({"id": existing.id, "position": state["position"], "status": existing.status})
        if not state["available"]:
            return response.json({"reason": state["reason"]}, status=409)
        summary = _clean_summary(body.get("summary")) if consent != CONSENT_NONE else {}
        transcript = _clean_transcript(body.get("transcript")) if consent == CONSENT_ALL else []
        with desk.sessions() as session:
            handoff = Handoff(conversation_id=conversation_id, consent=consent,
                              summary_json=json.dumps(summary, ensure_ascii=False),
                              event_cursor=max([stamp for _, _, stamp in transcript], default=0.0) or time.time())
            handoff.messages = [Message(author=author, text=text, from_transcript=True) for author, text, _ in transcript]
            session.add(handoff)
            session.commit()
            position = desk._position(session, handoff)
            handoff_id = handoff.id
        logger.info("handoff %s queued at position %s (consent %s)", handoff_id, position, consent)
        await desk.queue_changed()
        return response.json({"id": handoff_id, "position": position, "wait_minutes": state["wait_minutes"]}, status=201)

    # -- the desk: pages -----------------------------------------------------------------------
    def page(name: str, **replacements: str) -> response.HTTPResponse:
        html = (DESK_FILES / name).read_text(encoding="utf-8")
        for key, value in replacements.items():
            html = html.replace("{{" + key + "}}", value)
        return response.html(html)

    @app.get("/")
    async def root(request):
        return response.redirect("/desk/")

    @app.get("/desk/", strict_slashes=False)
    async def desk_page(request):
        if desk.advisor_for(request) is None:
            return response.redirect("/desk/login")
        return page("desk.html")

    @app.get("/desk/login")
    async def login_page(request):
        messages = {"1": "Gebruikersnaam of wachtwoord klopt niet.", "2": "Te veel pogingen. Wacht een kwartier.",
                    "3": "U bent uitgelogd."}
        text = messages.get(request.args.get("melding", ""), "")
        return page("login.html", melding=text, melding_class="melding" if text else "melding leeg")

    @app.post("/desk/login")
    async def login(request):
        if not _same_origin(request):
            return _error("Verzoek van een andere website geweigerd.", 403)
        wants_json = request.content_type.startswith("application/json")
        form = json_body(request) if wants_json else {k: request.form.get(k) for k in ("username", "password")}
        username, password = str(form.get("username") or ""), str(form.get("password") or "")
        keys = (f"user:{username.strip().lower()}", f"ip:{request.ip}")
        if desk.throttle.blocked(*keys):
            return _error("Te veel pogingen. Wacht een kwartier.", 429) if wants_json else response.redirect("/desk/login?melding=2", status=303)
        with desk.sessions() as session:
            advisor = auth.check_password(session, username, password) if username and password else None
            token = auth.start_session(session, advisor, config.session_hours) if advisor else None
        if advisor is None:
            desk.throttle.failed(*keys)
            logger.info("desk login failed")
            return _error("Gebruikersnaam of wachtwoord klopt niet.", 401) if wants_json else response.redirect("/desk/login?melding=1", status=303)
        desk.throttle.succeeded(*keys)
        logger.info("desk login: advisor %s", advisor.id)
        resp = response.json({"ok": True}) if wants_json else response.redirect("/desk/", status=303)
        resp.cookies[COOKIE] = token
        resp.cookies[COOKIE]["httponly"] = True
        resp.cookies[COOKIE]["samesite"] = "Strict"
        resp.cookies[COOKIE]["path"] = "/"
        resp.cookies[COOKIE]["max-age"] = int(config.session_hours * 3600)
        if config.cookie_secure:
            resp.cookies[COOKIE]["secure"] = True
        return resp

    @app.post("/desk/logout")
    async def logout(request):
        if not _same_origin(request):
            return _error("Verzoek van een andere website geweigerd.", 403)
        advisor = desk.advisor_for(request)
        with desk.sessions() as session:
            auth.end_session(session, request.cookies.get(COOKIE))
        if advisor is not None:
            for ws in list(desk.sockets.get(advisor.id, ())):
                await ws.close()
        resp = response.redirect("/desk/login?melding=3", status=303)
        del resp.cookies[COOKIE]
        return resp

    app.static("/desk/static", str(DESK_FILES / "static"), name="desk_static")

    # -- the desk: API ----------------------------------------------------------------------------
    def login_required(handler):
        @wraps(handler)
        async def wrapper(request: Request, *args, **kwargs):
            advisor = desk.advisor_for(request)
            if advisor is None:
                return _error("Log eerst in.", 401)
            if request.method not in ("GET", "HEAD") and not _same_origin(request):
                return _error("Verzoek van een andere website geweigerd.", 403)
            request.ctx.advisor = advisor
            return await handler(request, *args, **kwargs)
        return wrapper

    def me_json(advisor: Advisor) -> dict[str, Any]:
        return {"id": advisor.id, "name": advisor.display_name, "role": advisor.role,
                "accepting": desk.accepting.get(advisor.id, True)}

    @app.get("/desk/api/queue")
    @login_required
    async def queue(request):
        me = request.ctx.advisor
        with desk.sessions() as session:
            waiting = session.execute(select(Handoff).where(Handoff.status == WAITING).order_by(Handoff.created_at)).scalars().all()
            mine = session.execute(select(Handoff).where(Handoff.status == ACTIVE, Handoff.advisor_id == me.id)
                                   .order_by(Handoff.taken_at)).scalars().all()
            open_questions = session.execute(select(func.count()).where(LeftQuestion.handled.is_(False))).scalar_one()
            return response.json({
                "me": me_json(me), "office_open": office_open(config.office_hours),
                "present": len(desk.present_advisors()), "waiting": [handoff_card(h) for h in waiting],
                "mine": [handoff_card(h) for h in mine], "open_questions": open_questions,
            })

    @app.get("/desk/api/history")
    @login_required
    async def history(request):
        me = request.ctx.advisor
        query = select(Handoff).where(Handoff.status.in_((CLOSED_STATUS, EXPIRED, CANCELLED, ACTIVE)))
        if me.role != COORDINATOR:
            query = query.where(Handoff.advisor_id == me.id)
        with desk.sessions() as session:
            rows = session.execute(query.order_by(Handoff.created_at.desc()).limit(200)).scalars().all()
            return response.json({"handoffs": [handoff_card(h) for h in rows]})

    def readable_handoff(session, advisor: Advisor, handoff_id: str) -> Handoff | response.HTTPResponse:
        handoff = session.get(Handoff, handoff_id)
        if handoff is None:
            return _error("Dit gesprek bestaat niet.", 404)
        if not can_read(advisor, handoff):
            return _error("U mag dit gesprek niet lezen.", 403)
        return handoff

    @app.get("/desk/api/handoffs/<handoff_id:str>")
    @login_required
    async def handoff_detail(request, handoff_id):
        with desk.sessions() as session:
            handoff = readable_handoff(session, request.ctx.advisor, handoff_id)
            if isinstance(handoff, response.HTTPResponse):
                return handoff
            return response.json(detail_json(handoff))

    @app.post("/desk/api/handoffs/<handoff_id:str>/take")
    @login_required
    async def take(request, handoff_id):
        me = request.ctx.advisor
        with desk.sessions() as session:
            handoff = session.get(Handoff, handoff_id)
            if handoff is None:
                return _error("Dit gesprek bestaat niet.", 404)
            claimed = session.execute(update(Handoff).where(Handoff.id == handoff_id, Handoff.status == WAITING)
                                      .values(status=ACTIVE, advisor_id=me.id, taken_at=utcnow())).rowcount
            session.commit()
            if not claimed:
                return _error("Dit gesprek is al aangenomen of staat niet meer in de wachtrij.", 409)
            conversation_id, consent = handoff.conversation_id, handoff.consent
        desk.busy.add(handoff_id)
        try:
            # The conversation so far (only with consent), then the person's messages from here on.
            await desk.copy_new_messages(handoff_id, "transcript" if consent == CONSENT_ALL else "skip")
            await desk.rasa.pause(conversation_id, response_text("utter_handoff_desk_start", adviseur=me.display_name))
        except (RasaError, aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.warning("handoff %s: taking failed (%s); back in the queue", handoff_id, error)
            with desk.sessions() as session:
                session.execute(update(Handoff).where(Handoff.id == handoff_id)
                                .values(status=WAITING, advisor_id=None, taken_at=None))
                session.commit()
            return _error("De assistent is nu niet bereikbaar. Het gesprek staat weer in de wachtrij.", 502)
        finally:
            desk.busy.discard(handoff_id)
        logger.info("handoff %s taken by advisor %s", handoff_id, me.id)
        await desk.queue_changed()
        with desk.sessions() as session:
            return response.json(detail_json(session.get(Handoff, handoff_id)))

    def own_active(session, advisor: Advisor, handoff_id: str, allow_coordinator: bool) -> Handoff | response.HTTPResponse:
        handoff = session.get(Handoff, handoff_id)
        if handoff is None:
            return _error("Dit gesprek bestaat niet.", 404)
        if handoff.advisor_id != advisor.id and not (allow_coordinator and advisor.role == COORDINATOR):
            return _error("Dit is niet uw gesprek.", 403)
        if handoff.status != ACTIVE:
            return _error("Dit gesprek is niet meer actief.", 409)
        return handoff

    @app.post("/desk/api/handoffs/<handoff_id:str>/messages")
    @login_required
    async def send_message(request, handoff_id):
        me = request.ctx.advisor
        text = str(json_body(request).get("text") or "").strip()
        if not text:
            return _error("Typ eerst een bericht.", 400)
        if len(text) > MAX_MESSAGE:
            return _error(f"Uw bericht is te lang (meer dan {MAX_MESSAGE} tekens).", 400)
        with desk.sessions() as session:
            handoff = own_active(session, me, handoff_id, allow_coordinator=False)
            if isinstance(handoff, response.HTTPResponse):
                return handoff
            conversation_id = handoff.conversation_id
        try:
            await desk.rasa.say(conversation_id, advisor_message(me.display_name, text))
        except (RasaError, aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.warning("handoff %s: message not delivered (%s)", handoff_id, error)
            return _error("Het bericht is niet verstuurd: de assistent is niet bereikbaar. Probeer het opnieuw.", 502)
        with desk.sessions() as session:
            message = Message(handoff_id=handoff_id, author=ADVISOR_AUTHOR, text=text)
            session.add(message)
            session.commit()
            return response.json({"message": message_json(message)}, status=201)

    @app.post("/desk/api/handoffs/<handoff_id:str>/close")
    @login_required
    async def close(request, handoff_id):
        me = request.ctx.advisor
        with desk.sessions() as session:
            handoff = own_active(session, me, handoff_id, allow_coordinator=True)
            if isinstance(handoff, response.HTTPResponse):
                return handoff
            conversation_id = handoff.conversation_id
            name = handoff.advisor.display_name if handoff.advisor else me.display_name
        desk.busy.add(handoff_id)
        try:
            await desk.copy_new_messages(handoff_id)
            await desk.rasa.resume(conversation_id, response_text("utter_handoff_desk_einde", adviseur=name))
        except (RasaError, aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.warning("handoff %s: hand back failed (%s)", handoff_id, error)
            return _error("Teruggeven lukte niet: de assistent is niet bereikbaar. Probeer het opnieuw.", 502)
        finally:
            desk.busy.discard(handoff_id)
        with desk.sessions() as session:
            session.execute(update(Handoff).where(Handoff.id == handoff_id)
                            .values(status=CLOSED_STATUS, closed_at=utcnow(), close_reason="teruggegeven"))
            session.commit()
        logger.info("handoff %s handed back to the assistant", handoff_id)
        await desk.queue_changed()
        return response.json({"ok": True})

    @app.post("/desk/api/presence")
    @login_required
    async def presence(request):
        me = request.ctx.advisor
        desk.accepting[me.id] = bool(json_body(request).get("accepting", True))
        await desk.queue_changed()
        return response.json(me_json(me))

    @app.get("/desk/api/questions")
    @login_required
    async def questions(request):
        with desk.sessions() as session:
            rows = session.execute(select(LeftQuestion).order_by(LeftQuestion.handled, LeftQuestion.created_at.desc())
                                   .limit(200)).scalars().all()
            return response.json({"questions": [{
                "id": q.id, "at": _iso(q.created_at), "question": q.question, "handled": q.handled,
                "contact": crypto.decrypt(config, q.contact_encrypted) if q.contact_encrypted else None,
                "summary": json.loads(q.summary_json or "{}"),
            } for q in rows]})

    @app.post("/desk/api/questions/<question_id:int>/handled")
    @login_required
    async def question_handled(request, question_id):
        with desk.sessions() as session:
            question = session.get(LeftQuestion, question_id)
            if question is None:
                return _error("Deze vraag bestaat niet.", 404)
            question.handled, question.handled_by, question.handled_at = True, request.ctx.advisor.id, utcnow()
            session.commit()
        await desk.queue_changed()
        return response.json({"ok": True})

    @app.websocket("/desk/ws")
    async def desk_socket(request, ws):
        advisor = desk.advisor_for(request)
        if advisor is None or not _same_origin(request):
            await ws.close(code=4401, reason="login required")
            return
        desk.sockets[advisor.id].add(ws)
        desk.accepting.setdefault(advisor.id, True)
        await desk.queue_changed()
        try:
            while True:
                if await ws.recv() is None:
                    break
        except Exception:  # noqa: BLE001 - a dropped connection simply ends the presence
            pass
        finally:
            desk.sockets[advisor.id].discard(ws)
            await desk.queue_changed()

    return app


def serve(config: HandoffConfig, host: str = "0.0.0.0") -> None:
    app = create_app(config)
    app.run(host=host, port=config.port, access_log=False, motd=False, workers=1)
