"""The editors' view of how the bot does: the dashboard (questions per day, share not answered well, top
topics, open hand-overs per office and their age, ratings) and the page of messages the bot could not
answer, grouped by similar wording, where a group becomes phrasings of an FAQ entry in two clicks."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import quote

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette_admin import (
    Breakpoints,
    CardRowWidget,
    ChartWidget,
    Col,
    ColumnWidget,
    CustomView,
    StatWidget,
    TableWidget,
    route,
)

from admin.auth import current
from faq import db, feedback
from faq import models as m
from faq.models import utcnow


def _stats() -> dict[str, Any]:
    with db.session() as s:
        days = feedback.per_day(s, 30)
        open_tickets = list(s.scalars(select(m.Ticket).where(m.Ticket.status == "open")))
        now = utcnow()
        by_office: dict[str, list[float]] = {}
        for t in open_tickets:
            by_office.setdefault(t.office.name if t.office else "–", []).append((now - t.created_at).total_seconds() / 86400)
        ratings = feedback.ratings_by_target(s)
        return {"days": days, "topics": feedback.top_topics(s, 30), "by_office": by_office, "ratings": ratings,
                "oldest": sorted(((t.reference, t.office.name if t.office else "–", (now - t.created_at).days)
                                  for t in open_tickets), key=lambda r: -r[2])[:8]}


async def dashboard(request: Request) -> ColumnWidget:
    stats = await asyncio.to_thread(_stats)
    days = stats["days"]
    asked_7 = sum(d[1] for d in days[-7:])
    missed_7 = sum(d[2] for d in days[-7:])
    up = sum(r[1] for r in stats["ratings"])
    down = sum(r[2] for r in stats["ratings"])
    open_count = sum(len(v) for v in stats["by_office"].values())

    async def value(v: Any):  # noqa: ANN202
        return v

    def stat(title: str, v: Any, description: str) -> StatWidget:
        return StatWidget(title=title, value_callback=lambda request, v=v: value(v), description=description)

    labels = [d[0].strftime("%d.%m.") for d in days]
    offices = sorted(stats["by_office"].items())
    return ColumnWidget(children=[
        CardRowWidget(children=[
            Col(stat("Fragen (7 Tage)", asked_7, "beantwortete Nachrichten"), breakpoints=Breakpoints(default=12, md=3)),
            Col(stat("Nicht gut beantwortet", f"{(missed_7 / asked_7 * 100) if asked_7 else 0:.0f} %",
                     f"{missed_7} von {asked_7} in 7 Tagen"), breakpoints=Breakpoints(default=12, md=3)),
            Col(stat("Offene Weitergaben", open_count, "an die Stellen"), breakpoints=Breakpoints(default=12, md=3)),
            Col(stat("Bewertungen", f"👍 {up} · 👎 {down}", "alle Antworten"), breakpoints=Breakpoints(default=12, md=3)),
        ]),
        CardRowWidget(children=[
            Col(ChartWidget(title="Fragen pro Tag (30 Tage)", chart_type="bar", height=280,
                            series_callback=lambda request: value([
                                {"name": "Fragen", "data": [d[1] for d in days]},
                                {"name": "nicht gut beantwortet", "data": [d[2] for d in days]}]),
                            options={"xaxis": {"categories": labels}, "chart": {"stacked": False}}),
                breakpoints=Breakpoints(default=12, lg=8)),
            Col(ChartWidget(title="Häufigste Themen (30 Tage)", chart_type="bar", height=280,
                            series_callback=lambda request: value([{"name": "Fragen",
                                                                     "data": [c for _, c in stats["topics"]]}]),
                            options={"xaxis": {"categories": [t for t, _ in stats["topics"]]},
                                     "plotOptions": {"bar": {"horizontal": True}}}),
                breakpoints=Breakpoints(default=12, lg=4)),
        ]),
        CardRowWidget(children=[
            Col(ChartWidget(title="Offene Weitergaben je Stelle", chart_type="bar", height=260,
                            series_callback=lambda request: value([
                                {"name": "offen", "data": [len(v) for _, v in offices]},
                                {"name": "älteste (Tage)", "data": [round(max(v), 1) for _, v in offices]}]),
                            options={"xaxis": {"categories": [o for o, _ in offices]}}),
                breakpoints=Breakpoints(default=12, lg=6)),
            Col(TableWidget(title="Älteste offene Weitergaben", columns=["Nummer", "Stelle", "Tage"],
                            rows_callback=lambda request: value([list(r) for r in stats["oldest"]])),
                breakpoints=Breakpoints(default=12, lg=6)),
        ]),
        TableWidget(title="Bewertungen je Antwort (meiste 👎 zuerst)", columns=["Antwort", "👍", "👎"],
                    rows_callback=lambda request: value([list(r) for r in stats["ratings"][:15]])),
    ])


def _groups() -> tuple[list[feedback.Group], list[str]]:
    with db.session() as s:
        return feedback.groups(s), list(s.scalars(select(m.FaqEntry.key).order_by(m.FaqEntry.key)))


def _handle(action: str, ids: list[int], topic: str, actor: str) -> str:
    with db.session() as s:
        if action == "new":
            key = feedback.new_entry(s, ids, topic, actor)
            return f"new:{key}"
        if action == "add":
            n = feedback.add_phrasings(s, ids, topic, actor)
            label = feedback.LEARNABLE_INTENTS.get(topic, topic.removeprefix("faq/"))
            return (f"{n} Formulierung(en) zu „{label}“ hinzugefügt. Das Sprachmodell ist jetzt veraltet: "
                    "bitte neu trainieren.")
        feedback.dismiss(s, ids, actor)
        return "Verworfen."


class UnansweredView(CustomView):
    menu_label = "Unbeantwortet"
    icon = "fa fa-circle-exclamation"
    route_name = "unanswered"  # the page's own route name; "index" is the admin's home page
    path = "/unbeantwortet"

    @route("")
    async def index(self, request: Request) -> Response:
        found, keys = await asyncio.to_thread(_groups)
        base = str(request.base_url).rstrip("/") + "/admin" + self.path
        return self.templates.TemplateResponse(request=request, name="unanswered.html", context={
            "title": "Unbeantwortet", "groups": found, "keys": keys, "intents": feedback.LEARNABLE_INTENTS,
            "base": base,
            "message": request.query_params.get("msg", "")})

    @route("/handle", methods=["POST"])
    async def handle(self, request: Request) -> Response:
        account = current(request)
        form = await request.form()
        ids = [int(x) for x in str(form.get("ids") or "").split(",") if x.strip().isdigit()]
        action = str(form.get("action") or "")
        key = str(form.get("new_key") if action == "new" else form.get("topic") or "")
        if not account.nrw_wide and action in ("add", "new"):
            message = "Formulierungen und FAQ-Einträge ändert die NRW-Redaktion."
        elif action in ("add", "dismiss", "new") and ids:
            try:
                message = await asyncio.to_thread(_handle, action, ids, key, f"admin:{account.username}")
            except ValueError as exc:
                message = str(exc)
            if message.startswith("new:"):  # on to writing the answers of the new entry
                return RedirectResponse(str(request.base_url).rstrip("/") + "/admin/faq-entry/edit?pk="
                                        + quote(message[4:]), status_code=303)
        else:
            message = "Bitte eine Gruppe und eine Aktion wählen."
        base = str(request.base_url).rstrip("/") + "/admin" + self.path
        return RedirectResponse(f"{base}?msg={quote(message)}", status_code=303)
