"""The admin's "Tabellen" page: every content table as CSV or Excel to download, and an upload that goes
through the same import as `nachbarbot import` — every problem listed with row, column and reason, and
nothing written unless all rows are right. A regional editor may import only rows of their district."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette_admin import CustomView, route

from admin.auth import current
from faq import db, spreadsheets
from faq import models as m
from faq.accounts import Account

MAX_UPLOAD = 10 * 1024 * 1024
REGIONAL = {"facilities", "events", "contacts"}
MIME = {".csv": "text/csv; charset=utf-8",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _region_rule(account: Account, table: str):  # noqa: ANN202
    if account.nrw_wide:
        return None
    if table not in REGIONAL:
        return lambda row: "Diese Tabelle gilt für ganz NRW; ändern darf sie nur die NRW-Redaktion."

    def allowed(row: dict[str, Any]) -> str | None:
        with db.session() as s:
            region = row.get("rb_code")
            if not region and row.get("ags"):
                mun = s.get(m.Municipality, row["ags"])
                region = mun.rb_code if mun else None
            if not region and row.get("facility_id"):
                facility = s.get(m.Facility, row["facility_id"])
                region = facility.municipality.rb_code if facility else None
        if region != account.rb_code:
            return f"gehört nicht zu Ihrem Regierungsbezirk ({account.rb_code})"
        return None
    return allowed


def _export(table: str, filename: str) -> bytes:
    with db.session() as s:
        return spreadsheets.export(s, table, filename)


def _import(table: str, filename: str, data: bytes, account: Account, dry_run: bool) -> spreadsheets.ImportResult:
    with db.session() as s:
        result = spreadsheets.import_rows(s, table, filename, data, dry_run=dry_run,
                                          allowed=_region_rule(account, table))
        if not result.ok or dry_run:
            s.rollback()
        return result


class SpreadsheetsView(CustomView):
    menu_label = "Tabellen (Excel/CSV)"
    icon = "fa fa-table"
    route_name = "tables"  # the page's own route name; "index" is the admin's home page
    path = "/tabellen"

    @route("")
    async def index(self, request: Request) -> Response:
        return self._page(request)

    def _page(self, request: Request, **context: Any) -> Response:
        base = str(request.base_url).rstrip("/") + "/admin" + self.path
        return self.templates.TemplateResponse(request=request, name="spreadsheets.html", context={
            "title": "Tabellen", "sheets": spreadsheets.SHEETS, "base": base, **context})

    @route("/export", methods=["GET"])
    async def download(self, request: Request) -> Response:
        table = request.query_params.get("table", "")
        fmt = request.query_params.get("format", "xlsx")
        if table not in spreadsheets.SHEETS or fmt not in ("csv", "xlsx"):
            return self._page(request, error="Bitte eine Tabelle und ein Format wählen.")
        filename = f"{table}.{fmt}"
        data = await asyncio.to_thread(_export, table, filename)
        return Response(data, media_type=MIME[f".{fmt}"],
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    @route("/import", methods=["POST"])
    async def upload(self, request: Request) -> Response:
        form = await request.form(max_part_size=MAX_UPLOAD)
        table = str(form.get("table") or "")
        upload = form.get("file")
        if table not in spreadsheets.SHEETS or upload is None or not getattr(upload, "filename", ""):
            return self._page(request, error="Bitte eine Tabelle und eine Datei wählen.")
        data = await upload.read()
        result = await asyncio.to_thread(_import, table, upload.filename, data, current(request),
                                         form.get("dry_run") == "on")
        return self._page(request, result=result, table=table, filename=upload.filename,
                          dry_run=form.get("dry_run") == "on")
