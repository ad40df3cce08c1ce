"""Loads the shipped data into the database: real reference data, credit rates, demo data, FAQ content.

All files are read and checked first; a malformed file stops the load with file, row and reason, and
nothing is written. Loading twice changes nothing. Reference data (municipalities, postal codes,
Kreise, Bezirksregierungen, credit rates) is always brought up to date; content that staff maintain
(FAQ entries, facilities, contacts, events, forecast) is only added where missing, so a re-seed never
overwrites an edit, unless `overwrite=True`.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from faq import models as m

DATA = Path(__file__).resolve().parent / "data"
CONTENT = Path(__file__).resolve().parent / "content"


class SeedError(ValueError):
    """A malformed input file: names the file, the row and the reason."""

    def __init__(self, path: Path, row: int | str, reason: str):
        super().__init__(f"{path.name}, row {row}: {reason}")
        self.path, self.row, self.reason = path, row, reason


# --- parsing helpers ------------------------------------------------------------------------------

def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _datetime(value: str) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _int(value: str) -> int | None:
    return int(value) if value != "" else None


def _float(value: str) -> float | None:
    return float(value) if value != "" else None


def _bool(value: str) -> bool:
    if value.lower() in ("true", "1", "ja", "yes"):
        return True
    if value.lower() in ("false", "0", "nein", "no", ""):
        return False
    raise ValueError(f"not a yes/no value: {value!r}")


def _choice(*allowed: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of {', '.join(allowed)}")
        return value
    return check


def _digits(n: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        if len(value) != n or not value.isdigit():
            raise ValueError(f"{value!r} is not a {n}-digit code")
        return value
    return check


def _required(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


def _text(value: str) -> str:
    return value.strip()


@dataclass
class Table:
    """How one CSV file maps onto one model: column name -> (attribute, converter)."""

    file: str
    model: type[m.Base]
    columns: dict[str, tuple[str, Callable[[str], Any]]]
    content: bool = False  # staff-maintained: never overwrite an existing row unless asked
    extra: dict[str, Any] = field(default_factory=dict)


REFERENCE_TABLES = [
    Table("bezirksregierungen_nrw.csv", m.Bezirksregierung, {
        "regierungsbezirk_code": ("code", _digits(3)), "regierungsbezirk": ("name", _required),
        "behoerde": ("behoerde", _required), "strasse": ("strasse", _text), "plz": ("plz", _text),
        "ort": ("ort", _text), "telefon_zentrale": ("telefon", _text), "website": ("website", _text),
    }),
    Table("kreise_nrw.csv", m.Kreis, {
        "kreis_ags": ("ags", _digits(5)), "kreis_name": ("name", _required),
        "kreis_bezeichnung": ("bezeichnung", _required), "kreistyp": ("kreistyp", _required),
        "regierungsbezirk_code": ("rb_code", _digits(3)),
    }),
    Table("gemeinden_nrw.csv", m.Municipality, {
        "ags": ("ags", _digits(8)), "name": ("name", _required), "name_kurz": ("name_kurz", _required),
        "gemeindetyp": ("gemeindetyp", _required), "kreis_ags": ("kreis_ags", _digits(5)),
        "regierungsbezirk_code": ("rb_code", _digits(3)), "einwohner": ("einwohner", int),
        "einwohner_stichtag": ("einwohner_stichtag", _date), "flaeche_km2": ("flaeche_km2", float),
    }),
    Table("plz_nrw.csv", m.PostalCode, {"plz": ("plz", _digits(5)), "ags": ("ags", _digits(8))}),
    Table("place_aliases.csv", m.PlaceAlias, {"alias": ("alias", _required), "ags": ("ags", _digits(8))}),
]

DEMO_TABLES = [
    Table("demo/facilities.csv", m.Facility, {
        "id": ("id", _required), "name": ("name", _required), "type": ("type", _choice("EAE", "ZUE", "NU")),
        "status": ("status", _choice("geplant", "in_vorbereitung", "in_betrieb", "geschlossen")),
        "ags": ("ags", _digits(8)), "address": ("address", _text), "capacity": ("capacity", _int),
        "opening_date": ("opening_date", _date), "closing_date": ("closing_date", _date),
        "lat": ("lat", _float), "lon": ("lon", _float), "demo": ("demo", _bool),
    }, content=True),
    Table("demo/contacts.csv", m.Contact, {
        "id": ("id", _required),
        "role": ("role", _choice("umfeldmanagement", "bezirksregierung", "akquise", "ehrenamt")),
        "name": ("name", _required), "organisation": ("organisation", _text), "phone": ("phone", _text),
        "email": ("email", _text), "office_hours": ("office_hours", _text),
        "facility_id": ("facility_id", lambda v: v or None), "regierungsbezirk": ("rb_code", _text),
        "demo": ("demo", _bool),
    }, content=True),
    Table("demo/events.csv", m.Event, {
        "id": ("id", _required), "facility_id": ("facility_id", lambda v: v or None),
        "ags": ("ags", _digits(8)), "title": ("title", _required),
        "kind": ("kind", _choice("infoveranstaltung", "begegnungsfest", "beirat")),
        "starts_at": ("starts_at", _datetime), "ends_at": ("ends_at", _datetime),
        "location": ("location", _text), "description": ("description", _text), "demo": ("demo", _bool),
    }, content=True),
    Table("demo/forecast.csv", m.Forecast, {
        "month": ("month", lambda v: dt.date.fromisoformat(v + "-01").strftime("%Y-%m")),
        "allocations_nrw": ("allocations_nrw", int), "published_on": ("published_on", _date),
        "demo": ("demo", _bool),
    }, content=True),
]


# Who receives hand-overs, and the rules that pick the office: content staff maintain, loaded with or
# without the demo set (the shipped office addresses are on example.org and marked demo).
HANDOVER_TABLES = [
    Table("offices.csv", m.Office, {
        "code": ("code", _required), "name": ("name", _required), "email": ("email", _required),
        "regierungsbezirk_code": ("rb_code", lambda v: _digits(3)(v) if v else None),
        "active": ("active", _bool), "demo": ("demo", _bool),
    }, content=True),
    Table("routing_rules.csv", m.RoutingRule, {
        "id": ("id", _required), "priority": ("priority", int),
        "topic": ("topic", _choice("*", "akquise", "zuweisung", "einrichtung", "allgemein")),
        "regierungsbezirk_code": ("rb_code", lambda v: _digits(3)(v) if v else None),
        "office_code": ("office_code", _required), "reason": ("reason", _required),
    }, content=True),
]


def read_table(table: Table, base: Path = DATA) -> list[dict[str, Any]]:
    path = base / table.file
    if not path.exists():
        raise SeedError(path, "-", "file not found")
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = set(table.columns) - set(reader.fieldnames or [])
        if missing:
            raise SeedError(path, 1, f"missing column(s): {', '.join(sorted(missing))}")
        for lineno, raw in enumerate(reader, start=2):
            if None in raw or any(v is None for v in raw.values()):
                raise SeedError(path, lineno, "wrong number of fields")
            row = {}
            for column, (attr, convert) in table.columns.items():
                try:
                    row[attr] = convert(raw[column])
                except ValueError as exc:
                    raise SeedError(path, lineno, f"column {column}: {exc}") from None
            rows.append(row)
    return rows


def _rb_code_by_name(session: Session) -> dict[str, str]:
    return {rb.name: rb.code for rb in session.scalars(select(m.Bezirksregierung))}


def read_credit_rates(base: Path = DATA) -> list[dict[str, Any]]:
    return read_table(Table("credit_rates.csv", m.CreditRate, {
        "valid_from": ("valid_from", _date), "valid_until": ("valid_until", _date),
        "rate_percent": ("rate_percent", int), "source": ("source", _required),
    }), base)


def read_faq(path: Path = CONTENT / "faq.yml") -> list[dict[str, Any]]:
    if not path.exists():
        raise SeedError(path, "-", "file not found")
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SeedError(path, mark.line + 1 if mark else "-", f"not valid YAML: {exc}") from None
    entries = (doc or {}).get("entries")
    if not isinstance(entries, list):
        raise SeedError(path, "-", "expected a list under 'entries'")
    seen: set[str] = set()
    out = []
    for i, e in enumerate(entries, start=1):
        where = f"entry {i} ({e.get('key', '?') if isinstance(e, dict) else '?'})"
        if not isinstance(e, dict):
            raise SeedError(path, where, "not a mapping")
        for required in ("key", "answer_de", "answer_en", "questions_de", "questions_en"):
            if not e.get(required):
                raise SeedError(path, where, f"'{required}' is missing or empty")
        if e["key"] in seen:
            raise SeedError(path, where, "duplicate key")
        seen.add(e["key"])
        if len(e["questions_de"]) < 8 or len(e["questions_en"]) < 2:
            raise SeedError(path, where, "needs at least 8 German and 2 English questions")
        reviewed = e.get("last_reviewed")
        out.append({
            "key": str(e["key"]), "answer_de": str(e["answer_de"]).strip(),
            "answer_en": str(e["answer_en"]).strip(), "tags": list(e.get("tags") or []),
            "source": str(e.get("source") or ""),
            "last_reviewed": dt.date.fromisoformat(str(reviewed)) if reviewed else None,
            "questions": [("de", str(q).strip()) for q in e["questions_de"]]
            + [("en", str(q).strip()) for q in e["questions_en"]],
        })
    return out


@dataclass
class SeedReport:
    changes: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> table -> count

    def count(self, kind: str, name: str) -> None:
        per_table = self.changes.setdefault(kind, {})
        per_table[name] = per_table.get(name, 0) + 1

    def __str__(self) -> str:
        if not self.changes:
            return "nothing to change: the database is up to date"
        return ", ".join(f"{n} {table} {kind}" for kind in ("added", "updated", "removed")
                         for table, n in sorted(self.changes.get(kind, {}).items()))


def _upsert(session: Session, model: type[m.Base], rows: Iterable[dict[str, Any]], *, content: bool,
            overwrite: bool, report: SeedReport) -> None:
    pk = [c.key for c in model.__table__.primary_key.columns]
    for row in rows:
        existing = session.get(model, tuple(row[k] for k in pk) if len(pk) > 1 else row[pk[0]])
        if existing is None:
            session.add(model(**row))
            report.count("added", model.__tablename__)
        elif not content or overwrite:
            changed = {k: v for k, v in row.items() if getattr(existing, k) != v}
            if changed:
                for k, v in changed.items():
                    setattr(existing, k, v)
                report.count("updated", model.__tablename__)
    session.flush()


def _seed_credit_rates(session: Session, rows: list[dict[str, Any]], report: SeedReport) -> None:
    existing = {(r.valid_from, r.valid_until, r.rate_percent, r.source)
                for r in session.scalars(select(m.CreditRate))}
    for row in rows:
        if (row["valid_from"], row["valid_until"], row["rate_percent"], row["source"]) not in existing:
            session.add(m.CreditRate(**row))
            report.count("added", "credit_rates")


def _seed_faq(session: Session, entries: list[dict[str, Any]], overwrite: bool, report: SeedReport) -> None:
    for e in entries:
        entry = session.get(m.FaqEntry, e["key"])
        if entry is None:
            entry = m.FaqEntry(key=e["key"], answer_de=e["answer_de"], answer_en=e["answer_en"],
                               tags=e["tags"], source=e["source"], last_reviewed=e["last_reviewed"])
            session.add(entry)
            report.count("added", "faq_entries")
        elif overwrite:
            fields = {k: e[k] for k in ("answer_de", "answer_en", "tags", "source", "last_reviewed")}
            if any(getattr(entry, k) != v for k, v in fields.items()):
                for k, v in fields.items():
                    setattr(entry, k, v)
                report.count("updated", "faq_entries")
        if overwrite:  # the file's phrasings exactly: drop those it no longer has
            wanted = set(e["questions"])
            for q in [q for q in entry.questions if (q.lang, q.text) not in wanted]:
                entry.questions.remove(q)
                report.count("removed", "faq_questions")
        have = {(q.lang, q.text) for q in entry.questions}
        for lang, text in dict.fromkeys(e["questions"]):
            if (lang, text) not in have:
                entry.questions.append(m.FaqQuestion(lang=lang, text=text))
                report.count("added", "faq_questions")


def _check_references(data: Path, reference: list, demo_rows: list) -> None:
    """Catch dangling codes before anything is written, with the row that holds them."""
    known_ags = {r["ags"] for t, rows in reference if t.model is m.Municipality for r in rows}
    facility_ids = {r["id"] for t, rows in demo_rows if t.model is m.Facility for r in rows}
    for table, rows in reference + demo_rows:
        for i, row in enumerate(rows, start=2):
            if table.model in (m.Facility, m.Event, m.PostalCode, m.PlaceAlias) and row["ags"] not in known_ags:
                raise SeedError(data / table.file, i, f"unknown municipality code (AGS) {row['ags']}")
            if row.get("facility_id") and row["facility_id"] not in facility_ids:
                raise SeedError(data / table.file, i, f"unknown facility_id {row['facility_id']!r}")


def seed(session: Session, *, demo: bool = True, overwrite: bool = False, data: Path = DATA,
         faq_file: Path = CONTENT / "faq.yml") -> SeedReport:
    """Validate every input file, then load them in the caller's transaction."""
    reference = [(t, read_table(t, data)) for t in REFERENCE_TABLES]
    credit_rates = read_credit_rates(data)
    demo_rows = [(t, read_table(t, data)) for t in DEMO_TABLES] if demo else []
    faq_entries = read_faq(faq_file)

    handover = [(t, read_table(t, data)) for t in HANDOVER_TABLES]

    _check_references(data, reference, demo_rows)
    office_codes = {r["code"] for r in handover[0][1]}
    for i, row in enumerate(handover[1][1], start=2):
        if row["office_code"] not in office_codes:
            raise SeedError(data / handover[1][0].file, i, f"unknown office_code {row['office_code']!r}")

    report = SeedReport()
    for table, rows in reference:
        _upsert(session, table.model, rows, content=False, overwrite=overwrite, report=report)
    _seed_credit_rates(session, credit_rates, report)
    rb_codes = _rb_code_by_name(session)
    for table, rows in demo_rows:
        if table.model is m.Contact:
            for i, row in enumerate(rows, start=2):
                if row["rb_code"] and row["rb_code"] not in rb_codes:
                    raise SeedError(data / table.file, i, f"unknown Regierungsbezirk {row['rb_code']!r}")
                row["rb_code"] = rb_codes.get(row["rb_code"]) if row["rb_code"] else None
        _upsert(session, table.model, rows, content=True, overwrite=overwrite, report=report)
    for table, rows in handover:
        _upsert(session, table.model, rows, content=True, overwrite=overwrite, report=report)
    _seed_faq(session, faq_entries, overwrite, report)
    session.flush()
    return report
