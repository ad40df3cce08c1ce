"""Messages that arrived while Rasa was unreachable: kept on disk, answered when Rasa is back.

A small SQLite file of the bot's own (not the FAQ database): it survives a restart of the bot, and
it holds the chat id only until the answer is delivered."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from threading import Lock


@dataclass
class Pending:
    id: int
    chat_id: int
    text: str
    received: float
    attempts: int = 0


MAX_ATTEMPTS = 5  # then the message is answered with an apology and set aside


class Inbox:
    def __init__(self, path: Path):
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA secure_delete=ON")  # an answered message leaves no trace in the file
        self._db.execute("CREATE TABLE IF NOT EXISTS pending (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                         "chat_id INTEGER NOT NULL, text TEXT NOT NULL, received REAL NOT NULL)")
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(pending)")}
        if "attempts" not in columns:  # kept by an older version
            self._db.execute("ALTER TABLE pending ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0")
            self._db.execute("ALTER TABLE pending ADD COLUMN next_try REAL NOT NULL DEFAULT 0")
        self._lock = Lock()

    def add(self, chat_id: int, text: str) -> None:
        with self._lock:
            self._db.execute("INSERT INTO pending (chat_id, text, received) VALUES (?, ?, ?)",
                             (chat_id, text, time.time()))

    def oldest(self, limit: int = 50, now: float | None = None) -> list[Pending]:
        """The kept messages that are due, oldest first (one that failed waits for its next try)."""
        with self._lock:
            rows = self._db.execute("SELECT id, chat_id, text, received, attempts FROM pending WHERE next_try <= ? "
                                    "ORDER BY id LIMIT ?", (now if now is not None else time.time(), limit)).fetchall()
        return [Pending(*row) for row in rows]

    def failed(self, item_id: int, backoff: float) -> int:
        """Count a failed try; the next one waits `backoff` seconds, doubled each time. Returns the attempts."""
        with self._lock:
            self._db.execute("UPDATE pending SET attempts = attempts + 1, next_try = ? * (1 << attempts) + ? "
                             "WHERE id = ?", (backoff, time.time(), item_id))
            row = self._db.execute("SELECT attempts FROM pending WHERE id = ?", (item_id,)).fetchone()
        return row[0] if row else 0

    def done(self, item_id: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM pending WHERE id = ?", (item_id,))

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM pending").fetchone()[0]

    def close(self) -> None:
        self._db.close()
