"""Municipal staff: one-time invite codes that bind a chat to a municipality, revocation, and the guard
against guessing codes. One function per operation, used by the chat and the CLI alike.

A code is 12 characters from an alphabet without look-alikes (about 60 bits), shown as XXXX-XXXX-XXXX;
only its SHA-256 is stored. After `MAX_FAILED` wrong codes within `FAILED_WINDOW` a user must wait, and
every wrong code is logged (with the user's pseudonym, never the chat id)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from faq import models as m
from faq.models import utcnow

log = logging.getLogger(__name__)

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
CODE_SHAPE = re.compile(r"^[A-Z0-9]{4}-?[A-Z0-9]{4}-?[A-Z0-9]{4}$")
MAX_FAILED = 5
FAILED_WINDOW = dt.timedelta(minutes=15)
DEEP_LINK_PREFIX = "staff-"


class StaffError(Exception):
    """A request the staff service refuses, with a German reason for the CLI."""


def invite_days() -> int:
    return int(os.environ.get("STAFF_INVITE_DAYS") or 14)


def normalize(code: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", code.upper())


def _hash(code: str) -> str:
    return hashlib.sha256(normalize(code).encode()).hexdigest()


def looks_like_code(text: str) -> bool:
    return bool(CODE_SHAPE.match(text.strip().upper()))


@dataclass(frozen=True)
class NewInvite:
    id: int
    code: str
    ags: str
    municipality: str
    expires_at: dt.datetime

    def deep_link(self, bot_username: str) -> str:
        return f"https://t.me/{bot_username}?start={DEEP_LINK_PREFIX}{normalize(self.code)}"


def invite(session: Session, ags: str, *, note: str = "", days: int | None = None,
           now: dt.datetime | None = None) -> NewInvite:
    municipality = session.get(m.Municipality, ags)
    if municipality is None:
        raise StaffError(f"Unbekannter Gemeindeschlüssel {ags!r} (erwartet: 8 Ziffern, z. B. 05315000 für Köln).")
    now = now or utcnow()
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
    row = m.StaffInvite(code_hash=_hash(code), ags=ags, note=note, created_at=now,
                        expires_at=now + dt.timedelta(days=days or invite_days()))
    session.add(row)
    session.flush()
    return NewInvite(row.id, code, ags, municipality.name_kurz, row.expires_at)


@dataclass(frozen=True)
class Redeemed:
    outcome: str  # bound, unknown, used, expired, revoked, too_many
    ags: str | None = None
    municipality: str | None = None


def redeem(session: Session, user_key: str, code: str, *, reply_channel: str | None = None,
           reply_address: str | None = None, now: dt.datetime | None = None) -> Redeemed:
    """Bind `user_key` to the invite's municipality, once. Wrong codes count towards the guessing limit."""
    now = now or utcnow()
    failed = session.scalar(select(func.count()).select_from(m.StaffCodeAttempt)
                            .where(m.StaffCodeAttempt.user_key == user_key, m.StaffCodeAttempt.ok.is_(False),
                                   m.StaffCodeAttempt.at > now - FAILED_WINDOW)) or 0
    if failed >= MAX_FAILED:
        log.warning("staff code refused without checking: %s has %d wrong codes in %s", user_key, failed,
                    FAILED_WINDOW)
        return Redeemed("too_many")
    row = session.scalar(select(m.StaffInvite).where(m.StaffInvite.code_hash == _hash(code)))
    outcome = ("unknown" if row is None else "revoked" if row.revoked_at else "used" if row.used_at
               else "expired" if row.expires_at < now else "bound")
    session.add(m.StaffCodeAttempt(user_key=user_key, at=now, ok=outcome == "bound"))
    if outcome != "bound":
        log.warning("staff code refused (%s) for %s", outcome, user_key)
        return Redeemed(outcome)
    row.used_at = now
    for old in _active(session, user_key):
        old.revoked_at = now  # one municipality per user: a new code replaces the old binding
    session.add(m.StaffMember(user_key=user_key, ags=row.ags, invite_id=row.id, bound_at=now,
                              reply_channel=reply_channel, reply_address=reply_address))
    session.flush()
    log.info("staff code redeemed: %s is now staff of %s", user_key, row.ags)
    return Redeemed("bound", row.ags, _name(session, row.ags))


def _active(session: Session, user_key: str) -> list[m.StaffMember]:
    return list(session.scalars(select(m.StaffMember).where(m.StaffMember.user_key == user_key,
                                                            m.StaffMember.revoked_at.is_(None))))


def member(session: Session, user_key: str) -> m.StaffMember | None:
    """The user's active staff binding, or None for a resident."""
    rows = _active(session, user_key)
    return rows[-1] if rows else None


def set_alerts(session: Session, user_key: str, on: bool) -> bool:
    """Switch forecast messages on or off; False if the user is no staff member."""
    row = member(session, user_key)
    if row is None:
        return False
    row.alerts = on
    return True


def revoke(session: Session, invite_id: int, now: dt.datetime | None = None) -> m.StaffInvite:
    """Revoke an invite and, if it was redeemed, the binding it made."""
    row = session.get(m.StaffInvite, invite_id)
    if row is None:
        raise StaffError(f"Keine Einladung mit der Nummer {invite_id}.")
    now = now or utcnow()
    row.revoked_at = row.revoked_at or now
    for bound in session.scalars(select(m.StaffMember).where(m.StaffMember.invite_id == invite_id,
                                                             m.StaffMember.revoked_at.is_(None))):
        bound.revoked_at = now
    return row


@dataclass(frozen=True)
class InviteRow:
    id: int
    ags: str
    municipality: str
    note: str
    created_at: dt.datetime
    expires_at: dt.datetime
    state: str  # offen, eingelöst, abgelaufen, widerrufen
    bound: bool


def listing(session: Session, now: dt.datetime | None = None) -> list[InviteRow]:
    now = now or utcnow()
    out = []
    for row in session.scalars(select(m.StaffInvite).order_by(m.StaffInvite.id)):
        bound = session.scalar(select(func.count()).select_from(m.StaffMember)
                               .where(m.StaffMember.invite_id == row.id, m.StaffMember.revoked_at.is_(None))) or 0
        state = ("widerrufen" if row.revoked_at else "eingelöst" if row.used_at
                 else "abgelaufen" if row.expires_at < now else "offen")
        out.append(InviteRow(row.id, row.ags, _name(session, row.ags), row.note, row.created_at, row.expires_at,
                             state, bound > 0))
    return out


def alert_recipients(session: Session) -> list[m.StaffMember]:
    return list(session.scalars(select(m.StaffMember).where(m.StaffMember.revoked_at.is_(None),
                                                            m.StaffMember.alerts.is_(True))))


def forget(session: Session, user_key: str) -> int:
    """`/loeschen`: the user's staff bindings and code attempts go."""
    n = 0
    for row in session.scalars(select(m.StaffMember).where(m.StaffMember.user_key == user_key)):
        session.delete(row)
        n += 1
    for row in session.scalars(select(m.StaffCodeAttempt).where(m.StaffCodeAttempt.user_key == user_key)):
        session.delete(row)
    return n


def _name(session: Session, ags: str) -> str:
    row = session.get(m.Municipality, ags)
    return row.name_kurz if row else ags
