"""Benchmark (not a test): training time, model load time, memory of each process, and Telegram update ->
reply latency with N users writing at once through the fake Bot API server on loopback.

    .venv/bin/python -m benchmarks.bench_stack [--users 20] [--messages 15] [--no-train]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("NACHBARBOT_HOME", tempfile.mkdtemp(prefix="nachbarbot-bench-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{os.environ['NACHBARBOT_HOME']}/bench.db")
os.environ.setdefault("PSEUDONYM_KEY", "bench")
os.environ["RATE_LIMIT_BURST"] = "100000"

from bot import stack as stack_mod  # noqa: E402
from bot.cli import ensure_database  # noqa: E402
from tests.fake_telegram import FakeBotApi  # noqa: E402

QUESTIONS = [
    "Ist in Köln etwas geplant?", "und ab wann?", "wie viele plätze hat die?", "wen kann ich anrufen",
    "gibts in gladbek ne notunterkunft", "was ist eine zue", "nächste infoveranstaltung in münster",
    "welche bezirksregierung ist für Olpe zuständig", "abgangsprognose märz 2027", "wie kann ich helfen",
    "Is anything planned in Bielefeld?", "zuweisungsschlüssel hamm", "wie wird die zue angerechnet",
    "hallo", "danke!",
]


def rss_mb(pid: int, children: bool = True) -> float:
    """Resident memory of a process and (optionally) its children, in MB."""
    total = 0
    pids = [pid]
    if children:
        try:
            pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except OSError:
            pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


async def telegram_load(rasa_url: str, users: int, per_user: int) -> dict:
    from bot.telegram_app import BotConfig, build_application

    api = FakeBotApi().start()
    app = build_application(BotConfig(token="1:BENCH", rasa_url=rasa_url, base_url=api.base_url))
    latencies: list[float] = []
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1)

        async def user(n: int) -> None:
            chat = 900_000 + n
            for i in range(per_user):
                before = len(api.messages_to(chat))
                sent = time.monotonic()
                api.send_text(chat, QUESTIONS[(n + i) % len(QUESTIONS)])
                msgs = await asyncio.to_thread(api.wait_for, chat, before + 1, 60)
                latencies.append(msgs[before]["_received"] - sent)
                if os.environ.get("BENCH_DEBUG"):
                    print(round((msgs[before]["_received"] - sent) * 1000), n, i, QUESTIONS[(n + i) % len(QUESTIONS)], file=sys.stderr)
                # wait for the rest of a multi-message answer before the next question
                await asyncio.sleep(0)

        started = time.monotonic()
        await asyncio.gather(*(user(n) for n in range(users)))
        elapsed = time.monotonic() - started
        bot_rss = rss_mb(os.getpid(), children=False)  # the bot runs in this process
        await app.updater.stop()
        await app.stop()
    api.stop()
    lost = users * per_user - len(latencies)
    latencies.sort()
    return {
        "users": users, "messages": len(latencies), "lost": lost,
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1),
        "messages_per_s": round(len(latencies) / elapsed, 1),
        "bot_process_rss_mb": round(bot_rss, 0),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--messages", type=int, default=15, help="messages per user")
    parser.add_argument("--no-train", action="store_true", help="skip the timed training from scratch")
    args = parser.parse_args()
    ensure_database()
    results: dict = {}
    if not args.no_train:
        os.environ["NACHBARBOT_MODEL_CACHE"] = tempfile.mkdtemp(prefix="nachbarbot-bench-models-")
        t = time.monotonic()
        model = stack_mod.train(force=True, quiet=True)
        results["training_s"] = round(time.monotonic() - t, 1)
    else:
        model = stack_mod.train(quiet=True)
    action_port, rasa_port = stack_mod.free_port(), stack_mod.free_port()
    running = stack_mod.Stack(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}")
    try:
        t = time.monotonic()
        running.processes.append(stack_mod.start_action_server(action_port))
        running.processes.append(stack_mod.start_rasa(model, rasa_port, running.action_url))
        stack_mod.wait_until_ready(running)
        results["stack_start_with_model_load_s"] = round(time.monotonic() - t, 1)
        results["rasa_rss_mb_idle"] = round(rss_mb(running.processes[1].pid))
        results["action_server_rss_mb_idle"] = round(rss_mb(running.processes[0].pid))
        results["telegram"] = asyncio.run(telegram_load(running.rasa_url, args.users, args.messages))
        results["rasa_rss_mb_after_load"] = round(rss_mb(running.processes[1].pid))
        results["action_server_rss_mb_after_load"] = round(rss_mb(running.processes[0].pid))
        results["stack_rss_mb_total"] = (results["rasa_rss_mb_after_load"] + results["action_server_rss_mb_after_load"]
                                         + results["telegram"]["bot_process_rss_mb"])
    finally:
        running.stop()
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
