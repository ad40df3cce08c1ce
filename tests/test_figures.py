"""Domain arithmetic: the allocation key and month parsing."""

from __future__ import annotations

import datetime as dt

import pytest

from faq import db, services
from faq.months import find_month


def test_allocation_keys_sum_to_one_and_respect_the_cap():
    with db.session() as s:
        keys = services.allocation_keys(s)
    assert len(keys) == 396
    assert sum(k.key for k in keys.values()) == pytest.approx(1.0, abs=1e-9)
    assert all(k.key <= 1.25 * k.population_share + 1e-12 for k in keys.values())
    # A large, sparsely populated municipality gains from the area share, a dense city loses.
    assert keys["05958040"].key > keys["05958040"].population_share  # Schmallenberg
    assert keys["05315000"].key < keys["05315000"].population_share  # Köln


TODAY = dt.date(2026, 11, 24)


@pytest.mark.parametrize("text, expected", [
    ("prognose für märz", dt.date(2027, 3, 1)), ("im november", dt.date(2026, 11, 1)),
    ("januar 2027", dt.date(2027, 1, 1)), ("2027-02", dt.date(2027, 2, 1)), ("03/2027", dt.date(2027, 3, 1)),
    ("nächsten monat", dt.date(2026, 12, 1)), ("next month", dt.date(2026, 12, 1)),
    ("Prognose nächster Monat", dt.date(2026, 12, 1)), ("übernächster monat", dt.date(2027, 1, 1)),
    ("letzten monat", dt.date(2026, 10, 1)),
    ("forecast for April", dt.date(2027, 4, 1)), ("wie viele kommen", None),
])
def test_find_month(text, expected):
    assert find_month(text, TODAY) == expected
