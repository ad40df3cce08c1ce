"""Sending the outbox's chat messages to Telegram, within Telegram's limits (python-telegram-bot's
AIORateLimiter, which also waits out 429 `retry_after`)."""

from __future__ import annotations

import os

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import AIORateLimiter, ExtBot

from bot.payloads import Payloads
from faq.handover.addresses import unseal


class PermanentFailure(Exception):
    """The chat cannot be reached (blocked the bot, deleted, bad address): retrying will not help."""


class RetryLater(Exception):
    def __init__(self, seconds: float):
        super().__init__(f"Telegram asked to retry after {seconds} s")
        self.seconds = seconds


def build_bot() -> Bot | None:
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        return None
    return ExtBot(token, base_url=os.environ.get("TELEGRAM_BASE_URL", "https://api.telegram.org/bot"),
                  rate_limiter=AIORateLimiter(max_retries=2))


async def send(bot: Bot, recipient: str, payload: dict) -> None:
    address = unseal(recipient)
    if address is None or address.channel != "telegram":
        raise PermanentFailure("no valid Telegram address (deleted, or sealed with another key)")
    chat_id = int(address.address)
    markup = None
    if payload.get("buttons"):  # signed like the bot's own buttons, so a tap comes back to the bot
        payloads = Payloads()
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(b["title"][:64], callback_data=payloads.encode(
            chat_id, b["payload"]))] for b in payload["buttons"]])
    try:
        await bot.send_message(chat_id, payload["text"], reply_markup=markup)
    except RetryAfter as exc:
        seconds = exc.retry_after.total_seconds() if hasattr(exc.retry_after, "total_seconds") else exc.retry_after
        raise RetryLater(float(seconds)) from exc
    except (Forbidden, BadRequest) as exc:
        raise PermanentFailure(str(exc)) from exc
