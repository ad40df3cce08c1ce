"""`nachbarbot`: the one entry point (run, chat, ask, db, train, eval)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from contextlib import contextmanager
from typing import Iterator

from pathlib import Path

import httpx

from bot.cli_content import register_content_commands
from bot.cli_status import register_status_command
from bot.cli_serve import register_serve_commands
from bot.cli_staff import register_admin_commands, register_staff_commands
from bot.cli_tickets import register_ticket_commands

from faq.settings import rasa_api_params

log = logging.getLogger("nachbarbot")


def ensure_database() -> None:
    """Migrate to the newest schema and load the shipped data into an empty database."""
    from sqlalchemy import func, select

    from faq import db
    from faq.models import Municipality
    from faq.seed import seed

    db.upgrade()
    with db.session() as s:
        if s.scalar(select(func.count()).select_from(Municipality)) == 0:
            log.info("empty database: loading the shipped data (%s)", seed(s))


def _stack_running(url: str) -> bool:
    try:
        return httpx.post(f"{url}/model/parse", json={"text": "hallo"}, params=rasa_api_params(),
                          timeout=3).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def rasa_url_for_use(fixed_ports: bool = False, worker: bool = False) -> Iterator[str]:
    """Use a running stack at RASA_URL if there is one, else start one (and stop it afterwards)."""
    from bot import stack

    url = os.environ.get("RASA_URL", "http://127.0.0.1:5005")
    if _stack_running(url):
        yield url
        return
    ensure_database()
    from bot import retraining

    model = retraining.startup_model()
    ports = {"rasa_port": int(os.environ.get("RASA_PORT", "5005")),
             "action_port": int(os.environ.get("ACTION_PORT", "5055"))} if fixed_ports else {}
    with stack.running_stack(model, worker=worker, supervise=worker, **ports) as running:
        yield running.rasa_url


# --- commands ---------------------------------------------------------------------------------------

def cmd_run(args: argparse.Namespace) -> int:
    with rasa_url_for_use(fixed_ports=True, worker=True) as url:
        if os.environ.get("TELEGRAM_BOT_TOKEN"):
            from bot.telegram_app import BotConfig, run_telegram

            log.info("Telegram bot running (Rasa at %s); stop with Ctrl-C", url)
            run_telegram(BotConfig.from_env(url))
        else:
            from bot.console import chat

            log.info("no TELEGRAM_BOT_TOKEN set: terminal chat")
            asyncio.run(chat(url))
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.console import chat

    with rasa_url_for_use() as url:
        asyncio.run(chat(url))
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from bot.ask import Asker, read_jsonl, write_jsonl

    if args.jsonl:
        try:
            items = read_jsonl(sys.stdin)
        except ValueError as exc:
            print(f"nachbarbot ask: {exc}", file=sys.stderr)
            return 2
    elif args.text:
        items = [{"conversation": "ask", "text": " ".join(args.text)}]
    else:
        print("nachbarbot ask: give a text, or --jsonl with JSON lines on standard input", file=sys.stderr)
        return 2

    async def go(url: str) -> list[dict]:
        asker = Asker(url, session=args.session)
        try:
            return await asker.ask_many(items)
        finally:
            await asker.aclose()

    with rasa_url_for_use() as url:
        results = asyncio.run(go(url))
    if args.jsonl:
        write_jsonl(results, sys.stdout)
    else:
        for note in results[0].get("notifications", []):
            print(note)
            print()
        for reply in results[0].get("replies", []):
            print(reply["text"])
            for b in reply["buttons"]:
                print(f"  [{b['title']}]")
        if results[0].get("error"):
            print("Ich bin gerade nicht erreichbar. Bitte versuchen Sie es später erneut.")
            return 1
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from worker.run import run

    run()
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    from faq import db
    from faq.seed import SeedError, seed

    if args.db_command == "upgrade":
        db.upgrade()
        print("database schema is up to date")
        return 0
    if args.db_command == "seed":
        db.upgrade()
        try:
            with db.session() as s:
                report = seed(s, demo=not args.no_demo, overwrite=args.overwrite)
        except SeedError as exc:
            print(f"nothing was loaded: {exc}", file=sys.stderr)
            return 1
        print(report)
        return 0
    return 2


def cmd_train(args: argparse.Namespace) -> int:
    """Validate, train, evaluate on the gate sets, and load into the running Rasa server if not worse."""
    from bot import retraining

    ensure_database()
    url = os.environ.get("RASA_URL", "http://127.0.0.1:5005")
    live = url if _stack_running(url) else None
    try:
        job = args.job if args.job else retraining.request_job("cli")
    except retraining.TrainingBusy as exc:
        print(f"nachbarbot train: {exc}", file=sys.stderr)
        return 1
    state = retraining.run_job(job, live, force=args.force)
    done = next(j for j in retraining.jobs(50) if j.id == job)
    print(f"{state}: {done.reason}" + ("" if live else " (kein laufender Rasa-Server: beim nächsten Start aktiv)"))
    return 0 if state in ("accepted", "unchanged") else 1


def cmd_rollback(args: argparse.Namespace) -> int:
    from bot import retraining

    url = os.environ.get("RASA_URL", "http://127.0.0.1:5005")
    try:
        name = retraining.rollback(url if _stack_running(url) else None)
    except (RuntimeError, retraining.TrainingBusy) as exc:
        print(f"nachbarbot rollback: {exc}", file=sys.stderr)
        return 1
    print(f"Zurück zum Modell {name}.")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from bot import stack
    from bot.evaluate import evaluate, print_report, print_thresholds

    from bot.evaluate import heldout_files, load_heldout

    ensure_database()
    model = stack.train(quiet=True)
    files = [Path(f) for f in args.heldout] if args.heldout else heldout_files()
    worst = 1.0
    with stack.running_stack(model) as running:
        for path in files:
            print(f"== {path.name}")
            result = evaluate(running.rasa_url, load_heldout(path))
            print_report(result, verbose=args.verbose)
            if args.thresholds:
                print_thresholds(result)
            worst = min(worst, result.intent_accuracy)
    return 0 if worst >= args.min_intent_accuracy else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nachbarbot", description="Nachbarbot NRW: answers neighbours' questions "
                                     "about state refugee facilities in North Rhine-Westphalia.")
    parser.add_argument("-v", "--verbose-log", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="start everything (Rasa, actions, Telegram bot or terminal chat); Ctrl-C stops all")
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("chat", help="chat with the bot in the terminal")
    p.set_defaults(func=cmd_chat)
    p = sub.add_parser("ask", help="print the bot's answer to a text, or answer JSON lines from standard input")
    p.add_argument("text", nargs="*", help="the message")
    p.add_argument("--jsonl", action="store_true",
                   help='read {"conversation": "c1", "text": "..."} lines, write one JSON line per input line')
    p.add_argument("--session", metavar="NAME",
                   help="continue the conversations of earlier runs with this session name (and show answers "
                        "from offices that arrived for them)")
    p.set_defaults(func=cmd_ask)
    register_ticket_commands(sub)
    register_staff_commands(sub)
    register_admin_commands(sub)
    register_content_commands(sub)
    register_status_command(sub)
    register_serve_commands(sub)
    p = sub.add_parser("worker", help="deliver the outbox (mail, Telegram), read reply mails, remind, clean up")
    p.set_defaults(func=cmd_worker)
    p = sub.add_parser("db", help="database: upgrade the schema, load data")
    dbsub = p.add_subparsers(dest="db_command", required=True)
    dbsub.add_parser("upgrade", help="migrate the schema to the newest version")
    s = dbsub.add_parser("seed", help="load municipalities, credit rates, demo data and FAQ content (idempotent)")
    s.add_argument("--no-demo", action="store_true", help="do not load the invented demo data set")
    s.add_argument("--overwrite", action="store_true", help="overwrite content staff may have edited")
    p.set_defaults(func=cmd_db)
    p = sub.add_parser("train", help="validate the training data, train (cached by input hash), evaluate on the "
                                     "gate sets, and load into the running Rasa server only if not worse")
    p.add_argument("--force", action="store_true", help="train even if a cached model exists")
    p.add_argument("--job", type=int, help=argparse.SUPPRESS)  # a job queued by the admin
    p.set_defaults(func=cmd_train)
    p = sub.add_parser("rollback", help="go back to the previously active model (also in the running Rasa server)")
    p.set_defaults(func=cmd_rollback)
    p = sub.add_parser("eval", help="intent accuracy, macro F1, FAQ retrieval and places on held-out messages")
    p.add_argument("--verbose", action="store_true", help="list every error")
    p.add_argument("--heldout", action="append", metavar="FILE",
                   help="a held-out YAML file (repeatable; default: every tests/eval/heldout*.yml)")
    p.add_argument("--min-intent-accuracy", type=float, default=0.0, help="exit 1 below this accuracy")
    p.add_argument("--thresholds", action="store_true",
                   help="for several fallback thresholds: wrong answers above it, needless \"I don't know\" below")
    p.set_defaults(func=cmd_eval)
    return parser


# Commands that work on the database as it is (the others create and migrate it first).
USES_EXISTING_DATABASE = {"tickets", "staff", "forecast", "users", "export", "import", "rollback", "worker", "admin",
                          "rasa", "actions", "bot"}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from faq.logs import configure as configure_logs

    configure_logs(f"cli:{args.command}", logging.DEBUG if args.verbose_log else logging.INFO)
    for noisy in ("httpx", "httpcore", "alembic", "telegram.ext"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from bot.supervisor import GAVE_UP

    from faq.audit import acting_as

    from sqlalchemy.exc import OperationalError

    from faq.db import DatabaseMissing, require_database

    try:
        if args.command in USES_EXISTING_DATABASE:
            require_database()
        with acting_as(f"cli:{args.command}"):  # the audit log's "who" for changes made by this command
            code = args.func(args)
    except DatabaseMissing as exc:
        print(f"nachbarbot: {exc}", file=sys.stderr)
        return 2
    except OperationalError as exc:
        print(f"nachbarbot: die Datenbank ist nicht erreichbar ({exc.orig}).", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        code = 130
    if GAVE_UP:
        print(f"nachbarbot: could not keep {', '.join(GAVE_UP)} running; see the logs in the state folder",
              file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
