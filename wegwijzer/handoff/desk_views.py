"""The advisor desk: login pages, the desk page, its JSON API and websocket.
Every request needs a valid login; an advisor reads the queue and their own
conversations, a coordinator every conversation (state.can_read). What an
advisor types reaches the person as typed and is stored redacted, like the
person's own messages."""
from __future__ import annotations

import asyncio
import json
import logging
from functools import partial, wraps
from pathlib import Path
from typing import Any

from sanic import Sanic, response
from sanic.request import Request
from sqlalchemy import func, select, update

from wegwijzer.handoff import auth, crypto
from wegwijzer.handoff.availability import office_open
from wegwijzer.handoff.models import (
    ACTIVE, ADVISOR_AUTHOR, CANCELLED, CLOSED as CLOSED_STATUS, CONSENT_ALL, COORDINATOR, DELIVERED, EXPIRED,
    NOT_DELIVERED, SENDING, WAITING, Advisor, Handoff, LeftQuestion, Message, utcnow,
)
from wegwijzer.handoff.privacy import redact
from wegwijzer.handoff.responses import client_address, error, json_body, same_origin
from wegwijzer.handoff.state import (
    MAX_MESSAGE, RASA_ERRORS, Desk, can_read, detail_json, handoff_card, iso_time, message_json,
)
from wegwijzer.handoff.summary import language_code
from wegwijzer.handoff.texts import advisor_message, response_text

logger = logging.getLogger(__name__)

DESK_FILES = Path(__file__).with_name("desk")


def register_desk(app: Sanic, desk: Desk) -> None:
    config = desk.config

    # -- the desk: pages -----------------------------------------------------------------------
    def page(name: str, **replacements: str) -> response.HTTPResponse:
        html = (DESK_FILES / name).read_text(encoding="utf-8")
        for key, value in replacements.items():
            html = html.replace("{{" + key + "}}", value)
        return response.html(html)

    @app.get("/")
    async def root(request):
        return response.redirect("/desk/")

    @app.get("/favicon.ico")
    async def favicon(request):
        return response.empty()

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
        if not same_origin(request):
            return error("Verzoek van een andere website geweigerd.", 403)
        wants_json = request.content_type.startswith("application/json")
        form = json_body(request) if wants_json else {k: request.form.get(k) for k in ("username", "password")}
        username, password = str(form.get("username") or ""), str(form.get("password") or "")
        # Per user name (guessing one account) and per client address (guessing many).
        user, address = f"user:{username.strip().lower()}", f"address:{client_address(request)}"
        if desk.throttle.blocked(user) or desk.address_throttle.blocked(address):
            logger.info("desk login refused: too many failed logins")
            return error("Te veel pogingen. Wacht een kwartier.", 429) if wants_json else response.redirect("/desk/login?melding=2", status=303)
        # Counted before the check, so that guesses sent at the same time count too; a success takes it back.
        desk.throttle.failed(user)
        desk.address_throttle.failed(address)
        # Argon2 is slow on purpose: in a thread, so that the desk keeps answering everyone else.
        advisor, token = await asyncio.get_running_loop().run_in_executor(
            desk.password_checks, partial(auth.login, desk.sessions, username, password, config.session_hours))
        if advisor is None:
            logger.info("desk login failed")
            return error("Gebruikersnaam of wachtwoord klopt niet.", 401) if wants_json else response.redirect("/desk/login?melding=1", status=303)
        desk.throttle.succeeded(user)
        desk.address_throttle.succeeded(address)
        logger.info("desk login: advisor %s", advisor.id)
        resp = response.json({"ok": True}) if wants_json else response.redirect("/desk/", status=303)
        set_cookie(resp, token, int(config.session_hours * 3600))
        return resp

    def set_cookie(resp: response.HTTPResponse, value: str, max_age: int) -> None:
        """HttpOnly, SameSite=Strict, Path=/, no Domain; with cookie_secure also Secure
        (and named "__Host-...", see state.SECURE_COOKIE)."""
        resp.cookies[desk.cookie] = value
        cookie = resp.cookies[desk.cookie]
        cookie["httponly"] = True
        cookie["samesite"] = "Strict"
        cookie["path"] = "/"
        cookie["max-age"] = max_age
        if config.cookie_secure:
            cookie["secure"] = True

    @app.post("/desk/logout")
    async def logout(request):
        if not same_origin(request):
            return error("Verzoek van een andere website geweigerd.", 403)
        advisor = desk.advisor_for(request)
        with desk.sessions() as session:
            auth.end_session(session, request.cookies.get(desk.cookie))
        if advisor is not None:
            for ws in list(desk.sockets.get(advisor.id, ())):
                await ws.close()
        resp = response.redirect("/desk/login?melding=3", status=303)
        set_cookie(resp, "", 0)  # the same attributes, or a browser keeps a "__Host-" cookie
        return resp

    app.static("/desk/static", str(DESK_FILES / "static"), name="desk_static")

    # -- the desk: API ----------------------------------------------------------------------------
    def login_required(handler):
        @wraps(handler)
        async def wrapper(request: Request, *args, **kwargs):
            advisor = desk.advisor_for(request)
            if advisor is None:
                return error("Log eerst in.", 401)
            if request.method not in ("GET", "HEAD") and not same_origin(request):
                return error("Verzoek van een andere website geweigerd.", 403)
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
            return error("Dit gesprek bestaat niet.", 404)
        if not can_read(advisor, handoff):
            return error("U mag dit gesprek niet lezen.", 403)
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
                return error("Dit gesprek bestaat niet.", 404)
            claimed = session.execute(update(Handoff).where(Handoff.id == handoff_id, Handoff.status == WAITING)
                                      .values(status=ACTIVE, advisor_id=me.id, taken_at=utcnow())).rowcount
            session.commit()
            if not claimed:
                return error("Dit gesprek is al aangenomen of staat niet meer in de wachtrij.", 409)
            conversation_id, consent = handoff.conversation_id, handoff.consent
            language = language_code(handoff.summary_json)
        desk.busy.add(handoff_id)
        try:
            # The conversation so far (only with consent), then the person's messages from here on.
            await desk.copy_new_messages(handoff_id, "transcript" if consent == CONSENT_ALL else "skip")
            await desk.rasa.pause(conversation_id, response_text("utter_handoff_desk_start", language,
                                                                 adviseur=me.display_name))
        except RASA_ERRORS as problem:
            logger.warning("handoff %s: taking failed (%s); back in the queue", handoff_id, problem)
            with desk.sessions() as session:
                session.execute(update(Handoff).where(Handoff.id == handoff_id)
                                .values(status=WAITING, advisor_id=None, taken_at=None))
                session.commit()
            return error("De assistent is nu niet bereikbaar. Het gesprek staat weer in de wachtrij.", 502)
        finally:
            desk.busy.discard(handoff_id)
        logger.info("handoff %s taken by advisor %s", handoff_id, me.id)
        await desk.queue_changed()
        with desk.sessions() as session:
            return response.json(detail_json(session.get(Handoff, handoff_id)))

    def own_active(session, advisor: Advisor, handoff_id: str, allow_coordinator: bool) -> Handoff | response.HTTPResponse:
        handoff = session.get(Handoff, handoff_id)
        if handoff is None:
            return error("Dit gesprek bestaat niet.", 404)
        if handoff.advisor_id != advisor.id and not (allow_coordinator and advisor.role == COORDINATOR):
            return error("Dit is niet uw gesprek.", 403)
        if handoff.status != ACTIVE:
            return error("Dit gesprek is niet meer actief.", 409)
        return handoff

    @app.post("/desk/api/handoffs/<handoff_id:str>/messages")
    @login_required
    async def send_message(request, handoff_id):
        me = request.ctx.advisor
        text = str(json_body(request).get("text") or "").strip()
        if not text:
            return error("Typ eerst een bericht.", 400)
        if len(text) > MAX_MESSAGE:
            return error(f"Uw bericht is te lang (meer dan {MAX_MESSAGE} tekens).", 400)
        with desk.sessions() as session:
            handoff = own_active(session, me, handoff_id, allow_coordinator=False)
            if isinstance(handoff, response.HTTPResponse):
                return handoff
            conversation_id = handoff.conversation_id
            # Recorded first, so a message that does not arrive is still in the desk, marked as such;
            # redacted, like the person's messages (the person gets it as typed).
            message = Message(handoff_id=handoff_id, author=ADVISOR_AUTHOR, text=redact(text)[:MAX_MESSAGE], delivery=SENDING)
            session.add(message)
            session.commit()
            message_id = message.id
        desk.typed[message_id] = text
        return await deliver(handoff_id, message_id, conversation_id, me.display_name, text)

    async def deliver(handoff_id: str, message_id: int, conversation_id: str, name: str, text: str,
                      maybe_sent: bool = False):
        """Push the advisor's message (with retries, see rasa_api); 201 when Rasa
        confirmed it, otherwise 502 with the message marked as not delivered."""
        if message_id in desk.sending:
            return error("Dit bericht wordt al verstuurd.", 409)
        desk.sending.add(message_id)
        try:
            await desk.rasa.say(conversation_id, advisor_message(name, text), marker=f"desk-{handoff_id}-{message_id}",
                                maybe_sent=maybe_sent)
            delivery = DELIVERED
        except RASA_ERRORS as problem:
            logger.warning("handoff %s: message %s not delivered (%s)", handoff_id, message_id, problem)
            delivery = NOT_DELIVERED
        finally:
            desk.sending.discard(message_id)
        if delivery == DELIVERED:
            desk.typed.pop(message_id, None)
        with desk.sessions() as session:
            message = session.get(Message, message_id)
            message.delivery = delivery
            session.commit()
            # The advisor's own page shows what the person got; a reload shows what is stored.
            body = {"message": {**message_json(message), "text": text}}
        if delivery == DELIVERED:
            return response.json(body, status=201)
        return response.json({**body, "error": "Het bericht is niet afgeleverd: de assistent is niet bereikbaar. "
                                               "Probeer het opnieuw."}, status=502)

    @app.post("/desk/api/handoffs/<handoff_id:str>/messages/<message_id:int>/retry")
    @login_required
    async def retry_message(request, handoff_id, message_id):
        me = request.ctx.advisor
        with desk.sessions() as session:
            handoff = own_active(session, me, handoff_id, allow_coordinator=False)
            if isinstance(handoff, response.HTTPResponse):
                return handoff
            message = session.get(Message, message_id)
            if message is None or message.handoff_id != handoff_id or message.author != ADVISOR_AUTHOR:
                return error("Dit bericht bestaat niet.", 404)
            if message.delivery == DELIVERED:
                return response.json({"message": message_json(message)})
            # As typed while this desk process knows it; after a restart only the redacted text is left.
            conversation_id, text = handoff.conversation_id, desk.typed.get(message_id, message.text)
        # The same marker as before: if an earlier try did arrive after all, it is not sent twice.
        return await deliver(handoff_id, message_id, conversation_id, me.display_name, text, maybe_sent=True)

    @app.post("/desk/api/handoffs/<handoff_id:str>/close")
    @login_required
    async def close(request, handoff_id):
        me = request.ctx.advisor
        with desk.sessions() as session:
            handoff = own_active(session, me, handoff_id, allow_coordinator=True)
            if isinstance(handoff, response.HTTPResponse):
                return handoff
            conversation_id, language = handoff.conversation_id, language_code(handoff.summary_json)
            name = handoff.advisor.display_name if handoff.advisor else me.display_name
        desk.busy.add(handoff_id)
        try:
            await desk.copy_new_messages(handoff_id)
            await desk.rasa.resume(conversation_id, response_text("utter_handoff_desk_einde", language, adviseur=name))
        except RASA_ERRORS as problem:
            logger.warning("handoff %s: hand back failed (%s)", handoff_id, problem)
            return error("Teruggeven lukte niet: de assistent is niet bereikbaar. Probeer het opnieuw.", 502)
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
                "id": q.id, "at": iso_time(q.created_at), "question": q.question, "handled": q.handled,
                "contact": crypto.decrypt(desk.private_key, q.contact_encrypted) if q.contact_encrypted else None,
                "summary": json.loads(q.summary_json or "{}"),
            } for q in rows]})

    @app.post("/desk/api/questions/<question_id:int>/handled")
    @login_required
    async def question_handled(request, question_id):
        with desk.sessions() as session:
            question = session.get(LeftQuestion, question_id)
            if question is None:
                return error("Deze vraag bestaat niet.", 404)
            question.handled, question.handled_by, question.handled_at = True, request.ctx.advisor.id, utcnow()
            session.commit()
        await desk.queue_changed()
        return response.json({"ok": True})

    @app.websocket("/desk/ws")
    async def desk_socket(request, ws):
        advisor = desk.advisor_for(request)
        if advisor is None or not same_origin(request):
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
