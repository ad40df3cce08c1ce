"""Sending the outbox's mails: over SMTP (aiosmtplib) when SMTP_HOST is set, else as .eml files in the
state folder (the embedded default; `nachbarbot tickets answer` closes the loop there)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

import aiosmtplib

from faq.settings import state_dir


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    user: str
    password: str
    sender: str
    starttls: bool

    @classmethod
    def from_env(cls) -> "SmtpConfig | None":
        host = os.environ.get("SMTP_HOST", "").strip()
        if not host:
            return None
        return cls(host=host, port=int(os.environ.get("SMTP_PORT", "587")), user=os.environ.get("SMTP_USER", ""),
                   password=os.environ.get("SMTP_PASSWORD", ""), sender=default_sender(),
                   starttls=os.environ.get("SMTP_STARTTLS", "true").lower() in ("1", "true", "yes"))


def default_sender() -> str:
    return os.environ.get("SMTP_FROM", "").strip() or "Nachbarbot NRW <nachbarbot@nachbarbot.invalid>"


def build_message(payload: dict) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = default_sender()
    msg["To"] = payload["to"]
    msg["Subject"] = payload["subject"]
    msg["Message-ID"] = payload["message_id"]
    msg["Date"] = formatdate(localtime=True)
    msg["Reply-To"] = default_sender()
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(payload["body"])
    return msg


def mail_folder() -> Path:
    path = Path(os.environ.get("MAIL_FOLDER", state_dir() / "mail-outbox"))
    path.mkdir(parents=True, exist_ok=True)
    return path


async def send(payload: dict, config: SmtpConfig | None) -> None:
    """Raises on any failure; the outbox retries."""
    msg = build_message(payload)
    if config is None:
        name = payload["message_id"].strip("<>").replace("/", "_") + ".eml"
        target = mail_folder() / name
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(bytes(msg))
        tmp.replace(target)  # the same Message-ID overwrites: a retry never makes a second file
        return
    await aiosmtplib.send(msg, hostname=config.host, port=config.port, username=config.user or None,
                          password=config.password or None, start_tls=config.starttls if config.port != 465 else False,
                          use_tls=config.port == 465, timeout=30)
