"""The Telegram front: commands, free text and inline buttons, all answered through Rasa."""

from __future__ import annotations

import asyncio
import html
import logging
import os
import re
from pathlib import Path
from dataclasses import dataclass
from functools import lru_cache

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from actions.language import detect
from faq.handover.addresses import seal
from faq.settings import state_dir
from bot.commands import COMMANDS, command_payload
from faq.staff import DEEP_LINK_PREFIX as STAFF_LINK_PREFIX
from bot.files import render_async
from faq import forecast_files
from bot.inbox import MAX_ATTEMPTS, Inbox
from bot.payloads import Payloads
from bot.limits import RateLimiter
from bot.pseudonym import pseudonym
from bot.rasa_client import EmptyAnswer, RasaClient, RasaUnavailable, Reply
from faq.logs import REQUEST_ID

log = logging.getLogger(__name__)

START_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

TEXTS = {
    "unavailable": {"de": "Ich bin gerade nicht erreichbar. Bitte versuchen Sie es später erneut.",
                    "en": "I can't be reached right now. Please try again later."},
    "unavailable_saved": {"de": "Ich bin gerade nicht erreichbar. Ihre Nachricht ist gespeichert: Ich antworte "
                                "automatisch, sobald ich wieder da bin.",
                          "en": "I can't be reached right now. Your message is saved: I'll answer automatically "
                                "as soon as I'm back."},
    "gave_up": {"de": "Ihre Nachricht „{text}“ konnte ich leider nicht beantworten. Bitte fragen Sie noch einmal, "
                      "gern mit anderen Worten.",
                "en": "I'm sorry, I couldn't answer your message \"{text}\". Please ask again, perhaps in other "
                      "words."},
    "late_answer": {"de": "Zu Ihrer Nachricht „{text}“:", "en": "About your message \"{text}\":"},
    "rate_limited": {"de": "Sie schreiben gerade sehr schnell. Bitte warten Sie einen Moment.",
                     "en": "You are writing very fast. Please wait a moment."},
    "not_text": {"de": "Ich verstehe nur Textnachrichten. Bitte schreiben Sie Ihre Frage.",
                 "en": "I only understand text messages. Please type your question."},
    "no_groups": {"de": "Hallo! Ich beantworte Fragen nur im persönlichen Chat, damit Ihre Fragen privat bleiben. "
                        "Schreiben Sie mir gern direkt. Ich verlasse diese Gruppe jetzt.",
                  "en": "Hello! I only answer in a private chat, so that your questions stay private. Please "
                        "write to me directly. I'm leaving this group now."},
    "button_expired": {"de": "Diese Schaltfläche ist nicht mehr gültig. Bitte fragen Sie einfach noch einmal.",
                       "en": "This button has expired. Please just ask again."},
}


@lru_cache(maxsize=50_000)
def reply_token(chat_id: int) -> str:
    """The sealed address of a chat (one per chat and process: Rasa's tracker holds no chat id in the clear)."""
    return seal("telegram", chat_id)


def set_aside(sender: str, text: str, lang: str) -> None:
    """A message no retry could answer goes to the editors' "Unbeantwortet" page (kind "error")."""
    from faq import db, feedback

    try:
        with db.session() as s:
            feedback.record_unanswered(s, conversation=sender, text=text, lang=lang, kind="error", intent="",
                                       faq_key=None, confidence=0.0)
    except Exception:  # noqa: BLE001 - the database may be away too; the apology still goes out
        log.exception("could not set a failed message aside")


def say(key: str, lang: str, **values: object) -> str:
    return TEXTS[key][lang].format(**values)


@dataclass
class BotConfig:
    token: str
    rasa_url: str
    base_url: str = "https://api.telegram.org/bot"
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    retry_seconds: float = float(os.environ.get("INBOX_RETRY_SECONDS", "15"))

    @classmethod
    def from_env(cls, rasa_url: str) -> "BotConfig":
        return cls(
            token=os.environ["TELEGRAM_BOT_TOKEN"],
            rasa_url=rasa_url,
            base_url=os.environ.get("TELEGRAM_BASE_URL", "https://api.telegram.org/bot"),
            webhook_url=os.environ.get("TELEGRAM_WEBHOOK_URL") or None,
            webhook_secret=os.environ.get("TELEGRAM_WEBHOOK_SECRET") or None,
            webhook_listen=os.environ.get("TELEGRAM_WEBHOOK_LISTEN", "127.0.0.1"),
            webhook_port=int(os.environ.get("TELEGRAM_WEBHOOK_PORT", "8443")),
        )


class NachbarBot:
    def __init__(self, rasa: RasaClient, limiter: RateLimiter | None = None, inbox: Inbox | None = None,
                 retry_seconds: float = 15.0):
        self.rasa = rasa
        self.retry_seconds = retry_seconds
        self.limiter = limiter or RateLimiter()
        self.payloads = Payloads()
        self.inbox = inbox
        self._draining = asyncio.Lock()

    # --- handlers -------------------------------------------------------------------------------
    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user = update.effective_user
        lang = "en" if user and (user.language_code or "").startswith("en") else "de"
        await self.converse(update, f'/greet{{"language":"{lang}"}}')
        payload = context.args[0] if context.args else ""
        if payload.startswith(STAFF_LINK_PREFIX):  # an invite link: t.me/<bot>?start=staff-<code>
            await self.converse(update, command_payload("/code " + payload.removeprefix(STAFF_LINK_PREFIX)))
            return
        if payload and START_PAYLOAD.match(payload):
            if re.fullmatch(r"05\d{6}|05\d{3}", payload):
                await self.converse(update, f'/inform_place{{"place":"{payload}"}}')
            else:
                await self.converse(update, f'/facility_overview{{"facility":"{payload}"}}')

    async def command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/hilfe, /status [REF], /loeschen, /code CODE, /abbestellen: the same payloads as on every front."""
        payload = command_payload(update.effective_message.text or "")
        if payload is not None:
            await self.converse(update, payload)

    async def text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        text = (message.text or "").strip()
        if text.startswith("/"):
            text = text.lstrip("/")  # unknown commands are read as text, never as Rasa intents
        await self.converse(update, text)

    async def not_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user = update.effective_user
        lang = "en" if user and (user.language_code or "").startswith("en") else "de"
        if not await self._allowed(update, lang):  # stickers and photos count towards the rate limit too
            return
        await update.effective_message.reply_text(say("not_text", lang))

    async def group(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Groups: the bot keeps one conversation per person, so it says so once and leaves the group."""
        chat = update.effective_chat
        try:
            await chat.send_message(say("no_groups", "de"))
            await chat.leave()
        except Exception:  # noqa: BLE001 - already removed, or not allowed to write: nothing to do
            log.info("could not leave a group chat")

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        chat = update.effective_chat
        try:
            await query.answer()
        except Exception:  # noqa: BLE001 - an old query cannot be answered any more; the tap still counts
            pass
        if chat is None:  # a button in an inline message has no chat to answer in
            return
        payload = self.payloads.decode(chat.id, query.data or "")
        if payload is None:  # not issued by this bot to this chat: forged, or from before a restart
            await chat.send_message(say("button_expired", "de"))
            return
        await self.converse(update, payload)

    async def _allowed(self, update: Update, lang: str) -> bool:
        sender = pseudonym(update.effective_chat.id)
        if self.limiter.allow(sender):
            return True
        if self.limiter.notice_due(sender):
            await update.effective_chat.send_message(say("rate_limited", lang))
        return False

    # --- the one path to Rasa ---------------------------------------------------------------------
    async def converse(self, update: Update, text: str) -> None:
        chat = update.effective_chat
        sender = pseudonym(chat.id)
        lang = detect(text) if not text.startswith("/") else "de"
        if not self.limiter.allow(sender):
            if self.limiter.notice_due(sender):  # one "please wait" per burst, not one per message
                await chat.send_message(say("rate_limited", lang))
            return
        try:
            await chat.send_chat_action(ChatAction.TYPING)
        except Exception:  # noqa: BLE001 - a typing indicator is not worth failing for
            pass
        if self.inbox is not None and len(self.inbox):
            await self.drain(update.get_bot())  # older messages first, so answers keep their order
        REQUEST_ID.set(f"tg-{update.update_id}")  # follows the message through Rasa and the actions
        log.info("update from %s", sender)
        try:
            replies = await self.rasa.send(sender, text, reply_token(chat.id))
        except RasaUnavailable as exc:
            log.warning("rasa unavailable for %s: %s", sender, exc)
            if self.inbox is not None:
                self.inbox.add(chat.id, text)
                await chat.send_message(say("unavailable_saved", lang))
            else:
                await chat.send_message(say("unavailable", lang))
            return
        await self.deliver(update.get_bot(), chat.id, replies)

    async def deliver(self, bot, chat_id: int, replies: list[Reply], intro: str | None = None) -> None:  # noqa: ANN001
        for i, reply in enumerate(replies):
            text = html.escape(reply.text)
            if intro and i == 0:
                text = f"<i>{html.escape(intro)}</i>\n{text}"
            if text:
                await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML,
                                       reply_markup=self.keyboard(chat_id, reply))
            if reply.attachment:
                await self.send_file(bot, chat_id, reply.attachment)

    async def send_file(self, bot, chat_id: int, spec: dict) -> None:  # noqa: ANN001
        """The chart as a photo, a table as a document; if it cannot be made, the text answer stands."""
        try:
            file = await render_async(spec)
        except Exception:  # noqa: BLE001
            log.exception("could not render %s", spec.get("kind"))
            return
        if file.mime == "image/png":
            await bot.send_photo(chat_id, photo=file.data, caption=file.caption[:1024])
        else:
            await bot.send_document(chat_id, document=InputFile(file.data, filename=file.name),
                                    caption=file.caption[:1024])

    async def drain(self, bot) -> None:  # noqa: ANN001
        """Answer the messages kept while Rasa was away, oldest first. While Rasa is unreachable, stop; a
        message that fails on its own is retried with back-off, never blocks the others, and after a few
        tries gets an apology and is set aside."""
        if self.inbox is None:
            return
        async with self._draining:
            for item in self.inbox.oldest():
                lang = detect(item.text) if not item.text.startswith("/") else "de"
                short = item.text if len(item.text) <= 80 else item.text[:77] + "…"
                try:
                    replies = await self.rasa.send(pseudonym(item.chat_id), item.text, reply_token(item.chat_id))
                except EmptyAnswer:
                    if self.inbox.failed(item.id, self.retry_seconds) >= MAX_ATTEMPTS:
                        log.warning("a kept message failed %d times; answered with an apology and set aside",
                                    MAX_ATTEMPTS)
                        await asyncio.to_thread(set_aside, pseudonym(item.chat_id), item.text, lang)
                        self.inbox.done(item.id)
                        await bot.send_message(item.chat_id, say("gave_up", lang, text=short))
                    continue
                except RasaUnavailable:
                    return  # Rasa itself is away: every message would fail
                await self.deliver(bot, item.chat_id, replies, say("late_answer", lang, text=short))
                self.inbox.done(item.id)

    async def retry_pending(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        if self.inbox is not None and len(self.inbox):
            await self.drain(context.bot)

    def keyboard(self, chat_id: int, reply: Reply) -> InlineKeyboardMarkup | None:
        if not reply.buttons:
            return None
        buttons = [InlineKeyboardButton(b["title"][:64], callback_data=self.payloads.encode(chat_id, b["payload"]))
                   for b in reply.buttons]
        rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
        return InlineKeyboardMarkup(rows)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("unhandled error: %s", context.error.__class__.__name__, exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat:
            try:
                await update.effective_chat.send_message(say("unavailable", "de"))
            except Exception:  # noqa: BLE001
                pass


def replica_file(stem: str) -> Path:
    """A bot replica's own SQLite file in the state folder (NACHBARBOT_REPLICA names the replica): the inbox
    of messages kept while Rasa is away, the journal of webhook updates taken but not yet handled."""
    replica = os.environ.get("NACHBARBOT_REPLICA", "").strip()
    return state_dir() / (f"{stem}-{replica}.sqlite" if replica else f"{stem}.sqlite")


def build_application(config: BotConfig, rasa: RasaClient | None = None) -> Application:
    detect("warm up: Wörter laden, load word lists")  # not on the first user's message
    pseudonym(0)
    forecast_files.warm_up()
    bot = NachbarBot(rasa or RasaClient(config.rasa_url), inbox=Inbox(replica_file("bot-inbox")),
                     retry_seconds=config.retry_seconds)
    # Telegram's limits (about 30 messages a second in all; 429 answers with retry_after) are kept by
    # python-telegram-bot's rate limiter, never by sleeps of our own.
    limiter = AIORateLimiter(overall_max_rate=float(os.environ.get("TELEGRAM_MAX_RATE", "30")), max_retries=2)
    app = (ApplicationBuilder().token(config.token).base_url(config.base_url).rate_limiter(limiter)
           .concurrent_updates(256).build())
    app.bot_data["nachbarbot"] = bot
    # Groups are left with a note; only new messages in private chats are answered (an edit is not a new
    # question, a channel post is nobody's question).
    app.add_handler(MessageHandler(filters.ChatType.GROUPS & filters.UpdateType.MESSAGE, bot.group))
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("start", bot.start, filters=private))
    app.add_handler(CommandHandler([c for c in COMMANDS if c.isascii()], bot.command, filters=private))
    app.add_handler(CallbackQueryHandler(bot.button))
    app.add_handler(MessageHandler(private & filters.TEXT, bot.text))
    app.add_handler(MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, bot.not_text))
    app.add_error_handler(bot.on_error)
    app.job_queue.run_repeating(bot.retry_pending, interval=config.retry_seconds, first=config.retry_seconds)
    return app


def webhook_settings(config: BotConfig) -> dict:
    """Where the webhook server listens and what Telegram is told (setWebhook), secret included."""
    return {"listen": config.webhook_listen, "port": config.webhook_port, "url_path": "telegram",
            "webhook_url": config.webhook_url, "secret_token": config.webhook_secret,
            "allowed_updates": Update.ALL_TYPES}


def run_telegram(config: BotConfig) -> None:
    app = build_application(config)
    if config.webhook_url:  # durable: an update is on disk before Telegram gets its 200 (bot/webhook.py)
        from bot.webhook import serve

        settings = webhook_settings(config)
        asyncio.run(serve(app, replica_file("bot-journal"), listen=settings["listen"], port=settings["port"],
                          webhook_url=settings["webhook_url"], secret=settings["secret_token"],
                          allowed_updates=settings["allowed_updates"]))
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
