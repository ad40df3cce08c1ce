"""Runs the `rasa` command line (in the Rasa environment) with speed fixes, measured with py-spy
on the Rasa server under 20 concurrent conversations:

1. Rasa validates every action server response with `jsonschema.validate`, which re-checks the schema
   itself against the JSON-Schema meta-schema on every call: about 40 % of the server's CPU time per
   message. Here the validator for a schema is built once and reused; the response is still validated
   exactly as before (same validator class, same best-match error).
2. Rasa looks up the subclasses of `Event` (walking the class tree with `inspect`) for every event of
   every tracker it loads: about 18 % of the CPU time. The class tree does not change once Rasa is
   imported, so the answer is cached per class.
3. (gone: the intent classifier is our own now, nlu/components/intent_classifier.py.)
4. Python's garbage collector walks all of Rasa's long-lived objects (the loaded model and libraries)
   in every full collection, stalling all conversations for a moment: the slowest 5 % of answers under
   load. After the model is loaded, those objects are moved out of the collector's way (gc.freeze).
5. Rasa opens a new HTTP client session, and so a new TCP connection, for every call of the action
   server: about 9 % of the CPU time. Here each endpoint keeps one session (per event loop) with
   keep-alive connections; a dead connection fails the call as before, and the next call reconnects.
6. The SQL tracker store on SQLite opened and closed a connection per message (SQLAlchemy 1.4's NullPool
   for files): kept connections instead, and WAL pragmas. Also: only our own models are loaded, and with
   LOG_FORMAT=json the log is JSON lines with the request id.
"""

from __future__ import annotations

import json
import sys

import jsonschema
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for

_validators: dict[str, object] = {}


def validate(instance, schema, cls=None, *args, **kwargs):  # noqa: ANN001, ANN201 - jsonschema's signature
    key = json.dumps(schema, sort_keys=True, default=str)
    validator = _validators.get(key)
    if validator is None:
        cls = cls or validator_for(schema)
        cls.check_schema(schema)
        validator = _validators[key] = cls(schema, *args, **kwargs)
    error = best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


jsonschema.validate = validate


def _cache_subclass_lookup() -> None:
    import functools

    import rasa.shared.utils.common as common

    uncached = common.all_subclasses

    @functools.lru_cache(maxsize=None)
    def cached(cls):  # noqa: ANN001, ANN202
        return tuple(uncached(cls))

    common.all_subclasses = lambda cls: list(cached(cls))

def _reuse_http_sessions() -> None:
    import asyncio

    from rasa.utils.endpoints import EndpointConfig

    new_session = EndpointConfig.session
    sessions: dict = {}

    class _Kept:
        """`async with endpoint.session()` without closing the shared session at the end."""

        def __init__(self, session):  # noqa: ANN001
            self.session = session

        async def __aenter__(self):  # noqa: ANN204
            return self.session

        async def __aexit__(self, *exc):  # noqa: ANN002, ANN204
            return False

    def session(self):  # noqa: ANN001, ANN202
        key = (id(asyncio.get_running_loop()), self.url, repr(sorted(self.headers.items())),
               repr(sorted(self.basic_auth.items())))
        shared = sessions.get(key)
        if shared is None or shared.closed:
            shared = sessions[key] = new_session(self)
        return _Kept(shared)

    EndpointConfig.session = session


def _freeze_after_model_load() -> None:
    import gc

    import rasa.core.run as run

    load = run.load_agent_on_start

    async def load_then_freeze(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        agent = await load(*args, **kwargs)
        gc.collect()
        gc.freeze()
        return agent

    run.load_agent_on_start = load_then_freeze


def _sqlite_tracker_pragmas() -> None:
    """The SQL tracker store on SQLite: write-ahead log and no fsync per commit (a power cut may lose the
    last turns, never the file), and wait for a lock instead of failing when another process (the worker's
    clean-up) writes."""
    import sqlite3

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    @event.listens_for(Engine, "connect")
    def pragmas(dbapi_conn, _record):  # noqa: ANN001, ANN202
        if isinstance(dbapi_conn, sqlite3.Connection):
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()

    # SQLAlchemy 1.4 opens and closes a new SQLite connection for every session (NullPool): with the pragmas
    # above that was ~10 % of Rasa's CPU per message (py-spy). Rasa's tracker store runs on the event loop's
    # thread, so a small pool of kept connections is safe.
    import sqlalchemy
    from sqlalchemy.pool import QueuePool

    create_engine = sqlalchemy.create_engine

    def create_engine_keeping_sqlite_connections(url, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if str(url).startswith("sqlite") and ":memory:" not in str(url) and "poolclass" not in kwargs:
            kwargs["poolclass"] = QueuePool
            kwargs.setdefault("pool_size", 2)
            kwargs.setdefault("connect_args", {}).setdefault("check_same_thread", False)
        return create_engine(url, *args, **kwargs)

    sqlalchemy.create_engine = create_engine_keeping_sqlite_connections


def _only_own_models() -> None:
    """`PUT /model` loads only model files from our model cache (NACHBARBOT_MODEL_DIR): no other path, no model
    server, no remote storage — a model file can run code when it is loaded (CVE-2024-49375)."""
    import os
    from http import HTTPStatus
    from pathlib import Path

    import rasa.server as server

    allowed = Path(os.environ.get("NACHBARBOT_MODEL_DIR", ".")).resolve()
    load = server._load_agent

    async def checked(model_path=None, model_server=None, remote_storage=None, endpoints=None, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        path = Path(model_path or "").resolve()
        if model_server or remote_storage or not model_path or path.parent != allowed or not path.is_file():
            raise server.ErrorResponse(HTTPStatus.FORBIDDEN, "Forbidden",
                                       "Models are loaded only from the project's own model cache.")
        return await load(str(path), None, None, endpoints, *args, **kwargs)

    server._load_agent = checked


def _json_logs() -> None:
    """LOG_FORMAT=json: Rasa's log as JSON lines with the request id (faq/logs.py) instead of coloredlogs."""
    import os

    if os.environ.get("LOG_FORMAT", "text").lower() != "json":
        return
    import coloredlogs

    from faq.logs import configure

    configure("rasa")
    coloredlogs.install = lambda *args, **kwargs: None


if __name__ == "__main__":
    _json_logs()
    _only_own_models()
    _sqlite_tracker_pragmas()
    _cache_subclass_lookup()
    _reuse_http_sessions()
    _freeze_after_model_load()
    from rasa.__main__ import main

    sys.argv[0] = "rasa"
    sys.exit(main())
