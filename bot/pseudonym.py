"""Chat ids never reach Rasa's tracker or the logs: they are replaced by a keyed hash."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

from faq.settings import state_dir


def _key() -> bytes:
    configured = os.environ.get("PSEUDONYM_KEY")
    if configured:
        return configured.encode()
    path = state_dir() / "pseudonym.key"
    if not path.exists():
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip().encode()


_KEY: bytes | None = None


def pseudonym_key() -> bytes:
    global _KEY
    if _KEY is None:
        _KEY = _key()
    return _KEY


def pseudonym(chat_id: int | str, channel: str = "tg") -> str:
    """A stable pseudonym for a chat: the same chat always gets the same one, and it cannot be reversed
    without the key (PSEUDONYM_KEY, or a random key kept in the state folder)."""
    global _KEY
    if _KEY is None:
        _KEY = _key()
    digest = hmac.new(_KEY, f"{channel}:{chat_id}".encode(), hashlib.sha256).hexdigest()
    return f"{channel}-{digest[:24]}"
