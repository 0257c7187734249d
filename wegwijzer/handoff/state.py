"""The desk service's shared state (one process): who is present, whether an
advisor is available, the sync of a taken conversation with Rasa, the sweep of
people waiting too long; and the JSON shapes the desk page gets.

The conversation is paused in Rasa only while an advisor chats (pause on take,
resume on hand back); while a person waits in the queue the assistant keeps
answering. The handoff state is kept in the database, not in the tracker: the
poller copies the person's new messages to the desk and pauses the
conversation again when a new session or a restart un-paused it.
"""
from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any, Optional

from sanic.request import Request
from sqlalchemy import func, select, update

from wegwijzer.handoff import auth, crypto
from wegwijzer.handoff.availability import estimate_wait_minutes, free_places, office_open
from wegwijzer.handoff.client import BUSY, CLOSED, NOBODY
from wegwijzer.handoff.config import HandoffConfig
from wegwijzer.handoff.db import session_factory
from wegwijzer.handoff.models import (
    ACTIVE, ASSISTANT, CONSENT_ALL, CONSENT_NONE, COORDINATOR, EXPIRED, PERSON, SYSTEM, WAITING, Advisor, Handoff,
    Message, utcnow,
)
from wegwijzer.handoff.privacy import redact
from wegwijzer.handoff.rasa_api import RASA_ERRORS, RasaApi
from wegwijzer.handoff.retention import PURGE_EVERY_SECONDS, purge
from wegwijzer.handoff.summary import language_code, without_consent
from wegwijzer.handoff.texts import akj_routes_text, response_buttons, response_text

logger = logging.getLogger(__name__)

COOKIE = "wegwijzer_desk"
# With HANDOFF_COOKIE_SECURE: a browser keeps a "__Host-" cookie only when it came over
# HTTPS with Secure, Path=/ and no Domain, so no other (sub)domain can set or replace it.
SECURE_COOKIE = "__Host-" + COOKIE
# Failed logins within LOGIN_WINDOW seconds: per user name, and per client address
# (higher: the advisors of one office share an address).
LOGIN_WINDOW = 900
USER_ATTEMPTS, ADDRESS_ATTEMPTS = 5, 10
# Password checks at the same time (each Argon2 check takes 64 MiB and a core for a moment).
PASSWORD_CHECKS = 2
MAX_MESSAGE = 2000
# An advisor who reloads the desk page is briefly absent: only after this many
# seconds without anyone present are waiting people told and given the routes.
PRESENCE_GRACE_SECONDS = 20
SWEEP_SECONDS = 2
# Intents that make the desk flag a message the person sent during the chat.
CRISIS_INTENTS = {"noodsituatie"}
# Shown to the advisor under a message that any crisis detector flagged; the
# conversation is then marked urgent in the desk (the person got the routes).
CRISIS_NOTE = "Let op: dit bericht lijkt over direct gevaar te gaan. De persoon kreeg de noodnummers. Geef zo nodig meer hulp."


class Desk:
    """Shared state of one service process."""

    def __init__(self, config: HandoffConfig) -> None:
        self.config = config
        self.sessions = session_factory(config.database_url)
        self.rasa = RasaApi(config)
        self.sockets: dict[int, set] = defaultdict(set)  # advisor id -> open desk websockets
        self.accepting: dict[int, bool] = {}  # advisor id -> "beschikbaar" switch on the desk page
        self.cookie = SECURE_COOKIE if config.cookie_secure else COOKIE
        self.throttle = auth.LoginThrottle(USER_ATTEMPTS, LOGIN_WINDOW)  # per user name
        self.address_throttle = auth.LoginThrottle(ADDRESS_ATTEMPTS, LOGIN_WINDOW)  # per client address
        # Logins are checked here, off the event loop: a burst of them waits its turn while
        # the desk keeps answering the advisors who are at work.
        self.password_checks = ThreadPoolExecutor(PASSWORD_CHECKS, thread_name_prefix="desk-login")
        # Opens the contact details people left; made at the first start (crypto.py).
        self.private_key = crypto.desk_private_key(config)
        self.unavailable_since: Optional[float] = None
        self.busy: set[str] = set()  # handoffs being taken or handed back right now
        self.sending: set[int] = set()  # advisor messages being pushed to Rasa right now
        # Advisor messages as typed, until Rasa confirmed them (the database keeps them redacted).
        self.typed: dict[int, str] = {}

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
        if free == 0 and wait > self.config.max_wait_minutes:  # nobody free and the queue is too long
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
                added.append(Message(author=SYSTEM, text=CRISIS_NOTE))
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
                except RASA_ERRORS as problem:
                    logger.warning("handoff %s: could not read the conversation (%s)", handoff_id, problem)
                except Exception:  # noqa: BLE001 - the poller must keep running
                    logger.exception("handoff %s: poll failed", handoff_id)

    # -- people waiting too long or without anyone present ---------------------------------
    async def sweep_waiting(self) -> None:
        """Every few seconds: people waiting too long; every hour: the retention period."""
        last_purge = 0.0
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            try:
                await self.expire_waiting()
                if time.monotonic() - last_purge > PURGE_EVERY_SECONDS:
                    last_purge = time.monotonic()
                    conversations, questions = purge(self.config)
                    if conversations or questions:
                        logger.info("retention: deleted %s conversations and %s questions", conversations, questions)
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
                    expired.append((handoff.id, handoff.conversation_id, reason, language_code(handoff.summary_json)))
            session.commit()
        for handoff_id, conversation_id, reason, language in expired:
            logger.info("handoff %s expired (%s): the person gets the AKJ routes", handoff_id, reason)
            lead = response_text("utter_handoff_desk_te_lang" if reason == "te_lang" else "utter_handoff_desk_niemand_meer",
                                 language)
            text = "\n\n".join([lead, akj_routes_text(language), response_text("utter_handoff_vraag_aanbod", language)])
            try:
                await self.rasa.say(conversation_id, text, response_buttons("utter_handoff_vraag_aanbod", language))
            except RASA_ERRORS as problem:
                logger.warning("handoff %s: could not tell the person (%s)", handoff_id, problem)
        if expired:
            await self.queue_changed()

    # -- desk login -------------------------------------------------------------------------
    def advisor_for(self, request: Request) -> Optional[Advisor]:
        with self.sessions() as session:
            return auth.advisor_for_token(session, request.cookies.get(self.cookie))


# -- JSON shapes ---------------------------------------------------------------------------
def iso_time(moment) -> Optional[str]:
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


def message_json(message: Message) -> dict[str, Any]:
    return {"id": message.id, "author": message.author, "text": message.text, "at": iso_time(message.created_at),
            "delivery": message.delivery}


def handoff_card(handoff: Handoff) -> dict[str, Any]:
    summary = json.loads(handoff.summary_json or "{}")
    if handoff.consent == CONSENT_NONE:  # only the language to write in (the API kept nothing else)
        summary = without_consent(summary)
    return {
        "id": handoff.id,
        "status": handoff.status,
        "consent": handoff.consent,
        "summary": summary,
        "created_at": iso_time(handoff.created_at),
        "waiting_seconds": int(((handoff.taken_at or utcnow()) - handoff.created_at).total_seconds()),
        "taken_at": iso_time(handoff.taken_at),
        "closed_at": iso_time(handoff.closed_at),
        "close_reason": handoff.close_reason,
        "advisor": handoff.advisor.display_name if handoff.advisor else None,
        "advisor_id": handoff.advisor_id,
        "urgent": any(m.author == SYSTEM and m.text == CRISIS_NOTE for m in handoff.messages),
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
