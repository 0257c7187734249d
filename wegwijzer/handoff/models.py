"""The desk's tables. Text typed by people is stored redacted (see privacy.py);
contact details a person chooses to leave are stored encrypted (crypto.py).

The handoff state lives here, never in the Rasa tracker: a paused tracker is
silently un-paused by a new session or by `/restart`, this table is not.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import Boolean, Column, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

# Handoff.status values
WAITING, ACTIVE, CLOSED, EXPIRED, CANCELLED = "wachtend", "actief", "afgesloten", "verlopen", "geannuleerd"
OPEN_STATUSES = (WAITING, ACTIVE)

# Advisor.role values: a coordinator may read every conversation, an advisor only
# the queue and their own.
ADVISOR, COORDINATOR = "adviseur", "coordinator"
ROLES = (ADVISOR, COORDINATOR)

# Handoff.consent values: what the person allowed the advisor to see.
CONSENT_ALL, CONSENT_SUMMARY, CONSENT_NONE = "alles", "samenvatting", "niets"
CONSENTS = (CONSENT_ALL, CONSENT_SUMMARY, CONSENT_NONE)


def utcnow() -> datetime:
    """Naive UTC (SQLite keeps no time zone); every datetime in these tables is UTC."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def new_id() -> str:
    return uuid.uuid4().hex


class Advisor(Base):
    __tablename__ = "advisors"
    id = Column(Integer, primary_key=True)
    username = Column(String(80), unique=True, nullable=False)
    display_name = Column(String(80), nullable=False)
    password_hash = Column(String(200), nullable=False)
    role = Column(String(20), nullable=False, default=ADVISOR)
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class DeskSession(Base):
    """A login. Only a hash of the cookie value is stored."""

    __tablename__ = "desk_sessions"
    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), unique=True, nullable=False)
    advisor_id = Column(Integer, ForeignKey("advisors.id", ondelete="CASCADE"), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    expires_at = Column(DateTime, nullable=False)
    advisor = relationship(Advisor)


class Handoff(Base):
    __tablename__ = "handoffs"
    id = Column(String(32), primary_key=True, default=new_id)
    conversation_id = Column(String(255), nullable=False, index=True)
    status = Column(String(20), nullable=False, default=WAITING, index=True)
    consent = Column(String(20), nullable=False, default=CONSENT_NONE)
    # JSON: taal, rol, kader, maatregel, gemeente, behoefte, vraag (redacted); without
    # consent only taal (the language to write in).
    summary_json = Column(Text, nullable=False, default="{}")
    created_at = Column(DateTime, nullable=False, default=utcnow)
    taken_at = Column(DateTime)
    closed_at = Column(DateTime)
    close_reason = Column(String(40))
    advisor_id = Column(Integer, ForeignKey("advisors.id"))
    # Rasa event timestamp up to which the person's messages were copied into `messages`.
    event_cursor = Column(Float, nullable=False, default=0.0)
    advisor = relationship(Advisor)
    messages = relationship("Message", order_by="Message.id", cascade="all, delete-orphan", back_populates="handoff")


# Message.author values
PERSON, ASSISTANT, ADVISOR_AUTHOR, SYSTEM = "persoon", "assistent", "adviseur", "systeem"
# Message.delivery values (an advisor's message to the person; None for the others):
# being sent, confirmed by Rasa, or not confirmed after the retries.
SENDING, DELIVERED, NOT_DELIVERED = "verzenden", "afgeleverd", "niet_afgeleverd"


class Message(Base):
    __tablename__ = "messages"
    id = Column(Integer, primary_key=True)
    handoff_id = Column(String(32), ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False, index=True)
    author = Column(String(20), nullable=False)
    text = Column(Text, nullable=False)
    # True: part of the conversation before the handoff (shown only with consent "alles").
    from_transcript = Column(Boolean, nullable=False, default=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    # Added after the first release, hence nullable: databases from before the migrations
    # get it when db.migrate adopts them.
    delivery = Column(String(20))
    handoff = relationship(Handoff, back_populates="messages")


class LeftQuestion(Base):
    """A question left for the AKJ when nobody was available."""

    __tablename__ = "left_questions"
    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    question = Column(Text, nullable=False)  # redacted
    contact_encrypted = Column(Text)  # None: the person chose not to be contacted
    summary_json = Column(Text, nullable=False, default="{}")
    handled = Column(Boolean, nullable=False, default=False)
    handled_by = Column(Integer, ForeignKey("advisors.id"))
    handled_at = Column(DateTime)
