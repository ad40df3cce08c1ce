"""The forecast as files: a chart (PNG, readable on a phone) and a CSV table. Every front renders them
from the same description (`spec`) the custom action sends with its answer, so a chart always shows what
the text says, and only what its reader may see."""

from __future__ import annotations

import csv
import functools
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from faq import forecasts
from faq.formatting import fmt_date, fmt_int, fmt_month

SOURCE = {"de": "Quelle: Newsletter „Entwicklungen im Bereich Flucht“ des MKJFGFI",
          "en": "Source: MKJFGFI newsletter \"Entwicklungen im Bereich Flucht\""}
LABELS = {
    "de": {"title": "Abgangsprognose NRW: Zuweisungen an die Kommunen", "none": "keine\nPrognose",
           "provisional": "vorläufig, nicht veröffentlicht", "published": "veröffentlicht am {date}",
           "share": "Anteil {name} (rechnerisch)", "demo": "BEISPIELDATEN – erfunden, nur zur Vorführung",
           "made": "erstellt am {date}", "ylabel": "Zuweisungen pro Monat"},
    "en": {"title": "Forecast NRW: allocations to the municipalities", "none": "no\nforecast",
           "provisional": "provisional, not published", "published": "published {date}",
           "share": "share {name} (arithmetical)", "demo": "SAMPLE DATA – invented, for demonstration only",
           "made": "made {date}", "ylabel": "allocations per month"},
}


@dataclass(frozen=True)
class File:
    name: str
    data: bytes
    mime: str
    caption: str


def spec(kind: str, months: list[str], *, staff_view: bool, lang: str, ags: list[str] | None = None,
         place: str | None = None) -> dict[str, Any]:
    return {"kind": kind, "months": months, "staff": staff_view, "lang": lang, "ags": ags or [], "place": place}


def render(session: Session, description: dict[str, Any], today: dt.date | None = None) -> File:
    kind = description.get("kind")
    months = [str(x) for x in description.get("months") or []][:36]
    lang = "en" if description.get("lang") == "en" else "de"
    rows = forecasts.figures(session, months, staff_view=bool(description.get("staff")))
    share = None
    if description.get("ags"):
        share = forecasts.share_of(session, list(description["ags"]), str(description.get("place") or ""))
    today = today or dt.date.today()
    stem = f"abgangsprognose_{months[0]}_{months[-1]}" if months else "abgangsprognose"
    caption = _caption(rows, lang)
    if kind == "forecast_csv":
        return File(f"{stem}.csv", _csv(rows, share, lang), "text/csv", caption)
    return File(f"{stem}.png", _png_cached(tuple(rows), share, lang, today), "image/png", caption)


@functools.lru_cache(maxsize=128)
def _png_cached(rows: tuple[forecasts.MonthFigure, ...], share: forecasts.Share | None, lang: str,
                today: dt.date) -> bytes:
    """The same figures draw the same chart: many residents asking for one span cost one drawing (about
    75 ms of CPU each); a changed or newly published figure is another key."""
    return _png(list(rows), share, lang, today)


def _caption(rows: list[forecasts.MonthFigure], lang: str) -> str:
    label = LABELS[lang]["title"]
    if rows:
        label += f", {fmt_month(rows[0].month, lang)} – {fmt_month(rows[-1].month, lang)}"
    if any(r.demo for r in rows):
        label += " · " + LABELS[lang]["demo"]
    return label


def _csv(rows: list[forecasts.MonthFigure], share: forecasts.Share | None, lang: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if lang == "de" else ",")
    header = (["Monat", "Zuweisungen NRW", "Status", "veröffentlicht am", "Beispieldaten"] if lang == "de" else
              ["month", "allocations NRW", "status", "published on", "sample data"])
    if share:
        header.insert(2, f"{LABELS[lang]['share'].format(name=share.name)}")
    writer.writerow(header)
    for r in rows:
        status = ("vorläufig" if lang == "de" else "provisional") if r.provisional else (
            ("veröffentlicht" if lang == "de" else "published") if r.allocations is not None
            else ("keine Prognose" if lang == "de" else "no forecast"))
        line = [r.month, "" if r.allocations is None else r.allocations, status,
                r.published_on.isoformat() if r.published_on else "", ("ja" if lang == "de" else "yes") if r.demo else ""]
        if share:
            line.insert(2, "" if r.allocations is None else f"{r.allocations * share.key:.1f}".replace(
                ".", "," if lang == "de" else "."))
        writer.writerow(line)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM makes Excel read the umlauts right


def warm_up() -> None:
    """Import matplotlib and build its font cache at start-up (about a second), not on a user's first chart."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import pyplot  # noqa: F401


def _png(rows: list[forecasts.MonthFigure], share: forecasts.Share | None, lang: str, today: dt.date) -> bytes:
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import FuncFormatter

    words = LABELS[lang]
    fig, ax = plt.subplots(figsize=(8, 6), dpi=120)
    try:
        names = [fmt_month(r.month, lang).replace(" ", "\n") for r in rows]
        values = [r.allocations or 0 for r in rows]
        colors = ["#f2b134" if r.provisional else "#1f5fa8" for r in rows]
        bars = ax.bar(names, values, color=colors, hatch=None)
        top = max(values, default=0) or 1
        for bar, r in zip(bars, rows):
            x = bar.get_x() + bar.get_width() / 2
            if r.allocations is None:
                ax.text(x, top * 0.03, words["none"], ha="center", va="bottom", fontsize=11, color="#777777")
                continue
            label = fmt_int(r.allocations, lang)
            if share:
                label += f"\n≈ {fmt_int(round(r.allocations * share.key), lang)}"
            ax.text(x, bar.get_height() + top * 0.01, label, ha="center", va="bottom", fontsize=12)
        ax.set_ylim(0, top * 1.25)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: fmt_int(int(value), lang)))
        ax.set_ylabel(words["ylabel"], fontsize=12)
        ax.tick_params(labelsize=12)
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_title(words["title"], fontsize=14, loc="left", pad=14)
        notes = []
        published = [r.published_on for r in rows if r.published_on]
        if published:
            notes.append(SOURCE[lang] + ", " + words["published"].format(date=fmt_date(max(published), lang)))
        if any(r.provisional for r in rows):
            notes.append("■ " + words["provisional"] + " (" + ("gelb" if lang == "de" else "yellow") + ")")
        if share:
            notes.append("≈ " + words["share"].format(name=share.name))
        notes.append(words["made"].format(date=fmt_date(today, lang)))
        fig.text(0.01, 0.01, "\n".join(notes), fontsize=9, color="#444444", va="bottom")
        if any(r.demo for r in rows):
            fig.text(0.5, 0.5, words["demo"], fontsize=20, color="#c0392b", alpha=0.35, ha="center", va="center",
                     rotation=20)
        fig.subplots_adjust(bottom=0.12 + 0.035 * len(notes), top=0.9, left=0.12, right=0.97)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        plt.close(fig)
