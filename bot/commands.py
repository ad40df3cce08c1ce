"""The bot's commands as every text front understands them: /hilfe, /status [REF], /loeschen,
/code CODE (municipal staff), /abbestellen (no more forecast messages)."""

from __future__ import annotations

import re

REFERENCE = re.compile(r"NB-\d{4}-\d{6}", re.IGNORECASE)
CODE = re.compile(r"[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}")
COMMANDS = ("hilfe", "help", "status", "loeschen", "löschen", "delete", "code", "abbestellen", "unsubscribe")


def command_payload(text: str) -> str | None:
    """The Rasa payload for a typed command, or None if the text is no command of ours."""
    if not text.startswith("/"):
        return None
    word, _, rest = text[1:].partition(" ")
    word = word.lower().split("@")[0]  # "/status@NachbarbotNRW_bot" in Telegram
    if word in ("hilfe", "help"):
        return "/help"
    if word == "status":
        match = REFERENCE.search(rest)
        return f'/ticket_status{{"reference":"{match.group(0).upper()}"}}' if match else "/ticket_status"
    if word in ("loeschen", "löschen", "delete"):
        return "/delete_data"
    if word == "code":
        match = CODE.search(rest)
        return f'/redeem_code{{"code":"{match.group(0).upper()}"}}' if match else "/redeem_code"
    if word in ("abbestellen", "unsubscribe"):
        return "/stop_alerts"
    return None
