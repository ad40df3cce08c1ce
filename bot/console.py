"""The same conversation as on Telegram, in the terminal (used when no Telegram token is set)."""

from __future__ import annotations

import asyncio
import secrets
import sys
import threading

from bot.commands import command_payload
from bot.pseudonym import pseudonym
from bot.rasa_client import RasaClient, RasaUnavailable
from faq.handover.addresses import seal
from bot.files import save

NOTIFY_SECONDS = 2.0  # how often the terminal looks for answers from offices

PROMPT = "Sie: "
KEPT = "Ich bin gerade nicht erreichbar. Ihre Nachricht ist gespeichert: Ich antworte automatisch, sobald ich " \
       "wieder da bin."
FILE_NOTE = "Datei gespeichert:"
FILE_FAILED = "Die Datei konnte gerade nicht erstellt werden."
LATE = "Zu Ihrer Nachricht „{text}“:"


async def chat(rasa_url: str, stdin=sys.stdin, stdout=sys.stdout) -> None:  # noqa: ANN001
    client = RasaClient(rasa_url)
    sender = pseudonym(secrets.token_hex(8), "cli")
    buttons: list[dict[str, str]] = []

    def show(text: str) -> None:
        stdout.write(text + "\n")
        stdout.flush()

    show("Nachbarbot NRW im Terminal. Schreiben Sie Ihre Frage (Ende mit Strg-D oder 'exit').")
    token = seal("console", sender)
    kept: list[str] = []  # messages typed while Rasa was away, answered when it is back
    await _exchange(client, sender, "/greet", show, buttons, token, kept)
    lines = _lines_from(stdin)
    while True:
        stdout.write(PROMPT)
        stdout.flush()
        line = None
        while line is None:
            try:
                line = await asyncio.wait_for(lines.get(), NOTIFY_SECONDS)
            except asyncio.TimeoutError:
                for note in await asyncio.to_thread(notifications, sender):
                    show(f"\nBot: {note}")
                    stdout.write(PROMPT)
                    stdout.flush()
                if kept and await _answer_kept(client, sender, show, buttons, token, kept):
                    stdout.write(PROMPT)
                    stdout.flush()
        if not line:
            break
        text = line.strip()
        if text.lower() in ("exit", "quit", "ende"):
            break
        if not text:
            continue
        if text.isdigit() and buttons and 1 <= int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        elif command_payload(text):
            text = command_payload(text)
        elif text.startswith("/"):
            text = text.lstrip("/")
        if kept:
            await _answer_kept(client, sender, show, buttons, token, kept)
        await _exchange(client, sender, text, show, buttons, token, kept)
    await client.aclose()


async def _answer_kept(client: RasaClient, sender: str, show, buttons: list, token: str,  # noqa: ANN001
                       kept: list[str]) -> bool:
    """Answer the kept messages, oldest first, while Rasa answers; True if any was answered."""
    answered = False
    while kept:
        try:
            replies = await client.send(sender, kept[0], token)
        except RasaUnavailable:
            return answered
        text = kept.pop(0)
        show("\n" + LATE.format(text=text if len(text) <= 80 else text[:77] + "…"))
        await _show_replies(replies, show, buttons, sender)
        answered = True
    return answered


def notifications(sender: str) -> list[str]:
    """Answers from offices waiting for this terminal conversation (delivered by the outbox)."""
    from faq import db
    from faq.handover import outbox

    try:
        with db.session() as s:
            return [row.payload.get("text", "") for row in outbox.collect(s, "console", sender)]
    except Exception:  # noqa: BLE001 - the database may be away for a moment; try again next time
        return []


def _lines_from(stdin) -> "asyncio.Queue[str]":  # noqa: ANN001
    """Read lines in a daemon thread, so Ctrl-C is never held up by a blocked read."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str] = asyncio.Queue()

    def read() -> None:
        while True:
            line = stdin.readline()
            loop.call_soon_threadsafe(queue.put_nowait, line)
            if not line:
                return

    threading.Thread(target=read, daemon=True, name="stdin").start()
    return queue


async def _exchange(client: RasaClient, sender: str, text: str, show, buttons: list,  # noqa: ANN001
                    token: str | None = None, kept: list[str] | None = None) -> None:
    try:
        replies = await client.send(sender, text, token)
    except RasaUnavailable:
        if kept is not None and not text.startswith("/greet"):
            kept.append(text)
        show(f"Bot: {KEPT}")
        return
    await _show_replies(replies, show, buttons, sender)


async def _show_replies(replies: list, show, buttons: list, sender: str) -> None:  # noqa: ANN001
    buttons.clear()
    for reply in replies:
        if reply.text:
            show(f"Bot: {reply.text}")
        if reply.attachment:
            try:
                show(f"  📎 {FILE_NOTE} {await save(reply.attachment, sender)}")
            except Exception:  # noqa: BLE001 - the text answer stands on its own
                show(f"  📎 {FILE_FAILED}")
        for b in reply.buttons:
            buttons.append(b)
            show(f"  [{len(buttons)}] {b['title']}")
