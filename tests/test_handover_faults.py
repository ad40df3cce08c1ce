"""Nothing is lost on the way: the mail server away, the worker killed mid-delivery, Telegram refusing
for a while, Rasa restarted in the middle of the dialogue, and `/loeschen` leaving nothing behind."""

from __future__ import annotations

import asyncio
from sqlalchemy import create_engine, inspect, select, text

from bot import stack as stack_mod
from bot.pseudonym import pseudonym
from faq import db
from faq import models as m
from faq.settings import database_url, tracker_store_url
from tests.handover_helpers import WorkerProcess, eventually
from tests.mailservers import smtp_sink  # noqa: F401 - fixture
from tests.chat_helpers import Resident, text_of
from tests.test_handover import hand_over


def worker_env(smtp_sink, fake_api) -> dict[str, str]:  # noqa: F811
    return {"SMTP_HOST": smtp_sink.host, "SMTP_PORT": str(smtp_sink.port), "SMTP_STARTTLS": "false",
            "SMTP_FROM": "Nachbarbot NRW <bot@nachbarbot.example.org>", "OUTBOX_LEASE_SECONDS": "3",
            "TELEGRAM_BOT_TOKEN": "123456:TEST", "TELEGRAM_BASE_URL": fake_api.base_url}


async def ask_ticket(asker, conversation: str, question: str) -> str:
    """A hand-over through `ask` (no Telegram needed): human hand-over, question, no contact, send."""
    await asker.ask(conversation, "Ist in Unna etwas geplant?")
    await asker.ask(conversation, "ich möchte bitte mit einem Menschen sprechen")
    await asker.ask(conversation, question)
    await asker.ask(conversation, "/deny")
    done = await asker.ask(conversation, "/affirm")
    words = "\n".join(r["text"] for r in done["replies"]).split()
    return next(w.strip(".,") for w in words if w.startswith("NB-"))


def delivered_ids(sink) -> list[str]:
    return [str(msg["Message-ID"]) for msg in list(sink.messages)]


async def test_mail_server_down_then_back_every_ticket_arrives_once(asker, smtp_sink, fake_api):  # noqa: F811
    worker = WorkerProcess(worker_env(smtp_sink, fake_api)).start()
    try:
        smtp_sink.stop()
        refs = [await ask_ticket(asker, f"smtp-down-{i}", f"Frage Nummer {i} zur Müllabfuhr an der EAE?")
                for i in range(3)]
        await asyncio.sleep(3)  # the worker fails and backs off meanwhile
        with db.session() as s:
            rows = s.scalars(select(m.OutboxMessage).where(m.OutboxMessage.key.in_([f"mail:{r}" for r in refs]))).all()
            assert all(r.status == "pending" for r in rows) and any(r.attempts >= 1 for r in rows)
        smtp_sink.start()
        for ref in refs:
            await asyncio.to_thread(eventually, lambda: any(ref in str(x["Subject"]) for x in smtp_sink.messages),
                                    60, 0.2, f"mail for {ref}")
        ids = [i for i in delivered_ids(smtp_sink) if any(r in i for r in refs)]
        assert len(ids) == len(set(ids)) == 3, ids
    finally:
        worker.stop()


async def test_worker_killed_mid_delivery_loses_nothing(asker, smtp_sink, fake_api):  # noqa: F811
    refs = [await ask_ticket(asker, f"kill-{i}", f"Gibt es an der EAE Unna Parkplätze für Besucher, Frage {i}?")
            for i in range(4)]

    def arrived() -> set[str]:
        return {r for r in refs if any(r in str(x["Subject"]) for x in list(smtp_sink.messages))}

    smtp_sink.delay = 2.0  # each mail is taken, then confirmed only 2 s later: kill the worker in between
    kills = 0
    while len(arrived()) < len(refs) and kills < 3:
        before = len(smtp_sink.messages)
        worker = WorkerProcess(worker_env(smtp_sink, fake_api)).start()
        await asyncio.to_thread(eventually, lambda: len(smtp_sink.messages) > before, 30, 0.01, "a mail")
        worker.kill()  # SIGKILL while the mail server still owes the "250 OK"
        kills += 1
    smtp_sink.delay = 0.0
    worker = WorkerProcess(worker_env(smtp_sink, fake_api)).start()  # back after the crash
    try:
        await asyncio.to_thread(eventually, lambda: len(arrived()) == len(refs), 60, 0.2, "every mail")
        await asyncio.sleep(4)  # leases of the killed deliveries run out: they are sent once more
        with db.session() as s:
            rows = s.scalars(select(m.OutboxMessage).where(m.OutboxMessage.key.in_([f"mail:{r}" for r in refs])))
            assert all(r.status == "sent" for r in rows)
    finally:
        worker.stop()
    ids = [i for i in delivered_ids(smtp_sink) if any(r in i for r in refs)]
    assert {i.split(".")[0].strip("<") for i in ids} == set(refs)
    duplicates = len(ids) - len(set(ids))
    assert duplicates <= kills, "only a delivery cut off by a kill may be repeated"
    print(f"\n[numbers] worker SIGKILLed {kills}x mid-delivery: {len(set(ids))} of {len(refs)} mails arrived, "
          f"{duplicates} repeated deliveries (same Message-ID: the receiver drops them)")


async def test_telegram_429_and_500_for_a_while_the_answer_arrives_once(
        telegram_app, fake_api, chat_id, smtp_sink):  # noqa: F811
    from faq.handover import tickets

    resident = Resident(fake_api, chat_id)
    reference = await hand_over(resident, "Ist in Detmold etwas geplant?", "Wird es einen Sicherheitsdienst am Zaun geben?")
    worker = WorkerProcess(worker_env(smtp_sink, fake_api)).start()
    try:
        fake_api.fail_next_sends(2, 429, retry_after=1)
        fake_api.fail_next_sends(3, 500)
        with db.session() as s:
            tickets.answer(s, reference, "Ja, rund um die Uhr.", source="cli")
        [answer] = await resident.wait_more(1, timeout=60)
        assert "rund um die Uhr" in answer["text"] and reference in answer["text"]
        await asyncio.sleep(2)
        assert len([x for x in fake_api.messages_to(chat_id) if "rund um die Uhr" in x["text"]]) == 1
        assert fake_api.failed_calls >= 5
    finally:
        worker.stop()


async def test_rasa_restarted_in_the_middle_of_the_dialogue(model):
    from bot.ask import Asker

    with stack_mod.running_stack(model) as first:
        asker = Asker(first.rasa_url, session="restart")
        await asker.ask("r", "Ist in Köln etwas geplant?")
        await asker.ask("r", "ich will einen menschen sprechen")
        consent = await asker.ask("r", "Wie viele Sozialarbeiter arbeiten in der Unterkunft?")
        assert "Datenschutz" in "\n".join(x["text"] for x in consent["replies"])
        await asker.aclose()
    with stack_mod.running_stack(model) as second:  # a new Rasa and action server: state from the tracker store
        asker = Asker(second.rasa_url, session="restart")
        summary = await asker.ask("r", "/deny")
        summary_text = "\n".join(x["text"] for x in summary["replies"])
        assert "Sozialarbeiter" in summary_text and "Köln" in summary_text
        done = await asker.ask("r", "/affirm")
        assert "NB-20" in "\n".join(x["text"] for x in done["replies"])
        follow = await asker.ask("r", "Und ab wann?")
        assert "1.4.2027" in "\n".join(x["text"] for x in follow["replies"]), "the place survived the restart"
        await asker.aclose()


async def test_loeschen_leaves_nothing_behind(telegram_app, fake_api, chat_id, smtp_sink):  # noqa: F811
    resident = Resident(fake_api, chat_id)
    contact = "loesch.mich@example.net"
    reference = await hand_over(resident, "Ist in Wuppertal etwas geplant?",
                                "Wer räumt den Schnee vor der Notunterkunft?", contact=contact)
    worker = WorkerProcess(worker_env(smtp_sink, fake_api)).start()
    try:
        await asyncio.to_thread(eventually, lambda: any(reference in str(x["Subject"]) for x in smtp_sink.messages),
                                30, 0.1, "the mail")
        ask = await resident.say("/loeschen")
        assert "löschen" in text_of(ask)
        done = await resident.tap("/affirm")
        assert "Gelöscht" in text_of(done) and "1 Anfrage" in text_of(done)
        sender = pseudonym(chat_id)
        try:  # the clean-up job runs a few seconds later
            await asyncio.to_thread(eventually, lambda: not find_everywhere([sender, contact]), 30, 0.5, "clean-up")
        except TimeoutError:
            pass
        left = find_everywhere([sender, contact])
        print(f"\n[numbers] /loeschen left behind: {left or 'nothing'}")
        assert not left
    finally:
        worker.stop()


def find_everywhere(needles: list[str]) -> list[str]:
    """Every table row (app database and Rasa's tracker store) holding one of the needles."""
    found = []
    for url in (database_url(), tracker_store_url()):
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                for table in inspect(conn).get_table_names():
                    for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                        blob = " ".join(str(v) for v in row)
                        found += [f"{table}: {n}" for n in needles if n in blob]
        finally:
            engine.dispose()
    return found
