"""Reading the bot's mailbox over IMAP (imap-tools): the offices' replies to hand-over mails."""

from __future__ import annotations

import hashlib
import html
import os
import re
from dataclasses import dataclass
from datetime import datetime

from imap_tools import AND, MailBox, MailBoxUnencrypted

TIMEOUT = 20


@dataclass(frozen=True)
class ImapConfig:
    host: str
    port: int
    user: str
    password: str
    ssl: bool = True
    folder: str = "INBOX"

    @classmethod
    def from_env(cls) -> "ImapConfig | None":
        host = os.environ.get("IMAP_HOST", "").strip()
        if not host:
            return None
        ssl = os.environ.get("IMAP_SSL", "true").strip().lower() in ("1", "true", "yes")
        return cls(host=host, port=int(os.environ.get("IMAP_PORT") or (993 if ssl else 143)),
                   user=os.environ.get("IMAP_USER", ""), password=os.environ.get("IMAP_PASSWORD", ""), ssl=ssl)


@dataclass(frozen=True)
class IncomingMail:
    uid: str
    message_id: str
    from_addr: str
    subject: str
    in_reply_to: str
    references: tuple[str, ...]
    text: str
    received: datetime | None


def _box(cfg: ImapConfig):  # noqa: ANN202
    box = MailBox(cfg.host, cfg.port, timeout=TIMEOUT) if cfg.ssl else MailBoxUnencrypted(cfg.host, cfg.port,
                                                                                          timeout=TIMEOUT)
    return box.login(cfg.user, cfg.password, initial_folder=cfg.folder)


def _header(msg, name: str) -> str:  # noqa: ANN001
    values = msg.headers.get(name.lower()) or ()
    return " ".join(v.strip() for v in values)


def _html_to_text(markup: str) -> str:
    markup = re.sub(r"(?is)<(script|style).*?</\1>", "", markup)
    markup = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>|</tr>", "\n", markup)
    markup = re.sub(r"(?i)<blockquote[^>]*>", "\n> ", markup)
    text = html.unescape(re.sub(r"<[^>]+>", "", markup))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def fetch_unseen(cfg: ImapConfig, limit: int = 50) -> list[IncomingMail]:
    """Unread mails, oldest first; they stay unread until `mark_seen`."""
    out = []
    with _box(cfg) as box:
        for msg in box.fetch(AND(seen=False), limit=limit, mark_seen=False, bulk=True):
            message_id = _header(msg, "message-id") or \
                f"<sha256:{hashlib.sha256(msg.obj.as_bytes()).hexdigest()}@nachbarbot>"
            text = msg.text or _html_to_text(msg.html or "")
            out.append(IncomingMail(
                uid=msg.uid, message_id=message_id.strip(), from_addr=(msg.from_ or "").strip().lower(),
                subject=msg.subject or "", in_reply_to=_header(msg, "in-reply-to"),
                references=tuple(_header(msg, "references").split()), text=text,
                received=msg.date if msg.date and msg.date.year > 1900 else None))
    return out


def mark_seen(cfg: ImapConfig, uids: list[str]) -> None:
    if not uids:
        return
    with _box(cfg) as box:
        box.flag(uids, "\\Seen", True)
