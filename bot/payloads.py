"""Button payloads that come back only from the chat they were issued to (Telegram's callback data)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from collections import OrderedDict

from sqlalchemy.exc import SQLAlchemyError

from bot.pseudonym import pseudonym_key
from faq import db
from faq.models import ButtonPayload

log = logging.getLogger(__name__)


class Payloads:
    """Button payloads: only those the bot issued to a chat come back in. A short payload travels signed
    (HMAC over chat and payload, so it survives a restart of the bot); a long one (Telegram allows 64
    bytes) is kept in the database under a key that is itself such a signature, so every bot replica and a
    restarted bot know it (`faq.models.ButtonPayload`, removed after RETENTION_DAYS). Anything else is forged
    or expired."""

    def __init__(self, key: bytes | None = None, size: int = 50_000):
        self.key = key or pseudonym_key()
        self.size = size
        self._cache: OrderedDict[str, str] = OrderedDict()  # key -> payload, in front of the database

    def _sign(self, chat_id: int, payload: str, length: int = 6) -> str:
        digest = hmac.new(self.key, f"{chat_id}\0{payload}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:length]).decode()

    def encode(self, chat_id: int, payload: str) -> str:
        signed = f"{payload}~{self._sign(chat_id, payload)}"
        if len(signed.encode()) <= 64 and not payload.startswith("#"):
            return signed
        key = "#" + self._sign(chat_id, payload, 15)
        if key in self._cache:  # this process has written it already: no database round trip per answer
            self._cache.move_to_end(key)
            return key
        self._remember(key, payload)
        try:
            with db.session() as s:
                if s.get(ButtonPayload, key) is None:
                    s.add(ButtonPayload(key=key, payload=payload))
        except SQLAlchemyError:  # the database is away: this replica still knows it
            log.warning("button payload kept in memory only: database unavailable")
        return key

    def decode(self, chat_id: int, data: str) -> str | None:
        if data.startswith("#"):
            payload = self._cache.get(data)
            if payload is None:
                try:
                    with db.session() as s:
                        row = s.get(ButtonPayload, data)
                        payload = row.payload if row else None
                except SQLAlchemyError:
                    return None
            # the key is the chat's signature of the payload: a key from another chat does not match
            if payload is None or not hmac.compare_digest(data, "#" + self._sign(chat_id, payload, 15)):
                return None
            self._remember(data, payload)
            return payload
        payload, _, signature = data.rpartition("~")
        if payload and hmac.compare_digest(signature, self._sign(chat_id, payload)):
            return payload
        return None

    def _remember(self, key: str, payload: str) -> None:
        self._cache[key] = payload
        self._cache.move_to_end(key)
        while len(self._cache) > self.size:
            self._cache.popitem(last=False)
