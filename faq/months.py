"""Finds the month a message asks about: "im März", "Januar 2027", "2027-02", "nächsten Monat"."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "januar": 1, "jan": 1, "january": 1, "jänner": 1,
    "februar": 2, "feb": 2, "february": 2,
    "märz": 3, "maerz": 3, "marz": 3, "mrz": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "dezember": 12, "dez": 12, "december": 12, "dec": 12,
}
RELATIVE = [
    (re.compile(r"\b(über|ueber|uber)\s*n[äa]e?chste[nmrs]?\s+monat|\bin\s+zwei\s+monaten|\bmonth after next"), 2),
    (re.compile(r"\bn[äa]e?chste[nmrs]?\s+monat|\bnext\s+month|\bkommende[nmrs]?\s+monat|\bim\s+folgemonat"), 1),
    (re.compile(r"\bdiese[nmrs]?\s+monat|\bthis\s+month|\baktuelle[nmrs]?\s+monat|\blaufende[nmrs]?\s+monat"), 0),
    (re.compile(r"\bletzte[nmrs]?\s+monat|\bvormonat|\blast\s+month|\bvergangene[nmrs]?\s+monat"), -1),
]
ISO = re.compile(r"\b(20\d\d)[-/.](0?[1-9]|1[0-2])\b|\b(0?[1-9]|1[0-2])[/.](20\d\d)\b")
WORD = re.compile(r"[a-zäöüß]+\.?|\d{4}|\d{2}(?!\d)")


def shift(month: dt.date, n: int) -> dt.date:
    total = month.year * 12 + month.month - 1 + n
    return dt.date(total // 12, total % 12 + 1, 1)


def find_month(text: str, today: dt.date) -> dt.date | None:
    """The first day of the month the text names, or None. A bare month name means its next occurrence
    from the current month on (in November, "März" is next March); a year may follow ("März 2027", "märz 27")."""
    low = text.lower()
    iso = ISO.search(low)
    if iso:
        year, month = (iso.group(1), iso.group(2)) if iso.group(1) else (iso.group(4), iso.group(3))
        return dt.date(int(year), int(month), 1)
    this_month = today.replace(day=1)
    for pattern, offset in RELATIVE:
        if pattern.search(low):
            return shift(this_month, offset)
    words = WORD.findall(low)
    for i, word in enumerate(words):
        month = MONTHS.get(word.rstrip("."))
        if month is None or (word in ("mai", "may", "mar", "jun", "jul", "aug", "dec") and len(words) > 1 and not _near_year_or_month_context(words, i)):
            continue
        year = _year_after(words, i)
        if year is None:
            year = today.year if month >= today.month else today.year + 1
        return dt.date(year, month, 1)
    return None


def _year_after(words: list[str], i: int) -> int | None:
    if i + 1 < len(words) and words[i + 1].isdigit():
        y = int(words[i + 1])
        return y if y > 100 else 2000 + y
    return None


def _near_year_or_month_context(words: list[str], i: int) -> bool:
    before = words[i - 1] if i > 0 else ""
    return _year_after(words, i) is not None or before in ("im", "in", "für", "fuer", "for", "den", "monat", "ab", "bis")
