"""The web admin in a real browser (Debian's Chromium, Playwright): log in, edit an answer and ask the bot,
answer a hand-over, an editor of another Regierungsbezirk is refused, no session means the log-in page,
every change is in the audit log. Screenshots of the main screens go to docs/screenshots/ for the README."""

from __future__ import annotations

import json
import os
import subprocess

import httpx
import pytest
from sqlalchemy import select

from faq import db
from faq import models as m
from faq.handover import tickets
from tests.admin_browser import admin_server, browser, log_in, needs_chromium, new_account, page, shoot  # noqa: F401

NACHBARBOT = [os.fspath(__import__("pathlib").Path(__file__).resolve().parents[1] / ".venv" / "bin" / "nachbarbot")]


def ask(rasa_url: str, text: str) -> str:
    result = subprocess.run(NACHBARBOT + ["ask", "--jsonl"], input=json.dumps({"text": text}) + "\n",
                            capture_output=True, text=True, env=dict(os.environ, RASA_URL=rasa_url), timeout=120)
    return "\n".join(r["text"] for r in json.loads(result.stdout.splitlines()[0])["replies"])


@needs_chromium
def test_without_a_session_every_page_leads_to_the_log_in(admin_server, page):
    page.goto(f"{admin_server.url}/admin/facility/list")
    assert "/admin/login" in page.url
    assert page.locator("button[type=submit]").inner_text().strip() == "Anmelden"
    shoot(page, "01-anmeldung")


@needs_chromium
def test_an_edited_answer_is_what_the_bot_says_next(admin_server, page, stack):
    name, password = new_account("editor")  # an NRW-wide editor
    log_in(page, admin_server.url, name, password)
    page.goto(f"{admin_server.url}/admin/faq-entry/list")
    assert page.get_by_text("FAQ-Einträge").first.is_visible()
    shoot(page, "02-faq-liste")
    with db.session() as s:
        original = s.get(m.FaqEntry, "eae").answer_de
    page.goto(f"{admin_server.url}/admin/faq-entry/edit?pk=eae")
    page.fill("textarea[name=answer_de]", "Eine EAE ist die erste Station nach der Ankunft (geändert im Browser).")
    shoot(page, "03-faq-bearbeiten")
    page.locator("button.btn-primary[type=submit]").click()
    page.wait_for_load_state("networkidle")
    try:
        assert "geändert im Browser" in ask(stack.rasa_url, "was ist eigentlich eine erstaufnahmeeinrichtung")
        with db.session() as s:
            entry = s.scalars(select(m.AuditEntry).where(m.AuditEntry.table_name == "faq_entries",
                                                         m.AuditEntry.row_key == "eae")
                              .order_by(m.AuditEntry.id.desc())).first()
            assert entry.actor == f"admin:{name}" and entry.action == "update"
            assert entry.old["answer_de"] == original and "geändert im Browser" in entry.new["answer_de"]
    finally:
        with db.session() as s:
            s.get(m.FaqEntry, "eae").answer_de = original


@needs_chromium
def test_a_regional_editor_is_refused_outside_their_regierungsbezirk(admin_server, page):
    name, password = new_account("editor", "053")  # Köln
    log_in(page, admin_server.url, name, password)
    page.goto(f"{admin_server.url}/admin/facility/list")
    page.wait_for_load_state("networkidle")
    listing = page.content()
    assert "ZUE Köln-Porz" in listing and "Notunterkunft Gladbeck" not in listing, "only their district's rows"
    shoot(page, "04-einrichtungen-redaktion-koeln")
    with db.session() as s:
        gladbeck = s.scalar(select(m.Facility).where(m.Facility.ags == "05562014"))  # Münster district
    page.goto(f"{admin_server.url}/admin/facility/edit?pk={gladbeck.id}")
    assert "404" in page.content() or "nicht" in page.content().lower()
    page.goto(f"{admin_server.url}/admin/faq-entry/edit?pk=eae")
    assert "FAQ-Eintrag" not in page.title() or "403" in page.content() or "404" in page.content() \
        or "verboten" in page.content().lower() or "keine berechtigung" in page.content().lower()
    page.goto(f"{admin_server.url}/admin/audit-entry/list")
    assert "Änderungsprotokoll" not in page.title(), "the audit log is for admins"


@needs_chromium
def test_a_hand_over_is_answered_in_the_browser_through_the_outbox(admin_server, page):
    with db.session() as s:
        ticket = tickets.submit(s, tickets.Draft(conversation="cli-admin-test", question="Gibt es einen Bus?",
                                                 lang="de", topic="allgemein", ags="05315000", rb_code="053",
                                                 reply_channel="console"))
        reference, ticket_id = ticket.reference, ticket.id
    name, password = new_account("editor", "053")
    log_in(page, admin_server.url, name, password)
    page.goto(f"{admin_server.url}/admin/ticket/list")
    page.wait_for_load_state("networkidle")
    assert reference in page.content()
    shoot(page, "05-weitergaben")
    page.goto(f"{admin_server.url}/admin/ticket/detail?pk={ticket_id}")
    page.wait_for_load_state("networkidle")
    page.get_by_text("Beantworten").first.click()
    page.fill("textarea[name=text]", "Ja, die Linie 151 hält vor der Unterkunft.")
    with page.expect_response(lambda r: "row-action" in r.url and r.request.method == "POST") as sent:
        page.get_by_role("button", name="Antwort senden").click()
    assert sent.value.ok
    with db.session() as s:
        done = s.scalar(select(m.Ticket).where(m.Ticket.reference == reference))
        assert done.status == "answered" and done.answers[-1].source == "admin"
        message = s.scalar(select(m.OutboxMessage).where(m.OutboxMessage.ticket_id == ticket_id,
                                                         m.OutboxMessage.channel == "console"))
        assert "Linie 151" in message.payload["text"] and reference in message.payload["text"]


def test_forms_without_the_csrf_token_are_refused(admin_server):
    with httpx.Client(base_url=admin_server.url) as client:
        client.get("/admin/login")
        refused = client.post("/admin/login", data={"username": "x", "password": "y"})
        assert refused.status_code == 403


def test_repeated_failed_log_ins_lock_the_account(admin_server):
    import re

    name, password = new_account("editor")
    with httpx.Client(base_url=admin_server.url) as client:
        for _ in range(5):
            token = re.search(r'name="csrftoken" value="([^"]+)"', client.get("/admin/login").text).group(1)
            client.post("/admin/login", data={"username": name, "password": "falsch", "csrftoken": token})
        token = re.search(r'name="csrftoken" value="([^"]+)"', client.get("/admin/login").text).group(1)
        locked = client.post("/admin/login", data={"username": name, "password": password, "csrftoken": token})
        assert "gesperrt" in locked.text, "even the right password waits until the lock ends"


def test_users_add_reads_the_password_from_stdin_and_never_accepts_a_short_one():
    ok = subprocess.run(NACHBARBOT + ["users", "add", "test.redaktion", "--role", "editor",
                                      "--regierungsbezirk", "055"], input="ein-langes-passwort\n",
                        capture_output=True, text=True)
    assert ok.returncode == 0 and "Regierungsbezirk 055" in ok.stdout
    short = subprocess.run(NACHBARBOT + ["users", "add", "kurz", "--role", "admin"], input="kurz\n",
                           capture_output=True, text=True)
    assert short.returncode == 1 and "mindestens 12 Zeichen" in short.stderr
    with db.session() as s:
        row = s.scalar(select(m.StaffAccount).where(m.StaffAccount.username == "test.redaktion"))
        assert row.password_hash.startswith("$argon2id$") and "ein-langes-passwort" not in row.password_hash
