"""Answers in numbers, for residents and municipal staff: the Abgangsprognose for the months asked (with
a chart and, on request, a CSV file), the allocation key, and the credit for facility places.

Staff (a chat bound to a municipality by an invite code, see faq.staff) also see figures entered but not
yet published, marked as provisional, and get their own municipality's share without naming it."""

from __future__ import annotations

import datetime as dt
import re

from actions.handlers import demo_note, handles
from actions.texts import STATUS, fmt_date, fmt_int, fmt_month, fmt_percent, t
from actions.turn import Turn
from faq import forecasts, models as m, services
from faq.forecast_files import spec
from faq.months import MonthSpan, find_span, shift
from faq.places import Place

MAX_MONTHS = 24


# --- the forecast -------------------------------------------------------------------------------------

def _share_place(turn: Turn) -> tuple[list[str], str] | None:
    """Whose share to compute: a place named now (or earlier in the conversation) or, for staff, their own."""
    member = turn.staff
    named_now = "place" in turn.changes and turn.place is not None
    place: Place | None = turn.place if (named_now or member is None) else None
    if place is not None:
        return services.municipality_codes(turn.session, place), place.name
    if member is not None:
        return [member.ags], services.municipality_name(turn.session, member.ags)
    return None


def _months_asked(turn: Turn, *, remembered: bool = False) -> list[str]:
    span = find_span(turn.text, turn.today) if not turn.text.startswith("/") else None
    if span is None and remembered and turn.slot("forecast_span"):
        first, _, last = str(turn.slot("forecast_span")).partition(":")
        return MonthSpan(dt.date.fromisoformat(first + "-01"), dt.date.fromisoformat(last + "-01")).months()
    staff_view = turn.staff is not None
    if span is None:  # "Was sagt die Prognose?": the coming months that have figures
        first = turn.today.strftime("%Y-%m")
        return forecasts.available_from(turn.session, first, staff_view=staff_view, limit=3) or [first]
    if span.open_end:  # "ab März"
        first = span.start.strftime("%Y-%m")
        return forecasts.available_from(turn.session, first, staff_view=staff_view) or [first]
    months = span.months()
    return months[:MAX_MONTHS]


def _span_label(months: list[str], lang: str) -> str:
    if len(months) == 1:
        return fmt_month(months[0], lang)
    return f"{fmt_month(months[0], lang)} – {fmt_month(months[-1], lang)}"


@handles("forecast")
def forecast(turn: Turn) -> None:
    lang = turn.lang
    staff_view = turn.staff is not None
    months = _months_asked(turn)
    rows = forecasts.figures(turn.session, months, staff_view=staff_view)
    known = [r for r in rows if r.allocations is not None]
    if not known:
        coming = forecasts.figures(turn.session, forecasts.available_from(
            turn.session, turn.today.strftime("%Y-%m"), staff_view=staff_view, limit=3), staff_view=staff_view)
        text = turn.t("forecast_unpublished", month=_span_label(months, lang))
        if coming:
            text += "\n\n" + _figure_text(turn, coming, None)
            months, rows = [r.month for r in coming], coming
        turn.set("forecast_span", f"{months[0]}:{months[-1]}")
        turn.say(text, attachment=_chart(turn, months, None) if coming else None)
        return
    share = _share_place(turn)
    turn.set("forecast_span", f"{months[0]}:{months[-1]}")
    turn.say(_figure_text(turn, rows, share), [{"title": turn.button("forecast_csv"), "payload": "/forecast_file"}],
             attachment=_chart(turn, months, share))


def _figure_text(turn: Turn, rows: list[forecasts.MonthFigure], share: tuple[list[str], str] | None) -> str:
    lang = turn.lang
    months = [r.month for r in rows]
    lines = [turn.t("forecast_head", span=_span_label(months, lang))]
    for r in rows:
        if r.allocations is None:
            lines.append(f"• {fmt_month(r.month, lang)}: {turn.t('forecast_missing')}")
        else:
            mark = f" ({turn.t('forecast_provisional')})" if r.provisional else ""
            lines.append(f"• {fmt_month(r.month, lang)}: {fmt_int(r.allocations, lang)}{mark}")
    known = [r for r in rows if r.allocations is not None]
    if len(known) > 1:
        total = sum(r.allocations for r in known)
        lines.append(turn.t("forecast_sum" if len(known) == len(rows) else "forecast_sum_known",
                            n=fmt_int(total, lang)))
    if share is not None:
        found = forecasts.share_of(turn.session, share[0], share[1])
        if found is not None:
            parts = ", ".join(fmt_int(round(r.allocations * found.key), lang) for r in known)
            lines.append(turn.t("forecast_share", place=found.name, share_key=fmt_percent(found.key * 100, lang, 3),
                                parts=parts, total=fmt_int(round(sum(r.allocations for r in known) * found.key), lang)))
    published = [r.published_on for r in known if r.published_on]
    if published:
        lines.append(turn.t("forecast_source", date=fmt_date(max(published), lang)))
    if any(r.provisional for r in known):
        lines.append(turn.t("forecast_provisional_note"))
    return "\n".join(lines) + demo_note(turn, known)


def _chart(turn: Turn, months: list[str], share: tuple[list[str], str] | None) -> dict:
    return spec("forecast_chart", months, staff_view=turn.staff is not None, lang=turn.lang,
                ags=share[0] if share else None, place=share[1] if share else None)


@handles("forecast_file")
def forecast_file(turn: Turn) -> None:
    months = _months_asked(turn, remembered=True)
    share = _share_place(turn)
    turn.set("forecast_span", f"{months[0]}:{months[-1]}")
    turn.say(turn.t("forecast_file", span=_span_label(months, turn.lang)),
             attachment=spec("forecast_csv", months, staff_view=turn.staff is not None, lang=turn.lang,
                             ags=share[0] if share else None, place=share[1] if share else None))


# --- the credit for facility places ---------------------------------------------------------------------

PLACES_NUMBER = re.compile(r"(\d{1,3}(?:[.,\s]\d{3})+|\d{1,5})\s*(?:plätze|plätzen|plaetze|plaetzen|platz|betten|"
                           r"personen|menschen|bewohner\w*|leute|geflüchtete\w*|fluechtlinge\w*|flüchtlinge\w*|"
                           r"places|beds|people|persons|residents|refugees)\b", re.IGNORECASE)


def places_in(text: str) -> int | None:
    match = PLACES_NUMBER.search(text)
    if not match:
        return None
    return int(re.sub(r"[.,\s]", "", match.group(1)))


def days_asked(text: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The days a credit question is about: "2022", "vor Dezember 2023", "im Juni 2023"; None: today."""
    span = find_span(text, today)
    if span is None or span.start > today and not re.search(r"20\d\d", text):
        return None
    last = shift(span.end, 1) - dt.timedelta(days=1)
    low = text.lower()
    for word in re.finditer(r"\b(vor|before|bis|until|prior to)\s+(dem\s+|the\s+)?", low):
        rest = low[word.end():]
        if re.match(r"(\d{1,2}\.\s*)?[a-zäöü]+\s+20\d\d|20\d\d|[a-zäöü]+", rest) and find_span(rest, today):
            day = span.start - dt.timedelta(days=1)
            return day, day
    return span.start, last


@handles("credit_rule")
def credit_rule(turn: Turn) -> None:
    s = turn.session
    lang = turn.lang
    days = days_asked(turn.text, turn.today) if not turn.text.startswith("/") else None
    current = services.credit_rate_on(s, turn.today)
    rates = services.credit_rates(s)
    lines: list[str] = []
    places = places_in(turn.text) if not turn.text.startswith("/") else None
    if days is not None:
        in_force = [r for r in rates if (r.valid_from is None or r.valid_from <= days[1])
                    and (r.valid_until is None or days[0] <= r.valid_until)]
    else:
        in_force = [current] if current else []
    if places is not None and in_force:
        for rate in in_force:
            lines.append(turn.t("credit_computed" if days is None else "credit_computed_then",
                                places=fmt_int(places, lang), rate=rate.rate_percent,
                                credit=fmt_int(round(places * rate.rate_percent / 100), lang),
                                period=_period(rate, lang)))
        if days is None and len(rates) > 1:
            old = rates[0]
            lines.append(turn.t("credit_before", rate=old.rate_percent, period=_period(old, lang),
                                credit=fmt_int(round(places * old.rate_percent / 100), lang)))
        member = turn.staff
        if member is not None and days is None:
            lines.append(turn.t("credit_for_staff", place=services.municipality_name(s, member.ags)))
    elif days is not None and in_force:
        for rate in in_force:
            lines.append(turn.t("credit_rate_then", rate=rate.rate_percent, period=_period(rate, lang)))
    else:
        rate = current.rate_percent if current else 100
        old = rates[0].rate_percent if len(rates) > 1 else rate
        lines.append(turn.t("credit_rule", rate=rate, old=old))
    shown = _facility_credits(turn, lines, places is None) if days is None else []
    sources = {r.source for r in (in_force or ([current] if current else [])) if r and r.source}
    for source in sorted(sources):
        lines.append(turn.t("source", source=source))
    turn.say("\n".join(lines) + demo_note(turn, shown))


def _period(rate: m.CreditRate, lang: str) -> str:
    if rate.valid_from and rate.valid_until:
        return t("period_between", lang, start=fmt_date(rate.valid_from, lang), end=fmt_date(rate.valid_until, lang))
    if rate.valid_from:
        return t("period_since", lang, start=fmt_date(rate.valid_from, lang))
    if rate.valid_until:
        return t("period_until", lang, end=fmt_date(rate.valid_until, lang))
    return ""


def _facility_credits(turn: Turn, lines: list[str], with_place: bool) -> list:
    """The state facilities at the conversation's place (or the facility named) and what they count."""
    s = turn.session
    place = turn.place
    current = services.credit_rate_on(s, turn.today)
    rate = current.rate_percent if current else 100
    facility_id = turn.slot("facility")
    if facility_id and ("facility" in turn.changes or not with_place):
        f = services.facility(s, facility_id)
        facilities = [f] if f else []
    elif place is not None and with_place:
        facilities = [f for f in services.facilities_in(s, place) if f.status != "geschlossen"]
    else:
        return []
    shown = []
    for f in facilities:
        if not f.capacity:
            continue
        credit = fmt_int(round(f.capacity * rate / 100), turn.lang)
        key = "credit_facility" if f.status == "in_betrieb" else "credit_planned"
        lines.append(turn.t(key, facility=f.name, status=STATUS[f.status][turn.lang],
                            capacity=fmt_int(f.capacity, turn.lang), rate=rate, credit=credit,
                            place=services.municipality_name(s, f.ags)))
        shown.append(f)
    if place is not None and with_place and not facilities:
        lines.append(turn.t("credit_none_here", place=place.name))
    return shown


# --- the allocation key ------------------------------------------------------------------------------------

@handles("allocation_key")
def allocation_key(turn: Turn) -> None:
    place = turn.place
    member = turn.staff
    lines = [turn.t("allocation_rule")]
    if place is None and member is not None:
        codes, name = [member.ags], services.municipality_name(turn.session, member.ags)
    elif place is None:
        lines.append(turn.t("ask_place"))
        turn.set("topic", "allocation_key")
        turn.say("\n\n".join(lines))
        return
    else:
        codes, name = services.municipality_codes(turn.session, place), place.name
    keys = services.allocation_keys(turn.session)
    shares = [keys[c] for c in codes if c in keys]
    key = sum(x.key for x in shares)
    pop = sum(x.population_share for x in shares)
    lang = turn.lang
    lines.insert(0, turn.t("allocation_key", place=name, share=fmt_percent(key * 100, lang, 3),
                           pop=fmt_percent(pop * 100, lang, 3), per_thousand=fmt_percent(key * 1000, lang, 1)))
    credit_lines: list[str] = []
    shown = _credits_at(turn, codes, credit_lines)
    if credit_lines:
        lines.insert(1, "\n".join(credit_lines))
    lines.append(turn.t("allocation_published"))
    lines.append(turn.t("allocation_source", date=fmt_date(shares[0].stichtag, lang)))
    turn.say("\n\n".join(lines) + demo_note(turn, shown), turn.buttons("forecast", "credit_rule"))


def _credits_at(turn: Turn, codes: list[str], lines: list[str]) -> list:
    s = turn.session
    current = services.credit_rate_on(s, turn.today)
    rate = current.rate_percent if current else 100
    facilities = [f for f in services.facilities_in_codes(s, codes) if f.status == "in_betrieb" and f.capacity]
    if not facilities:
        lines.append(turn.t("allocation_no_facility"))
        return []
    total = sum(round(f.capacity * rate / 100) for f in facilities)
    names = ", ".join(f"{f.name} ({fmt_int(f.capacity, turn.lang)})" for f in facilities)
    lines.append(turn.t("allocation_credit", facilities=names, rate=rate, credit=fmt_int(total, turn.lang)))
    return facilities

