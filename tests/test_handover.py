"""The hand-over, end to end with real parts: a resident's question goes through the dialogue into a
ticket, out as a mail over a real SMTP server, the office's reply comes back through a real IMAP server
(Dovecot), and the answer arrives in the resident's Telegram chat (fake Bot API on loopback)."""

from __future__ import annotations

import asyncio
import email.policy
import time
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from faq import db
from faq import models as m
from tests.chat_helpers import Resident, keyboard, text_of  # noqa: F401 - used by other tests too
from tests.handover_helpers import WorkerProcess, eventually
from tests.mailservers import dovecot, smtp_sink  # noqa: F401 - fixtures

OFFICE_KOELN = "fluechtlinge.koeln@example.org"


async def hand_over(resident: Resident, place_question: str, question: str, contact: str | None = None) -> str:
    """Walk the whole dialogue ("I want a person", the question, consent, summary); returns the reference."""
    await resident.say(place_question)
    ask = await resident.say("Ich möchte bitte mit einem Menschen sprechen.")
    assert "schreiben Sie Ihre Frage" in text_of(ask)
    consent = await resident.say(question)
    assert "Datenschutz" in text_of(consent) or "Privacy" in text_of(consent)
    if contact:
        await resident.tap("/affirm")
        summary = await resident.say(contact)
        assert contact in text_of(summary)
    else:
        summary = await resident.tap("/deny")
    done = await resident.tap("/affirm")
    reference = next(w.strip(".,") for w in text_of(done).split() if w.startswith("NB-"))
    return reference


@pytest.fixture
def worker(smtp_sink, dovecot, fake_api):  # noqa: F811
    process = WorkerProcess({
        "SMTP_HOST": smtp_sink.host, "SMTP_PORT": str(smtp_sink.port), "SMTP_STARTTLS": "false",
        "SMTP_FROM": "Nachbarbot NRW <bot@nachbarbot.example.org>",
        "IMAP_HOST": dovecot.host, "IMAP_PORT": str(dovecot.port), "IMAP_USER": dovecot.user,
        "IMAP_PASSWORD": dovecot.password, "IMAP_SSL": "false",
        "TELEGRAM_BOT_TOKEN": "123456:TEST", "TELEGRAM_BASE_URL": fake_api.base_url,
    }).start()
    yield process
    process.stop()


def mails_for(sink, reference: str) -> list[EmailMessage]:
    return [msg for msg in list(sink.messages) if reference in str(msg["Subject"])]


def reply_mail(original: EmailMessage, sender: str, text: str) -> bytes:
    reply = EmailMessage(policy=email.policy.SMTP)
    reply["From"] = f"Erika Muster <{sender}>"
    reply["To"] = "bot@nachbarbot.example.org"
    reply["Subject"] = "AW: " + str(original["Subject"])
    reply["Message-ID"] = f"<reply-{time.time_ns()}@bezreg.example.org>"
    reply["In-Reply-To"] = original["Message-ID"]
    reply["References"] = original["Message-ID"]
    quoted = "\n".join("> " + line for line in original.get_content().splitlines())
    reply.set_content(f"{text}\n\nMit freundlichen Grüßen\nErika Muster\nBezirksregierung Köln\n\n"
                      f"Am 25.11.2026 um 10:00 schrieb Nachbarbot NRW:\n{quoted}\n")
    return bytes(reply)


async def test_question_reaches_the_office_by_mail_and_the_reply_reaches_the_chat(
        telegram_app, fake_api, chat_id, worker, smtp_sink, dovecot):  # noqa: F811
    resident = Resident(fake_api, chat_id)
    started = time.monotonic()
    reference = await hand_over(resident, "Ist in Köln etwas geplant?",
                                "Fährt ein Bus vom Bahnhof Porz zur neuen Unterkunft?")
    [mail] = await asyncio.to_thread(eventually, lambda: mails_for(smtp_sink, reference), 30, 0.05, "the mail")
    latency = time.monotonic() - started
    assert OFFICE_KOELN in str(mail["To"])
    body = mail.get_content()
    assert "Fährt ein Bus" in body and "Köln" in body and "Antworten Sie einfach auf diese E-Mail" in body
    assert str(chat_id) not in body, "the office sees no chat id"
    with db.session() as s:
        ticket = s.scalar(select(m.Ticket).where(m.Ticket.reference == reference))
        assert ticket.office_code == "br-koeln" and "Regierungsbezirk Köln" in ticket.routing_reason

    dovecot.append(reply_mail(mail, OFFICE_KOELN, "Guten Tag, die Buslinie 151 hält direkt vor der Unterkunft."))
    [answer] = await resident.wait_more(1)
    assert "Buslinie 151" in answer["text"] and reference in answer["text"]
    assert "Bezirksregierung Köln" in answer["text"]
    assert "Am 25.11.2026" not in answer["text"] and "Erika Muster" not in answer["text"], "no quote, no signature"
    await asyncio.sleep(1.5)
    assert len([x for x in fake_api.messages_to(chat_id) if "Buslinie 151" in x["text"]]) == 1, "exactly once"
    with db.session() as s:
        assert s.scalar(select(m.Ticket.status).where(m.Ticket.reference == reference)) == "answered"
    print(f"\n[numbers] dialogue start to mail at the office: {latency:.2f} s")


async def test_a_reply_from_another_address_is_kept_not_relayed(
        telegram_app, fake_api, chat_id, worker, smtp_sink, dovecot):  # noqa: F811
    resident = Resident(fake_api, chat_id)
    reference = await hand_over(resident, "Ist in Bonn etwas geplant?", "Dürfen Nachbarn die Unterkunft besuchen?")
    [mail] = await asyncio.to_thread(eventually, lambda: mails_for(smtp_sink, reference), 30, 0.05, "the mail")
    dovecot.append(reply_mail(mail, "someone@elsewhere.example.com", "Ich bin nicht die Behörde."))
    await asyncio.to_thread(eventually, lambda: _inbound_outcome(reference), 20, 0.2, "the mail read")
    assert _inbound_outcome(reference) == "unknown_sender"
    assert not [x for x in fake_api.messages_to(chat_id) if "nicht die Behörde" in x["text"]]


def _inbound_outcome(reference: str) -> str | None:
    with db.session() as s:
        return s.scalar(select(m.InboundMail.outcome).where(m.InboundMail.reference == reference))


async def test_english_question_gets_the_answer_framed_in_english(
        telegram_app, fake_api, chat_id, worker, smtp_sink):  # noqa: F811
    from bot.cli import main

    resident = Resident(fake_api, chat_id, language="en")
    await resident.say("Is anything planned in Bochum?")
    await resident.say("I would like to talk to a real person please")
    consent = await resident.say("Is there a bus line to the facility?")
    assert "Bezirksregierung Arnsberg" in text_of(consent) and "Privacy" in text_of(consent)
    await resident.tap("/deny")
    done = await resident.tap("/affirm")
    reference = next(w.strip(".,") for w in text_of(done).split() if w.startswith("NB-"))
    assert "has gone to" in text_of(done)
    import io
    import sys
    sys.stdin, old = io.StringIO("Ja, Linie 353."), sys.stdin
    try:
        assert main(["tickets", "answer", reference]) == 0
    finally:
        sys.stdin = old
    [answer] = await resident.wait_more(1)
    assert "Answer from Bezirksregierung Arnsberg" in answer["text"] and "Linie 353" in answer["text"]


async def test_status_shows_only_the_users_own_tickets(telegram_app, fake_api, chat_id):
    resident = Resident(fake_api, chat_id)
    reference = await hand_over(resident, "Ist in Gladbeck etwas geplant?", "Wie laut wird es nachts an der Unterkunft?")
    status = await resident.say(f"/status {reference}")
    assert reference in text_of(status) and "noch offen" in text_of(status)
    in_words = await resident.say("was ist mit meiner anfrage?")
    assert reference in text_of(in_words)
    other = Resident(fake_api, chat_id + 50_000)
    foreign = await other.say(f"/status {reference}")
    assert "keine Anfrage von Ihnen" in text_of(foreign)


async def test_the_offer_shows_the_question_and_it_can_be_changed(telegram_app, fake_api, chat_id):
    resident = Resident(fake_api, chat_id)
    offer = await resident.say("werden die kinder aus der unterkunft in bochum auf unsere grundschule gehen?",
                               replies=2)
    assert "weiß ich leider nicht" in text_of(offer) and "Bezirksregierung Arnsberg" in text_of(offer)
    confirm = await resident.tap("/affirm")
    assert "grundschule" in text_of(confirm) and "/affirm" in [b["callback_data"].split("~")[0] for b in keyboard(confirm[-1])]
    changed = await resident.say("Auf welche Grundschule gehen die Kinder aus der EAE Bochum?")
    assert "Auf welche Grundschule" in text_of(changed)
    consent = await resident.tap("/affirm")
    assert "Datenschutz" in text_of(consent)
    unexpected = await resident.say("wie ist das wetter")
    assert "Schaltflächen" in text_of(unexpected), "anything unexpected gets a clear prompt"
    summary = await resident.tap("/deny")
    assert "Auf welche Grundschule" in text_of(summary) and "Bochum" in text_of(summary)
    done = await resident.tap("/affirm")
    assert "NB-20" in text_of(done)


async def test_cancel_works_in_the_middle_and_nothing_is_stored(telegram_app, fake_api, chat_id):
    resident = Resident(fake_api, chat_id)
    with db.session() as s:
        before = s.scalar(select(m.Ticket.id).order_by(m.Ticket.id.desc()))
    await resident.say("Ist in Köln etwas geplant?")
    await resident.say("ich möchte mit einem menschen sprechen")
    await resident.say("Gibt es WLAN in der Unterkunft für die Bewohner?")
    cancelled = await resident.tap("/cancel")
    assert "abgebrochen" in text_of(cancelled)
    with db.session() as s:
        assert s.scalar(select(m.Ticket.id).order_by(m.Ticket.id.desc())) == before


async def test_contact_needs_a_valid_address_and_is_stored_with_consent(telegram_app, fake_api, chat_id):
    resident = Resident(fake_api, chat_id)
    await resident.say("Ist in Münster etwas geplant?")
    await resident.say("ich möchte mit einem menschen sprechen")
    await resident.say("Kann ich beim Aufbau der Unterkunft helfen, etwa mit Werkzeug?")
    ask = await resident.tap("/affirm")
    assert "E-Mail-Adresse oder Telefonnummer" in text_of(ask)
    bad = await resident.say("anna bei example")
    assert "sieht nicht nach" in text_of(bad)
    summary = await resident.say("anna@example.net")
    assert "anna@example.net" in text_of(summary)
    done = await resident.tap("/affirm")
    reference = next(w.strip(".,") for w in text_of(done).split() if w.startswith("NB-"))
    with db.session() as s:
        ticket = s.scalar(select(m.Ticket).where(m.Ticket.reference == reference))
        assert ticket.contact == "anna@example.net" and ticket.contact_consent_at is not None
        assert ticket.office_code == "br-muenster"
