"""Reading the bot's mailbox over IMAP (imap-tools): the offices' replies to hand-over mails.
Synchronous; the worker calls it from a thread. Errors (imap_tools errors, OSError) propagate: the caller
retries."""

from __future__ import annotations

import contextlib
import email.policy
import hashlib
import os
import re
from dataclasses import dataclass
from datetime import datetime
from email.parser import BytesHeaderParser
from html.parser import HTMLParser

from imap_tools import AND, MailBox, MailBoxUnencrypted, MailMessage
from imap_tools.errors import MailboxFlagError
from imap_tools.utils import check_command_status, clean_uids

TIMEOUT = 20  # seconds, for connecting and for every command after
MESSAGE_ID = re.compile(r"<[^<>\s]+>")


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
        """IMAP_HOST, IMAP_PORT, IMAP_USER, IMAP_PASSWORD, IMAP_SSL; None when IMAP_HOST is unset."""
        host = os.environ.get("IMAP_HOST", "").strip()
        if not host:
            return None
        ssl = os.environ.get("IMAP_SSL", "true").strip().lower() in ("1", "true", "yes")
        port = os.environ.get("IMAP_PORT", "").strip()
        return cls(host=host, port=int(port) if port else (993 if ssl else 143),
                   user=os.environ.get("IMAP_USER", ""), password=os.environ.get("IMAP_PASSWORD", ""), ssl=ssl)


@dataclass(frozen=True)
class IncomingMail:
    uid: str
    message_id: str  # "<...>"; without a Message-ID header "<sha256:...@nachbarbot>" of the raw mail
    from_addr: str  # lower-case bare address
    subject: str
    in_reply_to: str
    references: tuple[str, ...]
    text: str  # the plain-text body, or the HTML body as text
    received: datetime | None  # the Date header


class _RawMessage(MailMessage):
    """imap-tools' message, keeping the bytes as the server sent them (for the fallback Message-ID)."""

    def __init__(self, fetch_data: list) -> None:
        super().__init__(fetch_data)
        self.raw: bytes = self._get_message_data_parts(fetch_data)[0]


def _mailbox(cfg: ImapConfig) -> MailBox | MailBoxUnencrypted:
    box = MailBox(cfg.host, cfg.port, timeout=TIMEOUT) if cfg.ssl else \
        MailBoxUnencrypted(cfg.host, cfg.port, timeout=TIMEOUT)
    box.email_message_class = _RawMessage
    try:
        return box.login(cfg.user, cfg.password, initial_folder=cfg.folder)
    except BaseException:
        with contextlib.suppress(OSError):
            box.client.shutdown()
        raise


def fetch_unseen(cfg: ImapConfig, limit: int = 50) -> list[IncomingMail]:
    """Up to `limit` unread mails, oldest first. They stay unread until `mark_seen`."""
    with _mailbox(cfg) as box:
        return [_incoming(msg) for msg in box.fetch(AND(seen=False), limit=limit, mark_seen=False, bulk=True)]


def mark_seen(cfg: ImapConfig, uids: list[str]) -> None:
    """Flag the mails \\Seen (and nothing else: imap-tools' `flag()` would also expunge the folder)."""
    uids = clean_uids(uids)
    if not uids:
        return
    with _mailbox(cfg) as box:
        check_command_status(box.client.uid("STORE", ",".join(uids), "+FLAGS.SILENT", r"(\Seen)"),
                             MailboxFlagError)


# --- one message -------------------------------------------------------------------------------------

def _incoming(msg: _RawMessage) -> IncomingMail:
    message_id = next(iter(_ids(msg, "message-id")), "") or _header(msg, "message-id") or \
        f"<sha256:{hashlib.sha256(msg.raw).hexdigest()}@nachbarbot>"
    text = msg.text if msg.text.strip() else html_to_text(msg.html)
    return IncomingMail(
        uid=msg.uid or "",
        message_id=message_id,
        from_addr=msg.from_.strip().lower(),
        subject=_subject(msg),
        in_reply_to=next(iter(_ids(msg, "in-reply-to")), _header(msg, "in-reply-to")),
        references=tuple(_ids(msg, "references")),
        text=text.replace("\r\n", "\n"),
        received=msg.date if msg.date.year > 1900 else None,  # imap-tools says 1900-01-01 for "no date"
    )


def _subject(msg: _RawMessage) -> str:
    """Decoded with the stdlib's modern parser: imap-tools loses the space before an encoded word
    ("NRW =?utf-8?q?=28K=C3=B6ln...?=" became "NRW(Köln...")."""
    try:
        return _unfold(str(BytesHeaderParser(policy=email.policy.default).parsebytes(msg.raw)["subject"] or ""))
    except Exception:  # noqa: BLE001 - a broken header: imap-tools' reading is better than none
        return _unfold(msg.subject)


def _header(msg: MailMessage, name: str) -> str:
    return _unfold(" ".join(msg.headers.get(name, ())))


def _ids(msg: MailMessage, name: str) -> list[str]:
    """The "<...>" message ids in a header (Message-ID, In-Reply-To, References)."""
    return MESSAGE_ID.findall(_header(msg, name))


def _unfold(value: str) -> str:
    return re.sub(r"\r?\n[ \t]*", " ", value).strip()


# --- HTML to text ------------------------------------------------------------------------------------

class _TextParser(HTMLParser):
    """Readable text from a mail's HTML: paragraphs and line breaks kept, lists as "- ", quoted mails
    (<blockquote>) as "> " lines, link targets in brackets, no scripts or styles."""

    PARAGRAPH = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "pre", "blockquote", "hr"}
    LINE = {"div", "li", "tr", "dt", "dd", "address", "section", "article", "header", "footer"}
    HIDDEN = {"script", "style", "title", "template"}  # not "head": some mails never close it

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.words: list[str] = []
        self.quote = 0  # <blockquote> depth
        self.hidden = 0
        self.pre = 0
        self.links: list[tuple[str, int]] = []  # (href, length of self.words at <a>)

    def end_line(self) -> None:
        text = "".join(self.words) if self.pre else re.sub(r"\s+", " ", "".join(self.words)).strip()
        self.words = []
        for line in text.split("\n"):
            self.lines.append(("> " * self.quote + line).rstrip())

    def end_block(self) -> None:
        """End the line if it has text; whitespace between tags is no line."""
        if "".join(self.words).strip():
            self.end_line()
        self.words = []

    def end_paragraph(self) -> None:
        self.end_block()
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.end_line()
        elif tag in self.PARAGRAPH:
            self.end_paragraph()
        elif tag in self.LINE:
            self.end_block()
        if tag == "blockquote":
            self.quote += 1
        elif tag == "pre":
            self.pre += 1
        elif tag == "li":
            self.words.append("- ")
        elif tag in ("td", "th"):
            self.words.append(" ")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.words)))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            label = "".join(self.words[start:])
            if href.startswith(("http://", "https://")) and href not in label:
                self.words.append(f" ({href})")
        elif tag in self.PARAGRAPH:
            self.end_paragraph()
        elif tag in self.LINE:
            self.end_block()
        if tag == "blockquote":
            self.quote = max(0, self.quote - 1)
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.words.append(data)

    def text(self) -> str:
        self.close()
        self.end_block()
        text = "\n".join(line.replace("\xa0", " ").rstrip() for line in self.lines)
        return re.sub(r"\n{3,}", "\n\n", text).strip()


def html_to_text(markup: str) -> str:
    parser = _TextParser()
    parser.feed(markup or "")
    return parser.text()
