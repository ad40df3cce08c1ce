"""Domain arithmetic: the allocation key and the months and spans people write."""

from __future__ import annotations

import datetime as dt

import pytest

from faq import db, services
from faq.months import find_span


def test_allocation_keys_sum_to_one_and_respect_the_cap():
    with db.session() as s:
        keys = services.allocation_keys(s)
    assert len(keys) == 396
    assert sum(k.key for k in keys.values()) == pytest.approx(1.0, abs=1e-9)
    assert all(k.key <= 1.25 * k.population_share + 1e-12 for k in keys.values())
    # A large, sparsely populated municipality gains from the area share, a dense city loses.
    assert keys["05958040"].key > keys["05958040"].population_share  # Schmallenberg
    assert keys["05315000"].key < keys["05315000"].population_share  # Köln


TODAY = dt.date(2026, 11, 24)  # a Tuesday in November: "März" is next March, "Q4" the current quarter

SPANS = [
 ("prognose für märz", "2027-03", "2027-03"), ("im november", "2026-11", "2026-11"),
 ("januar 2027", "2027-01", "2027-01"), ("2027-02", "2027-02", "2027-02"), ("03/2027", "2027-03", "2027-03"),
 ("nächsten monat", "2026-12", "2026-12"), ("next month", "2026-12", "2026-12"),
 ("übernächster monat", "2027-01", "2027-01"), ("letzten monat", "2026-10", "2026-10"),
 ("im ersten quartal 2027", "2027-01", "2027-03"), ("erstes Quartal", "2027-01", "2027-03"),
 ("Q1 2027", "2027-01", "2027-03"), ("q2/27", "2027-04", "2027-06"), ("1. Quartal 2027", "2027-01", "2027-03"),
 ("im vierten quartal", "2026-10", "2026-12"), ("nächstes quartal", "2027-01", "2027-03"),
 ("dieses quartal", "2026-10", "2026-12"), ("first quarter of 2027", "2027-01", "2027-03"),
 ("next quarter", "2027-01", "2027-03"), ("quartal 3 2027", "2027-07", "2027-09"),
 ("März bis Mai", "2027-03", "2027-05"), ("von februar bis april 2027", "2027-02", "2027-04"),
 ("jan–mär", "2027-01", "2027-03"), ("jan-mär 2027", "2027-01", "2027-03"),
 ("from march to may", "2027-03", "2027-05"), ("zwischen januar und märz", "2027-01", "2027-03"),
 ("november bis februar", "2026-11", "2027-02"), ("dezember 2026 bis februar 2027", "2026-12", "2027-02"),
 ("das zweite halbjahr", "2026-07", "2026-12"), ("erstes halbjahr 2027", "2027-01", "2027-06"),
 ("second half of 2027", "2027-07", "2027-12"), ("H1 2027", "2027-01", "2027-06"),
 ("erste jahreshälfte", "2027-01", "2027-06"), ("nächstes halbjahr", "2027-01", "2027-06"),
 ("bis jahresende", "2026-11", "2026-12"), ("bis ende des jahres", "2026-11", "2026-12"),
 ("until the end of the year", "2026-11", "2026-12"), ("rest of the year", "2026-11", "2026-12"),
 ("bis märz", "2026-11", "2027-03"), ("bis ende februar", "2026-11", "2027-02"),
 ("ab januar", "2027-01", "2027-06"), ("from february 2027", "2027-02", "2027-07"),
 ("die nächsten drei monate", "2026-12", "2027-02"), ("next 6 months", "2026-12", "2027-05"),
 ("in den kommenden zwei monaten", "2026-12", "2027-01"), ("in den nächsten 3 monaten", "2026-12", "2027-02"),
 ("in zwei monaten", "2027-01", "2027-01"),
 ("nächstes jahr", "2027-01", "2027-12"), ("next year", "2027-01", "2027-12"), ("für 2027", "2027-01", "2027-12"),
 ("dieses jahr", "2026-01", "2026-12"),
 ("im frühjahr", "2027-03", "2027-05"), ("im winter", "2026-12", "2027-02"), ("summer 2027", "2027-06", "2027-08"),
 ("wie viele kommen", None, None), ("wie viele zuweisungen nächsten monat in bielefeld", "2026-12", "2026-12"),
 ("wie viel wird eine zue mit 600 plätzen angerechnet", None, None),
 ("wie viele zuweisungen bekommen wir in siegen im ersten quartal", "2027-01", "2027-03"),
 ("forecast for April", "2027-04", "2027-04"), ("prognose mai", "2027-05", "2027-05"),
]


@pytest.mark.parametrize("text, first, last", SPANS)
def test_find_span(text, first, last):
    span = find_span(text, TODAY)
    got = (span.start.strftime("%Y-%m"), span.end.strftime("%Y-%m")) if span else (None, None)
    assert got == (first, last)


def test_span_table_is_large_enough():
    assert len(SPANS) >= 40
