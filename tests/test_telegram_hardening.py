"""Forged buttons, groups, edits, channel posts and odd updates never block anyone or reach Rasa's
internals (fake Bot API on loopback)."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.pseudonym import pseudonym
from faq import db
from faq import models as m

import pytest

from tests.test_telegram import keyboard, wait


@pytest.mark.parametrize("data", ['/greet{"language":"en"}', "/session_start", "/back", "/restart",
                                  "Ist in Köln etwas geplant?", "x" * 300, "/affirm~AAAAAAAA", "#deadbeef"])
async def test_a_forged_button_is_refused_kindly(telegram_app, fake_api, chat_id, data):
    fake_api.tap(chat_id, data)
    [answer] = await wait(fake_api, chat_id, 1)
    assert "nicht mehr gültig" in answer["text"]
    fake_api.send_text(chat_id, "Ist in Bonn etwas geplant?")
    messages = await wait(fake_api, chat_id, 2)
    assert "ZUE Bonn" in messages[1]["text"], "the chat goes on normally"


async def test_a_button_of_another_chat_is_refused(telegram_app, fake_api, chat_id):
    fake_api.send_text(chat_id, "Ist in Wuppertal etwas geplant?")
    [answer] = await wait(fake_api, chat_id, 1)
    data = keyboard(answer)[0]["callback_data"]
    other = chat_id + 70_000
    fake_api.tap(other, data)
    [refused] = await wait(fake_api, other, 1)
    assert "nicht mehr gültig" in refused["text"]
    fake_api.tap(chat_id, data)
    messages = await wait(fake_api, chat_id, 2)
    assert "nicht mehr gültig" not in messages[1]["text"]


async def test_a_group_gets_a_note_and_the_bot_leaves(telegram_app, fake_api, chat_id):
    group = -chat_id
    fake_api.send_group_text(group, "Ist in Köln etwas geplant?")
    [note] = await wait(fake_api, group, 1)
    assert "persönlichen Chat" in note["text"]
    await asyncio.sleep(0.5)
    assert "leaveChat" in fake_api.calls and len(fake_api.messages_to(group)) == 1


async def test_edits_channel_posts_and_buttons_without_message_are_not_answered(telegram_app, fake_api, chat_id):
    fake_api.edit_text(chat_id, "Ist in Köln etwas geplant?")
    fake_api.channel_post(-1000000000000 - chat_id, "Ist in Köln etwas geplant?")
    fake_api.tap_without_message(chat_id, "/help")
    fake_api.send_text(chat_id, "Ist in Unna etwas geplant?")
    [answer] = await wait(fake_api, chat_id, 1)
    await asyncio.sleep(1.0)
    assert "EAE Unna" in answer["text"] and len(fake_api.messages_to(chat_id)) == 1


async def test_a_kept_message_that_keeps_failing_never_blocks_the_others(telegram_app, fake_api, chat_id):
    bot = telegram_app.bot_data["nachbarbot"]
    other = chat_id + 90_000
    bot.inbox.add(chat_id, "/session_start")  # Rasa answers this with nothing, every time
    bot.inbox.add(other, "Ist in Köln etwas geplant?")
    [late] = await asyncio.to_thread(fake_api.wait_for, other, 1, 30)
    assert "ZUE Köln-Porz" in late["text"], "the message behind the failing one is answered"
    [apology] = await asyncio.to_thread(fake_api.wait_for, chat_id, 1, 60)
    assert "konnte ich leider nicht beantworten" in apology["text"]
    await asyncio.sleep(0.5)
    assert all(item.chat_id not in (chat_id, other) for item in bot.inbox.oldest(now=float("inf")))
    with db.session() as s:
        aside = s.scalars(select(m.UnansweredMessage).where(m.UnansweredMessage.conversation == pseudonym(chat_id),
                                                            m.UnansweredMessage.kind == "error")).all()
        assert [a.text for a in aside] == ["/session_start"], "set aside for staff, not lost"


def test_a_long_button_payload_is_known_to_every_bot_replica_and_only_for_its_chat():
    """Telegram carries 64 bytes of callback data; a longer payload is kept in the database, so another bot
    replica behind the balancer (or the bot after a restart) still knows the button."""
    from bot.payloads import Payloads

    payload = '/rate{"rating":"+","ref":"faq:einrichtungstypen_unterschied_und_mehr"}'
    issued = Payloads().encode(4711, payload)
    assert len(issued.encode()) <= 64 and issued.startswith("#")
    other_replica = Payloads()
    assert other_replica.decode(4711, issued) == payload
    assert other_replica.decode(4712, issued) is None, "a key issued to another chat"
    assert other_replica.decode(4711, "#" + "A" * 20) is None
