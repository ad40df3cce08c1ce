"""Reply addresses: how an answer finds its way back into the resident's chat.

The front seals (encrypts) its chat address before it travels with the message through Rasa into the
ticket, so neither Rasa's tracker nor the database holds a chat id in the clear. Only processes with the
key (REPLY_ADDRESS_KEY, else a key kept in the state folder) can open it: the fronts and the worker."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken

from faq.settings import state_dir

CHANNELS = ("telegram", "console", "ask")


@dataclass(frozen=True)
class ReplyAddress:
    channel: str  # telegram, console, ask
    address: str  # chat id, or the terminal's / ask session's pseudonym


@lru_cache(maxsize=1)
def _fernet() -> Fernet:
    key = os.environ.get("REPLY_ADDRESS_KEY", "").strip()
    if not key:
        path = state_dir() / "reply-address.key"
        if not path.exists():
            path.write_bytes(Fernet.generate_key())
            path.chmod(0o600)
        key = path.read_text(encoding="utf-8").strip()
    return Fernet(key.encode())


def seal(channel: str, address: str | int) -> str:
    return _fernet().encrypt(json.dumps([channel, str(address)]).encode()).decode()


def unseal(token: str | None) -> ReplyAddress | None:
    """The address, or None for a missing, foreign or damaged token."""
    if not token:
        return None
    try:
        channel, address = json.loads(_fernet().decrypt(token.encode()))
    except (InvalidToken, ValueError, TypeError):
        return None
    return ReplyAddress(channel, address) if channel in CHANNELS else None
