"""The admin's screens: one ModelView per content table, with what our domain needs on top of the library —
who may change what (a regional editor only the rows of their Regierungsbezirk, NRW-wide content only
NRW-wide editors, accounts and the audit log only admins) and hand-overs answered through the same service
and outbox as a reply mail."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import Select, or_, select
from starlette.requests import Request
from starlette_admin import row_action
from starlette_admin.contrib.sqla import ModelView
from starlette_admin.exceptions import ActionFailed, FormValidationError
from starlette_admin.fields import (
    BooleanField,
    DateField,
    DateTimeField,
    EnumField,
    IntegerField,
    JSONField,
    StringField,
    TextAreaField,
)

from admin.auth import current
from faq import db
from faq import models as m
from faq.handover import tickets

STATUS_CHOICES = [("geplant", "geplant"), ("in_vorbereitung", "in Vorbereitung"), ("in_betrieb", "in Betrieb"),
                  ("geschlossen", "geschlossen")]
TYPE_CHOICES = [("EAE", "EAE – Erstaufnahmeeinrichtung"), ("ZUE", "ZUE – Zentrale Unterbringungseinrichtung"),
                ("NU", "NU – Notunterkunft")]
RB_CHOICES = [("051", "Düsseldorf"), ("053", "Köln"), ("055", "Münster"), ("057", "Detmold"), ("059", "Arnsberg")]


class ContentView(ModelView):
    """Shared rules. `scope`: "region" (rows belong to a Regierungsbezirk), "nrw" (one set for all NRW:
    only NRW-wide editors change it), "readonly", "admin" (admins only, read and write)."""

    scope = "nrw"
    editable = True  # False: a record of what happened (hand-overs, the audit log), changed only by actions
    exporters = ["csv", "xlsx"]
    importers: list[str] = []  # imports go through faq.spreadsheets (all rows valid, or nothing written)

    def is_accessible(self, request: Request) -> bool:
        return self.scope != "admin" or current(request).is_admin

    def _may_write(self, request: Request) -> bool:
        account = current(request)
        if self.scope == "readonly" or not self.editable:
            return False
        if self.scope in ("nrw", "admin"):
            return account.nrw_wide if self.scope == "nrw" else account.is_admin
        return True

    def can_create(self, request: Request) -> bool:
        return self._may_write(request)

    def can_edit(self, request: Request) -> bool:
        return self._may_write(request)

    def can_delete(self, request: Request) -> bool:
        return self._may_write(request)

    # --- rows of one Regierungsbezirk ------------------------------------------------------------
    def restrict(self, stmt: Select, rb_code: str) -> Select:
        return stmt

    def row_region(self, data: dict[str, Any]) -> str | None:
        return None

    def get_list_query(self, request: Request) -> Select:
        stmt = super().get_list_query(request)
        account = current(request)
        return stmt if account.nrw_wide or self.scope != "region" else self.restrict(stmt, account.rb_code)

    def get_count_query(self, request: Request) -> Select:
        stmt = super().get_count_query(request)
        account = current(request)
        return stmt if account.nrw_wide or self.scope != "region" else self.restrict(stmt, account.rb_code)

    async def validate(self, request: Request, data: dict[str, Any]) -> None:
        account = current(request)
        if self.scope == "region" and not account.nrw_wide:
            region = await asyncio.to_thread(self.row_region, data)
            if region != account.rb_code:
                raise FormValidationError({self.region_field: "Sie dürfen nur Inhalte Ihres Regierungsbezirks "
                                                              f"({account.rb_code}) anlegen oder ändern."})
        await super().validate(request, data)

    region_field = "ags"


def _rb_of_municipality(ags: str | None) -> str | None:
    if not ags:
        return None
    with db.session() as s:
        row = s.get(m.Municipality, str(ags))
        return row.rb_code if row else None


def _rb_of_facility(facility_id: str | None) -> str | None:
    if not facility_id:
        return None
    with db.session() as s:
        row = s.get(m.Facility, str(facility_id))
        return row.municipality.rb_code if row else None


class FaqEntryView(ContentView):
    scope = "nrw"
    fields = [StringField("key", label="Schlüssel", required=True, maxlength=60),
              TextAreaField("answer_de", label="Antwort (Deutsch)", required=True, rows=6),
              TextAreaField("answer_en", label="Antwort (Englisch)", required=True, rows=6),
              JSONField("tags", label="Tags"),
              StringField("source", label="Quelle", maxlength=300),
              DateField("last_reviewed", label="Zuletzt geprüft"),
              DateTimeField("updated_at", label="Geändert", exclude_from_create=True, exclude_from_edit=True)]
    searchable_fields = ["key", "answer_de", "answer_en", "source"]
    sortable_fields = ["key", "last_reviewed", "updated_at"]
    fields_default_sort = ["key"]


class FaqQuestionView(ContentView):
    scope = "nrw"
    fields = [IntegerField("id", label="Nr.", exclude_from_create=True, exclude_from_edit=True),
              StringField("faq_key", label="FAQ-Eintrag (Schlüssel)", required=True),
              EnumField("lang", label="Sprache", choices=[("de", "Deutsch"), ("en", "Englisch")]),
              StringField("text", label="Formulierung", required=True, maxlength=500)]
    searchable_fields = ["faq_key", "text"]
    sortable_fields = ["faq_key", "lang", "id"]
    fields_default_sort = ["faq_key", "id"]


class FacilityView(ContentView):
    scope = "region"
    fields = [StringField("id", label="Kennung", required=True, maxlength=60),
              StringField("name", label="Name", required=True, maxlength=120),
              EnumField("type", label="Art", choices=TYPE_CHOICES),
              EnumField("status", label="Stand", choices=STATUS_CHOICES),
              StringField("ags", label="Gemeindeschlüssel (AGS)", required=True, maxlength=8),
              StringField("address", label="Adresse", maxlength=200),
              IntegerField("capacity", label="Plätze"),
              DateField("opening_date", label="Belegung ab"),
              DateField("closing_date", label="Schließung"),
              BooleanField("demo", label="Beispieldaten"),
              DateTimeField("updated_at", label="Geändert", exclude_from_create=True, exclude_from_edit=True)]
    searchable_fields = ["id", "name", "ags", "address", "status", "type"]
    sortable_fields = ["name", "status", "type", "ags", "opening_date", "capacity", "updated_at"]
    fields_default_sort = ["name"]

    def restrict(self, stmt: Select, rb_code: str) -> Select:
        return stmt.join(m.Municipality, m.Municipality.ags == m.Facility.ags).where(m.Municipality.rb_code == rb_code)

    def row_region(self, data: dict[str, Any]) -> str | None:
        return _rb_of_municipality(data.get("ags"))

    async def validate(self, request: Request, data: dict[str, Any]) -> None:
        errors = {}
        if data.get("capacity") is not None and data["capacity"] < 0:
            errors["capacity"] = "Die Platzzahl kann nicht negativ sein."
        if data.get("ags") and await asyncio.to_thread(_rb_of_municipality, data["ags"]) is None:
            errors["ags"] = "Unbekannter Gemeindeschlüssel (8 Ziffern, z. B. 05315000 für Köln)."
        if errors:
            raise FormValidationError(errors)
        await super().validate(request, data)


class ContactView(ContentView):
    scope = "region"
    region_field = "rb_code"
    fields = [StringField("id", label="Kennung", required=True, maxlength=60),
              StringField("role", label="Rolle", required=True, maxlength=30),
              StringField("name", label="Name", required=True, maxlength=120),
              StringField("organisation", label="Organisation", maxlength=200),
              StringField("phone", label="Telefon", maxlength=50),
              StringField("email", label="E-Mail", maxlength=200),
              StringField("office_hours", label="Erreichbar", maxlength=100),
              StringField("facility_id", label="Einrichtung (Kennung)", maxlength=60),
              EnumField("rb_code", label="Regierungsbezirk", choices=RB_CHOICES),
              BooleanField("demo", label="Beispieldaten")]
    searchable_fields = ["id", "name", "role", "organisation", "email", "rb_code"]
    sortable_fields = ["name", "role", "rb_code"]

    def restrict(self, stmt: Select, rb_code: str) -> Select:
        in_region = select(m.Facility.id).join(m.Municipality, m.Municipality.ags == m.Facility.ags) \
            .where(m.Municipality.rb_code == rb_code)
        return stmt.where(or_(m.Contact.rb_code == rb_code, m.Contact.facility_id.in_(in_region)))

    def row_region(self, data: dict[str, Any]) -> str | None:
        return data.get("rb_code") or _rb_of_facility(data.get("facility_id"))


class EventView(ContentView):
    scope = "region"
    fields = [StringField("id", label="Kennung", required=True, maxlength=60),
              StringField("title", label="Titel", required=True, maxlength=200),
              EnumField("kind", label="Art", choices=[("infoveranstaltung", "Infoveranstaltung"),
                                                      ("begegnungsfest", "Begegnungsfest"), ("beirat", "Beirat")]),
              StringField("ags", label="Gemeindeschlüssel (AGS)", required=True, maxlength=8),
              StringField("facility_id", label="Einrichtung (Kennung)", maxlength=60),
              DateTimeField("starts_at", label="Beginn", required=True),
              DateTimeField("ends_at", label="Ende"),
              StringField("location", label="Ort", maxlength=200),
              TextAreaField("description", label="Beschreibung"),
              BooleanField("demo", label="Beispieldaten")]
    searchable_fields = ["id", "title", "ags", "location", "kind"]
    sortable_fields = ["starts_at", "title", "ags", "kind"]
    fields_default_sort = [("starts_at", True)]

    def restrict(self, stmt: Select, rb_code: str) -> Select:
        return stmt.join(m.Municipality, m.Municipality.ags == m.Event.ags).where(m.Municipality.rb_code == rb_code)

    def row_region(self, data: dict[str, Any]) -> str | None:
        return _rb_of_municipality(data.get("ags"))


class ForecastView(ContentView):
    scope = "nrw"
    fields = [StringField("month", label="Monat (JJJJ-MM)", required=True, maxlength=7),
              IntegerField("allocations_nrw", label="Zuweisungen NRW", required=True),
              DateField("published_on", label="Veröffentlicht am (leer: nur für Kommunen sichtbar)"),
              BooleanField("demo", label="Beispieldaten")]
    searchable_fields = ["month"]
    sortable_fields = ["month", "published_on"]
    fields_default_sort = [("month", True)]


class CreditRateView(ContentView):
    scope = "nrw"
    fields = [IntegerField("id", label="Nr.", exclude_from_create=True, exclude_from_edit=True),
              DateField("valid_from", label="Gültig ab"), DateField("valid_until", label="Gültig bis"),
              IntegerField("rate_percent", label="Anrechnung in %", required=True),
              StringField("source", label="Quelle", maxlength=300)]


class OfficeView(ContentView):
    scope = "nrw"
    fields = [StringField("code", label="Kennung", required=True), StringField("name", label="Name", required=True),
              StringField("email", label="E-Mail für Weitergaben", required=True),
              EnumField("rb_code", label="Regierungsbezirk", choices=RB_CHOICES),
              BooleanField("active", label="Aktiv"), BooleanField("demo", label="Beispieldaten")]


class RoutingRuleView(ContentView):
    scope = "nrw"
    fields = [StringField("id", label="Kennung", required=True), IntegerField("priority", label="Reihenfolge"),
              StringField("topic", label="Thema (* = alle)"), EnumField("rb_code", label="Regierungsbezirk",
                                                                      choices=RB_CHOICES),
              StringField("office_code", label="Stelle (Kennung)"), StringField("reason", label="Begründung")]
    fields_default_sort = ["priority"]


class MunicipalityView(ContentView):
    scope = "readonly"
    fields = [StringField("ags", label="AGS"), StringField("name_kurz", label="Name"),
              StringField("gemeindetyp", label="Typ"), StringField("kreis_ags", label="Kreis"),
              StringField("rb_code", label="Regierungsbezirk"), IntegerField("einwohner", label="Einwohner"),
              DateField("einwohner_stichtag", label="Stand")]
    searchable_fields = ["ags", "name_kurz", "rb_code", "kreis_ags"]
    sortable_fields = ["name_kurz", "einwohner", "rb_code"]
    fields_default_sort = ["name_kurz"]


class BezirksregierungView(ContentView):
    scope = "readonly"
    fields = [StringField("code", label="Schlüssel"), StringField("behoerde", label="Behörde"),
              StringField("ort", label="Ort"), StringField("telefon", label="Telefon"),
              StringField("website", label="Website")]


TICKET_STATES = [("open", "offen"), ("answered", "beantwortet"), ("closed", "abgeschlossen")]
ANSWER_FORM = """
<form>
  <div class="mt-3">
    <label class="form-label" for="answer-text">Antwort an die Person (kommt in ihren Chat)</label>
    <textarea class="form-control" id="answer-text" name="text" rows="6" required></textarea>
  </div>
</form>
"""


class TicketView(ContentView):
    """Hand-overs of the editor's Regierungsbezirk (NRW-wide: all). Read-only, except the two actions that
    go through the hand-over service: answer (into the person's chat, via the outbox) and close."""

    scope = "region"
    fields = [StringField("reference", label="Nummer"), DateTimeField("created_at", label="Eingegangen"),
              EnumField("status", label="Stand", choices=TICKET_STATES), StringField("office_code", label="Stelle"),
              StringField("topic", label="Thema"), StringField("rb_code", label="Regierungsbezirk"),
              StringField("ags", label="Gemeinde"), TextAreaField("question", label="Frage"),
              StringField("contact", label="Kontakt"), StringField("routing_reason", label="Warum diese Stelle"),
              DateTimeField("answered_at", label="Beantwortet"), DateTimeField("closed_at", label="Abgeschlossen")]
    searchable_fields = ["reference", "question", "office_code", "status", "topic", "rb_code"]
    sortable_fields = ["created_at", "status", "office_code", "reference"]
    fields_default_sort = [("created_at", True)]
    row_actions = ["view", "answer", "close"]
    editable = False

    def restrict(self, stmt: Select, rb_code: str) -> Select:
        return stmt.where(m.Ticket.rb_code == rb_code)

    @row_action(name="answer", text="Beantworten", confirmation="Antwort schreiben",
                icon_class="fa fa-reply", submit_btn_text="Antwort senden", submit_btn_class="btn btn-primary",
                form=ANSWER_FORM)
    async def answer_row_action(self, request: Request, pk: Any) -> str:
        text = str((await request.form()).get("text") or "").strip()
        author = current(request).username
        reference = await asyncio.to_thread(self._reference, request, pk)
        try:
            await asyncio.to_thread(_answer, reference, text, author)
        except tickets.TicketError as exc:
            raise ActionFailed(str(exc)) from exc
        return f"Antwort zu {reference} gespeichert; sie wird der Person zugestellt."

    @row_action(name="close", text="Abschließen", confirmation="Diese Anfrage abschließen?",
                icon_class="fa fa-check", submit_btn_text="Abschließen", submit_btn_class="btn btn-success")
    async def close_row_action(self, request: Request, pk: Any) -> str:
        reference = await asyncio.to_thread(self._reference, request, pk)
        await asyncio.to_thread(_close, reference)
        return f"{reference} abgeschlossen."

    def _reference(self, request: Request, pk: Any) -> str:
        account = current(request)
        with db.session() as s:
            ticket = s.get(m.Ticket, int(pk))
            if ticket is None or not account.may_edit_region(ticket.rb_code):
                raise ActionFailed("Diese Anfrage gibt es nicht oder sie gehört nicht zu Ihrem Regierungsbezirk.")
            return ticket.reference


def _answer(reference: str, text: str, author: str) -> None:
    with db.session() as s:
        tickets.answer(s, reference, text, source="admin", author=author)


def _close(reference: str) -> None:
    with db.session() as s:
        tickets.close(s, reference)


class AuditView(ContentView):
    scope = "admin"
    fields = [DateTimeField("at", label="Wann"), StringField("actor", label="Wer"),
              StringField("action", label="Was"), StringField("table_name", label="Tabelle"),
              StringField("row_key", label="Zeile"), JSONField("old", label="Alt"), JSONField("new", label="Neu")]
    searchable_fields = ["actor", "table_name", "row_key", "action"]
    sortable_fields = ["at", "actor", "table_name"]
    fields_default_sort = [("at", True)]
    exporters = ["csv", "xlsx"]
    editable = False


class AccountView(ContentView):
    """Accounts are created with `nachbarbot users add` (the password never passes through a web form);
    here admins change role, Regierungsbezirk and whether an account is active."""

    scope = "admin"
    fields = [StringField("username", label="Benutzer", exclude_from_edit=True),
              EnumField("role", label="Rolle", choices=[("admin", "Administration"), ("editor", "Redaktion")]),
              EnumField("rb_code", label="Regierungsbezirk (leer: ganz NRW)", choices=RB_CHOICES),
              BooleanField("active", label="Aktiv"), DateTimeField("last_login_at", label="Zuletzt angemeldet",
                                                                    exclude_from_edit=True)]
    exporters: list[str] = []

    def can_create(self, request: Request) -> bool:
        return False

    def can_delete(self, request: Request) -> bool:
        return False

