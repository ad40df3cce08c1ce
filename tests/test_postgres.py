"""The same database code on a real PostgreSQL server (a throwaway cluster started for this run).

Skipped with a reason when no PostgreSQL server binaries are installed (Debian package `postgresql`);
CI installs them."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from rasa_sdk import Tracker
from sqlalchemy import func, select

from deploy.local_cluster import as_postgres, pg_bin
from faq import db, services
from faq import models as m
from faq.places import PlaceIndex
from faq.seed import seed

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_url():
    bindir = pg_bin()
    if bindir is None:
        pytest.skip("no PostgreSQL server found: install Debian's 'postgresql' package to run these tests")
    from bot.stack import free_port

    base = Path(tempfile.mkdtemp(prefix="nachbarbot-pg-"))
    data = base / "data"
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    port = free_port()
    subprocess.run(as_postgres([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                                "-E", "UTF8", "--locale=C.UTF-8"]), check=True, capture_output=True)
    subprocess.run(as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-w", "-o",
                                f"-p {port} -k {base} -c listen_addresses=127.0.0.1", "start"]),
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
                       capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def seeded_pg(pg_url):
    db.upgrade(pg_url)
    with db.session(pg_url) as s:
        seed(s)
    return pg_url


def test_migrations_and_seed_are_idempotent_on_postgres(seeded_pg):
    with db.session(seeded_pg) as s:
        assert "nothing to change" in str(seed(s))
        assert s.scalar(select(func.count()).select_from(m.Municipality)) == 396


def test_queries_on_postgres(seeded_pg):
    with db.session(seeded_pg) as s:
        index = PlaceIndex.load(s)
        koeln = index.resolve("Koeln").place
        assert [f.id for f in services.facilities_in(s, koeln)] == ["zue-koeln"]
        unna = index.resolve("Kreis Unna").place
        assert "eae-unna" in [f.id for f in services.facilities_in(s, unna)]
        keys = services.allocation_keys(s)
        assert abs(sum(k.key for k in keys.values()) - 1) < 1e-9


def test_the_custom_action_answers_from_postgres(seeded_pg, monkeypatch):
    from actions import actions as action_module

    monkeypatch.setenv("DATABASE_URL", seeded_pg)
    monkeypatch.setattr(action_module, "_places", action_module.TimedCache(600))
    message = {"text": "Ist in Gladbeck etwas geplant?", "intent": {"name": "facility_overview", "confidence": 0.9},
               "entities": []}
    tracker = Tracker("pg-test", {}, message, [], False, None, {}, "action_listen")
    turn = action_module.answer(message, message["text"], "de", tracker)
    assert "Notunterkunft Gladbeck" in turn.replies[0].text


async def test_database_down_is_reported_with_the_marker_the_bot_keeps_messages_for(monkeypatch):
    from rasa_sdk.executor import CollectingDispatcher

    from actions import actions as action_module
    from bot.rasa_client import UNAVAILABLE_MARKER
    from bot.stack import free_port

    monkeypatch.setenv("DATABASE_URL", f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none?connect_timeout=2")
    monkeypatch.setattr(action_module, "_places", action_module.TimedCache(600))
    message = {"text": "Ist in Gladbeck etwas geplant?", "intent": {"name": "facility_overview", "confidence": 0.9},
               "entities": []}
    dispatcher = CollectingDispatcher()
    tracker = Tracker("down-test", {}, message, [], False, None, {}, "action_listen")
    await action_module.ActionAnswer().run(dispatcher, tracker, {})
    [reply] = dispatcher.messages
    assert "nicht erreichbar" in reply["text"]
    assert reply["custom"][UNAVAILABLE_MARKER] is True
