"""Load test (not a test): the replica layout of deploy/local_cluster.py (PostgreSQL, Redis, nginx, two
replicas of the action server, the Rasa server and the Telegram bot in webhook mode) driven through nginx's
webhook by N simulated residents, each writing a message every 10-30 s (open loop: a message is sent at
its time whether or not the last one was answered), the way Telegram delivers them (an update that does not
get 200 is sent again a second later).

Reports p50/p95 from update to reply, messages per second, errors, and whether follow-ups kept their place
("Und ab wann?" after "Ist in Köln etwas geplant?"). With --kill, one replica of each part (bot, Rasa, action
server) is SIGKILLed during the run and started again 5 s later (what systemd's Restart=always does).

    .venv/bin/python -m benchmarks.bench_scaleout [--users 1000] [--seconds 180] [--kill]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import signal
import sys
import time
from dataclasses import dataclass, field

os.environ["RATE_LIMIT_BURST"] = "100000"
# The layout's own capacity is measured: the fake Bot API has no 30-a-second limit like the real one.
os.environ.setdefault("TELEGRAM_MAX_RATE", "100000")

import httpx  # noqa: E402

from deploy.local_cluster import Cluster, missing_servers  # noqa: E402
from tests.fake_telegram import FakeBotApi  # noqa: E402

# A resident's conversation: (message, words the answer must contain, or None). The follow-ups need the
# place of the first message, which lives in the tracker store while the replicas take turns.
SCRIPT = [("Ist in Köln etwas geplant?", "Köln"), ("Und ab wann?", "1.4.2027"), ("wie viele plätze?", "600"),
          ("was ist eine zue", None), ("wen kann ich anrufen", None), ("danke!", None)]
KEPT = "gespeichert"  # "Ihre Nachricht ist gespeichert": the bot kept it for later (Rasa away)


@dataclass
class Sent:
    chat: int
    text: str
    expect: str | None
    at: float
    accepted: bool = False
    retries: int = 0


@dataclass
class Run:
    sent: list[Sent] = field(default_factory=list)
    webhook_errors: int = 0


_ids = itertools.count(1)


def update(chat: int, text: str) -> dict:
    return {"update_id": next(_ids), "message": {
        "message_id": next(_ids), "date": int(time.time()), "chat": {"id": chat, "type": "private"},
        "from": {"id": chat, "is_bot": False, "first_name": "Nachbarin", "language_code": "de"}, "text": text}}


async def resident(client: httpx.AsyncClient, cluster: Cluster, chat: int, until: float, run: Run,
                   rng: random.Random) -> None:
    await asyncio.sleep(rng.uniform(0, 20))
    for step in itertools.cycle(SCRIPT):
        if time.monotonic() > until:
            return
        item = Sent(chat, step[0], step[1], time.monotonic())
        run.sent.append(item)
        asyncio.get_running_loop().create_task(deliver(client, cluster, item, run))
        await asyncio.sleep(rng.uniform(10, 30))


async def deliver(client: httpx.AsyncClient, cluster: Cluster, item: Sent, run: Run) -> None:
    """As Telegram does: again after a pause until a 200 comes (Telegram keeps trying for hours)."""
    body = update(item.chat, item.text)
    for attempt in range(30):
        try:
            response = await client.post(cluster.webhook_url, json=body,
                                         headers={"X-Telegram-Bot-Api-Secret-Token": cluster.webhook_secret})
            if response.status_code == 200:
                item.accepted, item.retries = True, attempt
                return
        except httpx.HTTPError:
            pass
        run.webhook_errors += 1
        await asyncio.sleep(1)


async def drive(cluster: Cluster, users: int, seconds: float, kill: bool) -> Run:
    run = Run()
    rng = random.Random(42)
    limits = httpx.Limits(max_connections=400, max_keepalive_connections=200)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        started = time.monotonic()
        until = started + seconds
        tasks = [asyncio.create_task(resident(client, cluster, 900_000 + n, until, run, rng)) for n in range(users)]
        if kill:  # one replica of each part, SIGKILLed in turn; started again 5 s later, as systemd would
            for at, name in ((seconds * 0.3, "bot-0"), (seconds * 0.45, "rasa-1"), (seconds * 0.6, "actions-0")):
                await asyncio.sleep(max(0.0, started + at - time.monotonic()))
                await asyncio.to_thread(cluster.kill, name)
                print(f"  t={time.monotonic() - started:5.1f} s: killed {name}", flush=True)
                await asyncio.sleep(5)
                await asyncio.to_thread(cluster.restart, name)
                print(f"  t={time.monotonic() - started:5.1f} s: started {name} again", flush=True)
        await asyncio.gather(*tasks)
        await asyncio.sleep(30)  # the last answers (and kept messages retried by the bot) come in
    return run


def report(api: FakeBotApi, run: Run, seconds: float) -> None:
    """Every message of the script gets exactly one reply, so a chat's k-th reply answers its k-th message
    (a "kept for later" notice is counted apart). Unanswered: messages without their reply by the end."""
    replies: dict[int, list[tuple[float, str]]] = {}
    kept = 0
    for message in api.sent:
        if message.get("_method") != "sendMessage":
            continue
        if KEPT in message.get("text", ""):
            kept += 1
            continue
        replies.setdefault(int(message["chat_id"]), []).append((message["_received"], message.get("text", "")))
    sent: dict[int, list[Sent]] = {}
    for item in run.sent:
        sent.setdefault(item.chat, []).append(item)
    latencies, lost, wrong, checked, extra = [], 0, 0, 0, 0
    for chat, items in sent.items():
        answers = sorted(replies.get(chat, []))
        extra += max(0, len(answers) - len(items))
        for item, answer in itertools.zip_longest(items, answers[:len(items)]):
            if answer is None:
                lost += 1
                continue
            latencies.append(answer[0] - item.at)
        # the place kept: as many replies carry the fact as messages asked for it (under overload two
        # messages of one resident can overlap and be answered in either order)
        for expect in {i.expect for i in items if i.expect}:
            asked = sum(i.expect == expect for i in items)
            checked += asked
            wrong += max(0, asked - sum(expect in text for _, text in answers))
    latencies.sort()
    n = len(run.sent)

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else float("nan")

    print(f"  messages sent: {n} in {seconds:.0f} s = {n / seconds:.1f} msg/s; accepted by the webhook: "
          f"{sum(i.accepted for i in run.sent)} (webhook calls retried: {run.webhook_errors})")
    print(f"  update -> reply: p50 {pct(0.5):.0f} ms, p95 {pct(0.95):.0f} ms, p99 {pct(0.99):.0f} ms, "
          f"max {pct(1.0):.0f} ms")
    print(f"  unanswered: {lost}; 'kept for later' notices: {kept}; replies beyond one per message: {extra}; "
          f"answers that needed the conversation's place: {checked}, without it: {wrong}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--kill", action="store_true", help="kill one replica of each part during the run")
    parser.add_argument("--replicas", type=int, default=2)
    args = parser.parse_args()
    missing = missing_servers()
    if missing:
        sys.exit(f"install Debian's {', '.join(missing)} first")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # the layout is stopped on the way out
    api = FakeBotApi().start()
    t0 = time.monotonic()
    with Cluster(api.base_url, replicas=args.replicas) as cluster:
        print(f"layout up in {time.monotonic() - t0:.0f} s: {', '.join(cluster.processes)}", flush=True)
        print(f"{args.users} residents, {args.seconds:.0f} s{', one replica of each part killed' if args.kill else ''}:",
              flush=True)
        run = asyncio.run(drive(cluster, args.users, args.seconds, args.kill))
        report(api, run, args.seconds)
    api.stop()


if __name__ == "__main__":
    main()
