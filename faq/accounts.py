"""Accounts of the people who maintain the content (web admin): created on the command line with a
password read from standard input — there is never a default password — hashed with Argon2id
(argon2-cffi). Repeated failed log-ins lock the account for a while and are logged."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from faq import models as m
from faq.models import utcnow

log = logging.getLogger(__name__)

ROLES = ("admin", "editor")
MIN_PASSWORD = 12
MAX_FAILED = 5
LOCK_FOR = dt.timedelta(minutes=15)
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
_hasher = PasswordHasher()


class AccountError(Exception):
    """A request the accounts service refuses, with a German reason."""


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    role: str
    rb_code: str | None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def may_edit_region(self, rb_code: str | None) -> bool:
        """Admins and NRW-wide editors edit everything; a regional editor only their Regierungsbezirk."""
        return self.is_admin or self.rb_code is None or (rb_code is not None and rb_code == self.rb_code)

    @property
    def nrw_wide(self) -> bool:
        return self.is_admin or self.rb_code is None


def _account(row: m.StaffAccount) -> Account:
    return Account(row.id, row.username, row.role, row.rb_code)


def add(session: Session, username: str, password: str, role: str, rb_code: str | None = None) -> Account:
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise AccountError("Der Benutzername darf nur Kleinbuchstaben, Ziffern, Punkt, Minus und Unterstrich "
                           "enthalten (2–80 Zeichen).")
    if role not in ROLES:
        raise AccountError(f"Unbekannte Rolle {role!r}: erlaubt sind {', '.join(ROLES)}.")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Das Passwort muss mindestens {MIN_PASSWORD} Zeichen lang sein.")
    if rb_code is not None and session.get(m.Bezirksregierung, rb_code) is None:
        raise AccountError(f"Unbekannter Regierungsbezirk {rb_code!r} (051, 053, 055, 057 oder 059).")
    if session.scalar(select(m.StaffAccount).where(m.StaffAccount.username == username)):
        raise AccountError(f"Den Benutzer {username!r} gibt es schon.")
    row = m.StaffAccount(username=username, password_hash=_hasher.hash(password), role=role,
                         rb_code=rb_code if role == "editor" else None)
    session.add(row)
    session.flush()
    return _account(row)


def set_password(session: Session, username: str, password: str) -> None:
    row = session.scalar(select(m.StaffAccount).where(m.StaffAccount.username == username.strip().lower()))
    if row is None:
        raise AccountError(f"Den Benutzer {username!r} gibt es nicht.")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Das Passwort muss mindestens {MIN_PASSWORD} Zeichen lang sein.")
    row.password_hash = _hasher.hash(password)
    row.failed_logins, row.locked_until = 0, None


@dataclass(frozen=True)
class LoginResult:
    account: Account | None
    reason: str = ""  # wrong, locked, inactive


def login(session: Session, username: str, password: str, now: dt.datetime | None = None) -> LoginResult:
    """Check a log-in; wrong passwords count, and after MAX_FAILED the account is locked for LOCK_FOR."""
    now = now or utcnow()
    row = session.scalar(select(m.StaffAccount).where(m.StaffAccount.username == username.strip().lower()))
    if row is None:
        _hasher.hash(password)  # the same work as for a real account: no timing hint that the name is unknown
        log.warning("admin log-in failed: unknown user %r", username[:80])
        return LoginResult(None, "wrong")
    if row.locked_until and row.locked_until > now:
        log.warning("admin log-in refused: %r is locked until %s", row.username, row.locked_until)
        return LoginResult(None, "locked")
    try:
        _hasher.verify(row.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        row.failed_logins += 1
        if row.failed_logins >= MAX_FAILED:
            row.locked_until, row.failed_logins = now + LOCK_FOR, 0
            log.warning("admin account %r locked for %s after %d failed log-ins", row.username, LOCK_FOR, MAX_FAILED)
            return LoginResult(None, "locked")
        log.warning("admin log-in failed for %r (%d in a row)", row.username, row.failed_logins)
        return LoginResult(None, "wrong")
    if not row.active:
        return LoginResult(None, "inactive")
    row.failed_logins, row.locked_until, row.last_login_at = 0, None, now
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
    return LoginResult(_account(row))


def get(session: Session, account_id: int) -> Account | None:
    row = session.get(m.StaffAccount, account_id)
    return _account(row) if row is not None and row.active else None


def listing(session: Session) -> list[m.StaffAccount]:
    return list(session.scalars(select(m.StaffAccount).order_by(m.StaffAccount.username)))
