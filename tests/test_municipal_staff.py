"""Municipal staff and their figures, end to end through the fake Bot API: an invite code binds a chat to a
municipality; staff get their own share, provisional figures, a chart (sendPhoto) and a CSV (sendDocument);
residents never see an unpublished figure; used, revoked and guessed codes are refused; publishing a month
tells the staff who want to know, and one tap stops it."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io

import pytest
from sqlalchemy import select

from faq import db, forecasts, staff
from faq import models as m
from faq.formatting import fmt_month
from faq.months import shift
from tests.chat_helpers import Resident, text_of
from tests.handover_helpers import WorkerProcess, eventually

BIELEFELD = "05711000"
PNG = b"\x89PNG\r\n\x1a\n"


def new_code(ags: str = BIELEFELD) -> tuple[int, str]:
    with db.session() as s:
        invite = staff.invite(s, ags, note="test")
    return invite.id, invite.code


def files(messages: list[dict], method: str) -> list[dict]:
    key = "photo" if method == "sendPhoto" else "document"
    return [msg[key] for msg in messages if msg.get("_method") == method]


def csv_rows(document: dict) -> list[list[str]]:
    return list(csv.reader(io.StringIO(document["data"].decode("utf-8-sig")), delimiter=";"))


def next_month() -> str:
    return fmt_month(shift(dt.date.today().replace(day=1), 1).strftime("%Y-%m"), "de")


async def become_staff(fake_api, chat_id: int, ags: str = BIELEFELD) -> Resident:
    user = Resident(fake_api, chat_id)
    _, code = new_code(ags)
    welcome = await user.say(f"/code {code}")
    assert "freigeschaltet" in text_of(welcome)
    return user


async def test_staff_get_their_share_a_chart_and_a_csv(telegram_app, fake_api, chat_id):
    user = await become_staff(fake_api, chat_id)
    answer = await user.say("Wie viele Zuweisungen bekommen wir nächsten Monat?", replies=2)
    text = text_of(answer)
    assert next_month() in text
    assert "Anteil von Bielefeld" in text, "staff get their municipality's share without naming it"
    [photo] = files(answer, "sendPhoto")
    assert photo["data"].startswith(PNG) and len(photo["data"]) > 10_000
    table = await user.tap("/forecast_file", replies=2)
    [document] = files(table, "sendDocument")
    assert document["filename"].endswith(".csv")
    rows = csv_rows(document)
    assert rows[0][:3] == ["Monat", "Zuweisungen NRW", "Anteil Bielefeld (rechnerisch)"]
    assert rows[1][0] == shift(dt.date.today().replace(day=1), 1).strftime("%Y-%m")

    quarter = await user.say("und im ersten Quartal 2027?", replies=2)
    text = text_of(quarter)
    assert "Januar 2027: 4.100" in text and "Februar 2027: 4.250" in text and "März 2027: 4.400" in text
    assert "Zusammen: 12.750" in text and "veröffentlicht am 13.11.2026" in text and "Beispieldaten" in text
    assert "April" not in text, "exactly the span asked, not the next three months"
    assert files(quarter, "sendPhoto")

    later = await user.say("zweites Halbjahr 2027", replies=2)
    text = text_of(later)
    assert "Juli 2027: 3.700 (vorläufig, nicht veröffentlicht)" in text
    assert "September 2027: noch keine Prognose veröffentlicht" in text, "missing months are named, not filled in"


UNPUBLISHED = ("3.700", "3.600", "3700", "3600")


async def test_a_resident_never_sees_an_unpublished_figure(telegram_app, fake_api, chat_id):
    resident = Resident(fake_api, chat_id)
    seen: list[dict] = []
    for question in ("Prognose für Juli 2027", "Wie viele Zuweisungen im zweiten Halbjahr 2027?",
                     "zuweisungen august 2027 in bielefeld", '/forecast{"month":"2027-07"}', "ab Juli 2027",
                     "Prognose für das ganze Jahr 2027"):
        seen += await resident.say(question, replies=2)
    seen += await resident.say("als CSV bitte", replies=2)
    text = text_of(seen)
    assert "Juli 2027" in text and "noch keine Prognose veröffentlicht" in text
    assert not any(figure in text for figure in UNPUBLISHED)
    assert "vorläufig" not in text
    for document in files(seen, "sendDocument"):
        assert not any(figure in document["data"].decode("utf-8-sig") for figure in UNPUBLISHED)


async def test_used_revoked_and_guessed_codes_are_refused(telegram_app, fake_api, chat_id):
    invite_id, code = new_code()
    first = Resident(fake_api, chat_id)
    assert "freigeschaltet" in text_of(await first.say(f"/code {code}"))
    second = Resident(fake_api, chat_id + 100_000)
    assert "schon eingelöst" in text_of(await second.say(f"/code {code}"))

    with db.session() as s:
        staff.revoke(s, invite_id)
    later = await first.say("zweites Halbjahr 2027", replies=2)
    assert "vorläufig" not in text_of(later), "a revoked binding shows no provisional figures"

    other_id, other = new_code()
    with db.session() as s:
        staff.revoke(s, other_id)
    assert "widerrufen" in text_of(await second.say(f"/code {other}"))

    guesser = Resident(fake_api, chat_id + 200_000)
    for _ in range(staff.MAX_FAILED):
        assert "nicht gültig" in text_of(await guesser.say("/code AAAA-BBBB-CCCC"))
    _, valid = new_code()
    assert "Zu viele" in text_of(await guesser.say(f"/code {valid}")), "guessing is slowed down"


async def test_invite_link_binds_through_start(telegram_app, fake_api, chat_id):
    _, code = new_code("05315000")
    user = Resident(fake_api, chat_id)
    welcome = await user.say(f"/start staff-{code.replace('-', '')}", replies=2)
    assert "Köln" in text_of(welcome) and "freigeschaltet" in text_of(welcome)


@pytest.fixture
def telegram_worker(fake_api):
    process = WorkerProcess({"TELEGRAM_BOT_TOKEN": "123456:TEST", "TELEGRAM_BASE_URL": fake_api.base_url}).start()
    yield process
    process.stop()


async def test_publishing_tells_staff_and_one_tap_stops_it(telegram_app, fake_api, chat_id, telegram_worker):
    user = await become_staff(fake_api, chat_id, "05515000")  # Münster
    with db.session() as s:
        forecasts.enter(s, "2028-01", 4321, demo=True)
        told = forecasts.publish(s, "2028-01", dt.date.today())
    assert told >= 1
    [note] = await user.wait_more(1)
    assert "Januar 2028" in note["text"] and "4.321" in note["text"] and "Münster" in note["text"]
    assert "Beispieldaten" in note["text"]
    off = await user.tap("/stop_alerts")
    assert "keine Nachrichten mehr" in text_of(off)
    with db.session() as s:
        forecasts.enter(s, "2028-02", 4000, demo=True)
        forecasts.publish(s, "2028-02", dt.date.today())
        member = s.scalar(select(m.StaffMember).where(m.StaffMember.ags == "05515000",
                                                      m.StaffMember.revoked_at.is_(None)))
        assert member.alerts is False
        waiting = s.scalars(select(m.OutboxMessage).where(m.OutboxMessage.key.like("forecast:2028-02:%"))).all()
        assert all(row.recipient != member.reply_address for row in waiting)
    await asyncio.sleep(1.0)
    assert len(fake_api.messages_to(chat_id)) == user.seen, "no message after switching off"
    with db.session() as s:
        for month in ("2028-01", "2028-02"):  # leave the shared demo data as it was
            s.delete(s.get(m.Forecast, month))
            for row in s.scalars(select(m.OutboxMessage).where(m.OutboxMessage.key.like(f"forecast:{month}:%"))):
                s.delete(row)


async def test_staff_cli_prints_code_and_link_and_revokes(monkeypatch, capsys):
    from bot.cli import main

    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "NachbarbotNRW_bot")
    assert main(["staff", "invite", BIELEFELD, "--note", "Sozialamt"]) == 0
    out = capsys.readouterr().out
    code = next(line.split()[-1] for line in out.splitlines() if line.startswith("Code:"))
    assert f"https://t.me/NachbarbotNRW_bot?start=staff-{code.replace('-', '')}" in out
    assert main(["staff", "list"]) == 0
    listing = capsys.readouterr().out
    invite_id = max(int(line.split()[0]) for line in listing.splitlines() if "Sozialamt" in line)
    assert main(["staff", "revoke", str(invite_id)]) == 0
    assert main(["staff", "invite", "99999999"]) == 1
    assert "Unbekannter Gemeindeschlüssel" in capsys.readouterr().err
    with db.session() as s:
        assert staff.redeem(s, "cli-test", code).outcome == "revoked"


def test_forecast_cli_enters_then_publishes(capsys):
    from bot.cli import main

    assert main(["forecast", "set", "2028-03", "3999", "--demo"]) == 0
    assert main(["forecast", "set", "März 2028", "1"]) == 1
    assert "JJJJ-MM" in capsys.readouterr().err
    with db.session() as s:
        assert forecasts.figures(s, ["2028-03"])[0].allocations is None, "entered is not published"
    assert main(["forecast", "publish", "2028-03"]) == 0
    with db.session() as s:
        assert forecasts.figures(s, ["2028-03"])[0].allocations == 3999
        s.delete(s.get(m.Forecast, "2028-03"))
        for row in s.scalars(select(m.OutboxMessage).where(m.OutboxMessage.key.like("forecast:2028-03:%"))):
            s.delete(row)


def test_terminal_chat_names_the_chart_file_it_wrote(stack):
    from tests.test_handover_cli import TerminalChat

    _, code = new_code()
    chat = TerminalChat(stack.rasa_url)
    try:
        chat.type(f"/code {code}")
        chat.wait_for("freigeschaltet")
        chat.type("Prognose erstes Quartal 2027")
        line = chat.wait_for(r"Datei gespeichert: .*\.png")
        path = line.split("Datei gespeichert:")[1].strip()
        with open(path, "rb") as f:
            assert f.read(8) == PNG
    finally:
        chat.close()


def test_codes_expire_and_loeschen_removes_the_binding():
    from faq.handover import privacy
    from faq.models import utcnow

    _, code = new_code()
    with db.session() as s:
        late = utcnow() + dt.timedelta(days=staff.invite_days() + 1)
        assert staff.redeem(s, "tg-expiry-test", code, now=late).outcome == "expired"
    _, code = new_code()
    with db.session() as s:
        assert staff.redeem(s, "tg-delete-test", code).outcome == "bound"
    with db.session() as s:
        privacy.delete_user_data(s, "tg-delete-test")
    with db.session() as s:
        assert staff.member(s, "tg-delete-test") is None
        assert not s.scalars(select(m.StaffCodeAttempt).where(m.StaffCodeAttempt.user_key == "tg-delete-test")).all()
