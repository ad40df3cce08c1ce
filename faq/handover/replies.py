"""Understanding a reply mail from an office: which ticket it answers (the reference), and what the staff
member wrote new, without the quoted hand-over mail, the mail client's quote header and the signature.

mailparser_reply splits a mail at the quote headers of many clients. Around it, our own rules: quoted
"> " lines go (also between inline answers), the German and English client headers it misses are cut,
and the signature is cut by our rules only; its own signature and disclaimer rules also take away real
answers (a line starting with "Thanks," or "Grüße", a "Hinweis: ... E-Mail" sentence, "- " lists)."""

from __future__ import annotations

import re
from typing import Sequence

from mailparser_reply.parser import EmailMessage

REFERENCE = re.compile(r"\bNB-(\d{4})-(\d{6})\b", re.IGNORECASE)


def find_reference(subject: str, body: str, in_reply_to: str = "", references: Sequence[str] = ()) -> str | None:
    """The ticket reference ("NB-2026-000123"): from the message ids the mail answers (ours look like
    "<NB-2026-000123.mail@...>"), else the subject, else the body."""
    for text in (in_reply_to, *references, subject, body):
        match = REFERENCE.search(text or "")
        if match:
            return f"NB-{match.group(1)}-{match.group(2)}"
    return None


# --- what is new in a reply --------------------------------------------------------------------------

def _full(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"^(?:{pattern})$", re.IGNORECASE)


# "Am 25.11.2026 um 10:00 schrieb X:" (Thunderbird, Apple Mail), "Am Mi., 25. Nov. 2026 um 10:00 Uhr schrieb
# X <x@y>:" (Gmail), "X schrieb am 25.11.2026 10:00:", "X hat am 25.11.2026 geschrieben:", "On ... wrote:"
ATTRIBUTION = _full(r"am\s.{3,200}?\sschrieb\s.{0,200}:|.{1,200}\sschrieb am\s.{3,100}:"
                    r"|.{1,200}\shat am\s.{3,100}\sgeschrieben:|on\s.{3,300}\swrote:")
HAS_DATE = re.compile(r"\d{1,2}:\d{2}|\d{1,2}[./]\s?\d{1,2}[./]|\b\d{4}\b")
# Only before quoted lines: "X wrote:", "X schrieb:"
WEAK_ATTRIBUTION = _full(r".{1,200}\s(?:wrote|schrieb):")
SEPARATOR = _full(r"-{2,}\s*(?:ursprüngliche nachricht|original message|original-?nachricht|"
                  r"weitergeleitete nachricht|forwarded message)\s*-{2,}|"
                  r"(?:anfang der weitergeleiteten nachricht|begin forwarded message):|_{5,}")
HEADER_FIELD = re.compile(r"^\*?(von|from|gesendet|sent|datum|date|an|to|betreff|subject|cc)\*?\s?:\*?(\s|$)",
                          re.IGNORECASE)
_CLOSING = (r"(?:(?:mit\s+)?(?:[\w-]+\s+){0,2}gr(?:ü|ue|u)(?:ß|ss)(?:e|en)?(?:\s+(?:aus|von|nach)\s+.{1,40})?"
            r"|mfg|vg|lg|hochachtungsvoll|(?:(?:best|kind|kindest|warm|warmest|many thanks and(?: best)?"
            r"|thanks and(?: best)?|with (?:best|kind))\s+)?regards|best wishes|all the best"
            r"|yours (?:sincerely|faithfully|truly)|sincerely(?: yours)?|cheers|best)")
# a line of its own: "Mit freundlichen Grüßen", "Viele Grüße, Erika", "Best regards / Mit freundlichen Grüßen"
CLOSING = _full(rf"{_CLOSING}[,.!]*(?:\s*/\s*{_CLOSING})?(?:\s*,\s*[\w.-]+(?:\s+[\w.-]+){{0,2}})?[,.!]*")
SENT_FROM = _full(r"(?:gesendet|sent)\s+(?:von|from|mit|with|via)\s+.{1,60}"
                  r"|(?:diese nachricht wurde\s+)?von\s+meine[mr]\s+.{1,60}\s+gesendet\.?"
                  r"|get outlook for .{1,60}|outlook für .{1,40} beziehen.{0,40}")
SIGNATURE_DELIMITER = _full(r"--|_{5,}")
INLINE_IMAGE = _full(r"\[cid:[^\]]*\]")


def _is_quote(line: str) -> bool:
    return line.lstrip().startswith(">")


def _attribution(lines: list[str], i: int) -> tuple[int, bool]:
    """(number of lines, strong?) of a client's "X wrote:" line starting at line i (wrapped over up to
    three lines), or (0, False)."""
    for n in (1, 2, 3):
        window = lines[i:i + n]
        if len(window) < n or not all(line.strip() for line in window):
            break
        text = " ".join(line.strip() for line in window)
        if ATTRIBUTION.match(text) and HAS_DATE.search(text):
            return n, True
        if WEAK_ATTRIBUTION.match(text):
            return n, False
    return 0, False


def _header_block(lines: list[str], i: int) -> bool:
    """An Outlook/webmail header block ("Von: ... / Gesendet: ... / An: ...") starts at line i."""
    fields = []
    for line in lines[i:i + 6]:
        match = HEADER_FIELD.match(line.strip())
        if not match:
            break
        fields.append(match.group(1).lower())
    return len(fields) >= 2 and bool({"von", "from"} & set(fields))


def _without_quotes(lines: list[str]) -> list[str]:
    """Drop quoted lines and their "X wrote:" line; cut at the first header of a quoted mail that is
    not marked with "> " (everything after it is the earlier mail)."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _is_quote(line):
            i += 1
            continue
        span, strong = _attribution(lines, i)
        if span:
            after = i + span
            while after < len(lines) and not lines[after].strip():
                after += 1
            if after < len(lines) and _is_quote(lines[after]):
                i = after  # an inline quote follows: the quoted lines go, answers between them stay
                continue
            if strong:
                break
        if SEPARATOR.match(line.strip()) or _header_block(lines, i):
            break
        out.append(line)
        i += 1
    return out


def _without_signature(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        text = line.strip()
        plain = text.strip("*").strip()  # "*Viele Grüße*": bold in a plain-text part
        if SIGNATURE_DELIMITER.match(text) or CLOSING.match(plain) or SENT_FROM.match(plain):
            return lines[:i]
    return lines


def reply_text(body: str) -> str:
    """What the staff member wrote new; "" when nothing is left. A greeting line may stay."""
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\xa0", " ").replace("\u200b", "").replace("\ufeff", "")
    text = "\n".join(_without_quotes([line.rstrip() for line in text.split("\n")]))
    replies = EmailMessage(text=text, languages=["de", "en"], keep_hyphen_lists=True).read().replies
    # the part before the first quote header it found ("Am Montag schrieb uns die Stadt:" is none: no date)
    if replies and replies[0].headers and HAS_DATE.search(replies[0].headers):
        text = ""  # the text starts with a quote header
    elif len(replies) > 1 and HAS_DATE.search(replies[1].headers):
        text = replies[0].full_body
    lines = [line.rstrip() for line in _without_signature(text.split("\n")) if not INLINE_IMAGE.match(line.strip())]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
