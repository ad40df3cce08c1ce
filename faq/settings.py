"""Configuration from environment variables, with defaults that run on a fresh clone."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def state_dir() -> Path:
    """Where local state lives (SQLite file, trained models, logs): NACHBARBOT_HOME or ./var."""
    path = Path(os.environ.get("NACHBARBOT_HOME", PROJECT_ROOT / "var"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    """Any SQLAlchemy URL; defaults to a SQLite file in the state folder."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{state_dir() / 'nachbarbot.db'}"


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def retention_days() -> int:
    """Days after a ticket is closed until its personal parts (contact, question, chat address) are removed."""
    return env_int("RETENTION_DAYS", 90)


def reminder_workdays() -> int:
    """Working days (Mon-Fri without NRW public holidays) an open ticket waits before the office is reminded."""
    return env_int("REMINDER_WORKDAYS", 3)


def tracker_store_url() -> str:
    """Rasa's SQL tracker store (conversation state that survives restarts): TRACKER_STORE_URL, else a
    SQLite file in the state folder."""
    return os.environ.get("TRACKER_STORE_URL") or f"sqlite:///{state_dir() / 'rasa-tracker.db'}"


def _secret(env: str, filename: str) -> str:
    """A secret from the environment, else a random one kept (0600) in the state folder: never a default."""
    import secrets

    configured = os.environ.get(env, "").strip()
    if configured:
        return configured
    path = state_dir() / filename
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def rasa_token() -> str:
    """The token Rasa's HTTP API requires (RASA_TOKEN); the bot, the CLI and the admin send it."""
    return _secret("RASA_TOKEN", "rasa-token")


def rasa_api_params() -> dict[str, str]:
    return {"token": rasa_token()}
