"""Files that come with an answer (the forecast chart, the CSV table): rendered from the database by the
front that shows them. Telegram sends them (sendPhoto, sendDocument); the terminal chat and `ask` write
them to FILES_DIR (default: the state folder's `files/`) and name the path."""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path
from typing import Any

from faq import db
from faq.forecast_files import File, render
from faq.settings import state_dir


def files_dir() -> Path:
    path = Path(os.environ.get("FILES_DIR") or state_dir() / "files")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _render(spec: dict[str, Any]) -> File:
    with db.session() as s:
        return render(s, spec)


async def render_async(spec: dict[str, Any]) -> File:
    return await asyncio.to_thread(_render, spec)


async def save(spec: dict[str, Any], owner: str) -> Path:
    """Write the file for `owner` (a pseudonym: names never carry a chat id) and return its path."""
    file = await render_async(spec)
    safe_owner = re.sub(r"[^A-Za-z0-9_-]", "", owner)[-12:]
    path = files_dir() / f"{safe_owner}_{file.name}"
    await asyncio.to_thread(path.write_bytes, file.data)
    return path
