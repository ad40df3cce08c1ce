"""The bot's commands as every text front understands them (Telegram has its own CommandHandlers for
the same payloads): /hilfe, /status [REF], /loeschen."""

from __future__ import annotations

import re

REFERENCE = re.compile(r"NB-\d{4}-\d{6}", re.IGNORECASE)


def command_payload(text: str) -> str | None:
    """The Rasa payload for a typed command, or None if the text is no command of ours."""
    if not text.startswith("/"):
        return None
    word, _, rest = text[1:].partition(" ")
    word = word.lower()
    if word in ("hilfe", "help"):
        return "/help"
    if word == "status":
        match = REFERENCE.search(rest)
        return f'/ticket_status{{"reference":"{match.group(0).upper()}"}}' if match else "/ticket_status"
    if word in ("loeschen", "löschen", "delete"):
        return "/delete_data"
    return None
