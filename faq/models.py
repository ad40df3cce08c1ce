"""The FAQ database: the single source of truth every answer is read from."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    """Naive UTC: how every timestamp of the hand-over is stored, on SQLite and PostgreSQL alike."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Bezirksregierung(Base):
    """One of the five regional governments; `code` is AGS digits 1-3 (051 Düsseldorf ... 059 Arnsberg)."""

    __tablename__ = "bezirksregierungen"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(50))  # the Regierungsbezirk, e.g. "Köln"
    behoerde: Mapped[str] = mapped_column(String(100))  # "Bezirksregierung Köln"
    strasse: Mapped[str] = mapped_column(String(100), default="")
    plz: Mapped[str] = mapped_column(String(5), default="")
    ort: Mapped[str] = mapped_column(String(50), default="")
    telefon: Mapped[str] = mapped_column(String(50), default="")
    website: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(200), default="")  # escalation address, set by staff


class Kreis(Base):
    __tablename__ = "kreise"

    ags: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    bezeichnung: Mapped[str] = mapped_column(String(100))  # "Kreis Unna", "Städteregion Aachen", "Köln"
    kreistyp: Mapped[str] = mapped_column(String(30))
    rb_code: Mapped[str] = mapped_column(ForeignKey("bezirksregierungen.code"))


class Municipality(Base):
    __tablename__ = "municipalities"

    ags: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))  # official, "Köln, Stadt"
    name_kurz: Mapped[str] = mapped_column(String(80), index=True)  # "Köln"
    gemeindetyp: Mapped[str] = mapped_column(String(30))
    kreis_ags: Mapped[str] = mapped_column(ForeignKey("kreise.ags"))
    rb_code: Mapped[str] = mapped_column(ForeignKey("bezirksregierungen.code"))
    einwohner: Mapped[int] = mapped_column(Integer)
    einwohner_stichtag: Mapped[dt.date] = mapped_column(Date)
    flaeche_km2: Mapped[float] = mapped_column(Float)

    kreis: Mapped[Kreis] = relationship(lazy="joined")
    bezirksregierung: Mapped[Bezirksregierung] = relationship(lazy="joined")


class PostalCode(Base):
    __tablename__ = "postal_codes"

    plz: Mapped[str] = mapped_column(String(5), primary_key=True)
    ags: Mapped[str] = mapped_column(ForeignKey("municipalities.ags"), primary_key=True)


class PlaceAlias(Base):
    """Other names of a municipality: English, old spellings, colloquial short forms."""

    __tablename__ = "place_aliases"

    alias: Mapped[str] = mapped_column(String(80), primary_key=True)
    ags: Mapped[str] = mapped_column(ForeignKey("municipalities.ags"), primary_key=True)


class Facility(Base):
    __tablename__ = "facilities"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    type: Mapped[str] = mapped_column(String(3))  # EAE, ZUE, NU
    status: Mapped[str] = mapped_column(String(20))  # geplant, in_vorbereitung, in_betrieb, geschlossen
    ags: Mapped[str] = mapped_column(ForeignKey("municipalities.ags"), index=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    opening_date: Mapped[dt.date | None] = mapped_column(Date)
    closing_date: Mapped[dt.date | None] = mapped_column(Date)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now(), onupdate=func.now())

    municipality: Mapped[Municipality] = relationship(lazy="joined")


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    role: Mapped[str] = mapped_column(String(30))  # umfeldmanagement, bezirksregierung, akquise, ehrenamt
    name: Mapped[str] = mapped_column(String(120))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    office_hours: Mapped[str] = mapped_column(String(100), default="")
    facility_id: Mapped[str | None] = mapped_column(ForeignKey("facilities.id"))
    rb_code: Mapped[str | None] = mapped_column(ForeignKey("bezirksregierungen.code"))
    demo: Mapped[bool] = mapped_column(Boolean, default=False)


class Event(Base):
    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    facility_id: Mapped[str | None] = mapped_column(ForeignKey("facilities.id"))
    ags: Mapped[str] = mapped_column(ForeignKey("municipalities.ags"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))  # infoveranstaltung, begegnungsfest, beirat
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime)  # local time, Europe/Berlin
    ends_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    location: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    demo: Mapped[bool] = mapped_column(Boolean, default=False)


class FaqEntry(Base):
    __tablename__ = "faq_entries"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    answer_de: Mapped[str] = mapped_column(Text)
    answer_en: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(300), default="")
    last_reviewed: Mapped[dt.date | None] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now(), onupdate=func.now())

    questions: Mapped[list[FaqQuestion]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="FaqQuestion.id"
    )


class FaqQuestion(Base):
    """One phrasing of an FAQ question; these become the Rasa training examples of `faq/<key>`."""

    __tablename__ = "faq_questions"
    __table_args__ = (UniqueConstraint("faq_key", "lang", "text"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    faq_key: Mapped[str] = mapped_column(ForeignKey("faq_entries.key", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(String(500))

    entry: Mapped[FaqEntry] = relationship(back_populates="questions")


class CreditRate(Base):
    """Share of a state facility's capacity credited against the host municipality's intake obligation."""

    __tablename__ = "credit_rates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    rate_percent: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(300), default="")


class Forecast(Base):
    """One month of the Abgangsprognose: allocations from the state system to all municipalities."""

    __tablename__ = "forecasts"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    allocations_nrw: Mapped[int] = mapped_column(Integer)
    published_on: Mapped[dt.date | None] = mapped_column(Date)  # None: entered, not yet published
    demo: Mapped[bool] = mapped_column(Boolean, default=False)


class Office(Base):
    """An office that receives hand-overs by e-mail: a Bezirksregierung's office for refugee matters, the
    central allocation office, the acquisition team. Staff maintain these rows (demo rows use example.org)."""

    __tablename__ = "offices"

    code: Mapped[str] = mapped_column(String(30), primary_key=True)  # "br-koeln", "zv-arnsberg", "akquise"
    name: Mapped[str] = mapped_column(String(200))  # as the resident reads it: "Bezirksregierung Köln"
    email: Mapped[str] = mapped_column(String(200))
    rb_code: Mapped[str | None] = mapped_column(ForeignKey("bezirksregierungen.code"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)


class RoutingRule(Base):
    """Which office gets a hand-over: the first rule (lowest priority number) whose topic and
    Regierungsbezirk match. `topic` "*" and an empty `rb_code` match anything."""

    __tablename__ = "routing_rules"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    priority: Mapped[int] = mapped_column(Integer)
    topic: Mapped[str] = mapped_column(String(30))  # "zuweisung", "akquise", "*"
    rb_code: Mapped[str | None] = mapped_column(ForeignKey("bezirksregierungen.code"))
    office_code: Mapped[str] = mapped_column(ForeignKey("offices.code"))
    reason: Mapped[str] = mapped_column(String(300))  # why, in German, stored on the ticket


class Ticket(Base):
    """A question the bot could not answer, handed over to an office. Personal parts (question, contact,
    reply address, transcript) are blanked by `/loeschen` and by retention; the row itself stays for
    statistics."""

    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)  # NB-2026-000123
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    conversation: Mapped[str] = mapped_column(String(64), index=True)  # pseudonymised sender id
    question: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(2), default="de")
    topic: Mapped[str] = mapped_column(String(30), default="allgemein")
    ags: Mapped[str | None] = mapped_column(ForeignKey("municipalities.ags"))
    rb_code: Mapped[str | None] = mapped_column(ForeignKey("bezirksregierungen.code"))
    facility_id: Mapped[str | None] = mapped_column(ForeignKey("facilities.id", ondelete="SET NULL"))
    office_code: Mapped[str | None] = mapped_column(ForeignKey("offices.code"))
    routing_reason: Mapped[str] = mapped_column(String(400), default="")
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)  # open, answered, closed
    contact: Mapped[str | None] = mapped_column(String(200))  # e-mail or phone, only with consent
    contact_consent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reply_channel: Mapped[str | None] = mapped_column(String(20))  # telegram, console, ask
    reply_address: Mapped[str | None] = mapped_column(Text)  # sealed (encrypted) chat address
    transcript: Mapped[list | None] = mapped_column(JSON)  # the last messages before the hand-over
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reminded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    personal_data_deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    office: Mapped[Office | None] = relationship(lazy="joined")
    answers: Mapped[list[TicketAnswer]] = relationship(back_populates="ticket", order_by="TicketAnswer.id",
                                                       cascade="all, delete-orphan")


class TicketAnswer(Base):
    """An office's answer to a ticket: from a reply mail, the CLI or the admin."""

    __tablename__ = "ticket_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20))  # mail, cli, admin
    author: Mapped[str] = mapped_column(String(200), default="")

    ticket: Mapped[Ticket] = relationship(back_populates="answers")


class InboundMail(Base):
    """Every mail read from the bot's mailbox, once (its Message-ID is unique): what made reading
    idempotent, and the place where mails that were not relayed wait for staff."""

    __tablename__ = "inbound_mails"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    message_id: Mapped[str] = mapped_column(String(300), unique=True)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    from_addr: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(500), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    reference: Mapped[str | None] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(30))  # relayed, unknown_sender, no_reference, unknown_ticket, empty
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))


class OutboxMessage(Base):
    """One message to the outside world (a mail to an office, a chat message to a resident, a clean-up
    job), written in the same transaction as the change that caused it and delivered by the worker with
    retries. `key` is the stable id: enqueueing twice is a no-op, and receivers can drop duplicates."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    channel: Mapped[str] = mapped_column(String(20), index=True)  # mail, telegram, console, ask, purge
    recipient: Mapped[str] = mapped_column(Text, default="")  # mail address or sealed chat address
    payload: Mapped[dict] = mapped_column(JSON)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)  # pending, sent, dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class StaffInvite(Base):
    """A one-time code that binds a Telegram user to a municipality's staff. Only the code's hash is kept."""

    __tablename__ = "staff_invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    ags: Mapped[str] = mapped_column(ForeignKey("municipalities.ags"), index=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class StaffMember(Base):
    """A user (by pseudonym) who redeemed an invite: staff of the municipality `ags` until revoked."""

    __tablename__ = "staff_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_key: Mapped[str] = mapped_column(String(64), index=True)  # the conversation's pseudonym
    ags: Mapped[str] = mapped_column(ForeignKey("municipalities.ags"), index=True)
    invite_id: Mapped[int | None] = mapped_column(ForeignKey("staff_invites.id", ondelete="SET NULL"))
    bound_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    alerts: Mapped[bool] = mapped_column(Boolean, default=True)  # a message when a forecast is published
    reply_channel: Mapped[str | None] = mapped_column(String(20))
    reply_address: Mapped[str | None] = mapped_column(Text)  # sealed, like a ticket's


class StaffCodeAttempt(Base):
    """Every try to redeem a code, kept to slow down guessing (and for the log)."""

    __tablename__ = "staff_code_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_key: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    ok: Mapped[bool] = mapped_column(Boolean, default=False)


class StaffAccount(Base):
    """A person who maintains the bot's content in the web admin. `editor`s edit the content of their
    Regierungsbezirk (`rb_code`), or of all NRW when it is empty; `admin`s also manage accounts."""

    __tablename__ = "staff_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))  # Argon2id
    role: Mapped[str] = mapped_column(String(10))  # admin, editor
    rb_code: Mapped[str | None] = mapped_column(ForeignKey("bezirksregierungen.code"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AuditEntry(Base):
    """One change to the content: who, when, which row, the old and the new values."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(120), index=True)  # "admin:erika", "cli", "import:erika", "seed"
    action: Mapped[str] = mapped_column(String(10))  # insert, update, delete
    table_name: Mapped[str] = mapped_column(String(60), index=True)
    row_key: Mapped[str] = mapped_column(String(120), index=True)
    old: Mapped[dict | None] = mapped_column(JSON)
    new: Mapped[dict | None] = mapped_column(JSON)


class AnswerLog(Base):
    """One answered message, without its text: for the dashboard (questions per day, topics, share unanswered)."""

    __tablename__ = "answer_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    conversation: Mapped[str] = mapped_column(String(64), index=True)
    intent: Mapped[str] = mapped_column(String(40))
    faq_key: Mapped[str | None] = mapped_column(String(60))
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    lang: Mapped[str] = mapped_column(String(2), default="de")
    answered: Mapped[bool] = mapped_column(Boolean, default=True)


class UnansweredMessage(Base):
    """A message the bot could not answer well (fallback, low confidence, a hand-over offer, "I want a
    person"), kept for the editors: pseudonymised, under the same retention and /loeschen rules."""

    __tablename__ = "unanswered_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    conversation: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(String(1000))
    lang: Mapped[str] = mapped_column(String(2), default="de")
    kind: Mapped[str] = mapped_column(String(20))  # fallback, low_confidence, handover_offer, human_handoff
    guessed_intent: Mapped[str] = mapped_column(String(40), default="")
    guessed_faq: Mapped[str | None] = mapped_column(String(60))
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)  # open, added, dismissed
    handled_by: Mapped[str | None] = mapped_column(String(120))
    handled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # "Meinten Sie …?": the buttons offered (payload -> topic) and the topic the user then tapped
    offered: Mapped[dict | None] = mapped_column(JSON)
    chosen: Mapped[str | None] = mapped_column(String(70))


class LearnedPhrasing(Base):
    """A resident's wording an editor confirmed as a phrasing of an intent (from the "Unbeantwortet" page);
    these become Rasa training examples next to the hand-written ones. FAQ wordings go to FaqQuestion."""

    __tablename__ = "learned_phrasings"
    __table_args__ = (UniqueConstraint("intent", "lang", "text"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    intent: Mapped[str] = mapped_column(String(40), index=True)
    lang: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(String(500))
    added_by: Mapped[str] = mapped_column(String(120), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Rating(Base):
    """👍 or 👎 on an answer; one per conversation and answer (a second tap changes it)."""

    __tablename__ = "ratings"
    __table_args__ = (UniqueConstraint("conversation", "target"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    conversation: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str] = mapped_column(String(100), index=True)  # "faq:eae", "facility:zue-koeln-porz"
    value: Mapped[int] = mapped_column(Integer)  # +1 or -1


class ModelVersion(Base):
    """A trained Rasa model and what it scored; exactly one is active (loaded in the Rasa server)."""

    __tablename__ = "model_versions"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)  # nachbarbot-<input hash>
    trained_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    content_hash: Mapped[str] = mapped_column(String(64), default="")  # the staff-maintained training content
    metrics: Mapped[dict | None] = mapped_column(JSON)  # held-out set -> intent accuracy
    active: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    activated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class TrainingJob(Base):
    """One "Neu trainieren": validate, train, evaluate, load (or keep the old model and say why)."""

    __tablename__ = "training_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    requested_by: Mapped[str] = mapped_column(String(120), default="")
    state: Mapped[str] = mapped_column(String(12), default="queued", index=True)
    # queued, running, accepted, rejected, failed, unchanged
    step: Mapped[str] = mapped_column(String(200), default="")
    model: Mapped[str | None] = mapped_column(String(80))
    metrics: Mapped[dict | None] = mapped_column(JSON)  # {"new": {...}, "current": {...}}
    reason: Mapped[str] = mapped_column(Text, default="")
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class ButtonPayload(Base):
    """A button's payload too long for Telegram's 64 bytes of callback data, kept under a key bound to the
    chat (a keyed hash of chat and payload), so that any bot replica, also after a restart, knows it."""

    __tablename__ = "button_payloads"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
