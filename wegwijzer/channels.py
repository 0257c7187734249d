"""Input channels that check every message before Rasa sees it.

Used from credentials.yml instead of Rasa's own `rest` and `socketio`; the
names stay the same, so the URLs stay /webhooks/rest/webhook and /socket.io.

For each message, in this order:
1. Crisis check on the text as typed (wegwijzer.safety.assess: lexicon,
   distress score and trained classifier, the same verdict the NLU uses). A
   crisis always gets the emergency routes first, matched to the situation and
   the person's language, also when the message is too long, too fast, in the
   middle of a form, or while the conversation is paused for a human (a paused
   conversation predicts nothing, so the channel answers itself). A signal
   (violence or distress, not clearly now) gets the answer plus one line
   "Is er nu gevaar? Bel 112." with the emergency button.
2. Limits: message length (MAX_MESSAGE_CHARS), messages per client address
   (RATE_LIMIT_IP_MESSAGES, default 300, per RATE_LIMIT_SECONDS; counted in Redis
   when REDIS_URL is set, so shared by the instances; in this process otherwise
   and while Redis is unreachable) and per conversation (RATE_LIMIT_MESSAGES per
   RATE_LIMIT_SECONDS): a clear answer (in English when the message is
   clearly English: channel_text), not processed. The client address
   is the peer, or, when the peer is this machine (nginx in front), the last
   address in X-Forwarded-For (nginx appends the one it saw), else X-Real-IP.
3. Cleaning: HTML tags and control characters removed; personal data redacted
   (wegwijzer.privacy), so Rasa, the tracker store, the logs and the desk only
   ever see placeholders such as [naam] and [bsn].
4. Text starting with "/" is untrusted (it would set intents and entities):
   only the exact button payloads of the domain pass; otherwise the slash goes.
REST answers malformed requests with 400, bodies over 64 KB with 413 and too
many messages with 429, always as a JSON list of messages like a normal reply.
A message that is merely too long is a normal turn (200) with the request to
write it shorter: a long story is not an error of the client. With REST_TOKEN
set, REST takes only requests with `Authorization: Bearer <REST_TOKEN>` (401
otherwise); in the production profile (WEGWIJZER_PROFILE=production) without
REST_TOKEN it is off (403): the website's widget uses socket.io.

socket.io: the server issues the conversation id (wegwijzer.conversation_ids:
signed, so it cannot be guessed or made up). session_request with an id the
server did not issue gets a new conversation; a genuine id rejoins its room
(session_persistence: the widget keeps its conversation over a reload).
user_uttered counts for the conversation this socket asked for with
session_request, never for the `session_id` in the event; a socket without
one cannot send. The last part of an answer names it (`antwoord`); the widget's
`feedback` on it is kept with the answer (wegwijzer.feedback_channel). Handshakes
from an origin other than CORS_ORIGINS (and the origins given to Rasa's --cors,
which the start scripts derive from it) are refused. Logs carry a reference of
the conversation id (a hash), not the id.

With REDIS_URL set (several Rasa instances), the socket.io rooms are shared
over Redis (wegwijzer.shared_rooms): a push posted to any instance, such as an
advisor's message from the desk, reaches the person's socket on whichever
instance it is, or fails so that the desk tries again. A widget that was not
connected when a push went out gets it when it reconnects (wegwijzer.pushes).

Why one module of about 440 lines: credentials.yml names the two channel classes,
and they share one guard (MessageGuard) and one output (GuardedOutput); the
socket.io handlers replace Rasa's inside one blueprint. The parts with a job of
their own live beside it: conversation_ids, pushes, shared_rooms, rate_limits.
"""
from __future__ import annotations

import json
import logging
import os
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from wegwijzer import conversation_ids, feedback, pushes, secret_check, settings
from wegwijzer.conversation_ids import reference
from wegwijzer.directory import emergency_routes
from wegwijzer.directory.formatting import emergency_extra, emergency_text
from wegwijzer.feedback_channel import AnswerOutput, FeedbackReceiver
from wegwijzer.language import clear_language
from wegwijzer.message_cleaning import clean_text, message_metadata, trusted_text, valid_sender
from wegwijzer.privacy.logging_filter import install_log_redaction
from wegwijzer.rate_limits import RateLimiter, address_limiter, client_address
from wegwijzer.safety.assess import SIGNAL, Assessment, assess, warm_up
from wegwijzer.shared_rooms import PushOutput, joined, listen_now, share_rooms
from wegwijzer.texts import load_texts

logger = logging.getLogger(__name__)
install_log_redaction()  # Rasa loads this module at start: its logs are redacted from then on

MAX_BODY_BYTES = 64 * 1024
EMERGENCY_PAYLOAD = "/noodsituatie"  # the emergency button under answers (a domain intent)

_TEXTS = load_texts("channel_texts")  # what a person reads when a message cannot be handled as it is
TOO_LONG, TOO_BIG, TOO_FAST, TOO_MANY = (_TEXTS[k] for k in ("too_long", "too_big", "too_fast", "too_many"))
EMPTY, FAILED, UNREADABLE, BAD_SENDER = (_TEXTS[k] for k in ("empty", "failed", "unreadable", "bad_sender"))
REST_OFF, REST_NO_KEY, NO_SESSION = (_TEXTS[k] for k in ("rest_off", "rest_no_key", "no_session"))


def channel_text(key: str, message: Any = None) -> str:
    """A text of domain/channel_texts.yml; in English (channel_texts.en.yml) when the
    person's message is clearly English. The channel does not know the conversation's
    language (slot `taal`), so the message itself decides; unclear is Dutch."""
    english = isinstance(message, str) and clear_language(message) == "en"
    return load_texts("channel_texts", "en")[key] if english else _TEXTS[key]


def check_secrets() -> None:
    """Stop Rasa at start when a channel secret is a placeholder or short (also under plain `rasa run`)."""
    secret_check.require_strong(conversation_ids.SECRET_VARIABLE, "REST_TOKEN")


class GuardedOutput(OutputChannel):
    """Wraps the real output channel. A crisis: the emergency routes go out
    before any other reply, exactly once. A signal: the answer is followed by
    one line ("Is er nu gevaar? Bel 112.") with the emergency button."""

    def __init__(self, inner: OutputChannel, verdict: Assessment) -> None:
        self.inner, self.verdict = inner, verdict
        self.routes_sent = False

    def name(self) -> Text:  # type: ignore[override] - responses per channel use the real name
        return self.inner.name()

    async def ensure_routes(self, recipient_id: Text) -> None:
        if not self.routes_sent:
            self.routes_sent = True
            text = emergency_text(emergency_routes(), self.verdict.kind, self.verdict.language, intro=True)
            await self.inner.send_response(recipient_id, {"text": text})

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        is_routes = is_emergency_message(message.get("text"))
        if is_routes and self.routes_sent:
            return  # action_noodhulp after the channel already sent them: no duplicate
        if is_routes:
            self.routes_sent = True
        elif self.verdict.crisis:
            await self.ensure_routes(recipient_id)
        await self.inner.send_response(recipient_id, message)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text, **kwargs})

    async def finish(self, recipient_id: Text) -> None:
        """After the assistant's answer: the line for a signal (unless the routes were given)."""
        if self.verdict.level == SIGNAL and not self.routes_sent:
            await self.inner.send_response(recipient_id, signal_message(self.verdict.language))


def is_emergency_message(text: Any) -> bool:
    """The emergency routes (from the channel or action_noodhulp), in any language."""
    return isinstance(text, str) and "**112**" in text and all(f"**{r.value}**" in text for r in emergency_routes())


def signal_message(language: str) -> Dict[str, Any]:
    return {"text": emergency_extra(language, "signal"),
            "buttons": [{"title": emergency_extra(language, "button"), "payload": EMERGENCY_PAYLOAD}]}


class MessageGuard:
    """The checks shared by the REST and socket.io channels."""

    def __init__(self) -> None:
        check_secrets()
        self.max_chars = settings.MAX_MESSAGE_CHARS
        self.rate = RateLimiter(settings.RATE_LIMIT_MESSAGES, settings.RATE_LIMIT_SECONDS)
        self.addresses = address_limiter()
        self.app: Any = None  # the Sanic app, set when the server starts
        warm_up()  # crisis word lists, classifier and language models now, not during the first conversation

    @property
    def domain(self) -> Any:
        """The loaded model's domain (button payloads, responses); None before a model is loaded."""
        agent = getattr(getattr(self.app, "ctx", None), "agent", None)
        return getattr(agent, "domain", None)

    async def send_routes(self, output: OutputChannel, sender_id: str, verdict: Assessment) -> None:
        guarded = output if isinstance(output, GuardedOutput) else GuardedOutput(output, verdict)
        await guarded.ensure_routes(sender_id)
        await output.send_response(sender_id, {"text": emergency_extra(verdict.language, "continue")})

    async def handle(
        self,
        text: str,
        sender_id: str,
        output: OutputChannel,
        input_channel: str,
        metadata: Optional[Dict[str, Any]],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        address: Optional[str] = None,
    ) -> int:
        """Process one message from `address` (the client's, for the limit per
        address); returns an HTTP-like status (200, or 429 when too fast)."""
        verdict = assess(text)
        if verdict.level:
            logger.warning("Crisis %s (%s, by %s) in conversation %s", verdict.level, verdict.kind,
                           ",".join(verdict.detectors) or "-", reference(sender_id))
        too_long = len(text) > self.max_chars
        if too_long:  # a long story still gets an answer: to its beginning (crisis words were checked in all of it)
            text = text[:self.max_chars].rsplit(" ", 1)[0] or text[:self.max_chars]
        too_fast = None
        if address is not None and not await self.addresses.allow(address):
            too_fast = channel_text("too_many", text)
        elif not self.rate.allow(sender_id):
            too_fast = channel_text("too_fast", text)
        if too_fast:  # not processed; a crisis still gets the emergency routes first
            if verdict.crisis:
                await self.send_routes(output, sender_id, verdict)
            await output.send_response(sender_id, {"text": too_fast})
            return 429
        cleaned = clean_text(trusted_text(text, self.domain))
        if not cleaned:
            await output.send_response(sender_id, {"text": channel_text("empty", text)})
            return 200
        guarded = GuardedOutput(output, verdict)
        if too_long:
            too_long_text = channel_text("too_long", text).format(limit=self.max_chars)
            await guarded.send_response(sender_id, {"text": too_long_text})
        try:
            await on_new_message(UserMessage(cleaned, guarded, sender_id, input_channel=input_channel,
                                             metadata=message_metadata(metadata, text, cleaned)))
        except Exception:  # noqa: BLE001 - never a crash for the person writing
            logger.exception("Message in conversation %s could not be handled", reference(sender_id))
            if not verdict.crisis:
                await output.send_response(sender_id, {"text": channel_text("failed", text)})
        if verdict.crisis and not guarded.routes_sent:  # paused, or the assistant failed
            await self.send_routes(guarded, sender_id, verdict)
        await guarded.finish(sender_id)
        return 200


def _messages(sender_id: Any, text: str) -> list[dict]:
    return [{"recipient_id": sender_id if isinstance(sender_id, str) else None, "text": text}]


class RestInput(InputChannel):
    """POST /webhooks/rest/webhook {"sender": "...", "message": "..."}: a list of replies."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def __init__(self) -> None:
        self.guard = MessageGuard()
        self.token = os.environ.get("REST_TOKEN", "").strip()
        self.off = not self.token and secret_check.production_profile()
        if self.off:
            logger.info("REST channel off (production profile without REST_TOKEN)")

    def refusal(self, request: Request) -> Optional[HTTPResponse]:
        """403 when the channel is off, 401 without the right token; None: go ahead."""
        if self.off:
            return response.json(_messages(None, REST_OFF), status=403)
        if self.token:
            if not secret_check.bearer_matches(request.headers.get("authorization"), self.token):
                return response.json(_messages(None, REST_NO_KEY), status=401, headers={"WWW-Authenticate": "Bearer"})
        return None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"wegwijzer_webhook_{type(self).__name__}", __name__)

        @webhook.listener("before_server_start")
        async def remember_app(app, _loop) -> None:
            self.guard.app = app

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            self.guard.app = request.app
            refused = self.refusal(request)
            if refused is not None:
                return refused
            if len(request.body or b"") > MAX_BODY_BYTES:
                return response.json(_messages(None, TOO_BIG), status=413)
            try:
                body = json.loads(request.body or b"")
            except (ValueError, UnicodeDecodeError):
                return response.json(_messages(None, UNREADABLE), status=400)
            if not isinstance(body, dict) or not isinstance(body.get("message"), str):
                return response.json(_messages(None, UNREADABLE), status=400)
            sender_id = body.get("sender")
            if not valid_sender(sender_id):
                return response.json(_messages(None, BAD_SENDER), status=400)
            collector = CollectingOutputChannel()
            address = client_address(request.ip, ",".join(request.headers.getall("x-forwarded-for", [])),
                                     request.headers.get("x-real-ip"))
            status = await self.guard.handle(body["message"], sender_id, collector, self.name(),
                                             body.get("metadata"), on_new_message, address=address)
            return response.json(collector.messages, status=status)

        return webhook


class SocketIOInput(RasaSocketIOInput):
    """Rasa's socket.io channel with the same checks, and robust against
    malformed events (a wrong event is ignored, never an exception)."""

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guard = MessageGuard()
        self.key = conversation_ids.load_key(settings.DATA_DIR)
        self.origins: Optional[frozenset[str]] = None  # set when the server starts
        self.feedback = FeedbackReceiver()  # "Was dit antwoord nuttig?" from the widget

    def get_output_channel(self) -> Optional[OutputChannel]:
        """For pushes through Rasa's HTTP API (the desk's messages)."""
        return PushOutput(self.sio, self.bot_message_evt) if self.sio is not None else super().get_output_channel()

    def new_conversation_id(self) -> str:
        while True:  # (a signed id is hex and a dot: redaction leaves it alone; checked all the same)
            conversation_id = conversation_ids.issue(self.key)
            if valid_sender(conversation_id):
                return conversation_id

    def origin_allowed(self, origin: Optional[str], _environ: Any = None) -> bool:
        """For engine.io's check of the Origin header of every socket.io request."""
        origins = self.origins if self.origins is not None else allowed_origins(None)
        return "*" in origins or (origin or "").rstrip("/") in origins

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        socketio_webhook = super().blueprint(on_new_message)
        sio = self.sio
        if settings.REDIS_URL:
            share_rooms(sio, settings.REDIS_URL)
        # Only pages from CORS_ORIGINS may open a socket (engine.io answers others 400,
        # WebSocket included, where browsers apply no CORS). Rasa made the server with
        # cors_allowed_origins=[] (no check), because Sanic-Cors, configured from
        # `rasa run --cors`, already puts the CORS headers on every response: engine.io
        # adds none of its own, or the browser would see them twice and refuse.
        sio.eio.cors_allowed_origins = self.origin_allowed
        sio.eio._cors_headers = lambda _environ: []

        @socketio_webhook.listener("before_server_start")
        async def remember_app(app, _loop) -> None:
            self.guard.app = app
            self.origins = allowed_origins(app)
            logger.info("socket.io accepts the origins %s", " ".join(sorted(self.origins)) or "(none)")

        @socketio_webhook.listener("after_server_start")
        async def listen_at_once(_app, _loop) -> None:
            listen_now(sio)

        # Replace Rasa's handlers (same events) with checked versions.
        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Any) -> None:
            asked = data.get("session_id") if isinstance(data, dict) else None
            if conversation_ids.is_genuine(self.key, asked):
                session_id = asked
            else:  # none, or not one this server issued: a new conversation
                session_id = self.new_conversation_id()
                if asked:
                    logger.info("Conversation id %s not issued here: new conversation %s",
                                reference(asked), reference(session_id))
            try:
                async with sio.session(sid, namespace=self.namespace) as session:
                    previous = session.get(CONVERSATION_KEY)
                    session[CONVERSATION_KEY] = session_id
                    session[ADDRESS_KEY] = socket_address(sio, sid, self.namespace)
            except KeyError:  # disconnected meanwhile
                return
            if self.session_persistence and previous and previous != session_id:
                sio.leave_room(sid, previous, namespace=self.namespace)

            async def enter() -> None:
                if self.session_persistence:
                    sio.enter_room(sid, session_id, namespace=self.namespace)
                    await joined(sio, session_id)  # before the confirmation: pushes may follow at once
                await sio.emit("session_confirm", session_id, room=sid)

            seen = pushes.seen_markers(data.get(pushes.SEEN_KEY)) if isinstance(data, dict) else None
            agent = getattr(getattr(self.guard.app, "ctx", None), "agent", None)
            if not (self.session_persistence and seen is not None and agent is not None):
                await enter()
                return
            output = PushOutput(sio, self.bot_message_evt)  # the desk's messages this widget missed
            try:  # enters the room too, under the conversation's lock: see pushes.replay
                await pushes.replay(agent, session_id, seen, lambda message: output.send_response(sid, message),
                                    join=enter)
            except Exception:  # noqa: BLE001 - the conversation goes on; the desk's messages stay in the tracker
                logger.exception("Catching up conversation %s failed", reference(session_id))

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any) -> None:
            output = AnswerOutput(sio, self.bot_message_evt)  # names the answer the widget may ask about
            try:
                session = await sio.get_session(sid, namespace=self.namespace)
            except KeyError:  # disconnected meanwhile
                return
            # The conversation this socket asked for and joined; never the client's `session_id`.
            conversation = session.get(CONVERSATION_KEY)
            if not conversation:
                message = data.get("message") if isinstance(data, dict) else None
                await output.send_response(sid, {"text": channel_text("no_session", message)})
                return
            if not isinstance(data, dict) or not isinstance(data.get("message"), str):
                await output.send_response(sid, {"text": UNREADABLE})
                return
            sender_id = conversation if self.session_persistence else sid
            await self.guard.handle(data["message"], sender_id, output, self.name(),
                                    data.get(self.metadata_key), on_new_message,
                                    address=session.get(ADDRESS_KEY) or socket_address(sio, sid, self.namespace))

        @sio.on(feedback.EVENT, namespace=self.namespace)
        async def handle_feedback(sid: Text, data: Any) -> None:
            try:
                session = await sio.get_session(sid, namespace=self.namespace)
            except KeyError:  # disconnected meanwhile
                return
            conversation = session.get(CONVERSATION_KEY)  # never an id the client names
            sender_id = conversation if self.session_persistence or not conversation else sid
            agent = getattr(getattr(self.guard.app, "ctx", None), "agent", None)
            await self.feedback.receive(agent, sender_id, data)

        return socketio_webhook


CONVERSATION_KEY, ADDRESS_KEY = "wegwijzer_conversation", "wegwijzer_address"  # in the socket's session


def socket_address(sio: AsyncServer, sid: str, namespace: str) -> str:
    """The client address of a socket, from the request that opened it."""
    environ = sio.get_environ(sid, namespace=namespace) or {}
    request = environ.get("sanic.request")
    return client_address(getattr(request, "ip", None), environ.get("HTTP_X_FORWARDED_FOR"),
                          environ.get("HTTP_X_REAL_IP"))


def allowed_origins(app: Any) -> frozenset[str]:
    """CORS_ORIGINS, and the origins Rasa's HTTP API was given (`rasa run --cors`,
    which the launcher, scripts/production.sh and systemd derive from CORS_ORIGINS).
    "*" means any origin."""
    origins = set(settings.CORS_ORIGINS)
    try:
        for _pattern, options in app.ctx.sanic_cors.resources:
            given = options.get("origins") or []
            origins.update([given] if isinstance(given, str) else given)
    except (AttributeError, TypeError, ValueError):
        pass  # Rasa without --cors
    return frozenset("*" if origin in ("*", ".*") else str(origin).rstrip("/") for origin in origins if origin)
