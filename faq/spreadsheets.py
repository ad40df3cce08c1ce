"""Content tables as spreadsheets (CSV or Excel `.xlsx`), out and in — one service for the command line
(`nachbarbot export/import`) and the web admin.

Import validates every row first and lists every problem with row, column and a German reason; if any row
is wrong, nothing is written. Rows are matched by their stable key: existing ones are updated, new ones
added, unchanged ones left alone — importing the same file twice changes nothing, and an exported file
imports back unchanged. Every change goes to the audit log (faq.audit) like any other."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from faq import models as m

YES = {"ja", "yes", "true", "1", "wahr", "x"}
NO = {"nein", "no", "false", "0", "falsch", ""}
MONTH = re.compile(r"^20\d\d-(0[1-9]|1[0-2])$")


class SheetError(Exception):
    """The file as a whole cannot be read (format, encoding, header)."""


@dataclass(frozen=True)
class Problem:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"Zeile {self.row}" + (f", Spalte {self.column}" if self.column else "")
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text, int, date, datetime, bool, choice, list, ags, rb, month
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: int | None = None


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str  # German, for the admin
    model: type
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    checks: tuple[Callable[[Session, dict[str, Any]], tuple[str, str] | None], ...] = ()
    generated_key: bool = False  # an empty key column means: a new row (autoincrement id)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _facility_exists(session: Session, row: dict[str, Any]) -> tuple[str, str] | None:
    if row.get("facility_id") and session.get(m.Facility, row["facility_id"]) is None:
        return "facility_id", f"Eine Einrichtung {row['facility_id']!r} gibt es nicht."
    return None


def _faq_exists(session: Session, row: dict[str, Any]) -> tuple[str, str] | None:
    if session.get(m.FaqEntry, row["faq_key"]) is None:
        return "faq_key", f"Einen FAQ-Eintrag {row['faq_key']!r} gibt es nicht."
    return None


def _office_exists(session: Session, row: dict[str, Any]) -> tuple[str, str] | None:
    if session.get(m.Office, row["office_code"]) is None:
        return "office_code", f"Eine Stelle {row['office_code']!r} gibt es nicht."
    return None


def _ends_after_start(session: Session, row: dict[str, Any]) -> tuple[str, str] | None:
    if row.get("ends_at") and row.get("starts_at") and row["ends_at"] < row["starts_at"]:
        return "ends_at", "Das Ende liegt vor dem Beginn."
    return None


STATUS = ("geplant", "in_vorbereitung", "in_betrieb", "geschlossen")
SHEETS: dict[str, Sheet] = {s.name: s for s in [
    Sheet("faq", "FAQ-Einträge", m.FaqEntry, ("key",), (
        Column("key", required=True), Column("answer_de", required=True), Column("answer_en", required=True),
        Column("tags", "list"), Column("source"), Column("last_reviewed", "date"))),
    Sheet("phrasings", "Formulierungen", m.FaqQuestion, ("id",), (
        Column("id", "int"), Column("faq_key", required=True), Column("lang", "choice", True, ("de", "en")),
        Column("text", required=True)), checks=(_faq_exists,), generated_key=True),
    Sheet("facilities", "Einrichtungen", m.Facility, ("id",), (
        Column("id", required=True), Column("name", required=True),
        Column("type", "choice", True, ("EAE", "ZUE", "NU")), Column("status", "choice", True, STATUS),
        Column("ags", "ags", True), Column("address"), Column("capacity", "int", minimum=0),
        Column("opening_date", "date"), Column("closing_date", "date"), Column("demo", "bool"))),
    Sheet("contacts", "Ansprechpersonen", m.Contact, ("id",), (
        Column("id", required=True), Column("role", "choice", True,
                                            ("umfeldmanagement", "bezirksregierung", "akquise", "ehrenamt")),
        Column("name", required=True), Column("organisation"), Column("phone"), Column("email"),
        Column("office_hours"), Column("facility_id"), Column("rb_code", "rb"), Column("demo", "bool")),
        checks=(_facility_exists,)),
    Sheet("events", "Termine", m.Event, ("id",), (
        Column("id", required=True), Column("title", required=True),
        Column("kind", "choice", True, ("infoveranstaltung", "begegnungsfest", "beirat")),
        Column("ags", "ags", True), Column("facility_id"), Column("starts_at", "datetime", True),
        Column("ends_at", "datetime"), Column("location"), Column("description"), Column("demo", "bool")),
        checks=(_facility_exists, _ends_after_start)),
    Sheet("forecasts", "Prognose", m.Forecast, ("month",), (
        Column("month", "month", True), Column("allocations_nrw", "int", True, minimum=0),
        Column("published_on", "date"), Column("demo", "bool"))),
    Sheet("credit_rates", "Anrechnung", m.CreditRate, ("id",), (
        Column("id", "int"), Column("valid_from", "date"), Column("valid_until", "date"),
        Column("rate_percent", "int", True, minimum=0), Column("source", required=True)), generated_key=True),
    Sheet("offices", "Stellen", m.Office, ("code",), (
        Column("code", required=True), Column("name", required=True), Column("email", required=True),
        Column("rb_code", "rb"), Column("active", "bool"), Column("demo", "bool"))),
    Sheet("routing_rules", "Zuständigkeit", m.RoutingRule, ("id",), (
        Column("id", required=True), Column("priority", "int", True), Column("topic", required=True),
        Column("rb_code", "rb"), Column("office_code", required=True), Column("reason", required=True)),
        checks=(_office_exists,)),
    Sheet("place_aliases", "Ortsnamen", m.PlaceAlias, ("alias", "ags"), (
        Column("alias", required=True), Column("ags", "ags", True))),
]}


# --- values -----------------------------------------------------------------------------------------------

def to_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def parse(column: Column, raw: str, known: "Lookups") -> Any:
    """The cell's value, or ValueError with a German reason."""
    text = raw.strip()
    if not text:
        if column.required:
            raise ValueError("darf nicht leer sein")
        return False if column.kind == "bool" else ([] if column.kind == "list" else (None if column.kind != "text"
                                                                                      else ""))
    kind = column.kind
    if kind == "int":
        if not re.fullmatch(r"-?\d+|-?\d{1,3}(\.\d{3})+", text):
            raise ValueError(f"„{text}“ ist keine ganze Zahl")
        value = int(text.replace(".", ""))
        if column.minimum is not None and value < column.minimum:
            raise ValueError(f"darf nicht negativ sein ({text})" if column.minimum == 0 else
                             f"muss mindestens {column.minimum} sein")
        return value
    if kind == "date":
        return _date(text)
    if kind == "datetime":
        for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d.%m.%Y %H:%M"):
            try:
                return dt.datetime.strptime(text, fmt)
            except ValueError:
                continue
        raise ValueError(f"„{text}“ ist kein Zeitpunkt (erwartet: 2027-02-03 18:00)")
    if kind == "bool":
        if text.lower() in YES:
            return True
        if text.lower() in NO:
            return False
        raise ValueError(f"„{text}“ ist weder ja noch nein")
    if kind == "choice":
        if text not in column.choices:
            raise ValueError(f"„{text}“ ist nicht erlaubt (erlaubt: {', '.join(column.choices)})")
        return text
    if kind == "list":
        return [part.strip() for part in text.split(",") if part.strip()]
    if kind == "ags":
        if not re.fullmatch(r"\d{8}", text):
            raise ValueError(f"„{text}“ ist kein Gemeindeschlüssel (8 Ziffern, z. B. 05315000 für Köln)")
        if text not in known.municipalities:
            raise ValueError(f"eine Gemeinde mit dem Schlüssel {text} gibt es in NRW nicht")
        return text
    if kind == "rb":
        if text not in known.regions:
            raise ValueError(f"„{text}“ ist kein Regierungsbezirk (051, 053, 055, 057 oder 059)")
        return text
    if kind == "month":
        if not MONTH.match(text):
            raise ValueError(f"„{text}“ ist kein Monat (erwartet: JJJJ-MM, z. B. 2027-03)")
        return text
    return text


def _date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"„{text}“ ist kein Datum (erwartet: 2027-04-01 oder 1.4.2027)")


@dataclass
class Lookups:
    municipalities: set[str]
    regions: set[str]

    @classmethod
    def load(cls, session: Session) -> "Lookups":
        return cls(set(session.scalars(select(m.Municipality.ags))), set(session.scalars(select(m.Bezirksregierung.code))))


# --- files ------------------------------------------------------------------------------------------------

def read_rows(name: str, data: bytes) -> list[list[str]]:
    """All rows of a CSV (UTF-8, comma or semicolon) or XLSX file as text cells, header first."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the same problem for the user
            raise SheetError(f"Die Excel-Datei lässt sich nicht lesen ({type(exc).__name__}).") from None
        rows = [[_xlsx_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        return [r for r in rows if any(c.strip() for c in r)]
    if suffix == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SheetError("Die Datei ist nicht in UTF-8 gespeichert. In Excel: „Speichern unter“ → "
                             "„CSV UTF-8 (durch Trennzeichen getrennt)“.") from None
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(c.strip() for c in row)]
    raise SheetError(f"Unbekanntes Dateiformat {suffix or '(ohne Endung)'}: bitte .csv oder .xlsx.")


def _xlsx_cell(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour, value.minute) != (0, 0) else value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def write_rows(name: str, header: list[str], rows: list[list[str]]) -> bytes:
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        book = Workbook()
        sheet = book.active
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    if suffix == ".csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
        return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM makes Excel read the umlauts right
    raise SheetError(f"Unbekanntes Dateiformat {suffix or '(ohne Endung)'}: bitte .csv oder .xlsx.")


def sheet(name: str) -> Sheet:
    if name not in SHEETS:
        raise SheetError(f"Unbekannte Tabelle {name!r}; möglich sind: {', '.join(SHEETS)}.")
    return SHEETS[name]


# --- export -----------------------------------------------------------------------------------------------

def export(session: Session, name: str, filename: str) -> bytes:
    spec = sheet(name)
    query = select(spec.model)
    rows = [[to_cell(getattr(obj, c.name)) for c in spec.columns]
            for obj in session.scalars(query.order_by(*[getattr(spec.model, k) for k in spec.key]))]
    return write_rows(filename, spec.names, rows)


# --- import -----------------------------------------------------------------------------------------------

@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(session: Session, name: str, filename: str, data: bytes,
          allowed: Callable[[dict[str, Any]], str | None] | None = None) -> tuple[Sheet, list[tuple[int, dict]], list[Problem]]:
    """Parse and validate every row; `allowed` may refuse a row (returns a German reason), e.g. a
    regional editor's row in another Regierungsbezirk."""
    spec = sheet(name)
    try:
        rows = read_rows(filename, data)
    except SheetError as exc:
        return spec, [], [Problem(1, "", str(exc))]
    if not rows:
        return spec, [], [Problem(1, "", "Die Datei ist leer.")]
    header = [h.strip() for h in rows[0]]
    problems = []
    missing = [c.name for c in spec.columns if c.name not in header and (c.required or c.name in spec.key)
               and not (spec.generated_key and c.name in spec.key)]
    unknown = [h for h in header if h and h not in spec.names]
    if missing:
        problems.append(Problem(1, ", ".join(missing), "Spalte fehlt"))
    for name_ in unknown:
        problems.append(Problem(1, name_, f"unbekannte Spalte (erwartet: {', '.join(spec.names)})"))
    if problems:
        return spec, [], problems
    known = Lookups.load(session)
    index = {h: i for i, h in enumerate(header) if h}
    parsed: list[tuple[int, dict]] = []
    seen: dict[tuple, int] = {}
    for number, raw in enumerate(rows[1:], start=2):
        values: dict[str, Any] = {}
        bad = False
        for column in spec.columns:
            if column.name not in index:
                continue
            cell = raw[index[column.name]] if index[column.name] < len(raw) else ""
            try:
                value = parse(column, cell, known)
                table_column = spec.model.__table__.c[column.name]
                values[column.name] = None if value == "" and table_column.nullable else value
            except ValueError as exc:
                problems.append(Problem(number, column.name, str(exc)))
                bad = True
        if bad:
            continue
        key = tuple(values.get(k) for k in spec.key)
        if all(k is not None for k in key):
            if key in seen:
                problems.append(Problem(number, "/".join(spec.key),
                                        f"doppelter Schlüssel {'/'.join(map(str, key))} (schon in Zeile {seen[key]})"))
                continue
            seen[key] = number
        for rule in spec.checks:
            found = rule(session, values)
            if found:
                problems.append(Problem(number, *found))
                bad = True
        if not bad and allowed is not None:
            reason = allowed(values)
            if reason:
                problems.append(Problem(number, "", reason))
                bad = True
        if not bad:
            parsed.append((number, values))
    return spec, parsed, problems


def import_rows(session: Session, name: str, filename: str, data: bytes, *, dry_run: bool = False,
                allowed: Callable[[dict[str, Any]], str | None] | None = None) -> ImportResult:
    """All or nothing: with any problem, nothing is written (the caller's transaction is left untouched)."""
    spec, rows, problems = check(session, name, filename, data, allowed)
    result = ImportResult(problems=problems)
    if problems:
        return result
    for _, values in rows:
        key = tuple(values.get(k) for k in spec.key)
        existing = session.get(spec.model, key if len(key) > 1 else key[0]) if all(k is not None for k in key) else None
        if existing is None:
            if not dry_run:
                session.add(spec.model(**{k: v for k, v in values.items() if v is not None or k not in spec.key}))
            result.created += 1
            continue
        changes = {k: v for k, v in values.items() if getattr(existing, k) != v}
        if not changes:
            result.unchanged += 1
            continue
        if not dry_run:
            for k, v in changes.items():
                setattr(existing, k, v)
        result.updated += 1
    if not dry_run:
        session.flush()
    return result
