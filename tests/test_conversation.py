"""What a resident meets: questions in, true answers out, through Rasa, the actions and the database."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from faq import db
from faq import models as m


def conv() -> str:
    return uuid.uuid4().hex[:8]


async def say(asker, conversation: str, text: str) -> dict:
    return await asker.ask(conversation, text)


def texts(result: dict) -> str:
    return "\n".join(r["text"] for r in result["replies"])


def payloads(result: dict) -> list[str]:
    return [b["payload"] for r in result["replies"] for b in r["buttons"]]


async def test_planned_facility_with_follow_up_keeps_the_place(asker):
    c = conv()
    first = await say(asker, c, "Ist in Köln etwas geplant?")
    assert first["intent"] == "facility_overview"
    assert "ZUE Köln-Porz" in texts(first) and "600" in texts(first)
    assert "Beispieldaten" in texts(first), "demo rows must be marked as invented"
    assert "/facility_opening" in payloads(first), "facility answers offer the next likely questions"
    follow_up = await say(asker, c, "Und ab wann?")
    assert "1.4.2027" in texts(follow_up)
    capacity = await say(asker, c, "wie viele leute kommen da hin")
    assert "600" in texts(capacity)


async def test_a_typo_in_the_town_name_still_finds_it(asker):
    result = await say(asker, conv(), "gibts in gladbek ne notunterkunft?")
    assert "Notunterkunft Gladbeck" in texts(result)


async def test_postcode_finds_the_municipality(asker):
    result = await say(asker, conv(), "gibt es in 59427 eine unterkunft")
    assert "EAE Unna" in texts(result)


async def test_place_without_facility_gets_honest_answer_and_its_bezirksregierung(asker):
    result = await say(asker, conv(), "Ist in Olfen etwas geplant?")
    answer = texts(result)
    assert "keine Landeseinrichtung" in answer
    assert "Bezirksregierung Münster" in answer
    assert "Beispieldaten" not in answer


async def test_every_regierungsbezirk_is_routed_right(asker):
    for town, authority in [("Hilden", "Düsseldorf"), ("Euskirchen", "Köln"), ("Dülmen", "Münster"),
                            ("Höxter", "Detmold"), ("Olpe", "Arnsberg")]:
        result = await say(asker, conv(), f"welche bezirksregierung ist für {town} zuständig")
        assert f"Bezirksregierung {authority}" in texts(result), town


async def test_ambiguous_name_asks_with_buttons_then_answers(asker):
    c = conv()
    result = await say(asker, c, "was ist in gladbach geplant")
    buttons = [b for r in result["replies"] for b in r["buttons"]]
    assert {b["title"] for b in buttons} == {"Mönchengladbach", "Bergisch Gladbach"}
    chosen = await say(asker, c, next(b["payload"] for b in buttons if b["title"] == "Mönchengladbach"))
    assert "ZUE Mönchengladbach" in texts(chosen)


async def test_english_question_gets_english_answer(asker):
    result = await say(asker, conv(), "Is there anything planned in Cologne?")
    assert "ZUE Köln-Porz" in texts(result)
    assert "places" in texts(result) and "Sample data" in texts(result)


async def test_faq_answer_is_read_from_the_database_at_answer_time(asker):
    c = conv()
    before = await say(asker, c, "was ist eigentlich eine erstaufnahmeeinrichtung")
    assert before["intent"] == "faq"
    with db.session() as s:
        entry = s.get(m.FaqEntry, "eae")
        original = entry.answer_de
        entry.answer_de = "Geänderte Antwort aus der Redaktion."
    try:
        after = await say(asker, c, "was ist eigentlich eine erstaufnahmeeinrichtung")
        assert "Geänderte Antwort aus der Redaktion." in texts(after), "an edit needs no retraining"
    finally:
        with db.session() as s:
            s.get(m.FaqEntry, "eae").answer_de = original


async def test_next_event_and_contact(asker):
    c = conv()
    event = await say(asker, c, "wann ist die nächste infoveranstaltung in köln")
    assert "3.2.2027" in texts(event) and "Bezirksrathaus Porz" in texts(event)
    contact = await say(asker, c, "wen kann ich da anrufen")
    assert "+49 221 000-2002" in texts(contact)


async def test_crediting_in_places(asker):
    result = await say(asker, conv(), "wie wird die zue in mönchengladbach auf unsere aufnahmequote angerechnet")
    answer = texts(result)
    assert "100 %" in answer and "500 Plätze" in answer


async def test_forecast_for_a_month(asker):
    result = await say(asker, conv(), "abgangsprognose für märz 2027")
    assert "4.400" in texts(result) and "Beispieldaten" in texts(result)
    unpublished = await say(asker, conv(), "prognose juli 2027")
    assert "noch keine Prognose veröffentlicht" in texts(unpublished)


async def test_allocation_key_for_a_municipality(asker):
    result = await say(asker, conv(), "wie hoch ist der zuweisungsschlüssel von Bottrop")
    answer = texts(result)
    assert "Bottrop" in answer and "%" in answer


async def test_unknown_question_is_offered_to_the_right_bezirksregierung_and_noted(asker):
    c = conv()
    await say(asker, c, "Ist in Gladbeck etwas geplant?")
    handoff = await say(asker, c, "ich möchte mit einem menschen sprechen")
    assert "schreiben Sie Ihre Frage" in texts(handoff)
    consent = await say(asker, c, "Darf mein Hund auf dem Gelände der Unterkunft spazieren gehen?")
    assert "Bezirksregierung Münster" in texts(consent) and "Datenschutz" in texts(consent)
    assert {"/affirm", "/deny", "/cancel"} <= set(payloads(consent))
    summary = await say(asker, c, "/deny")
    assert "Hund" in texts(summary) and "Gladbeck" in texts(summary) and "nur hier im Chat" in texts(summary)
    done = await say(asker, c, "/affirm")
    assert "NB-20" in texts(done) and "Bezirksregierung Münster" in texts(done)
    with db.session() as s:
        ticket = s.scalars(select(m.Ticket).order_by(m.Ticket.id.desc())).first()
        assert ticket.rb_code == "055" and "Hund" in ticket.question and ticket.reference in texts(done)
        assert ticket.office_code == "br-muenster" and ticket.reply_channel == "ask"


async def test_off_topic_gets_a_friendly_no(asker):
    result = await say(asker, conv(), "wer wird deutscher meister im fußball")
    assert result["intent"] == "out_of_scope"
    assert "Landeseinrichtungen" in texts(result)


async def test_on_topic_question_without_data_is_offered_to_the_bezirksregierung(asker):
    c = conv()
    result = await say(asker, c, "werden die kinder aus der unterkunft in bochum auf unsere grundschule gehen?")
    assert "weiß ich leider nicht" in texts(result)
    assert "Bezirksregierung Arnsberg" in texts(result) and "/affirm" in payloads(result)
    declined = await say(asker, c, "/deny")
    assert "gebe nichts weiter" in texts(declined)


async def test_complaint_gets_the_faq_answer_and_the_offer_to_pass_it_on(asker):
    c = conv()
    result = await say(asker, c, "ich habe eine beschwerde wegen dem lärm an der unterkunft in wuppertal")
    assert result["intent"] == "faq"
    assert "Umfeldmanagement" in texts(result)
    assert "Bezirksregierung Düsseldorf" in texts(result) and "/affirm" in payloads(result)
    confirm = await say(asker, c, "/affirm")
    assert "lärm" in texts(confirm) and "/affirm" in payloads(confirm)
    await say(asker, c, "/affirm")
    await say(asker, c, "/deny")
    done = await say(asker, c, "/affirm")
    assert "NB-20" in texts(done)


async def test_offering_a_property_names_the_acquisition_team(asker):
    result = await say(asker, conv(), "ich möchte dem land ein grundstück für eine unterkunft anbieten")
    assert "liegenschaften@example.org" in texts(result) and "Beispieldaten" in texts(result)
    assert "Wo liegt die Liegenschaft" in texts(result), "the offer dialogue starts, the kind is already known"


async def test_facilities_of_a_regierungsbezirk_and_of_a_region_are_listed(asker):
    district = await say(asker, conv(), "Welche Landeseinrichtungen liegen im Regierungsbezirk Köln?")
    assert "Im Regierungsbezirk Köln kenne ich 2" in texts(district)
    assert "ZUE Köln-Porz" in texts(district) and "ZUE Bonn" in texts(district)
    ruhr = await say(asker, conv(), "Liste alle Unterkünfte im Ruhrgebiet")
    assert "EAE Bochum" in texts(ruhr) and "EAE Unna" in texts(ruhr)


async def test_a_region_across_districts_asks_for_the_town_when_one_authority_is_needed(asker):
    result = await say(asker, conv(), "welche bezirksregierung ist fürs ruhrgebiet zuständig")
    assert "mehreren Regierungsbezirken" in texts(result)


async def test_contact_roles_steer_the_answer(asker):
    volunteering = await say(asker, conv(), "Ansprechpartner für Ehrenamtliche in Münster?")
    assert "Koordination Ehrenamt" in texts(volunteering) and "ehrenamt.muenster@example.org" in texts(volunteering)
    gladbeck = await say(asker, conv(), "Wer kümmert sich ums Ehrenamt in Gladbeck?")
    assert "Koordination Ehrenamt" in texts(gladbeck), "Gladbeck is in the Regierungsbezirk Münster"
    elsewhere = await say(asker, conv(), "Wer koordiniert die Ehrenamtlichen an der ZUE in Bonn?")
    assert "Umfeldmanagement ZUE Bonn" in texts(elsewhere), "no coordination known: the Umfeldmanagement helps"
    selling = await say(asker, conv(), "Who do I talk to if I want to sell my building to the state?")
    assert "liegenschaften@example.org" in texts(selling)
    assert "Which town" not in texts(selling), "a topic that needs no place never asks for one"


async def test_event_kinds_steer_the_answer(asker):
    board = await say(asker, conv(), "Wann tagt der Beirat der EAE in Bielefeld?")
    assert "17.2.2027" in texts(board) and "Beirat" in texts(board)
    none = await say(asker, conv(), "Wann trifft sich der Beirat in Unna?")
    assert "keine Sitzung eines Beirats" in texts(none)
    opening = await say(asker, conv(), "Steht schon fest, wann die Unterkunft in Detmold öffnet?")
    assert "1.3.2027" in texts(opening), "'steht fest' is no festival"


async def test_a_worried_message_with_two_questions_gets_both_answers_and_a_contact(asker):
    result = await say(asker, conv(), "Ich hab Angst wegen der neuen Unterkunft in Detmold. "
                                      "Wann geht die auf und wie groß wird sie?")
    answer = texts(result)
    assert "1.3.2027" in answer and "300" in answer
    assert "Ich verstehe" in answer and "Umfeldmanagement ZUE Detmold" in answer


async def test_feelings_get_a_human_answer(asker):
    angry = await say(asker, conv(), "Das ist doch alles Mist hier")
    assert "tut mir leid" in texts(angry) and "/human_handoff" in payloads(angry)
    assert "Für welche Stadt" not in texts(angry)
    happy = await say(asker, conv(), "echt super gemacht, großes lob!")
    assert "freut mich" in texts(happy)


async def test_a_facility_name_alone_is_a_question_about_it(asker):
    for text, expected in [("Notunterkunft Gladbeck", "350 Plätze"), ("zue mönchengladbach?", "500 Plätze"),
                           ("EAE Bochum", "800 Plätze")]:
        result = await say(asker, conv(), text)
        assert expected in texts(result), text
        assert "weiß ich leider nicht" not in texts(result)


async def test_places_outside_nrw_and_unknown_places_never_borrow_the_old_answer(asker):
    c = conv()
    await say(asker, c, "Ist in Bonn etwas geplant?")
    hamburg = await say(asker, c, "und in Hamburg?")
    assert "nicht in NRW" in texts(hamburg) and "ZUE Bonn" not in texts(hamburg)
    munich = await say(asker, conv(), "Ich wohne in 80331 München, ist da was geplant?")
    assert "nicht in NRW" in texts(munich)
    c = conv()
    await say(asker, c, "Ist in Bonn etwas geplant?")
    unknown = await say(asker, c, "und in Hintertupfingen?")
    assert "ZUE Bonn" not in texts(unknown) and "kenne ich in NRW nicht" in texts(unknown)
    typo = await say(asker, conv(), "ist in bielfeld was geplant")
    assert "EAE Bielefeld" in texts(typo)
