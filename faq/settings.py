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
