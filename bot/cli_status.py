"""`nachbarbot status`: which parts of a running installation are up, in one table."""

from __future__ import annotations

import argparse
import os

import httpx


def register_status_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("status", help="which parts are up: Rasa (and its token), actions, admin, database, "
                                      "outbox, model")
    p.set_defaults(func=cmd_status)


def _get(url: str, **params: str) -> tuple[bool, str]:
    try:
        response = httpx.get(url, params=params, timeout=3)
        return response.status_code == 200, f"HTTP {response.status_code}"
    except httpx.HTTPError as exc:
        return False, type(exc).__name__


def cmd_status(args: argparse.Namespace) -> int:
    from sqlalchemy import text

    from faq import db
    from faq.handover import outbox
    from faq.settings import rasa_api_params

    rasa = os.environ.get("RASA_URL", f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}")
    actions = f"http://127.0.0.1:{os.environ.get('ACTION_PORT', '5055')}"
    admin = f"http://{os.environ.get('ADMIN_HOST', '127.0.0.1')}:{os.environ.get('ADMIN_PORT', '8080')}"
    rows = [("Rasa", *_get(f"{rasa}/")), ("Rasa-API (mit Token)", *_get(f"{rasa}/status", **rasa_api_params())),
            ("Aktionsserver", *_get(f"{actions}/health")), ("Redaktion (Admin)", *_get(f"{admin}/health"))]
    try:
        db.require_database()
        with db.session() as s:
            s.execute(text("SELECT 1"))
            pending = outbox.pending_count(s)
        rows.append(("Datenbank", True, "erreichbar"))
        rows.append(("Ausgang (outbox)", True, f"{pending} wartende Nachricht(en)"))
    except Exception as exc:  # noqa: BLE001 - a status command reports, it does not fail
        rows.append(("Datenbank", False, str(exc).splitlines()[0][:80]))
    try:
        from bot import retraining

        active = retraining.active()
        rows.append(("Sprachmodell", active is not None, (active.name if active else "keins aktiv")
                     + (" (veraltet)" if active and retraining.out_of_date() else "")))
    except Exception as exc:  # noqa: BLE001
        rows.append(("Sprachmodell", False, str(exc).splitlines()[0][:80]))
    width = max(len(r[0]) for r in rows)
    for name, ok, detail in rows:
        print(f"{'✔' if ok else '✘'} {name:<{width}}  {detail}")
    return 0 if all(ok for _, ok, _ in rows) else 1
