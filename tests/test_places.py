"""Place resolution for any of the 396 municipalities, as residents type them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from faq import db
from faq import models as m
from faq.places import PlaceIndex


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    with db.session() as s:
        return PlaceIndex.load(s)


@pytest.fixture(scope="module")
def municipalities() -> list[m.Municipality]:
    with db.session() as s:
        return list(s.scalars(select(m.Municipality)))


def test_every_municipality_is_found_by_its_name_in_a_question(index, municipalities):
    assert len(municipalities) == 396
    wrong = []
    for mun in municipalities:
        for text in (f"Ist in {mun.name_kurz} etwas geplant?", mun.name_kurz.lower()):
            match = index.resolve(text)
            if not (match.place and match.place.code == mun.ags):
                wrong.append((text, [p.name for p in match.candidates]))
    assert not wrong, wrong[:10]


def test_every_municipality_is_found_by_its_postcode(index, municipalities):
    with db.session() as s:
        codes = {row.plz: row.ags for row in s.scalars(select(m.PostalCode))}
    unique = {plz: ags for plz, ags in codes.items()
              if list(codes.values()).count(ags) >= 1 and len(index.plz[plz]) == 1}
    for plz, ags in unique.items():
        assert index.resolve(f"wohne in {plz}").place.code == ags


@pytest.mark.parametrize("text, expected", [
    ("koeln", "Köln"), ("Cologne", "Köln"), ("Dusseldorf", "Düsseldorf"), ("Düsseldorff", "Düsseldorf"),
    ("gladbek", "Gladbeck"), ("mülheim", "Mülheim an der Ruhr"), ("Muelheim an der Ruhr", "Mülheim an der Ruhr"),
    ("Halle Westf", "Halle (Westf.)"), ("st. augustin", "Sankt Augustin"), ("rheda", "Rheda-Wiedenbrück"),
    ("Kreis Unna", "Kreis Unna"), ("im Oberbergischen Kreis", "Oberbergischer Kreis"), ("Hochsauerlandkreis", "Hochsauerlandkreis"), ("in Bottropp", "Bottrop"),
    ("bad godesberg", "Bonn"), ("Ist in Essen was geplant", "Essen"), ("Zuweisungsschlüssel Hamm", "Hamm"),
])
def test_spellings_typos_and_districts(index, text, expected):
    match = index.resolve(text)
    assert match.place is not None and match.place.name == expected, [p.name for p in match.candidates]


def test_ambiguous_name_gives_all_candidates(index):
    assert {p.name for p in index.resolve("gladbach").candidates} == {"Mönchengladbach", "Bergisch Gladbach"}


@pytest.mark.parametrize("text", ["wann gibt es essen", "wie ist die lage", "wir halten zusammen",
                                  "wie viele plätze gibt es", "how much is it", "sieben leute"])
def test_everyday_words_are_not_places(index, text):
    assert index.resolve(text).candidates == []
