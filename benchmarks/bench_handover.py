"""Benchmark (not a test): how long a hand-over mail takes to leave after the resident confirmed, on the
embedded defaults (SQLite) with a real SMTP server on loopback and the worker in its own process.

    .venv/bin/python -m benchmarks.bench_handover [--tickets 50] [--gap 0.2]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time

os.environ.setdefault("NACHBARBOT_HOME", tempfile.mkdtemp(prefix="nachbarbot-bench-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{os.environ['NACHBARBOT_HOME']}/bench.db")

from bot.cli import ensure_database  # noqa: E402
from faq import db  # noqa: E402
from faq.handover import tickets  # noqa: E402
from tests.handover_helpers import WorkerProcess  # noqa: E402
from tests.mailservers import SmtpSink  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=50)
    parser.add_argument("--gap", type=float, default=0.2, help="seconds between two confirmations")
    args = parser.parse_args()
    ensure_database()
    sink = SmtpSink().start()
    worker = WorkerProcess({"SMTP_HOST": sink.host, "SMTP_PORT": str(sink.port), "SMTP_STARTTLS": "false",
                            "OUTBOX_POLL_SECONDS": os.environ.get("OUTBOX_POLL_SECONDS", "1")}).start()
    time.sleep(2)  # worker start-up is not part of the figure
    confirmed: dict[str, float] = {}
    arrived: dict[str, float] = {}
    try:
        for i in range(args.tickets):
            with db.session() as s:
                ref = tickets.submit(s, tickets.Draft(conversation=f"bench-{i}", question=f"Benchmark-Frage {i}",
                                                      ags="05315000", rb_code="053")).reference
            confirmed[ref] = time.monotonic()  # committed: the moment the resident is told
            deadline = time.monotonic() + args.gap
            while time.monotonic() < deadline:
                _stamp(sink, arrived)
                time.sleep(0.002)
        deadline = time.monotonic() + 60
        while len(arrived) < len(confirmed) and time.monotonic() < deadline:
            _stamp(sink, arrived)
            time.sleep(0.002)
    finally:
        worker.stop()
        sink.stop()
    delays = sorted((arrived[r] - confirmed[r]) * 1000 for r in confirmed if r in arrived)
    print(json.dumps({
        "tickets": len(confirmed), "mails_arrived": len(arrived),
        "duplicates": len(sink.messages) - len({str(x["Message-ID"]) for x in sink.messages}),
        "confirm_to_mail_ms": {"p50": round(statistics.median(delays), 1),
                               "p95": round(delays[int(0.95 * (len(delays) - 1))], 1), "max": round(delays[-1], 1)},
        "outbox_poll_seconds": float(os.environ.get("OUTBOX_POLL_SECONDS", "1")),
    }, indent=2))


def _stamp(sink: SmtpSink, arrived: dict[str, float]) -> None:
    now = time.monotonic()
    for msg in list(sink.messages):
        ref = str(msg["Subject"]).split("]")[0].lstrip("[")
        arrived.setdefault(ref, now)


if __name__ == "__main__":
    main()
