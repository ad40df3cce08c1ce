"""Dates, months and numbers the way German (and English) readers expect them."""

from __future__ import annotations

import datetime as dt

MONTH_NAMES = {
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}


def fmt_date(day: dt.date | dt.datetime | None, lang: str) -> str:
    if day is None:
        return ""
    if lang == "en":
        return f"{day.day} {MONTH_NAMES['en'][day.month - 1]} {day.year}"
    return f"{day.day}.{day.month}.{day.year}"


def fmt_datetime(moment: dt.datetime, lang: str) -> str:
    if lang == "en":
        return f"{fmt_date(moment, lang)}, {moment:%H:%M}"
    return f"{fmt_date(moment, lang)}, {moment:%H:%M} Uhr"


def fmt_month(month: str, lang: str) -> str:
    year, mon = month.split("-")
    return f"{MONTH_NAMES[lang][int(mon) - 1]} {year}"


def fmt_int(n: int, lang: str) -> str:
    return f"{n:,}".replace(",", "." if lang == "de" else ",")


def fmt_percent(x: float, lang: str, digits: int = 2) -> str:
    s = f"{x:.{digits}f}"
    return s.replace(".", ",") if lang == "de" else s
