"""Changes reach the bot safely: a phrasing added in the admin is understood after "Neu trainieren" (the new
model is validated, trained, evaluated and loaded into the running Rasa server without a restart); a damaged
training set is refused and the old model keeps answering; rollback restores the previous answers."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from bot import retraining
from faq import db, export
from faq import models as m
from tests.admin_browser import AdminServer, browser, log_in, needs_chromium, new_account, page, shoot  # noqa: F401

NACHBARBOT = [str(Path(__file__).resolve().parents[1] / ".venv" / "bin" / "nachbarbot")]
PHRASING = "erklär mir bitte das zebrastreifenquiz"


def ask(rasa_url: str, text: str) -> dict:
    result = subprocess.run(NACHBARBOT + ["ask", "--jsonl"], input=json.dumps({"text": text}) + "\n",
                            capture_output=True, text=True, env=dict(os.environ, RASA_URL=rasa_url), timeout=120)
    return json.loads(result.stdout.splitlines()[0])


def answer_text(result: dict) -> str:
    return "\n".join(r["text"] for r in result["replies"])


def wait_for_job(job_id: int, timeout: float = 600) -> m.TrainingJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = next(j for j in retraining.jobs(20) if j.id == job_id)
        if job.state not in ("queued", "running"):
            return job
        time.sleep(2)
    raise TimeoutError(f"training job {job_id} did not finish")


@pytest.fixture(scope="module")
def admin_server(stack):
    server = AdminServer(stack.rasa_url)
    yield server
    server.stop()


@pytest.fixture
def live_model(stack, model):
    """The stack's model is the active one, as after `nachbarbot run`; afterwards it is loaded again."""
    retraining._activate(model.name.removesuffix(".tar.gz"), retraining.content_hash(), None)
    yield stack
    retraining.load(stack.rasa_url, model)
    retraining._activate(model.name.removesuffix(".tar.gz"), "", None)
    with db.session() as s:
        for q in s.scalars(select(m.FaqQuestion).where(m.FaqQuestion.text.in_([PHRASING, "Was ist eine EAE?"]))):
            s.delete(q)
        export.export_training_data(s)  # the generated training files as the shipped data makes them


def test_a_damaged_training_set_is_refused_and_the_old_model_keeps_answering(live_model):
    before = answer_text(ask(live_model.rasa_url, "was ist eigentlich eine erstaufnahmeeinrichtung"))
    with db.session() as s:
        taken = s.scalars(select(m.FaqQuestion).where(m.FaqQuestion.faq_key == "eae")).first()
        s.add(m.FaqQuestion(faq_key="zue", lang=taken.lang, text=taken.text))  # one phrasing, two entries
    result = subprocess.run(NACHBARBOT + ["train"], capture_output=True, text=True,
                            env=dict(os.environ, RASA_URL=live_model.rasa_url), timeout=600)
    assert result.returncode == 1 and "rejected" in result.stdout and "nur zu einem Eintrag" in result.stdout
    assert answer_text(ask(live_model.rasa_url, "was ist eigentlich eine erstaufnahmeeinrichtung")) == before
    with db.session() as s:
        for q in s.scalars(select(m.FaqQuestion).where(m.FaqQuestion.faq_key == "zue",
                                                       m.FaqQuestion.text == taken.text)):
            s.delete(q)


@needs_chromium
def test_a_phrasing_added_in_the_admin_is_understood_after_retraining_and_rollback_restores(
        live_model, admin_server, page):  # noqa: F811
    first = ask(live_model.rasa_url, PHRASING)
    assert "Erstaufnahme" not in answer_text(first), "not understood before"
    name, password = new_account("editor")
    log_in(page, admin_server.url, name, password)
    page.goto(f"{admin_server.url}/admin/faq-question/create")
    page.fill("input[name=faq_key]", "eae")
    page.select_option("select[name=lang]", "de")
    page.fill("input[name=text]", PHRASING)
    page.locator("button.btn-primary[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{admin_server.url}/admin/sprachmodell")
    assert page.locator("#out-of-date").is_visible(), "a new phrasing marks the model as out of date"
    page.click("#train")
    page.wait_for_load_state("networkidle")
    shoot(page, "08-sprachmodell")
    with db.session() as s:
        job_id = s.scalars(select(m.TrainingJob.id).order_by(m.TrainingJob.id.desc())).first()
    job = wait_for_job(job_id)
    assert job.state == "accepted", job.reason
    after = ask(live_model.rasa_url, PHRASING)
    assert "Erstaufnahme" in answer_text(after), "understood after retraining, without a restart"
    page.goto(f"{admin_server.url}/admin/sprachmodell")
    assert page.locator("#up-to-date").is_visible()
    page.click("#rollback")
    page.wait_for_load_state("networkidle")
    assert "Zurück zum vorigen Modell" in page.locator("#training-message").inner_text()
    assert "Erstaufnahme" not in answer_text(ask(live_model.rasa_url, PHRASING)), "the previous answers again"


def test_two_trainings_never_run_at_once():
    with db.session() as s:
        s.add(m.TrainingJob(requested_by="test", state="running", step="läuft"))
    try:
        with pytest.raises(retraining.TrainingBusy):
            retraining.request_job("test")
    finally:
        with db.session() as s:
            for job in s.scalars(select(m.TrainingJob).where(m.TrainingJob.requested_by == "test")):
                job.state = "failed"
