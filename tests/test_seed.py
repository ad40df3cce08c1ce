"""Loading the shipped data: complete, idempotent, and all-or-nothing on a malformed file."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from faq import db
from faq import models as m
from faq.seed import DATA, SeedError, seed


def counts(url: str) -> dict[str, int]:
    with db.session(url) as s:
        return {model.__tablename__: s.scalar(select(func.count()).select_from(model))
                for model in (m.Municipality, m.Kreis, m.Bezirksregierung, m.PostalCode, m.Facility, m.Contact,
                              m.Event, m.FaqEntry, m.FaqQuestion, m.CreditRate, m.Forecast)}


@pytest.fixture
def fresh_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    db.upgrade(url)
    return url


def test_seed_loads_everything_and_twice_changes_nothing(fresh_url):
    with db.session(fresh_url) as s:
        seed(s)
    first = counts(fresh_url)
    assert first["municipalities"] == 396 and first["bezirksregierungen"] == 5 and first["kreise"] == 53
    assert first["faq_entries"] >= 30
    with db.session(fresh_url) as s:
        report = seed(s)
    assert "nothing to change" in str(report)
    assert counts(fresh_url) == first


def test_faq_content_is_rich_enough(fresh_url):
    with db.session(fresh_url) as s:
        seed(s)
        for entry in s.scalars(select(m.FaqEntry)):
            langs = [q.lang for q in entry.questions]
            assert langs.count("de") >= 8 and langs.count("en") >= 2, entry.key
            assert entry.answer_de and entry.answer_en and entry.source


def test_demo_rows_are_marked(fresh_url):
    with db.session(fresh_url) as s:
        seed(s)
        assert all(f.demo for f in s.scalars(select(m.Facility)))


def test_malformed_file_names_file_row_and_reason_and_writes_nothing(fresh_url, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    facilities = data / "demo" / "facilities.csv"
    lines = facilities.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",ZUE,", ",XYZ,")
    facilities.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SeedError) as err:
        with db.session(fresh_url) as s:
            seed(s, data=data)
    assert "facilities.csv, row 4" in str(err.value) and "XYZ" in str(err.value)
    assert counts(fresh_url)["municipalities"] == 0


def test_unknown_municipality_code_is_refused(fresh_url, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    events = data / "demo" / "events.csv"
    events.write_text(events.read_text(encoding="utf-8").replace("05562014", "05999999", 1), encoding="utf-8")
    with pytest.raises(SeedError, match="events.csv, row 2: unknown municipality"):
        with db.session(fresh_url) as s:
            seed(s, data=data)
