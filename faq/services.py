"""Domain queries the custom actions answer from. Everything returned is plain data, no sessions leak."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from faq import models as m
from faq.places import Place


def municipality_codes(session: Session, place: Place) -> list[str]:
    if place.kind == "municipality":
        return [place.code]
    if place.is_area:
        return list(place.members)
    return list(session.scalars(select(m.Municipality.ags).where(m.Municipality.kreis_ags == place.code)))


STATUS_ORDER = {"in_betrieb": 0, "in_vorbereitung": 1, "geplant": 2, "geschlossen": 3}


def facilities_in(session: Session, place: Place) -> list[m.Facility]:
    """State facilities at a place: open and planned first, closed last."""
    return facilities_in_codes(session, municipality_codes(session, place))


def facilities_in_codes(session: Session, codes: list[str]) -> list[m.Facility]:
    rows = session.scalars(select(m.Facility).where(m.Facility.ags.in_(codes)))
    return sorted(rows, key=lambda f: (STATUS_ORDER.get(f.status, 9), f.name))


def facility(session: Session, facility_id: str) -> m.Facility | None:
    return session.get(m.Facility, facility_id)


def bezirksregierung(session: Session, rb_code: str) -> m.Bezirksregierung | None:
    return session.get(m.Bezirksregierung, rb_code)


def contacts_for_facility(session: Session, facility_id: str) -> list[m.Contact]:
    return list(session.scalars(select(m.Contact).where(m.Contact.facility_id == facility_id)
                                .order_by(m.Contact.role, m.Contact.id)))


def contacts_for_region(session: Session, rb_code: str, role: str = "bezirksregierung") -> list[m.Contact]:
    return list(session.scalars(select(m.Contact).where(m.Contact.rb_code == rb_code, m.Contact.role == role,
                                                        m.Contact.facility_id.is_(None))))


def contacts_by_role(session: Session, role: str) -> list[m.Contact]:
    return list(session.scalars(select(m.Contact).where(m.Contact.role == role).order_by(m.Contact.id)))


def upcoming_events(session: Session, now: dt.datetime, *, ags: list[str] | None = None,
                    rb_code: str | None = None, kind: str | None = None, limit: int = 3) -> list[m.Event]:
    query = select(m.Event).where(or_(m.Event.starts_at >= now, m.Event.ends_at >= now))
    if kind is not None:
        query = query.where(m.Event.kind == kind)
    if ags is not None:
        query = query.where(m.Event.ags.in_(ags))
    if rb_code is not None:
        query = query.join(m.Municipality, m.Municipality.ags == m.Event.ags).where(m.Municipality.rb_code == rb_code)
    return list(session.scalars(query.order_by(m.Event.starts_at).limit(limit)))


def municipality_name(session: Session, ags: str) -> str:
    mun = session.get(m.Municipality, ags)
    return mun.name_kurz if mun else ags


def credit_rate_on(session: Session, day: dt.date) -> m.CreditRate | None:
    for rate in session.scalars(select(m.CreditRate)):
        if (rate.valid_from is None or rate.valid_from <= day) and (rate.valid_until is None or day <= rate.valid_until):
            return rate
    return None


def credit_rates(session: Session) -> list[m.CreditRate]:
    rates = list(session.scalars(select(m.CreditRate)))
    return sorted(rates, key=lambda r: r.valid_from or dt.date.min)


def forecast(session: Session, month: str) -> m.Forecast | None:
    return session.get(m.Forecast, month)


def published_forecasts_from(session: Session, month: str, limit: int = 3) -> list[m.Forecast]:
    return list(session.scalars(select(m.Forecast).where(m.Forecast.month >= month,
                                                         m.Forecast.published_on.is_not(None))
                                .order_by(m.Forecast.month).limit(limit)))


def faq_entry(session: Session, key: str) -> m.FaqEntry | None:
    return session.get(m.FaqEntry, key)


def faq_question(session: Session, key: str, lang: str) -> str | None:
    """The entry's first question in the language (else in German): how the entry is named on a button."""
    entry = faq_entry(session, key)
    if entry is None or not (entry.answer_de or "").strip():
        return None
    questions = [q.text for q in entry.questions if q.lang == lang] or [q.text for q in entry.questions]
    return questions[0] if questions else None


def create_ticket(session: Session, *, conversation: str, question: str, lang: str, ags: str | None,
                  rb_code: str) -> m.Ticket:
    ticket = m.Ticket(conversation=conversation, question=question, lang=lang, ags=ags, rb_code=rb_code)
    session.add(ticket)
    session.flush()
    return ticket


# --- the allocation key (FlüAG NRW § 3 (1)-(2)) ------------------------------------------------

@dataclass(frozen=True)
class AllocationShare:
    ags: str
    population_share: float  # share of NRW's population
    key: float  # final key after the area share and the 25 % cap
    einwohner: int
    flaeche_km2: float
    stichtag: dt.date


def allocation_keys(session: Session) -> dict[str, AllocationShare]:
    rows = session.execute(select(m.Municipality.ags, m.Municipality.einwohner, m.Municipality.flaeche_km2,
                                  m.Municipality.einwohner_stichtag)).all()
    return _allocation_keys(tuple(rows))


@lru_cache(maxsize=4)
def _allocation_keys(rows: tuple) -> dict[str, AllocationShare]:
    """90 % population share + 10 % area share; the rise over the population-only key caused by the area
    share is capped at 25 % of that key, and the excess is shared by all other municipalities by their key."""
    pop_total = sum(r[1] for r in rows)
    area_total = sum(r[2] for r in rows)
    pop = {r[0]: r[1] / pop_total for r in rows}
    key = {a: 0.9 * pop[a] + 0.1 * r[2] / area_total for a, r in ((r[0], r) for r in rows)}
    capped: set[str] = set()
    for _ in range(50):
        excess = 0.0
        for a, k in key.items():
            limit = 1.25 * pop[a]
            if k > limit + 1e-15:
                excess += k - limit
                key[a] = limit
                capped.add(a)
        if excess <= 1e-15:
            break
        free = [a for a in key if a not in capped]
        free_total = sum(key[a] for a in free)
        for a in free:
            key[a] += excess * key[a] / free_total
    return {r[0]: AllocationShare(r[0], pop[r[0]], key[r[0]], r[1], r[2], r[3]) for r in rows}
