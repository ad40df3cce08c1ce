"""Button payloads that come back only from the chat they were issued to (Telegram's callback data)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections import OrderedDict

from bot.pseudonym import pseudonym_key


class Payloads:
    """Button payloads: only those the bot issued to a chat come back in. A short payload travels signed
    (HMAC over chat and payload, so it survives a restart of the bot); a long one (Telegram allows 64
    bytes) is kept here under a short key. Anything else is forged or expired."""

    def __init__(self, key: bytes | None = None, size: int = 50_000):
        self.key = key or pseudonym_key()
        self.size = size
        self._store: OrderedDict[tuple[int, str], str] = OrderedDict()

    def _sign(self, chat_id: int, payload: str) -> str:
        digest = hmac.new(self.key, f"{chat_id}\0{payload}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:6]).decode()

    def encode(self, chat_id: int, payload: str) -> str:
        signed = f"{payload}~{self._sign(chat_id, payload)}"
        if len(signed.encode()) <= 64 and not payload.startswith("#"):
            return signed
        key = "#" + hashlib.sha1(f"{chat_id}:{payload}".encode()).hexdigest()[:20]
        self._store[(chat_id, key)] = payload
        self._store.move_to_end((chat_id, key))
        while len(self._store) > self.size:
            self._store.popitem(last=False)
        return key

    def decode(self, chat_id: int, data: str) -> str | None:
        if data.startswith("#"):
            return self._store.get((chat_id, data))
        payload, _, signature = data.rpartition("~")
        if payload and hmac.compare_digest(signature, self._sign(chat_id, payload)):
            return payload
        return None
