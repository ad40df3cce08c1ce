"""Benchmark (not a test): training time, model load time, memory of each process, Telegram update ->
reply latency with N users writing at once, and the CPU time each process spends per message (every hop's cost). Every part runs as its own process, as in production: the
Rasa server, the action server, the bot (python-telegram-bot, long polling) and a fake Telegram Bot API
server on loopback; this driver plays the users through the fake server.

    .venv/bin/python -m benchmarks.bench_stack [--users 20] [--messages 15] [--no-train]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("NACHBARBOT_HOME", tempfile.mkdtemp(prefix="nachbarbot-bench-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{os.environ['NACHBARBOT_HOME']}/bench.db")
os.environ.setdefault("PSEUDONYM_KEY", "bench")
os.environ["RATE_LIMIT_BURST"] = "100000"
# The stack's own capacity is measured: the fake Bot API has no 30-a-second limit like the real one.
os.environ.setdefault("TELEGRAM_MAX_RATE", "100000")

import httpx  # noqa: E402

from bot import stack as stack_mod  # noqa: E402
from bot.cli import ensure_database  # noqa: E402
from faq.settings import PROJECT_ROOT  # noqa: E402

QUESTIONS = [
    "Ist in Köln etwas geplant?", "und ab wann?", "wie viele plätze hat die?", "wen kann ich anrufen",
    "gibts in gladbek ne notunterkunft", "was ist eine zue", "nächste infoveranstaltung in münster",
    "welche bezirksregierung ist für Olpe zuständig", "abgangsprognose märz 2027", "wie kann ich helfen",
    "Is anything planned in Bielefeld?", "zuweisungsschlüssel hamm", "wie wird die zue angerechnet",
    "hallo", "danke!",
]
BOT = ("from bot.telegram_app import BotConfig, run_telegram; import sys; "
       "run_telegram(BotConfig(token='1:BENCH', rasa_url=sys.argv[1], base_url=sys.argv[2]))")


def tree(pid: int) -> list[int]:
    """A process and all its descendants (sanic, under the action server, runs its worker as a child)."""
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            for child in (task / "children").read_text().split():
                pids += tree(int(child))
        except OSError:
            pass
    return pids


def _sum_over_tree(pid: int, read) -> float:  # noqa: ANN001
    total = 0.0
    for p in tree(pid):
        try:
            total += read(Path(f"/proc/{p}"))
        except OSError:
            pass  # the process ended meanwhile
    return total


def _cpu(proc: Path) -> float:
    fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss(proc: Path) -> float:
    line = next(x for x in (proc / "status").read_text().splitlines() if x.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def cpu_s(pid: int) -> float:
    """CPU time (user + system) a process and its descendants have used so far, in seconds."""
    return _sum_over_tree(pid, _cpu)


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its descendants, in MB."""
    return _sum_over_tree(pid, _rss)


async def drive(control: str, users: int, per_user: int) -> dict:
    latencies: list[float] = []
    debug = bool(os.environ.get("BENCH_DEBUG"))
    async with httpx.AsyncClient(timeout=120, limits=httpx.Limits(max_connections=users * 2)) as client:

        async def user(n: int) -> None:
            chat = 900_000 + n
            received = 0
            for i in range(per_user):
                text = QUESTIONS[(n + i) % len(QUESTIONS)]
                sent = time.monotonic()
                await client.post(f"{control}/send_text", json={"chat_id": chat, "text": text})
                msgs = (await client.post(f"{control}/wait_for", json={"chat_id": chat, "count": received + 1,
                                                                      "timeout": 60})).json()["result"]
                if msgs is None:
                    continue  # lost
                latencies.append(msgs[received]["_received"] - sent)
                if debug:
                    print(round(latencies[-1] * 1000), n, i, text, file=sys.stderr)
                received = len(msgs)
                await asyncio.sleep(0.05)  # let a multi-part answer arrive before the next question
                received = len((await client.post(f"{control}/wait_for", json={
                    "chat_id": chat, "count": 0, "timeout": 0})).json()["result"])

        started = time.monotonic()
        await asyncio.gather(*(user(n) for n in range(users)))
        elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "users": users, "messages": len(latencies), "lost": users * per_user - len(latencies),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1),
        "messages_per_s": round(len(latencies) / (elapsed - 0.05 * per_user), 1),
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
    fake = subprocess.Popen([sys.executable, "-m", "tests.fake_telegram"], cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, text=True)
    fake_port = int(fake.stdout.readline())
    bot = None
    try:
        t = time.monotonic()
        running.processes.append(stack_mod.start_action_server(action_port))
        running.processes.append(stack_mod.start_rasa(model, rasa_port, running.action_url))
        stack_mod.wait_until_ready(running)
        results["stack_start_with_model_load_s"] = round(time.monotonic() - t, 1)
        bot = subprocess.Popen([sys.executable, "-c", BOT, running.rasa_url, f"http://127.0.0.1:{fake_port}/bot"],
                               cwd=PROJECT_ROOT, stderr=open(Path(os.environ["NACHBARBOT_HOME"]) / "bot.log", "ab"))
        time.sleep(3)
        results["rss_mb_idle"] = {"rasa": round(rss_mb(running.processes[1].pid)),
                                  "actions": round(rss_mb(running.processes[0].pid)), "bot": round(rss_mb(bot.pid))}
        pids = {"rasa": running.processes[1].pid, "actions": running.processes[0].pid, "bot": bot.pid,
                "fake_telegram": fake.pid}
        cpu_before = {k: cpu_s(p) for k, p in pids.items()}
        driver_before = time.process_time()
        results["telegram"] = asyncio.run(drive(f"http://127.0.0.1:{fake_port}/_control", args.users,
                                                args.messages))
        results["cpu_s_during_load"] = {k: round(cpu_s(p) - cpu_before[k], 1) for k, p in pids.items()}
        results["cpu_s_during_load"]["driver"] = round(time.process_time() - driver_before, 1)
        # the cost of every hop: CPU milliseconds each process spends per message answered
        answered = max(1, results["telegram"]["messages"])
        results["cpu_ms_per_message"] = {k: round(v * 1000 / answered, 2)
                                         for k, v in results["cpu_s_during_load"].items()}
        rss = {"rasa": round(rss_mb(running.processes[1].pid)), "actions": round(rss_mb(running.processes[0].pid)),
               "bot": round(rss_mb(bot.pid))}
        results["rss_mb_after_load"] = rss
        results["rss_mb_stack_total"] = sum(rss.values())
    finally:
        if bot:
            bot.send_signal(signal.SIGINT)
            bot.wait(15)
        running.stop()
        fake.kill()
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
