"""The Telegram front, against a fake Bot API server on loopback: an update goes in, sendMessage comes out."""

from __future__ import annotations

import asyncio
import contextlib


async def wait(fake_api, chat_id: int, count: int) -> list[dict]:
    return await asyncio.to_thread(fake_api.wait_for, chat_id, count)


def keyboard(message: dict) -> list[dict]:
    markup = message.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


async def test_start_greets_in_german(telegram_app, fake_api, chat_id):
    fake_api.send_text(chat_id, "/start")
    [greeting] = await wait(fake_api, chat_id, 1)
    assert "Nachbarbot NRW" in greeting["text"]


async def test_deep_link_preselects_the_place(telegram_app, fake_api, chat_id):
    fake_api.send_text(chat_id, "/start 05562014")
    messages = await wait(fake_api, chat_id, 2)
    assert "Notunterkunft Gladbeck" in messages[1]["text"]


async def test_question_gets_answer_with_inline_keyboard_and_buttons_work(telegram_app, fake_api, chat_id):
    fake_api.send_text(chat_id, "Ist in Wuppertal etwas geplant?")
    [answer] = await wait(fake_api, chat_id, 1)
    assert "Notunterkunft Wuppertal" in answer["text"]
    assert answer["parse_mode"] == "HTML"
    buttons = keyboard(answer)
    capacity = next(b for b in buttons if b["text"] == "Wie viele Plätze?")
    fake_api.tap(chat_id, capacity["callback_data"])
    messages = await wait(fake_api, chat_id, 2)
    assert "250" in messages[1]["text"]


async def test_help_command(telegram_app, fake_api, chat_id):
    fake_api.send_text(chat_id, "/hilfe")
    [answer] = await wait(fake_api, chat_id, 1)
    assert "Fragen Sie mich" in answer["text"]


async def test_text_is_escaped_for_html(telegram_app, fake_api, chat_id):
    fake_api.send_text(chat_id, "<b>hallo</b> & tschüss")
    [answer] = await wait(fake_api, chat_id, 1)
    assert "<" not in answer["text"].replace("&lt;", "")


async def test_too_long_message_gets_a_friendly_note(telegram_app, fake_api, chat_id):
    fake_api.send_text(chat_id, "Frage " * 300)
    [answer] = await wait(fake_api, chat_id, 1)
    assert "zu lang" in answer["text"]


async def test_photo_gets_a_friendly_note(telegram_app, fake_api, chat_id):
    fake_api.send_photo(chat_id)
    [answer] = await wait(fake_api, chat_id, 1)
    assert "Textnachrichten" in answer["text"]


async def test_rate_limit_per_user_with_one_notice_per_burst(telegram_app, fake_api, chat_id):
    for i in range(10):
        fake_api.send_text(chat_id, f"hallo {i}")
    fake_api.send_photo(chat_id)
    fake_api.send_text(chat_id, "Frage " * 300)
    await wait(fake_api, chat_id, 9)
    await asyncio.sleep(1.5)
    messages = fake_api.messages_to(chat_id)
    assert sum("sehr schnell" in m["text"] for m in messages) == 1, "one notice per burst, not one per message"
    assert len(messages) == 9, "8 answers (the burst), 1 notice; photos and long messages count too"


async def test_rasa_down_then_back_and_the_kept_question_is_answered(telegram_app, fake_api, rasa_proxy, chat_id):
    rasa_proxy.set_enabled(False)
    try:
        fake_api.send_text(chat_id, "Ist in Köln etwas geplant?")
        [down] = await wait(fake_api, chat_id, 1)
        assert "nicht erreichbar" in down["text"] and "gespeichert" in down["text"]
        assert "Traceback" not in down["text"]
    finally:
        rasa_proxy.set_enabled(True)
    # Nobody writes again: the kept question is answered by itself once Rasa is back.
    messages = await wait(fake_api, chat_id, 2)
    assert "Ist in Köln etwas geplant?" in messages[1]["text"] and "ZUE Köln-Porz" in messages[1]["text"]
    fake_api.send_text(chat_id, "und ab wann?")
    messages = await wait(fake_api, chat_id, 3)
    assert "1.4.2027" in messages[2]["text"], "the conversation goes on where it was"


async def test_action_server_down_then_back(telegram_app, fake_api, action_proxy, chat_id):
    action_proxy.set_enabled(False)
    try:
        fake_api.send_text(chat_id, "Ist in Bonn etwas geplant?")
        [down] = await wait(fake_api, chat_id, 1)
        assert "nicht erreichbar" in down["text"]
    finally:
        action_proxy.set_enabled(True)
    messages = await wait(fake_api, chat_id, 2)
    assert "ZUE Bonn" in messages[1]["text"]


async def test_chat_ids_never_reach_rasa_or_the_logs(telegram_app, fake_api, stack, chat_id):
    import httpx

    from bot.pseudonym import pseudonym
    from faq.settings import rasa_api_params, state_dir

    fake_api.send_text(chat_id, "hallo")
    await wait(fake_api, chat_id, 1)
    async with httpx.AsyncClient() as client:
        token = rasa_api_params()
        known = (await client.get(f"{stack.rasa_url}/conversations/{pseudonym(chat_id)}/tracker", params=token)).json()
        raw = (await client.get(f"{stack.rasa_url}/conversations/{chat_id}/tracker", params=token)).json()
    assert any(e.get("event") == "user" for e in known["events"])
    assert not any(e.get("event") == "user" for e in raw["events"])
    for log in state_dir().glob("*.log"):
        assert str(chat_id) not in log.read_text(errors="replace"), log.name


async def test_english_telegram_user_is_greeted_in_english(telegram_app, fake_api, chat_id):
    fake_api.send_text(chat_id, "/start", language="en")
    [greeting] = await wait(fake_api, chat_id, 1)
    assert "Hello! I am Nachbarbot NRW" in greeting["text"]


async def test_webhook_mode_checks_the_secret_token(fake_api, rasa_proxy, chat_id, tmp_path):
    import httpx

    from bot.stack import free_port
    from bot.telegram_app import BotConfig, build_application
    from bot.webhook import serve

    port = free_port()
    config = BotConfig(token="123456:HOOK", rasa_url=rasa_proxy.url, base_url=fake_api.base_url,
                       webhook_url=f"https://bot.example.org/telegram", webhook_secret="s3cret-token",
                       webhook_port=port)
    app = build_application(config)
    update = {"update_id": 1, "message": {"message_id": 1, "date": 0, "text": "Ist in Detmold etwas geplant?",
                                          "chat": {"id": chat_id, "type": "private"},
                                          "from": {"id": chat_id, "is_bot": False, "first_name": "N"}}}
    server = asyncio.create_task(serve(app, tmp_path / "journal.sqlite", listen="127.0.0.1", port=port,
                                       webhook_url=config.webhook_url, secret=config.webhook_secret,
                                       allowed_updates=["message"]))
    try:
        async with httpx.AsyncClient() as client:
            url = f"http://127.0.0.1:{port}/telegram"
            for _ in range(100):
                try:
                    await client.get(f"http://127.0.0.1:{port}/health")
                    break
                except httpx.HTTPError:
                    await asyncio.sleep(0.1)
            forged = await client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"})
            assert forged.status_code == 403
            genuine = await client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"})
            assert genuine.status_code == 200
            again = await client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"})
            assert again.status_code == 200, "Telegram's redelivery is taken, and answered once"
        [answer] = await wait(fake_api, chat_id, 1)
        assert "ZUE Detmold" in answer["text"]
        await asyncio.sleep(1)
        assert len(fake_api.messages_to(chat_id)) == 1
    finally:
        server.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await server
