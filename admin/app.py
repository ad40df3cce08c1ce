"""The web admin as an ASGI app: `nachbarbot admin` serves it on ADMIN_HOST:ADMIN_PORT (127.0.0.1:8080),
`nachbarbot run` starts it beside the bot."""

from __future__ import annotations

import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route
from starlette_admin import CustomView, I18nConfig, TimezoneConfig
from starlette_admin.contrib.sqla import Admin

from admin import views
from admin.insight_views import UnansweredView, dashboard
from admin.spreadsheets_view import SpreadsheetsView
from admin.training_view import TrainingView
from admin.auth import StaffAuth, max_seconds, secret_key
from faq import db
from faq import models as m


TEMPLATES = Path(__file__).resolve().parent / "templates"


async def health(request) -> JSONResponse:  # noqa: ANN001
    """Up, and the database answers (for load balancers and `nachbarbot status`)."""
    import asyncio

    from sqlalchemy import text

    def check() -> bool:
        try:
            with db.session() as s:
                s.execute(text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001
            return False

    ok = await asyncio.to_thread(check)
    return JSONResponse({"status": "ok" if ok else "database unavailable"}, status_code=200 if ok else 503)


def build_app() -> Starlette:
    key = secret_key()
    secure = os.environ.get("ADMIN_COOKIE_SECURE", "false").lower() in ("1", "true", "yes")
    app = Starlette(routes=[Route("/", lambda request: RedirectResponse("/admin/")), Route("/health", health)],
                    middleware=[Middleware(SessionMiddleware, secret_key=key, session_cookie="nachbarbot_admin",
                                           max_age=int(max_seconds()), same_site="strict", https_only=secure)])
    admin = Admin(db.engine(), title="Nachbarbot NRW – Redaktion", auth_provider=StaffAuth(), secret_key=key,
                  templates_dir=str(TEMPLATES),
                  index_view=CustomView(menu_label="Übersicht", icon="fa fa-gauge", widget=dashboard),
                  i18n_config=I18nConfig(default_locale="de", language_switcher=None, language_header_name=None),
                  timezone_config=TimezoneConfig(default_timezone="Europe/Berlin", database_timezone="UTC",
                                                 use_user_locale_timezone=False))
    for view in [
        views.FaqEntryView(m.FaqEntry, menu_label="FAQ-Einträge", display_name="FAQ-Eintrag", icon="fa fa-circle-question"),
        views.FaqQuestionView(m.FaqQuestion, menu_label="Formulierungen", display_name="Formulierung",
                              icon="fa fa-comment"),
        views.FacilityView(m.Facility, menu_label="Einrichtungen", display_name="Einrichtung", icon="fa fa-building"),
        views.ContactView(m.Contact, menu_label="Ansprechpersonen", display_name="Ansprechperson", icon="fa fa-user"),
        views.EventView(m.Event, menu_label="Termine", display_name="Termin", icon="fa fa-calendar"),
        views.ForecastView(m.Forecast, menu_label="Prognose", display_name="Prognosemonat", icon="fa fa-chart-line"),
        views.CreditRateView(m.CreditRate, menu_label="Anrechnung", display_name="Anrechnungssatz", icon="fa fa-percent"),
        views.TicketView(m.Ticket, menu_label="Weitergaben", display_name="Weitergabe", icon="fa fa-envelope"),
        views.OfficeView(m.Office, menu_label="Stellen", display_name="Stelle", icon="fa fa-landmark"),
        views.RoutingRuleView(m.RoutingRule, menu_label="Zuständigkeit", display_name="Regel", icon="fa fa-route"),
        views.MunicipalityView(m.Municipality, menu_label="Gemeinden", display_name="Gemeinde", icon="fa fa-city"),
        views.BezirksregierungView(m.Bezirksregierung, menu_label="Bezirksregierungen", display_name="Bezirksregierung",
                                   icon="fa fa-flag"),
        views.AuditView(m.AuditEntry, menu_label="Änderungsprotokoll", display_name="Änderung", icon="fa fa-clock"),
        views.AccountView(m.StaffAccount, menu_label="Konten", display_name="Konto", icon="fa fa-users"),
        SpreadsheetsView(),
        UnansweredView(),
        TrainingView(),
    ]:
        admin.add_view(view)
    admin.mount_to(app)
    return app


def serve() -> None:
    import uvicorn

    db.require_database()

    host = os.environ.get("ADMIN_HOST", "127.0.0.1")
    port = int(os.environ.get("ADMIN_PORT", "8080"))
    uvicorn.run(build_app(), host=host, port=port, log_level="warning", proxy_headers=False)
