"""Finds the months a message asks about, the way people write them: "Januar 2027", "nächsten Monat",
"im ersten Quartal 2027", "März bis Mai", "das zweite Halbjahr", "bis Jahresende", "the next three months".

`find_span` returns a `MonthSpan` (first and last month, both as the first day of the month) or None.
A month or quarter named without a year means its next occurrence from the current month on (in November,
"März" is next March and "das erste Quartal" the next first quarter); a span that names no end ("ab März")
is open and reaches as far as figures exist."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "januar": 1, "jan": 1, "january": 1, "jänner": 1, "janaur": 1,
    "februar": 2, "feb": 2, "february": 2, "febr": 2,
    "märz": 3, "maerz": 3, "marz": 3, "mrz": 3, "march": 3, "mar": 3, "mär": 3,
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
# Short forms that are also ordinary words ("mai" is also a name, "mar", "may" ...) count only next to a
# year, a preposition or another month.
AMBIGUOUS = {"mai", "may", "mar", "jun", "jul", "aug", "dec", "sep", "nov", "jan"}
MONTH_CONTEXT = {"im", "in", "für", "fuer", "for", "den", "monat", "ab", "bis", "von", "vom", "from", "to",
                 "until", "till", "through", "zwischen", "between", "und", "and", "ende", "anfang", "end", "since",
                 "seit", "vor", "before", "nach", "after", "of", "-", "–", "prognose", "forecast", "zuweisungen",
                 "allocations", "abgangsprognose"}
NUMBERS = {"ein": 1, "einen": 1, "eins": 1, "one": 1, "zwei": 2, "two": 2, "drei": 3, "three": 3, "vier": 4,
           "four": 4, "fünf": 5, "fuenf": 5, "five": 5, "sechs": 6, "six": 6, "sieben": 7, "seven": 7, "acht": 8,
           "eight": 8, "neun": 9, "nine": 9, "zehn": 10, "ten": 10, "elf": 11, "eleven": 11, "zwölf": 12,
           "zwoelf": 12, "twelve": 12}
ORDINALS = {"erste": 1, "ersten": 1, "erstes": 1, "erster": 1, "first": 1, "1.": 1, "1st": 1,
            "zweite": 2, "zweiten": 2, "zweites": 2, "zweiter": 2, "second": 2, "2.": 2, "2nd": 2,
            "dritte": 3, "dritten": 3, "drittes": 3, "dritter": 3, "third": 3, "3.": 3, "3rd": 3,
            "vierte": 4, "vierten": 4, "viertes": 4, "vierter": 4, "fourth": 4, "4.": 4, "4th": 4,
            "letzte": 4, "letzten": 4, "letztes": 4, "last": 4}
SEASONS = {"frühjahr": 3, "fruehjahr": 3, "frühling": 3, "spring": 3, "sommer": 6, "summer": 6, "herbst": 9,
           "autumn": 9, "fall": 9, "winter": 12}

TOKEN = re.compile(r"20\d\d[-/.](?:0?[1-9]|1[0-2])(?!\d)|(?:0?[1-9]|1[0-2])[/.]20\d\d|[a-zäöüß]+\.?|\d+\.?|[-–]")
YEAR = re.compile(r"^(?:20\d\d|'?\d\d)$")
RELATIVE_MONTH = [
    (re.compile(r"\b(über|ueber|uber)\s*n[äa]e?chste[nmrs]?\s+monat|\bmonth after next"), 2),
    (re.compile(r"\bn[äa]e?chste[nmrs]?\s+monat\b|\bnext\s+month|\bkommende[nmrs]?\s+monat\b|\bim\s+folgemonat"), 1),
    (re.compile(r"\bdiese[nmrs]?\s+monat|\bthis\s+month|\baktuelle[nmrs]?\s+monat|\blaufende[nmrs]?\s+monat"), 0),
    (re.compile(r"\bletzte[nmrs]?\s+monat\b|\bvormonat|\blast\s+month|\bvergangene[nmrs]?\s+monat\b"), -1),
]
NEXT_N = re.compile(r"\b(?:n[äa]e?chste[nmrs]?|kommende[nmrs]?|folgende[nmrs]?|next|coming|upcoming|following)"
                    r"\s+(\d{1,2}|[a-zäöü]+)\s+(?:monate?n?|months?)\b")
IN_N = re.compile(r"\b(?:in\s+)?den\s+(\d{1,2}|[a-zäöü]+)\s+(?:n[äa]e?chsten|kommenden)\s+monaten\b")
TO_YEAR_END = re.compile(r"\b(bis|until|till|to|through)\s+(zum\s+)?(jahresende|ende\s+(des|dieses)\s+jahr(es)?|"
                         r"silvester|the\s+end\s+of\s+(the|this)\s+year|year'?s?\s+end|end\s+of\s+year)"
                         r"|\b(rest|remainder)\s+of\s+the\s+year|\brestliche[nm]?\s+jahr|\bjahresrest")


@dataclass(frozen=True)
class MonthSpan:
    start: dt.date
    end: dt.date
    open_end: bool = False

    def months(self) -> list[str]:
        out, month = [], self.start
        while month <= self.end:
            out.append(month.strftime("%Y-%m"))
            month = shift(month, 1)
        return out

    @property
    def single(self) -> bool:
        return self.start == self.end and not self.open_end


def shift(month: dt.date, n: int) -> dt.date:
    total = month.year * 12 + month.month - 1 + n
    return dt.date(total // 12, total % 12 + 1, 1)


def find_month(text: str, today: dt.date) -> dt.date | None:
    """The first month of the span the text names, or None."""
    span = find_span(text, today)
    return span.start if span else None


def find_span(text: str, today: dt.date) -> MonthSpan | None:
    low = text.lower().replace("’", "'")
    this_month = today.replace(day=1)
    words = TOKEN.findall(low)
    for finder in (_quarter, _half, _month_range, _to_year_end, _next_n, _until_or_from, _season, _relative,
                   _year, _single_month):
        span = finder(low, words, this_month)
        if span is not None:
            return span
    return None


# --- the finders, most specific first ----------------------------------------------------------------

def _quarter(low: str, words: list[str], now: dt.date) -> MonthSpan | None:
    q = year = None
    rel = re.search(r"\b(n[äa]e?chste[nmrs]?|kommende[nmrs]?|diese[nmrs]?|laufende[nmrs]?|aktuelle[nmrs]?|"
                    r"letzte[nmrs]?|vergangene[nmrs]?|next|this|current|last|previous)\s+(quartal|quarter)\b", low)
    if rel:
        offset = {"n": 1, "k": 1, "d": 0, "t": 0, "c": 0, "a": 0, "l": -1, "v": -1, "p": -1}[rel.group(1)[0]]
        if rel.group(1).startswith("la") and rel.group(1) != "last":
            offset = 0  # laufendes
        start = shift(now, -((now.month - 1) % 3) + 3 * offset)
        return MonthSpan(start, shift(start, 2))
    m = re.search(r"\bq\s?([1-4])\b(?:\s*[/']?\s*(20\d\d|\d\d)\b)?", low)
    if m:
        q, year = int(m.group(1)), m.group(2)
    else:
        for i, w in enumerate(words):
            if w.startswith(("quartal", "quarter")) and i > 0 and words[i - 1] in ORDINALS:
                q = ORDINALS[words[i - 1]]
                year = _year_at(words, i + 1) or (_year_at(words, i + 2) if i + 2 < len(words)
                                                  and words[i + 1] in ("of", "von", "des") else None)
                break
            if w in ("quartal", "quarter") and i + 1 < len(words) and re.fullmatch(r"[1-4]", words[i + 1]):
                q, year = int(words[i + 1]), _year_at(words, i + 2)
                break
    if q is None:
        return None
    start_month = 3 * (q - 1) + 1
    y = _full_year(year) if year else (now.year if start_month + 2 >= now.month else now.year + 1)
    start = dt.date(y, start_month, 1)
    return MonthSpan(start, shift(start, 2))


def _half(low: str, words: list[str], now: dt.date) -> MonthSpan | None:
    m = re.search(r"\b(erste|zweite|first|second|1\.|2\.)[nmrs]?\s+(halbjahr|jahreshälfte|jahreshaelfte|"
                  r"hälfte|haelfte|half)\b(?:\s+(?:des\s+jahres\s+|of\s+|von\s+)?(20\d\d))?", low)
    h = year = None
    if m:
        h, year = (1 if m.group(1) in ("erste", "first", "1.") else 2), m.group(3)
    else:
        m = re.search(r"\bh([12])\b(?:\s*[/']?\s*(20\d\d|\d\d)\b)?", low)
        if m:
            h, year = int(m.group(1)), m.group(2)
        else:
            rel = re.search(r"\b(n[äa]e?chste[nmrs]?|kommende[nmrs]?|next)\s+(halbjahr|half[- ]year)", low)
            if rel:
                start = dt.date(now.year, 7, 1) if now.month <= 6 else dt.date(now.year + 1, 1, 1)
                return MonthSpan(start, shift(start, 5))
    if h is None:
        return None
    start_month = 1 if h == 1 else 7
    y = _full_year(year) if year else (now.year if start_month + 5 >= now.month else now.year + 1)
    start = dt.date(y, start_month, 1)
    return MonthSpan(start, shift(start, 5))


def _month_range(low: str, words: list[str], now: dt.date) -> MonthSpan | None:
    mentions = _month_mentions(words)
    for (i, m1, y1), (j, m2, y2) in zip(mentions, mentions[1:]):
        between = words[i + 1:j]
        between = [w for w in between if not YEAR.match(w) and w not in ("ende", "end", "of", "anfang")]
        if not between or len(between) > 2 or not (set(between) & {"bis", "-", "–", "to", "through", "until",
                                                                    "till", "und", "and", "thru"}):
            continue
        if set(between) & {"und", "and"} and not (set(words[max(0, i - 2):i]) & {"zwischen", "between"}):
            continue
        if y1 is None and y2 is not None:
            y1 = y2 if m1 <= m2 else y2 - 1
        elif y1 is None:
            y1 = now.year if m1 >= now.month or (m2 >= now.month and m2 < m1) else now.year + 1
            if m2 >= now.month and m1 > m2:  # "November bis Februar" in November
                y1 = now.year
        if y2 is None:
            y2 = y1 if m2 >= m1 else y1 + 1
        start, end = dt.date(y1, m1, 1), dt.date(y2, m2, 1)
        if end >= start:
            return MonthSpan(start, end)
    return None


def _to_year_end(low: str, words: list[str], now: dt.date) -> MonthSpan | None:
    if TO_YEAR_END.search(low):
        return MonthSpan(now, dt.date(now.year, 12, 1))
    return None


def _next_n(low: str, words: list[str], now: dt.date) -> MonthSpan | None:
    m = NEXT_N.search(low) or IN_N.search(low)
    if not m:
        return None
    raw = m.group(1)
    n = int(raw) if raw.isdigit() else NUMBERS.get(raw)
    if not n or n > 24:
        return None
    return MonthSpan(shift(now, 1), shift(now, n))


def _until_or_from(low: str, words: list[str], now: dt.date) -> MonthSpan | None:
    for i, month, year in _month_mentions(words):
        before = [w for w in words[max(0, i - 2):i] if w not in ("ende", "end", "of", "anfang", "zum")]
        prep = before[-1] if before else ""
        if prep in ("bis", "until", "till", "through"):
            y = year or (now.year if month >= now.month else now.year + 1)
            return MonthSpan(now, dt.date(y, month, 1))
        if prep in ("ab", "from", "seit", "since"):
            y = year or (now.year if month >= now.month else now.year + 1)
            start = dt.date(y, month, 1)
            return MonthSpan(start, shift(start, 5), open_end=True)
    return None


def _season(low: str, words: list[str], now: dt.date) -> MonthSpan | None:
    for i, w in enumerate(words):
        first = SEASONS.get(w)
        if first is None:
            continue
        year = _year_at(words, i + 1)
        if year:
            y = _full_year(year) - (1 if first == 12 else 0)  # "Winter 2027" starts in December 2026
        else:
            y = now.year if first + 2 >= now.month else now.year + 1
            if first == 12 and now.month <= 2:
                y = now.year - 1
        start = dt.date(y, first, 1)
        return MonthSpan(start, shift(start, 2))
    return None


def _relative(low: str, words: list[str], now: dt.date) -> MonthSpan | None:
    for pattern, offset in RELATIVE_MONTH:
        if pattern.search(low):
            month = shift(now, offset)
            return MonthSpan(month, month)
    m = re.search(r"\bin\s+(\d{1,2}|[a-zäöü]+)\s+monaten\b|\bin\s+(\d{1,2}|[a-z]+)\s+months\b", low)
    if m:
        raw = m.group(1) or m.group(2)
        n = int(raw) if raw.isdigit() else NUMBERS.get(raw)
        if n and n <= 24:
            month = shift(now, n)
            return MonthSpan(month, month)
    if re.search(r"\b(n[äa]e?chste[snm]?|kommende[snm]?|folgende[snm]?)\s+jahr|\bnext\s+year\b", low):
        return MonthSpan(dt.date(now.year + 1, 1, 1), dt.date(now.year + 1, 12, 1))
    if re.search(r"\b(diese[snm]?|laufende[snm]?|aktuelle[snm]?)\s+jahr|\bthis\s+year\b", low):
        return MonthSpan(dt.date(now.year, 1, 1), dt.date(now.year, 12, 1))
    return None


def _year(low: str, words: list[str], now: dt.date) -> MonthSpan | None:
    if _month_mentions(words):
        return None
    m = re.search(r"(?<![\d.,])(20\d\d)(?![\d.,]|\s*(?:plätze|plaetze|personen|menschen|leute|places|people|betten))",
                  low)
    if not m:
        return None
    y = int(m.group(1))
    return MonthSpan(dt.date(y, 1, 1), dt.date(y, 12, 1))


def _single_month(low: str, words: list[str], now: dt.date) -> MonthSpan | None:
    mentions = _month_mentions(words)
    if not mentions:
        return None
    _, month, year = mentions[0]
    y = year or (now.year if month >= now.month else now.year + 1)
    start = dt.date(y, month, 1)
    return MonthSpan(start, start)


# --- helpers ------------------------------------------------------------------------------------------

def _month_mentions(words: list[str]) -> list[tuple[int, int, int | None]]:
    """(index, month, year or None) for every month the words name."""
    out = []
    for i, word in enumerate(words):
        iso = re.fullmatch(r"(20\d\d)[-/.](0?[1-9]|1[0-2])|(0?[1-9]|1[0-2])[/.](20\d\d)", word)
        if iso:
            year, month = (iso.group(1), iso.group(2)) if iso.group(1) else (iso.group(4), iso.group(3))
            out.append((i, int(month), int(year)))
            continue
        month = MONTHS.get(word.rstrip("."))
        if month is None:
            continue
        if word.rstrip(".") in AMBIGUOUS and len(words) > 1 and not _in_month_context(words, i):
            continue
        year = _year_at(words, i + 1)
        out.append((i, month, _full_year(year) if year else None))
    return out


def _in_month_context(words: list[str], i: int) -> bool:
    before = words[i - 1] if i > 0 else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    return (_year_at(words, i + 1) is not None or before in MONTH_CONTEXT or after in ("bis", "-", "–", "to")
            or MONTHS.get(before.rstrip(".")) is not None or MONTHS.get(after.rstrip(".")) is not None)


def _year_at(words: list[str], i: int) -> str | None:
    if i < len(words) and YEAR.match(words[i]) and not words[i].endswith("."):
        return words[i]
    return None


def _full_year(raw: str) -> int:
    y = int(raw.lstrip("'"))
    return y if y > 100 else 2000 + y
