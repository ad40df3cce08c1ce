"""The Abgangsprognose: figures for the months asked, a municipality's arithmetical share, entering and
publishing a month (which tells the staff who want to know). One function per operation, used by the
chat, the CLI and (later) the admin.

A figure entered but not published is seen by municipal staff only, marked as provisional; a resident
never sees it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from faq import models as m, services, staff
from faq.formatting import fmt_date, fmt_int, fmt_month
from faq.handover import outbox

MONTH = re.compile(r"^20\d\d-(0[1-9]|1[0-2])$")


class ForecastError(Exception):
    """A figure the service refuses, with a German reason for the CLI."""


@dataclass(frozen=True)
class MonthFigure:
    month: str  # YYYY-MM
    allocations: int | None  # None: no figure (for this reader)
    published_on: dt.date | None
    provisional: bool  # entered, not yet published (staff only)
    demo: bool


def figures(session: Session, months: list[str], *, staff_view: bool = False) -> list[MonthFigure]:
    """One entry per month asked, in order; a month without a figure the reader may see has None."""
    rows = {r.month: r for r in session.scalars(select(m.Forecast).where(m.Forecast.month.in_(months)))}
    out = []
    for month in months:
        row = rows.get(month)
        if row is None or (row.published_on is None and not staff_view):
            out.append(MonthFigure(month, None, None, False, False))
        else:
            out.append(MonthFigure(month, row.allocations_nrw, row.published_on, row.published_on is None, row.demo))
    return out


def available_from(session: Session, first: str, *, staff_view: bool = False, limit: int = 6) -> list[str]:
    """The months from `first` on that have a figure the reader may see (for open spans like "ab März")."""
    query = select(m.Forecast.month).where(m.Forecast.month >= first)
    if not staff_view:
        query = query.where(m.Forecast.published_on.is_not(None))
    return list(session.scalars(query.order_by(m.Forecast.month).limit(limit)))


@dataclass(frozen=True)
class Share:
    name: str
    key: float  # share of all NRW allocations


def share_of(session: Session, codes: list[str], name: str) -> Share | None:
    keys = services.allocation_keys(session)
    found = [keys[c].key for c in codes if c in keys]
    return Share(name, sum(found)) if found else None


def enter(session: Session, month: str, allocations: int, *, demo: bool = False) -> m.Forecast:
    """Enter (or correct) a month's figure; it stays unpublished until `publish`."""
    if not MONTH.match(month):
        raise ForecastError(f"Monat {month!r} ungültig: bitte als JJJJ-MM angeben, z. B. 2027-03.")
    if allocations < 0:
        raise ForecastError("Die Zahl der Zuweisungen kann nicht negativ sein.")
    row = session.get(m.Forecast, month)
    if row is None:
        row = m.Forecast(month=month, allocations_nrw=allocations, published_on=None, demo=demo)
        session.add(row)
    else:
        row.allocations_nrw = allocations
        row.demo = demo
    session.flush()
    return row


def publish(session: Session, month: str, today: dt.date) -> int:
    """Publish a month's figure and tell every staff member who wants to know; returns how many were told.
    The messages go through the outbox in the same transaction (key per month and member: idempotent)."""
    row = session.get(m.Forecast, month)
    if row is None:
        raise ForecastError(f"Für {month} ist keine Zahl eingetragen.")
    if row.published_on is not None:
        return 0
    row.published_on = today
    told = 0
    for member in staff.alert_recipients(session):
        channel = member.reply_channel
        if channel not in ("telegram", "console"):
            continue
        recipient = member.reply_address if channel == "telegram" else member.user_key
        outbox.enqueue(session, key=f"forecast:{month}:{member.id}", channel=channel, recipient=recipient or "",
                       payload={"text": published_text(session, row, member.ags),
                                "buttons": [{"title": "Keine Benachrichtigungen mehr", "payload": "/stop_alerts"}]})
        told += 1
    return told


def published_text(session: Session, row: m.Forecast, ags: str) -> str:
    share = share_of(session, [ags], services.municipality_name(session, ags))
    lines = [f"📈 Neue Abgangsprognose: Für {fmt_month(row.month, 'de')} sind {fmt_int(row.allocations_nrw, 'de')} "
             f"Zuweisungen an die Kommunen in NRW vorgesehen (veröffentlicht am {fmt_date(row.published_on, 'de')})."]
    if share is not None:
        lines.append(f"Rechnerischer Anteil von {share.name} nach dem Zuweisungsschlüssel: etwa "
                     f"{fmt_int(round(row.allocations_nrw * share.key), 'de')}.")
    if row.demo:
        lines.append("⚠️ Beispieldaten: erfunden, nur zur Vorführung.")
    lines.append("Mehr dazu: fragen Sie mich einfach nach der Prognose.")
    return "\n".join(lines)
