"""Which office gets a hand-over: rules in the database, first match by priority, reason stored."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from faq import models as m

# Topics of a hand-over that need no place: the office is the same for all of NRW.
PLACELESS_TOPICS = {"zuweisung", "akquise"}

# What the resident asked about (intent or FAQ entry) -> the routing topic.
TOPIC_OF_INTENT = {
    "allocation_key": "zuweisung", "forecast": "zuweisung", "credit_rule": "zuweisung",
    "faq/zuweisung": "zuweisung", "faq/aufnahmeverpflichtung": "zuweisung",
    "faq/zentrale_verteilstelle_arnsberg": "zuweisung", "faq/lagebild": "zuweisung",
    "faq/liegenschaft_anbieten": "akquise", "faq/akquise_controlling_team": "akquise",
    "faq/pd_gmbh": "akquise", "faq/dias_nrw": "akquise",
}
FACILITY_INTENTS = {"facility_overview", "facility_type", "facility_capacity", "facility_status",
                    "facility_opening", "facility_address", "contact_person", "next_event"}


def topic_for(intent: str | None, faq_key: str | None = None) -> str:
    if faq_key and f"faq/{faq_key}" in TOPIC_OF_INTENT:
        return TOPIC_OF_INTENT[f"faq/{faq_key}"]
    if intent in TOPIC_OF_INTENT:
        return TOPIC_OF_INTENT[intent]
    return "einrichtung" if intent in FACILITY_INTENTS else "allgemein"


@dataclass(frozen=True)
class Route:
    office: m.Office
    reason: str


def route(session: Session, topic: str, rb_code: str | None) -> Route | None:
    """The office for a topic at a place's Regierungsbezirk (None: a place is needed first)."""
    rules = session.scalars(select(m.RoutingRule).order_by(m.RoutingRule.priority, m.RoutingRule.id))
    for rule in rules:
        if rule.topic not in ("*", topic):
            continue
        if rule.rb_code is not None and rule.rb_code != rb_code:
            continue
        office = session.get(m.Office, rule.office_code)
        if office is not None and office.active:
            return Route(office, rule.reason)
    return None


def needs_place(topic: str) -> bool:
    return topic not in PLACELESS_TOPICS
