"""What is stored about a resident, and how it goes: `/loeschen` on request, retention after closing.

Tickets stay as rows (for counts per office), but their personal parts are blanked: question, contact,
chat address, transcript, the answers' texts, the reply mails' texts, and the outgoing messages that
carried them. Rasa's conversation tracker and the bot's kept messages are removed by a clean-up job of
the worker, a few seconds later, so that Rasa has written the very turn that asked for the deletion."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from faq import feedback, models as m, staff
from faq.handover import outbox
from faq.models import utcnow
from faq.settings import retention_days

BLANK = "[gelöscht]"
PURGE_DELAY = dt.timedelta(seconds=5)


@dataclass
class Deleted:
    tickets: int = 0
    contacts: int = 0
    messages: int = 0

    def __bool__(self) -> bool:
        return bool(self.tickets or self.contacts or self.messages)


def _blank_tickets(session: Session, tickets: list[m.Ticket], now: dt.datetime) -> Deleted:
    done = Deleted()
    for ticket in tickets:
        done.tickets += 1
        done.contacts += 1 if ticket.contact else 0
        ticket.question = BLANK
        ticket.contact = None
        ticket.reply_address = None
        ticket.transcript = None
        ticket.conversation = "gelöscht"
        ticket.personal_data_deleted_at = now
        for reply in ticket.answers:
            reply.text = BLANK
        for mail in session.scalars(select(m.InboundMail).where(m.InboundMail.ticket_id == ticket.id)):
            mail.text, mail.subject = BLANK, BLANK
        done.messages += session.execute(delete(m.OutboxMessage)
                                         .where(m.OutboxMessage.ticket_id == ticket.id)).rowcount or 0
    return done


def delete_user_data(session: Session, conversation: str, now: dt.datetime | None = None) -> Deleted:
    """Everything stored about one pseudonymised conversation; the tracker follows by a clean-up job."""
    now = now or utcnow()
    tickets = list(session.scalars(select(m.Ticket).where(m.Ticket.conversation == conversation)))
    done = _blank_tickets(session, tickets, now)
    done.messages += session.execute(delete(m.OutboxMessage).where(m.OutboxMessage.recipient == conversation)
                                     ).rowcount or 0
    staff.forget(session, conversation)
    feedback.forget(session, conversation)
    schedule_conversation_purge(session, conversation, now)
    return done


def schedule_conversation_purge(session: Session, conversation: str, now: dt.datetime) -> None:
    outbox.enqueue(session, key=f"purge:{conversation}:{now.isoformat()}", channel="purge",
                   payload={"conversation": conversation}, not_before=now + PURGE_DELAY)


def purge_expired(session: Session, now: dt.datetime | None = None, days: int | None = None) -> int:
    """Blank the personal parts of tickets closed more than `days` ago (RETENTION_DAYS)."""
    now = now or utcnow()
    limit = now - dt.timedelta(days=retention_days() if days is None else days)
    feedback.purge_older_than(session, retention_days() if days is None else days, now)
    session.execute(delete(m.ButtonPayload).where(m.ButtonPayload.created_at < limit))
    tickets = list(session.scalars(select(m.Ticket).where(m.Ticket.status == "closed", m.Ticket.closed_at < limit,
                                                          m.Ticket.personal_data_deleted_at.is_(None))))
    conversations = {t.conversation for t in tickets}
    _blank_tickets(session, tickets, now)
    for conversation in conversations:
        if not session.scalar(select(m.Ticket.id).where(m.Ticket.conversation == conversation,
                                                        or_(m.Ticket.status != "closed",
                                                            m.Ticket.closed_at >= limit))):
            schedule_conversation_purge(session, conversation, now)
    return len(tickets)
