"""Engine, sessions and schema migrations (Alembic) for the FAQ database."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

from faq import audit  # noqa: F401 - registers the audit log on every session
from faq.settings import database_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def engine(url: str | None = None) -> Engine:
    """The engine for `url`, else for the configured DATABASE_URL (one engine per URL)."""
    return _engine(url or database_url())


class DatabaseMissing(RuntimeError):
    """The SQLite file is not there: only `nachbarbot db upgrade` (or `run`, which calls it) creates it."""


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def require_database(url: str | None = None) -> None:
    """Fail with a clear message if the configured SQLite file is missing (instead of creating an empty one)."""
    path = sqlite_path(url or database_url())
    if path is not None and not path.exists():
        raise DatabaseMissing(f"Die Datenbank {path} fehlt. Legen Sie sie mit `nachbarbot db upgrade` an (oder "
                              "setzen Sie DATABASE_URL richtig); eine leere Datenbank wird nicht stillschweigend angelegt.")


@lru_cache(maxsize=8)
def _engine(url: str) -> Engine:
    path = sqlite_path(url)
    if path is not None:  # open read-write, never create: a missing file is an error, and a file that
        # comes back is used again on the next connection
        eng = create_engine(url, pool_pre_ping=True, creator=lambda: sqlite3.connect(
            f"file:{path}?mode=rw", uri=True, check_same_thread=False))
    else:
        eng = create_engine(url, pool_pre_ping=True)
    if eng.dialect.name == "sqlite":
        @event.listens_for(eng, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # noqa: ANN001
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=5000")
            cur.close()
    return eng


@contextmanager
def session(url: str | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with sessionmaker(engine(url), expire_on_commit=False)() as s:
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", (url or database_url()).replace("%", "%%"))
    return cfg


def upgrade(url: str | None = None) -> None:
    """Bring the schema to the newest migration (creates the database on first use)."""
    command.upgrade(alembic_config(url), "head")
