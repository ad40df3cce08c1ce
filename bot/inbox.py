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


class Inbox:
    def __init__(self, path: Path):
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS pending (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                         "chat_id INTEGER NOT NULL, text TEXT NOT NULL, received REAL NOT NULL)")
        self._lock = Lock()

    def add(self, chat_id: int, text: str) -> None:
        with self._lock:
            self._db.execute("INSERT INTO pending (chat_id, text, received) VALUES (?, ?, ?)",
                             (chat_id, text, time.time()))

    def oldest(self, limit: int = 50) -> list[Pending]:
        with self._lock:
            rows = self._db.execute("SELECT id, chat_id, text, received FROM pending ORDER BY id LIMIT ?",
                                    (limit,)).fetchall()
        return [Pending(*row) for row in rows]

    def done(self, item_id: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM pending WHERE id = ?", (item_id,))

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM pending").fetchone()[0]

    def close(self) -> None:
        self._db.close()
