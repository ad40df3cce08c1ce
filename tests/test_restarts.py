"""Nothing a resident said is lost by a restart: in the middle of a follow-up ("Und ab wann?"), the action
server, the Rasa server and the Telegram bot are each restarted on their own, and the answer still knows the
place (the conversation lives in Rasa's SQL tracker store, the buttons are signed, not remembered)."""

from __future__ import annotations

import asyncio
import os
import signal
import time

import httpx

from bot import stack as stack_mod
from bot.ask import Asker
from tests.chat_helpers import Resident, keyboard, text_of


def replies(result: dict) -> str:
    return "\n".join(r["text"] for r in result["replies"])


def kill_group(proc) -> None:  # noqa: ANN001
    """SIGKILL the server and its worker processes (Sanic forks workers that hold the port)."""
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    time.sleep(0.5)


def wait_healthy(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError(url)


async def test_the_action_server_and_then_rasa_restarted_on_their_own_keep_the_follow_up(model):
    with stack_mod.running_stack(model) as running:
        action_port = int(running.action_url.rsplit(":", 1)[1])
        rasa_port = int(running.rasa_url.rsplit(":", 1)[1])
        asker = Asker(running.rasa_url, session="restarts")
        try:
            first = await asker.ask("r", "Ist in Köln etwas geplant?")
            assert "ZUE Köln-Porz" in replies(first)

            actions, rasa = running.processes[0], running.processes[1]
            kill_group(actions)
            running.processes[0] = stack_mod.start_action_server(action_port)
            await asyncio.to_thread(wait_healthy, f"{running.action_url}/health")
            follow = await asker.ask("r", "Und ab wann?")
            assert "1.4.2027" in replies(follow), "the place survived the action server's restart"

            kill_group(rasa)
            running.processes[1] = stack_mod.start_rasa(model, rasa_port, running.action_url)
            await asyncio.to_thread(wait_healthy, f"{running.rasa_url}/")
            await asyncio.to_thread(stack_mod.wait_until_ready, running)
            size = await asker.ask("r", "und wie viele plätze?")
            assert "600" in replies(size), "the place survived Rasa's restart"
        finally:
            await asker.aclose()


async def test_the_telegram_bot_restarted_keeps_the_follow_up_and_its_buttons(rasa_proxy, chat_id):
    from bot.telegram_app import BotConfig, build_application
    from tests.fake_telegram import FakeBotApi

    fake_api = FakeBotApi().start()  # its own: the suite's bot must not pick up these updates

    async def bot_app():  # noqa: ANN202
        app = build_application(BotConfig(token="123456:TEST", rasa_url=rasa_proxy.url, base_url=fake_api.base_url))
        await app.initialize()
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        return app

    async def stop(app) -> None:  # noqa: ANN001
        await app.updater.stop()
        await app.stop()
        await app.shutdown()

    resident = Resident(fake_api, chat_id)
    first = await bot_app()
    try:
        [answer] = await resident.say("Ist in Wuppertal etwas geplant?")
        assert "Notunterkunft Wuppertal" in answer["text"]
        old_button = next(b["callback_data"] for b in keyboard(answer) if b["callback_data"].startswith(
            "/facility_capacity"))
    finally:
        await stop(first)
    second = await bot_app()
    try:
        follow = await resident.say("Und ab wann?")
        assert "Wuppertal" in text_of(follow) and "Für welche Stadt" not in text_of(follow)
        fake_api.tap(chat_id, old_button)  # a button the bot sent before its restart
        [capacity] = await resident.wait_more(1)
        assert "250" in capacity["text"]
    finally:
        await stop(second)
        fake_api.stop()


async def test_a_request_id_follows_a_message_through_rasa_and_the_actions_in_json_logs(stack):
    import json as jsonlib

    from bot.rasa_client import RasaClient
    from faq.settings import state_dir

    client = RasaClient(stack.rasa_url)
    try:
        await client.send("log-test", "Ist in Köln etwas geplant?", request_id="req-4242-abcd")
    finally:
        await client.aclose()
    await asyncio.sleep(0.5)
    for service in ("rasa-server", "action-server"):
        text = (state_dir() / f"{service}.log").read_text(encoding="utf-8", errors="replace")
        # a JSON line may follow a colour reset that Rasa's warnings print without a newline
        lines = [jsonlib.loads(line[line.index('{"ts"'):]) for line in text.splitlines()
                 if "req-4242-abcd" in line and '{"ts"' in line]
        assert lines, f"no JSON line with the request id in {state_dir() / (service + '.log')}"
        assert all({"ts", "level", "service", "msg"} <= set(entry) for entry in lines)
        assert all("log-test" in entry["msg"] or entry["request_id"] == "req-4242-abcd" for entry in lines)
