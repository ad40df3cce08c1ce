"""The hand-over's rules, on the real database: routing as data, reminders on NRW working days,
retention, the outbox's retries and idempotency, and reply mails read at most once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from faq import db
from faq import models as m
from faq.handover import outbox, privacy, routing, tickets
from faq.handover.workdays import is_workday, workdays_between


def draft(**over) -> tickets.Draft:
    values = dict(conversation="tg-rules-test", question="Wann kommt der Bus?", lang="de", topic="allgemein",
                  ags="05315000", rb_code="053")
    values.update(over)
    return tickets.Draft(**values)


def test_routing_follows_the_rules_in_the_database():
    with db.session() as s:
        for rb, office in [("051", "br-duesseldorf"), ("053", "br-koeln"), ("055", "br-muenster"),
                           ("057", "br-detmold"), ("059", "br-arnsberg")]:
            assert routing.route(s, "einrichtung", rb).office.code == office
        assert routing.route(s, "zuweisung", None).office.code == "zv-arnsberg"
        assert routing.route(s, "zuweisung", "053").office.code == "zv-arnsberg", "topic rules come first"
        assert routing.route(s, "akquise", "055").office.code == "akquise"
        assert routing.route(s, "allgemein", None) is None, "without a place, ask for one"
        assert routing.topic_for("allocation_key") == "zuweisung"
        assert routing.topic_for("faq", "liegenschaft_anbieten") == "akquise"


def test_a_ticket_gets_a_reference_its_office_reason_and_exactly_one_mail():
    with db.session() as s:
        ticket = tickets.submit(s, draft())
        reference = ticket.reference
        assert reference.startswith(f"NB-{ticket.created_at.year}-") and len(reference) == 14
        assert ticket.office_code == "br-koeln" and "Köln" in ticket.routing_reason
    with db.session() as s:
        mails = s.scalars(select(m.OutboxMessage).where(m.OutboxMessage.key == f"mail:{reference}")).all()
        assert len(mails) == 1 and reference in mails[0].payload["subject"]
        assert "Wann kommt der Bus?" in mails[0].payload["body"]


def test_staff_can_change_the_routing_without_a_deployment():
    with db.session() as s:
        rule = s.get(m.RoutingRule, "ort-057")
        rule.office_code = "br-arnsberg"
    try:
        with db.session() as s:
            assert routing.route(s, "einrichtung", "057").office.code == "br-arnsberg"
    finally:
        with db.session() as s:
            s.get(m.RoutingRule, "ort-057").office_code = "br-detmold"


def test_working_days_skip_weekends_and_nrw_holidays():
    assert not is_workday(dt.date(2026, 11, 1))  # Allerheiligen (a Sunday anyway)
    assert not is_workday(dt.date(2027, 5, 27))  # Fronleichnam: a holiday in NRW
    assert is_workday(dt.date(2026, 11, 25))
    assert workdays_between(dt.date(2026, 12, 23), dt.date(2026, 12, 28)) == 2  # 24th and 28th; 25th/26th off


def test_an_open_ticket_reminds_its_office_once_per_period():
    created = dt.datetime(2026, 12, 22, 9, 0)
    with db.session() as s:
        reference = tickets.submit(s, draft(rb_code="055", ags="05515000"), now=created).reference
    with db.session() as s:
        early = tickets.remind_overdue(s, now=dt.datetime(2026, 12, 24, 9, 0), workdays=3)
        assert reference not in early  # 23rd and 24th: two working days
    with db.session() as s:
        due = tickets.remind_overdue(s, now=dt.datetime(2026, 12, 28, 9, 0), workdays=3)
        again = tickets.remind_overdue(s, now=dt.datetime(2026, 12, 28, 15, 0), workdays=3)
        assert reference in due and reference not in again, "once per period"
    with db.session() as s:
        reminders = s.scalars(select(m.OutboxMessage).where(m.OutboxMessage.key.like(f"reminder:{reference}:%"))).all()
        assert len(reminders) == 1 and "Erinnerung" in reminders[0].payload["subject"]
        tickets.answer(s, reference, "Erledigt.", source="cli")
    with db.session() as s:
        assert reference not in tickets.remind_overdue(s, now=dt.datetime(2027, 1, 15, 9, 0), workdays=3)


def test_retention_blanks_contact_and_question_of_old_closed_tickets():
    with db.session() as s:
        ticket = tickets.submit(s, draft(contact="alt@example.net", conversation="tg-retention"))
        reference = ticket.reference
        tickets.close(s, reference, now=dt.datetime(2026, 1, 1))
    with db.session() as s:
        assert privacy.purge_expired(s, now=dt.datetime(2026, 3, 1), days=90) == 0
        privacy.purge_expired(s, now=dt.datetime(2026, 4, 2), days=90)
    with db.session() as s:
        ticket = tickets.get(s, reference)
        assert ticket.contact is None and ticket.question == privacy.BLANK and ticket.reply_address is None
        assert ticket.conversation != "tg-retention"


def test_outbox_backs_off_and_claims_each_message_once():
    now = dt.datetime(2030, 1, 1, 12, 0)
    with db.session() as s:
        first = outbox.enqueue(s, key="test:backoff", channel="testchan", payload={"n": 1}, not_before=now)
        again = outbox.enqueue(s, key="test:backoff", channel="testchan", payload={"n": 2}, not_before=now)
        assert first.id == again.id, "enqueueing is idempotent"
    with db.session() as s:
        [claimed] = outbox.claim(s, ["testchan"], now=now)
        assert outbox.claim(s, ["testchan"], now=now) == [], "a claimed message is leased"
        outbox.mark_failed(s, claimed.id, "boom", now=now)
    with db.session() as s:
        row = s.get(m.OutboxMessage, claimed.id)
        assert row.status == "pending" and row.next_attempt_at > now and row.attempts == 1
        assert outbox.claim(s, ["testchan"], now=now + dt.timedelta(seconds=1)) == []
        assert len(outbox.claim(s, ["testchan"], now=now + dt.timedelta(seconds=5))) == 1
        outbox.mark_sent(s, row.id)


def test_a_reply_mail_read_twice_is_relayed_once_and_strangers_are_kept():
    with db.session() as s:
        ticket = tickets.submit(s, draft(reply_channel="console", conversation="cli-mail-twice"))
        reference, office = ticket.reference, ticket.office.email
    body = "Die Antwort lautet: ja.\n\nAm 25.11.2026 schrieb Nachbarbot:\n> Wann kommt der Bus?"
    with db.session() as s:
        receipt = tickets.receive_mail(s, message_id="<once@x>", from_addr=office, subject=f"AW: [{reference}]",
                                       body=body)
        assert receipt.outcome == "relayed"
    with db.session() as s:
        assert tickets.receive_mail(s, message_id="<once@x>", from_addr=office, subject=f"AW: [{reference}]",
                                    body=body).outcome == "duplicate"
        stranger = tickets.receive_mail(s, message_id="<stranger@x>", from_addr="x@evil.example",
                                        subject=f"AW: [{reference}]", body="Hallo")
        assert stranger.outcome == "unknown_sender"
    with db.session() as s:
        answers = s.scalars(select(m.OutboxMessage).where(m.OutboxMessage.key.like(f"answer:{reference}:%"))).all()
        assert len(answers) == 1 and "Die Antwort lautet: ja." in answers[0].payload["text"]
        assert "schrieb" not in answers[0].payload["text"]
        kept = s.scalar(select(m.InboundMail).where(m.InboundMail.message_id == "<stranger@x>"))
        assert kept.outcome == "unknown_sender" and kept.text == "Hallo"
