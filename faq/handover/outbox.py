"""The transactional outbox: every message to the outside world is a row written in the same transaction
as the change that caused it; the worker delivers it with retries and exponential back-off.

A delivery is claimed by moving `next_attempt_at` past a lease: a worker killed mid-delivery leaves the
row to be claimed again when the lease runs out, and the row's stable `key` lets the receiver recognise
the repeat (the mail's Message-ID is derived from it)."""

from __future__ import annotations

import datetime as dt
import os
import random
from typing import Any, Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from faq import models as m
from faq.models import utcnow

def lease() -> dt.timedelta:
    """How long a claimed message is left to its worker before another may try (OUTBOX_LEASE_SECONDS)."""
    return dt.timedelta(seconds=float(os.environ.get("OUTBOX_LEASE_SECONDS") or 60))



MAX_BACKOFF = dt.timedelta(hours=1)
DEAD_AFTER_ATTEMPTS = 50  # about two days of hourly retries: then staff must look (status "dead")


def enqueue(session: Session, *, key: str, channel: str, payload: dict[str, Any], recipient: str = "",
            ticket_id: int | None = None, not_before: dt.datetime | None = None) -> m.OutboxMessage:
    """Add a message unless one with this key exists (enqueueing is idempotent)."""
    existing = session.scalar(select(m.OutboxMessage).where(m.OutboxMessage.key == key))
    if existing is not None:
        return existing
    row = m.OutboxMessage(key=key, channel=channel, payload=payload, recipient=recipient, ticket_id=ticket_id,
                          next_attempt_at=not_before or utcnow(), status="pending", attempts=0, last_error="")
    session.add(row)
    session.flush()
    return row


def claim(session: Session, channels: Iterable[str], *, limit: int = 20, now: dt.datetime | None = None,
          lease_for: dt.timedelta | None = None) -> list[m.OutboxMessage]:
    """Due messages of these channels, each leased to the caller (optimistic: a row another worker took
    in the meantime is skipped). The caller commits before delivering."""
    now = now or utcnow()
    lease_for = lease_for or lease()
    due = session.scalars(select(m.OutboxMessage)
                          .where(m.OutboxMessage.status == "pending", m.OutboxMessage.channel.in_(list(channels)),
                                 m.OutboxMessage.next_attempt_at <= now)
                          .order_by(m.OutboxMessage.next_attempt_at, m.OutboxMessage.id).limit(limit)).all()
    claimed = []
    for row in due:
        result = session.execute(update(m.OutboxMessage)
                                 .where(m.OutboxMessage.id == row.id,
                                        m.OutboxMessage.next_attempt_at == row.next_attempt_at,
                                        m.OutboxMessage.status == "pending")
                                 .values(next_attempt_at=now + lease_for, attempts=m.OutboxMessage.attempts + 1)
                                 .execution_options(synchronize_session=False))
        if result.rowcount == 1:
            session.refresh(row)
            claimed.append(row)
    return claimed


def mark_sent(session: Session, message_id: int, now: dt.datetime | None = None) -> None:
    session.execute(update(m.OutboxMessage).where(m.OutboxMessage.id == message_id)
                    .values(status="sent", sent_at=now or utcnow(), last_error=""))


def backoff(attempts: int, base: float = 2.0) -> dt.timedelta:
    """2 s, 4 s, 8 s ... up to an hour, with a little jitter so retries of many rows spread out."""
    seconds = min(base * 2 ** max(attempts - 1, 0), MAX_BACKOFF.total_seconds())
    return dt.timedelta(seconds=seconds * random.uniform(0.8, 1.0))


def mark_failed(session: Session, message_id: int, error: str, *, permanent: bool = False,
                retry_after: float | None = None, now: dt.datetime | None = None) -> None:
    now = now or utcnow()
    row = session.get(m.OutboxMessage, message_id)
    if row is None:
        return
    row.last_error = error[:500]
    if permanent or row.attempts >= DEAD_AFTER_ATTEMPTS:
        row.status = "dead"
        return
    delay = dt.timedelta(seconds=retry_after) if retry_after else backoff(row.attempts)
    row.next_attempt_at = now + delay


def collect(session: Session, channel: str, recipient: str) -> list[m.OutboxMessage]:
    """Pending messages for a front that fetches its own (the terminal chat, `ask`): marked sent here."""
    rows = session.scalars(select(m.OutboxMessage).where(m.OutboxMessage.status == "pending",
                                                         m.OutboxMessage.channel == channel,
                                                         m.OutboxMessage.recipient == recipient)
                           .order_by(m.OutboxMessage.id)).all()
    for row in rows:
        mark_sent(session, row.id)
    return list(rows)


def pending_count(session: Session) -> int:
    from sqlalchemy import func
    return session.scalar(select(func.count()).select_from(m.OutboxMessage)
                          .where(m.OutboxMessage.status == "pending")) or 0


def delete_statement(message_id: int):  # noqa: ANN201
    from sqlalchemy import delete
    return delete(m.OutboxMessage).where(m.OutboxMessage.id == message_id)
