"""Content tables as CSV and Excel, through `nachbarbot export/import` and in the browser: an exported file
imports back unchanged, importing twice changes nothing, one bad row means nothing is written and every
problem is named with row, column and a German reason, and every change lands in the audit log."""

from __future__ import annotations

import csv
import io
import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from faq import db
from faq import models as m
from faq import spreadsheets
from faq.spreadsheets import SHEETS
from tests.admin_browser import admin_server, browser, log_in, needs_chromium, new_account, page, shoot  # noqa: F401

NACHBARBOT = [str(Path(__file__).resolve().parents[1] / ".venv" / "bin" / "nachbarbot")]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(NACHBARBOT + list(args), capture_output=True, text=True, env=dict(os.environ), timeout=120)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_every_table_exported_imports_back_unchanged(suffix):
    for table in SHEETS:
        with db.session() as s:
            data = spreadsheets.export(s, table, f"{table}.{suffix}")
            result = spreadsheets.import_rows(s, table, f"{table}.{suffix}", data)
            assert result.ok, result.problems
            assert (result.created, result.updated) == (0, 0), table
            s.rollback()


def test_the_command_line_exports_and_imports_excel(tmp_path):
    path = tmp_path / "termine.xlsx"
    assert run("export", "events", str(path)).returncode == 0
    again = run("import", "events", str(path))
    assert again.returncode == 0 and " 0 neu, 0 geändert" in again.stdout


def facilities_csv(tmp_path: Path) -> tuple[Path, list[list[str]]]:
    path = tmp_path / "einrichtungen.csv"
    assert run("export", "facilities", str(path)).returncode == 0
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    return path, rows


def write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def test_one_bad_row_means_nothing_is_written_and_every_problem_is_named(tmp_path):
    path, rows = facilities_csv(tmp_path)
    header = rows[0]
    rows[1][header.index("name")] = "Geänderter Name, der nicht ankommen darf"
    rows[2][header.index("capacity")] = "-40"
    rows[3][header.index("ags")] = "05999999"
    rows[4][header.index("opening_date")] = "morgen"
    rows[5][header.index("status")] = "offen"
    rows.append(list(rows[6]))  # a duplicate key
    write(path, rows)
    result = run("import", "facilities", str(path))
    assert result.returncode == 1
    assert "es wurde nichts geändert" in result.stderr
    assert "Zeile 3, Spalte capacity: darf nicht negativ sein" in result.stderr
    assert "Zeile 4, Spalte ags: eine Gemeinde mit dem Schlüssel 05999999 gibt es in NRW nicht" in result.stderr
    assert "Zeile 5, Spalte opening_date: „morgen“ ist kein Datum" in result.stderr
    assert "Zeile 6, Spalte status: „offen“ ist nicht erlaubt" in result.stderr
    assert f"Zeile {len(rows)}, Spalte id: doppelter Schlüssel" in result.stderr
    with db.session() as s:
        assert s.get(m.Facility, rows[1][0]).name != "Geänderter Name, der nicht ankommen darf"


def test_columns_and_encoding_are_checked(tmp_path):
    path, rows = facilities_csv(tmp_path)
    rows[0][rows[0].index("ags")] = "gemeinde"
    write(path, rows)
    result = run("import", "facilities", str(path))
    assert result.returncode == 1
    assert "Spalte ags: Spalte fehlt" in result.stderr and "Spalte gemeinde: unbekannte Spalte" in result.stderr
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("id,name\nx,Düren\n".encode("latin-1"))
    result = run("import", "facilities", str(latin))
    assert result.returncode == 1 and "nicht in UTF-8" in result.stderr
    assert run("import", "facilities", str(tmp_path / "tabelle.ods")).returncode == 1


def test_a_changed_and_a_new_row_are_written_once_and_audited(tmp_path):
    path, rows = facilities_csv(tmp_path)
    header = rows[0]
    original = list(rows[1])
    rows[1][header.index("address")] = "Neue Straße 1"
    new = list(rows[1])
    new[header.index("id")], new[header.index("name")] = "test-import-nu", "Notunterkunft Importtest"
    rows.append(new)
    write(path, rows)
    try:
        first = run("import", "facilities", str(path))
        assert first.returncode == 0 and "1 neu, 1 geändert" in first.stdout
        second = run("import", "facilities", str(path))
        assert "0 neu, 0 geändert" in second.stdout, "importing the same file twice changes nothing"
        with db.session() as s:
            assert s.get(m.Facility, original[0]).address == "Neue Straße 1"
            entry = s.scalars(select(m.AuditEntry).where(m.AuditEntry.table_name == "facilities",
                                                         m.AuditEntry.row_key == original[0])
                              .order_by(m.AuditEntry.id.desc())).first()
            assert entry.actor == "cli:import" and entry.new == {"address": "Neue Straße 1"}
            assert entry.old == {"address": original[header.index("address")]}
    finally:
        with db.session() as s:
            s.get(m.Facility, original[0]).address = original[header.index("address")]
            created = s.get(m.Facility, "test-import-nu")
            if created is not None:
                s.delete(created)


def upload(page, base: str, path: Path, account: tuple[str, str]) -> None:  # noqa: ANN001
    log_in(page, base, *account)
    page.goto(f"{base}/admin/tabellen")
    page.select_option("select[name=table]", "facilities")
    page.set_input_files("input[name=file]", str(path))
    page.click("#import-submit")
    page.wait_for_load_state("networkidle")


@needs_chromium
def test_a_sheet_with_one_bad_row_is_refused_in_the_browser(admin_server, page, tmp_path):  # noqa: F811
    path, rows = facilities_csv(tmp_path)
    header = rows[0]
    rows[1][header.index("name")] = "Darf nicht ankommen"
    rows[2][header.index("capacity")] = "-1"
    write(path, rows)
    upload(page, admin_server.url, path, new_account("editor"))
    problems = page.locator("#import-problems").inner_text()
    assert "es wurde nichts geändert" in problems and "darf nicht negativ sein" in problems
    shoot(page, "06-tabellen-import")
    with db.session() as s:
        assert s.get(m.Facility, rows[1][0]).name != "Darf nicht ankommen"
    with page.expect_download() as download:
        page.click("a[href$='table=facilities&format=xlsx']")
    assert download.value.suggested_filename == "facilities.xlsx"


@needs_chromium
def test_a_regional_editor_may_import_only_rows_of_their_district(admin_server, page, tmp_path):  # noqa: F811
    path, rows = facilities_csv(tmp_path)
    write(path, rows)  # unchanged, but it holds facilities of all five districts
    upload(page, admin_server.url, path, new_account("editor", "053"))
    assert "gehört nicht zu Ihrem Regierungsbezirk (053)" in page.locator("#import-problems").inner_text()
