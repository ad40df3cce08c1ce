"""The Telegram webhook, durable: an update is written to the replica's journal (SQLite, committed) before
Telegram (or nginx) gets its 200, and removed only after the bot has handled it. A bot replica killed with
updates in hand answers them when it is back (systemd restarts it); Telegram's own redelivery of an update
that got no 200 is recognised by its update_id and handled once.

python-telegram-bot's built-in webhook server answers 200 as soon as the update is in an in-memory queue,
so a crash there loses it; this server replaces it (Starlette + uvicorn, both already used by the admin)."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import sqlite3
import time
from collections import OrderedDict
from pathlib import Path
from threading import Lock

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

log = logging.getLogger(__name__)

MAX_IN_FLIGHT = 256  # updates handled at once (python-telegram-bot's concurrent_updates)


class Journal:
    """Updates taken but not yet handled, by update_id; survives a crash of the process."""

    def __init__(self, path: Path):
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # a committed update survives the process being killed
        self._db.execute("PRAGMA secure_delete=ON")  # a handled update leaves no trace in the file
        self._db.execute("CREATE TABLE IF NOT EXISTS updates (update_id INTEGER PRIMARY KEY, body TEXT NOT NULL, "
                         "received REAL NOT NULL)")
        self._lock = Lock()

    def add(self, update_id: int, body: str) -> bool:
        """False if this update was taken before (Telegram sent it again)."""
        with self._lock:
            return self._db.execute("INSERT OR IGNORE INTO updates (update_id, body, received) VALUES (?, ?, ?)",
                                    (update_id, body, time.time())).rowcount == 1

    def pending(self) -> list[tuple[int, str]]:
        with self._lock:
            return self._db.execute("SELECT update_id, body FROM updates ORDER BY update_id").fetchall()

    def done(self, update_id: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM updates WHERE update_id = ?", (update_id,))

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM updates").fetchone()[0]

    def close(self) -> None:
        self._db.close()


class DurableWebhook:
    def __init__(self, app: Application, journal: Journal, secret: str | None):
        self.app = app
        self.journal = journal
        self.secret = secret
        self._in_flight: set[int] = set()
        self._handled: OrderedDict[int, None] = OrderedDict()  # recent update ids: a late redelivery is ignored
        self._slots = asyncio.Semaphore(MAX_IN_FLIGHT)
        self._tasks: set[asyncio.Task] = set()

    async def receive(self, request: Request) -> Response:
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if self.secret and not hmac.compare_digest(given.encode(), self.secret.encode()):
            return Response(status_code=403)
        try:
            body = await request.body()
            data = json.loads(body)
            update_id = int(data["update_id"])
        except (ValueError, KeyError, TypeError):
            return Response(status_code=400)
        if await asyncio.to_thread(self.journal.add, update_id, body.decode("utf-8")):
            self._start(update_id, data)
        return Response(status_code=200)  # only now: the update is on disk

    def _start(self, update_id: int, data: dict) -> None:
        if update_id in self._in_flight or update_id in self._handled:
            return
        self._in_flight.add(update_id)
        task = asyncio.get_running_loop().create_task(self._handle(update_id, data))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(self, update_id: int, data: dict) -> None:
        async with self._slots:
            try:
                await self.app.process_update(Update.de_json(data, self.app.bot))
            except Exception:  # noqa: BLE001 - the error handler has seen it; never handle it again and again
                log.exception("update %s failed", update_id)
            finally:
                await asyncio.to_thread(self.journal.done, update_id)
                self._in_flight.discard(update_id)
                self._handled[update_id] = None
                while len(self._handled) > 10_000:
                    self._handled.popitem(last=False)

    def resume(self) -> int:
        """Handle what a killed predecessor had taken but not finished. Returns how many."""
        pending = self.journal.pending()
        for update_id, body in pending:
            self._start(update_id, json.loads(body))
        if pending:
            log.info("resuming %d update(s) taken before a restart", len(pending))
        return len(pending)

    async def drain(self, timeout: float = 20) -> None:
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)

    def starlette(self) -> Starlette:
        async def health(_: Request) -> Response:
            return Response("ok")

        return Starlette(routes=[Route("/telegram", self.receive, methods=["POST"]),
                                 Route("/health", health, methods=["GET"])])


async def serve(app: Application, journal_path: Path, *, listen: str, port: int, webhook_url: str,
                secret: str | None, allowed_updates: list[str]) -> None:
    """Run the bot behind the durable webhook until SIGINT/SIGTERM."""
    journal = Journal(journal_path)
    webhook = DurableWebhook(app, journal, secret)
    server = uvicorn.Server(uvicorn.Config(webhook.starlette(), host=listen, port=port, log_level="warning",
                                           access_log=False, lifespan="off"))
    async with app:
        await app.start()
        await app.bot.set_webhook(webhook_url, secret_token=secret, allowed_updates=allowed_updates)
        webhook.resume()
        try:
            await server.serve()  # returns on SIGINT/SIGTERM (uvicorn's handlers)
        finally:
            await webhook.drain()
            await app.stop()
            journal.close()
