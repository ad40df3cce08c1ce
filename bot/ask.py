"""`nachbarbot ask`: the scriptable way in, through exactly the same Rasa model and actions."""

from __future__ import annotations

import asyncio
import json
import re
import secrets
from typing import Any, Iterable, TextIO

from bot.commands import command_payload
from bot.files import save
from bot.pseudonym import pseudonym
from bot.rasa_client import RasaClient, RasaUnavailable
from faq.handover.addresses import seal


class Asker:
    def __init__(self, rasa_url: str, session: str | None = None):
        self.client = RasaClient(rasa_url)
        # Every run starts fresh conversations, unless a named session continues earlier runs' ones.
        self.run_id = f"session:{session}" if session else secrets.token_hex(6)

    def sender(self, conversation: str) -> str:
        return pseudonym(f"{self.run_id}:{conversation}", "cli")

    def notifications(self, conversation: str) -> list[str]:
        """Answers from offices that arrived for this conversation since it last asked."""
        from faq import db
        from faq.handover import outbox

        try:
            with db.session() as s:
                return [row.payload.get("text", "") for row in outbox.collect(s, "ask", self.sender(conversation))]
        except Exception:  # noqa: BLE001 - no database here: nothing to show
            return []

    async def ask(self, conversation: str, text: str) -> dict[str, Any]:
        sender = self.sender(conversation)
        out: dict[str, Any] = {"conversation": conversation, "text": text}
        notes = await asyncio.to_thread(self.notifications, conversation)
        if notes:
            out["notifications"] = notes
        try:
            replies = await self.client.send(sender, command_payload(text) or text, seal("ask", sender))
            understood = await self.client.last_understanding(sender)
        except RasaUnavailable as exc:
            out.update(replies=[], intent=None, confidence=None, error=f"unavailable: {exc}")
            return out
        out["replies"] = [{"text": r.text, "buttons": r.buttons} for r in replies]
        files = [str(await save(r.attachment, sender)) for r in replies if r.attachment]
        if files:
            out["files"] = files
        out["intent"] = understood.intent
        out["confidence"] = round(understood.confidence, 4) if understood.confidence is not None else None
        return out

    async def ask_safely(self, conversation: str, text: str) -> dict[str, Any]:
        """One line's result whatever happens: a failure is that line's `error`, never the whole run's."""
        try:
            return await self.ask(conversation, text)
        except Exception as exc:  # noqa: BLE001
            return {"conversation": conversation, "text": text, "replies": [], "intent": None, "confidence": None,
                    "error": f"{type(exc).__name__}: {exc}"}

    async def ask_many(self, items: list[dict[str, Any]], parallel: int = 8) -> list[dict[str, Any]]:
        """Answers in input order; the messages of one conversation go one after the other."""
        results: list[dict[str, Any] | None] = [None] * len(items)
        by_conversation: dict[str, list[int]] = {}
        for i, item in enumerate(items):
            by_conversation.setdefault(str(item.get("conversation", "default")), []).append(i)
        gate = asyncio.Semaphore(parallel)

        async def run(conversation: str, indexes: list[int]) -> None:
            async with gate:
                for i in indexes:
                    results[i] = await self.ask_safely(conversation, clean(str(items[i].get("text", ""))))

        await asyncio.gather(*(run(c, idx) for c, idx in by_conversation.items()))
        return [r for r in results if r is not None]

    async def aclose(self) -> None:
        await self.client.aclose()


def clean(text: str) -> str:
    """Lone surrogates ("\\ud800" in JSON) cannot be sent anywhere: they become U+FFFD."""
    return re.sub("[\ud800-\udfff]", "\ufffd", text)


def read_jsonl(lines: Iterable[str]) -> list[dict[str, Any]]:
    items = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"line {n}: not valid JSON ({exc.msg})") from None
        if not isinstance(item, dict) or "text" not in item:
            raise ValueError(f"line {n}: expected an object with a \"text\" field")
        items.append(item)
    return items


def write_jsonl(results: list[dict[str, Any]], out: TextIO) -> None:
    for r in results:
        out.write(json.dumps(r, ensure_ascii=False) + "\n")
    out.flush()
