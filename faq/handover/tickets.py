"""Tickets: one service function per operation, used alike by the chat (actions), the worker (reply
mails, reminders), the CLI and the admin. Each writes its outgoing messages into the outbox in the
caller's transaction, so a change and its notification are committed together or not at all."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from faq import models as m
from faq.handover import outbox, replies, routing, texts
from faq.handover.workdays import workdays_between
from faq.models import utcnow
from faq.settings import reminder_workdays

STATES = ("open", "answered", "closed")


class TicketError(ValueError):
    """A ticket operation that cannot be done (unknown reference, no office for the place, ...)."""


@dataclass
class Draft:
    """What the hand-over dialogue collected."""

    conversation: str
    question: str
    lang: str = "de"
    topic: str = "allgemein"
    ags: str | None = None
    rb_code: str | None = None
    facility_id: str | None = None
    contact: str | None = None  # only with consent
    reply_channel: str | None = None
    reply_address: str | None = None  # sealed
    transcript: list[dict[str, str]] = field(default_factory=list)


def mail_domain() -> str:
    sender = os.environ.get("SMTP_FROM", "")
    return sender.rsplit("@", 1)[1].strip("> ") if "@" in sender else "nachbarbot.invalid"


def message_id(reference: str, kind: str) -> str:
    """Stable per mail: a retry of the same outbox row sends the same Message-ID."""
    return f"<{reference}.{kind}@{mail_domain()}>"


def reference_of(ticket: m.Ticket) -> str:
    return f"NB-{ticket.created_at.year}-{ticket.id:06d}"


def submit(session: Session, draft: Draft, now: dt.datetime | None = None) -> m.Ticket:
    """Store the ticket and its mail to the office (one transaction, the caller's)."""
    question = draft.question.strip()
    if not question:
        raise TicketError("Die Frage ist leer.")
    found = routing.route(session, draft.topic, draft.rb_code)
    if found is None:
        raise TicketError("Für dieses Thema und diesen Ort ist keine Stelle hinterlegt.")
    ticket = m.Ticket(created_at=now or utcnow(), conversation=draft.conversation, question=question[:4000],
                      lang=draft.lang, topic=draft.topic, ags=draft.ags, rb_code=draft.rb_code,
                      facility_id=draft.facility_id, office_code=found.office.code, routing_reason=found.reason,
                      status="open", contact=draft.contact or None,
                      contact_consent_at=(now or utcnow()) if draft.contact else None,
                      reply_channel=draft.reply_channel, reply_address=draft.reply_address,
                      transcript=draft.transcript[-8:] or None)
    session.add(ticket)
    session.flush()
    ticket.reference = reference_of(ticket)
    ticket.office = found.office
    _enqueue_ticket_mail(session, ticket)
    return ticket


def _enqueue_ticket_mail(session: Session, ticket: m.Ticket) -> None:
    office = ticket.office
    place = session.get(m.Municipality, ticket.ags) if ticket.ags else None
    rb = session.get(m.Bezirksregierung, ticket.rb_code) if ticket.rb_code else None
    facility = session.get(m.Facility, ticket.facility_id) if ticket.facility_id else None
    where = f" ({place.name_kurz})" if place else (f" (Regierungsbezirk {rb.name})" if rb else "")
    excerpt = " ".join(ticket.question.split())
    excerpt = excerpt if len(excerpt) <= 60 else excerpt[:57] + "…"
    transcript = "\n".join(f"  {'Person' if t.get('who') == 'user' else 'Bot'}: {t.get('text', '')}"
                           for t in ticket.transcript or []) or "  (keine)"
    body = texts.MAIL_BODY.format(
        office=office.name, reference=ticket.reference, created=_local(ticket.created_at),
        place=place.name_kurz if place else (f"Regierungsbezirk {rb.name}" if rb else "nicht angegeben"),
        facility=facility.name if facility else "–", topic=texts.TOPIC_NAMES.get(ticket.topic, ticket.topic),
        lang="Englisch" if ticket.lang == "en" else "Deutsch", reason=ticket.routing_reason,
        contact=ticket.contact or "keine Angabe (Antwort nur über den Chat)",
        question=ticket.question, transcript=transcript, office_email=office.email,
        demo=texts.DEMO_NOTE if office.demo else "")
    outbox.enqueue(session, key=f"mail:{ticket.reference}", channel="mail", recipient=office.email,
                   ticket_id=ticket.id, payload={
                       "to": office.email, "message_id": message_id(ticket.reference, "mail"),
                       "subject": texts.MAIL_SUBJECT.format(reference=ticket.reference, where=where, excerpt=excerpt),
                       "body": body})


def _local(stamp: dt.datetime) -> str:
    from zoneinfo import ZoneInfo
    return stamp.replace(tzinfo=dt.UTC).astimezone(ZoneInfo("Europe/Berlin")).strftime("%d.%m.%Y %H:%M")


def get(session: Session, reference: str) -> m.Ticket | None:
    return session.scalar(select(m.Ticket).where(m.Ticket.reference == reference.strip().upper()))


def require(session: Session, reference: str) -> m.Ticket:
    ticket = get(session, reference)
    if ticket is None:
        raise TicketError(f"Keine Anfrage mit der Nummer {reference.strip().upper()} gefunden.")
    return ticket


def listing(session: Session, office: str | None = None, state: str | None = None) -> list[m.Ticket]:
    query = select(m.Ticket).order_by(m.Ticket.id)
    if office:
        query = query.where(m.Ticket.office_code == office)
    if state:
        query = query.where(m.Ticket.status == state)
    return list(session.scalars(query))


def of_conversation(session: Session, conversation: str) -> list[m.Ticket]:
    return list(session.scalars(select(m.Ticket).where(m.Ticket.conversation == conversation)
                                .order_by(m.Ticket.id)))


def answer(session: Session, reference: str, text: str, *, source: str, author: str = "",
           now: dt.datetime | None = None) -> m.TicketAnswer:
    """Store an office's answer and queue it for the resident's chat."""
    ticket = require(session, reference)
    text = text.strip()
    if not text:
        raise TicketError("Die Antwort ist leer.")
    if ticket.personal_data_deleted_at is not None:
        raise TicketError(f"Die Person hat ihre Daten zu {ticket.reference} löschen lassen; "
                          "die Antwort kann nicht mehr zugestellt werden.")
    reply = m.TicketAnswer(ticket=ticket, text=text, source=source, author=author, created_at=now or utcnow())
    session.add(reply)
    session.flush()
    ticket.status = "answered"
    ticket.answered_at = now or utcnow()
    framed = texts.chat("answer", ticket.lang, office=ticket.office.name if ticket.office else "der Behörde",
                        reference=ticket.reference, text=text)
    recipient = ticket.reply_address if ticket.reply_channel == "telegram" else ticket.conversation
    if ticket.reply_channel:
        outbox.enqueue(session, key=f"answer:{ticket.reference}:{reply.id}", channel=ticket.reply_channel,
                       recipient=recipient or "", ticket_id=ticket.id, payload={"text": framed})
    return reply


def close(session: Session, reference: str, now: dt.datetime | None = None) -> m.Ticket:
    ticket = require(session, reference)
    if ticket.status != "closed":
        ticket.status = "closed"
        ticket.closed_at = now or utcnow()
    return ticket


# --- reply mails ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class MailReceipt:
    outcome: str  # relayed, duplicate, no_reference, unknown_ticket, unknown_sender, empty, closed
    reference: str | None = None


def receive_mail(session: Session, *, message_id: str, from_addr: str, subject: str, body: str,
                 in_reply_to: str = "", references: Sequence[str] = ()) -> MailReceipt:
    """Read one mail from the bot's mailbox, at most once (by Message-ID): relay an office's reply to
    the resident; keep anything else for staff to look at."""
    if session.scalar(select(m.InboundMail.id).where(m.InboundMail.message_id == message_id)) is not None:
        return MailReceipt("duplicate")
    reference = replies.find_reference(subject, body, in_reply_to, references)
    ticket = get(session, reference) if reference else None
    text = replies.reply_text(body)
    if reference is None:
        outcome = "no_reference"
    elif ticket is None:
        outcome = "unknown_ticket"
    elif ticket.office is None or from_addr.strip().lower() != ticket.office.email.strip().lower():
        outcome = "unknown_sender"
    elif not text:
        outcome = "empty"
    elif ticket.personal_data_deleted_at is not None:
        outcome = "deleted"
    else:
        outcome = "relayed"
    session.add(m.InboundMail(message_id=message_id, from_addr=from_addr[:200], subject=subject[:500],
                              text=body if outcome != "relayed" else text, reference=reference, outcome=outcome,
                              ticket_id=ticket.id if ticket else None, received_at=utcnow()))
    if outcome == "relayed":
        answer(session, ticket.reference, text, source="mail", author=from_addr)
    session.flush()
    return MailReceipt(outcome, reference)


# --- reminders --------------------------------------------------------------------------------------

def remind_overdue(session: Session, now: dt.datetime | None = None, workdays: int | None = None) -> list[str]:
    """Queue one reminder per period for every ticket left open `workdays` working days."""
    now = now or utcnow()
    workdays = reminder_workdays() if workdays is None else workdays
    reminded = []
    for ticket in session.scalars(select(m.Ticket).where(m.Ticket.status == "open",
                                                         m.Ticket.personal_data_deleted_at.is_(None))):
        since = ticket.reminded_at or ticket.created_at
        waited = workdays_between(ticket.created_at.date(), now.date())
        if workdays_between(since.date(), now.date()) < workdays or ticket.office is None:
            continue
        ticket.reminded_at = now
        outbox.enqueue(session, key=f"reminder:{ticket.reference}:{now.date().isoformat()}", channel="mail",
                       recipient=ticket.office.email, ticket_id=ticket.id, payload={
                           "to": ticket.office.email,
                           "message_id": message_id(ticket.reference, f"reminder-{now:%Y%m%d}"),
                           "subject": texts.REMINDER_SUBJECT.format(reference=ticket.reference, days=waited),
                           "body": texts.REMINDER_BODY.format(reference=ticket.reference, days=waited,
                                                              question=ticket.question)})
        reminded.append(ticket.reference)
    return reminded
