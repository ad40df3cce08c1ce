"""Talks to the Rasa server over HTTP: the one way every front (Telegram, terminal, `ask`) gets answers."""

from __future__ import annotations

import asyncio
import os
import secrets
from dataclasses import dataclass, field
from typing import Any

import httpx

from actions.language import detect
from bot.limits import text_notice
from faq.logs import REQUEST_ID
from faq.settings import rasa_api_params


UNAVAILABLE_MARKER = "nachbarbot_unavailable"  # set by the custom action when the database is down
ATTACHMENT = "nachbarbot_attachment"  # a file to render from the database and send with the reply


class RasaUnavailable(Exception):
    """Rasa or the action server cannot answer right now."""


class EmptyAnswer(RasaUnavailable):
    """Rasa answered, but with nothing: the action failed for this message (others may well work)."""


RETRY_PAUSE = float(os.environ.get("RASA_RETRY_PAUSE", "0.3"))  # seconds before the one retry


@dataclass
class Reply:
    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)
    attachment: dict[str, Any] | None = None  # see faq.forecast_files.spec


@dataclass
class Understanding:
    intent: str | None
    confidence: float | None


class RasaClient:
    def __init__(self, url: str, timeout: float = 30.0, client: httpx.AsyncClient | None = None):
        self.url = url.rstrip("/")
        self._client = client or httpx.AsyncClient(timeout=timeout, limits=httpx.Limits(max_connections=50))

    async def send(self, sender: str, text: str, reply_token: str | None = None,
                   request_id: str | None = None) -> list[Reply]:
        """Send one user message; returns the bot's replies in order. `reply_token` is the front's sealed
        chat address: it travels as metadata into a hand-over ticket, so the answer finds its way back."""
        notice = text_notice(text, detect(text) if text.strip() else "de")
        if notice is not None:  # the same limits on every front: Telegram, terminal, ask, buttons
            return [Reply(notice)]
        body: dict[str, Any] = {"sender": sender, "message": text}
        request_id = request_id or REQUEST_ID.get() or secrets.token_hex(8)
        REQUEST_ID.set(request_id)
        body["metadata"] = {"request_id": request_id}
        if reply_token:
            body["metadata"]["reply"] = reply_token
        try:
            return await self._post(body)
        except RasaUnavailable:
            # Once more after a moment: behind a balancer (deploy/) this reaches another Rasa replica, so a
            # replica that just died costs the resident nothing; on one machine it rides out a short hiccup.
            await asyncio.sleep(RETRY_PAUSE)
            return await self._post(body)

    async def _post(self, body: dict[str, Any]) -> list[Reply]:
        try:
            response = await self._client.post(f"{self.url}/webhooks/rest/webhook", json=body)
            response.raise_for_status()
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise RasaUnavailable(str(exc)) from exc
        if any((item.get("custom") or {}).get(UNAVAILABLE_MARKER) for item in data):
            raise RasaUnavailable("the database behind the actions is unavailable")
        replies: list[Reply] = []
        for item in data:
            if item.get("text") or item.get("buttons"):
                replies.append(Reply(item.get("text") or "", [
                    {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                    for b in item.get("buttons") or []
                ]))
            attachment = (item.get("custom") or {}).get(ATTACHMENT)
            if isinstance(attachment, dict):  # Rasa sends it as its own item, right after the reply's text
                if replies and replies[-1].attachment is None:
                    replies[-1].attachment = attachment
                else:
                    replies.append(Reply("", attachment=attachment))
        if not replies:
            # Rasa answers with nothing when the action server failed.
            raise EmptyAnswer("empty answer")
        return replies

    async def last_understanding(self, sender: str) -> Understanding:
        """Intent and confidence of the sender's latest message, from Rasa's tracker."""
        try:
            response = await self._client.get(f"{self.url}/conversations/{sender}/tracker",
                                              params={"include_events": "NONE", **rasa_api_params()})
            response.raise_for_status()
            latest: dict[str, Any] = response.json().get("latest_message") or {}
        except (httpx.HTTPError, ValueError) as exc:
            raise RasaUnavailable(str(exc)) from exc
        intent = latest.get("intent") or {}
        return Understanding(intent.get("name"), intent.get("confidence"))

    async def ready(self) -> bool:
        try:
            return (await self._client.get(f"{self.url}/")).status_code == 200
        except httpx.HTTPError:
            return False

    async def aclose(self) -> None:
        await self._client.aclose()
