"""The audit log: every change to the content, wherever it comes from (the web admin, an import, the
command line), is written in the same transaction as the change itself — who, when, which row, old and new.

It hooks into SQLAlchemy's `before_flush` for every session, so no code path can change content without
a trace. Who acts is a context variable that each front sets: the admin per request, the CLI per command."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from typing import Any, Iterator

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from faq import models as m

ACTOR: contextvars.ContextVar[str] = contextvars.ContextVar("nachbarbot_actor", default="system")

# The content staff maintain; operational tables (tickets, outbox, trackers) have their own history.
AUDITED = {"faq_entries", "faq_questions", "facilities", "contacts", "events", "forecasts", "credit_rates",
           "offices", "routing_rules", "place_aliases", "staff_accounts", "staff_invites", "staff_members"}
HIDDEN = {"password_hash", "code_hash", "reply_address"}  # never copied into the log
NOISE = {"failed_logins", "locked_until", "last_login_at", "updated_at"}  # bookkeeping, not a change of content


@contextlib.contextmanager
def acting_as(actor: str) -> Iterator[None]:
    token = ACTOR.set(actor)
    try:
        yield
    finally:
        ACTOR.reset(token)


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, dict, str, int, float, bool)) or value is None:
        return value
    return str(value)


def _values(obj: Any) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {c.key: _plain(getattr(obj, c.key)) for c in mapper.column_attrs if c.key not in HIDDEN}


def _key(obj: Any) -> str:
    identity = inspect(obj).identity or tuple(getattr(obj, c.key) for c in inspect(obj).mapper.primary_key)
    return "/".join(str(part) for part in identity)


def _changes(obj: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    old, new = {}, {}
    for attr in state.mapper.column_attrs:
        if attr.key in NOISE:
            continue
        if attr.key in HIDDEN:
            history = state.attrs[attr.key].history
            if history.has_changes():
                old[attr.key], new[attr.key] = "***", "***"
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            old[attr.key] = _plain(history.deleted[0]) if history.deleted else None
            new[attr.key] = _plain(history.added[0]) if history.added else None
    return old, new


@event.listens_for(Session, "before_flush")
def _record(session: Session, flush_context: Any, instances: Any) -> None:
    actor = ACTOR.get()
    inserted = session.info.setdefault("audit_inserted", [])
    for obj in list(session.new):
        if getattr(obj, "__tablename__", None) in AUDITED:
            entry = m.AuditEntry(actor=actor, action="insert", table_name=obj.__tablename__, row_key="", old=None)
            session.add(entry)
            inserted.append((entry, obj))  # its key and values are complete only after the flush
    for obj in list(session.dirty):
        if getattr(obj, "__tablename__", None) in AUDITED and session.is_modified(obj, include_collections=False):
            old, new = _changes(obj)
            if old != new:
                session.add(m.AuditEntry(actor=actor, action="update", table_name=obj.__tablename__,
                                         row_key=_key(obj), old=old, new=new))
    for obj in list(session.deleted):
        if getattr(obj, "__tablename__", None) in AUDITED:
            session.add(m.AuditEntry(actor=actor, action="delete", table_name=obj.__tablename__,
                                     row_key=_key(obj), old=_values(obj), new=None))


@event.listens_for(Session, "after_flush_postexec")
def _complete_inserts(session: Session, flush_context: Any) -> None:
    """Inserted rows have their keys (autoincrement ids, defaults) only now; the log entries are
    completed here and written by the flush that commit runs until the session is clean."""
    for entry, obj in session.info.pop("audit_inserted", []):
        entry.row_key = _key(obj)
        entry.new = _values(obj)
