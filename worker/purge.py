"""Clean-up jobs: a resident's Rasa conversation tracker and the bot's kept messages (after /loeschen or
retention)."""

from __future__ import annotations

import sqlite3

from sqlalchemy import create_engine, text

from faq.settings import state_dir, tracker_store_url


def purge_conversation(conversation: str) -> int:
    """Delete every tracker event and kept message of one pseudonymised conversation; returns how many."""
    removed = 0
    engine = create_engine(tracker_store_url())
    try:
        with engine.begin() as conn:
            if engine.dialect.has_table(conn, "events"):
                removed += conn.execute(text("DELETE FROM events WHERE sender_id = :s"), {"s": conversation}).rowcount
    finally:
        engine.dispose()
    removed += _purge_inbox(conversation)
    return removed


def _purge_inbox(conversation: str) -> int:
    from bot.pseudonym import pseudonym

    removed = 0
    for path in sorted(state_dir().glob("bot-inbox*.sqlite")):  # one per bot replica on this machine
        db = sqlite3.connect(path)
        try:
            rows = db.execute("SELECT id, chat_id FROM pending").fetchall()
            ids = [i for i, chat in rows if pseudonym(chat) == conversation]
            db.executemany("DELETE FROM pending WHERE id = ?", [(i,) for i in ids])
            db.commit()
            removed += len(ids)
        finally:
            db.close()
    return removed
