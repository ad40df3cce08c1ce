"""Answers in numbers through the real stack (`ask`): the credit for facility places computed before and
after 1 December 2023 and for a named facility, the allocation key with the credit at the place, forecast
files named in the JSON line, and a property offer that becomes a ticket for the Akquise-Controlling-Team."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import select

from faq import db
from faq import models as m


def conv() -> str:
    return uuid.uuid4().hex[:8]


def texts(result: dict) -> str:
    return "\n".join(r["text"] for r in result["replies"])


async def test_credit_is_computed_with_the_rate_in_force(asker):
    now = await asker.ask(conv(), "Um wie viel sinkt unsere Aufnahmeverpflichtung durch eine ZUE mit 600 Plätzen?")
    assert "um 600 Plätze" in texts(now) and "100 %" in texts(now) and "seit dem 1.12.2023" in texts(now)
    assert "Quelle:" in texts(now)
    then = await asker.ask(conv(), "wie viel wurde 2022 bei einer EAE mit 600 Plätzen angerechnet")
    assert "50 %" in texts(then) and "300 Plätze" in texts(then) and "600 Plätze weniger" not in texts(then)
    before = await asker.ask(conv(), "Anrechnung vor Dezember 2023 bei 450 Plätzen?")
    assert "225" in texts(before) and "50 %" in texts(before)
    english = await asker.ask(conv(), "How much does a shelter with 1,000 places reduce our intake quota?")
    assert "1,000" in texts(english) and "100 %" in texts(english) and "credited" in texts(english)


async def test_credit_follow_up_with_only_a_year(asker):
    c = conv()
    await asker.ask(c, "wird die notunterkunft voll auf die quote angerechnet?")
    then = await asker.ask(c, "und wie war das 2022?")
    assert "50 %" in texts(then) and "bis zum 30.11.2023" in texts(then)


async def test_credit_for_a_named_facility_uses_its_capacity_and_town(asker):
    result = await asker.ask(conv(), "was wird für die notunterkunft in gladbeck angerechnet")
    assert "Notunterkunft Gladbeck" in texts(result) and "350" in texts(result) and "Gladbeck" in texts(result)


async def test_allocation_key_names_share_example_credit_and_what_is_published(asker):
    result = await asker.ask(conv(), "Wie viele Geflüchtete muss Bochum aufnehmen?")
    text = texts(result)
    assert "Zuweisungsschlüssel für Bochum" in text and "von 1.000 Zuweisungen" in text
    assert "EAE Bochum (800)" in text and "800 Plätze weniger" in text
    assert "keine feste Gesamtzahl" in text


async def test_forecast_files_are_written_and_named_for_ask(asker):
    c = conv()
    chart = await asker.ask(c, "Prognose März bis Mai 2027")
    assert "März 2027: 4.400" in texts(chart) and "Mai 2027: 3.950" in texts(chart) and "Juni" not in texts(chart)
    [png] = chart["files"]
    assert png.endswith(".png") and Path(png).read_bytes().startswith(b"\x89PNG")
    table = await asker.ask(c, "kann ich die zahlen als csv haben")
    [path] = table["files"]
    content = Path(path).read_text(encoding="utf-8-sig")
    assert "2027-03;4400" in content and "2027-05;3950" in content and "2027-06" not in content


async def test_a_property_offer_becomes_a_ticket_for_the_acquisition_team(asker):
    c = conv()
    first = await asker.ask(c, "Wir haben als Firma eine leere Lagerhalle in Lünen, 2.000 m², ab März frei")
    assert "Akquise-Controlling-Team" in texts(first)
    contact = await asker.ask(c, "0231 123456")
    summary = texts(contact)
    assert "Halle" in summary and "Lünen" in summary and "2.000 m²" in summary and "ab März" in summary
    assert "0231 123456" in summary
    done = await asker.ask(c, "/affirm")
    reference = next(w.strip(".,") for w in texts(done).split() if w.startswith("NB-"))
    with db.session() as s:
        ticket = s.scalar(select(m.Ticket).where(m.Ticket.reference == reference))
        assert ticket.office_code == "akquise" and ticket.topic == "akquise"
        assert "2.000 m²" in ticket.question and ticket.contact == "0231 123456"
        assert ticket.ags == "05978024"  # Lünen
        mail = s.scalar(select(m.OutboxMessage).where(m.OutboxMessage.ticket_id == ticket.id,
                                                      m.OutboxMessage.channel == "mail"))
        assert mail is not None and mail.recipient == "liegenschaften@example.org"


async def test_a_property_offer_asks_for_what_is_missing_and_can_be_cancelled(asker):
    c = conv()
    first = await asker.ask(c, "I'd like to offer a building to the state")
    assert "Where is the property" in texts(first)
    where = await asker.ask(c, "Hauptstraße 1, 33602 Bielefeld")
    assert "how big" in texts(where)
    gone = await asker.ask(c, "/cancel")
    assert "discarded" in texts(gone)
    after = await asker.ask(c, "Ist in Bielefeld etwas geplant?")
    assert "EAE Bielefeld" in texts(after), "after cancelling, questions are answered as usual"
