"""Understanding a reply mail: which ticket it answers, and what the staff member wrote new.
(Interim version; see tests/test_mail_transport.py.)"""

from __future__ import annotations

import re
from typing import Sequence

from mailparser_reply import EmailReplyParser

REFERENCE = re.compile(r"\bNB-(\d{4})-(\d{6})\b", re.IGNORECASE)


def find_reference(subject: str, body: str, in_reply_to: str = "", references: Sequence[str] = ()) -> str | None:
    for text in (in_reply_to, *references, subject, body):
        match = REFERENCE.search(text or "")
        if match:
            return f"NB-{match.group(1)}-{match.group(2)}"
    return None


def reply_text(body: str) -> str:
    parsed = EmailReplyParser(languages=["de", "en"]).read(body or "")
    text = parsed.replies[0].body if parsed.replies else ""
    return text.strip()
