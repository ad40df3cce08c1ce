"""A missing database is an error, not a fresh empty one: the action server (and worker, admin) refuse to
start with a clear message; a file that comes back is used again without a restart."""

from __future__ import annotations

import sqlite3
import subprocess
import time

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from bot import stack
from faq import db
from faq import models as m
from faq.settings import database_url


def test_a_missing_sqlite_file_is_never_created_and_is_used_again_when_it_is_back(tmp_path):
    path = tmp_path / "gone.db"
    url = f"sqlite:///{path}"
    with pytest.raises(OperationalError):
        with db.session(url) as s:
            s.scalar(select(func.count()).select_from(m.Municipality))
    assert not path.exists(), "no empty database appears by itself"
    with sqlite3.connect(db.sqlite_path(database_url())) as source, sqlite3.connect(path) as copy:
        source.backup(copy)  # the file comes back (WAL included)
    with db.session(url) as s:  # the same engine: it connects again now that the file is there
        assert s.scalar(select(func.count()).select_from(m.Municipality)) == 396


def test_the_action_server_refuses_to_start_without_its_database(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'missing.db'}")
    proc = stack.start_action_server(stack.free_port())
    try:
        code = proc.wait(timeout=90)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("the action server kept running without its database")
    assert code != 0
    time.sleep(0.2)
    log = (stack.state_dir() / "action-server.log").read_text(encoding="utf-8", errors="replace")
    assert "nachbarbot db upgrade" in log and "fehlt" in log
    assert not (tmp_path / "missing.db").exists()


def test_the_cli_says_so_in_one_line(tmp_path):
    import os

    result = subprocess.run([str(stack.PROJECT_ROOT / ".venv" / "bin" / "nachbarbot"), "tickets", "list"],
                            capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'nope.db'}"))
    assert result.returncode != 0 and "Traceback" not in result.stderr
