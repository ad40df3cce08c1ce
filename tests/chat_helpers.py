"""A Telegram user talking to the bot through the fake Bot API: types, taps signed buttons, waits."""

from __future__ import annotations

import asyncio


def keyboard(message: dict) -> list[dict]:
    markup = message.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


class Resident:
    """One Telegram user talking to the bot through the fake Bot API."""

    def __init__(self, fake_api, chat_id: int, language: str = "de"):
        self.api, self.chat_id, self.language = fake_api, chat_id, language
        self.seen = 0

    async def say(self, text: str, replies: int = 1) -> list[dict]:
        self.api.send_text(self.chat_id, text, self.language)
        return await self._next(replies)

    async def tap(self, payload: str, replies: int = 1) -> list[dict]:
        """Tap the newest button the bot offered with this payload (buttons are signed per chat)."""
        data = payload
        for message in reversed(self.api.messages_to(self.chat_id)):
            found = [b["callback_data"] for b in keyboard(message) if b["callback_data"].split("~")[0] == payload]
            if found:
                data = found[0]
                break
        self.api.tap(self.chat_id, data)
        return await self._next(replies)

    async def _next(self, count: int) -> list[dict]:
        messages = await asyncio.to_thread(self.api.wait_for, self.chat_id, self.seen + count)
        new = messages[self.seen:]
        self.seen = len(messages)
        return new

    async def wait_more(self, count: int = 1, timeout: float = 30) -> list[dict]:
        messages = await asyncio.to_thread(self.api.wait_for, self.chat_id, self.seen + count, timeout)
        new = messages[self.seen:]
        self.seen = len(messages)
        return new


def text_of(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or m.get("caption") or "" for m in messages)
