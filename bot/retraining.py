"""Retraining safely ("Neu trainieren" in the admin, `nachbarbot train`): validate the training data, train,
evaluate the new model on the held-out gate sets, and load it into the running Rasa server without a
restart — only if it is not worse than the active model; otherwise the old model keeps answering and the
job says why. The previous model stays for a one-click rollback. Two trainings never run at once (a lock
file, and at most one queued or running job in the database)."""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx
import yaml
from sqlalchemy import select

from bot import stack
from bot.evaluate import GATE_FILES, evaluate_model
from faq import db, export
from faq import models as m
from faq.models import utcnow
from faq.settings import PROJECT_ROOT, rasa_api_params, state_dir

log = logging.getLogger(__name__)

TOLERANCE = 0.005  # "not worse": at most half a point below the active model on the gate sets


class TrainingBusy(Exception):
    pass


def content_hash() -> str:
    """The staff-maintained training content (FAQ phrasings, place names): changes mark the model out of date."""
    with db.session() as s:
        doc = [export.faq_training_data(s), export.lookup_tables(s), export.faq_responses(s)]
        learned = export.learned_training_data(s)
        if learned["nlu"]:  # (only then, so the hash of content without any stays what it was)
            doc.append(learned)
    return hashlib.sha256(yaml.safe_dump(doc, allow_unicode=True, sort_keys=True).encode()).hexdigest()


def active() -> m.ModelVersion | None:
    with db.session() as s:
        return s.scalar(select(m.ModelVersion).where(m.ModelVersion.active.is_(True)))


def previous() -> m.ModelVersion | None:
    with db.session() as s:
        return s.scalars(select(m.ModelVersion).where(m.ModelVersion.active.is_(False),
                                                      m.ModelVersion.activated_at.is_not(None))
                         .order_by(m.ModelVersion.activated_at.desc())).first()


def out_of_date() -> bool:
    current = active()
    return current is None or current.content_hash != content_hash()


def path_of(name: str) -> Path:
    return stack.model_cache() / f"{name}.tar.gz"


def startup_model() -> Path:
    """The model `nachbarbot run` starts with: the active one if it is on disk, else a (cached) fresh training
    that becomes the active one."""
    current = active()
    if current is not None and path_of(current.name).exists():
        return path_of(current.name)
    model = stack.train(quiet=True)
    _activate(model.name.removesuffix(".tar.gz"), content_hash(), None)
    return model


def _activate(name: str, content: str, metrics: dict | None) -> None:
    with db.session() as s:
        for row in s.scalars(select(m.ModelVersion).where(m.ModelVersion.active.is_(True))):
            row.active = False
        row = s.get(m.ModelVersion, name) or m.ModelVersion(name=name)
        row.content_hash, row.active, row.activated_at = content, True, utcnow()
        if metrics is not None:
            row.metrics = metrics
        s.add(row)


# --- jobs ----------------------------------------------------------------------------------------------------

def request_job(by: str) -> int:
    """Queue a training; TrainingBusy if one is queued or running."""
    with db.session() as s:
        if s.scalar(select(m.TrainingJob).where(m.TrainingJob.state.in_(("queued", "running")))):
            raise TrainingBusy("Es läuft bereits ein Training.")
        job = m.TrainingJob(requested_by=by, state="queued", step="")
        s.add(job)
        s.flush()
        return job.id


def start_in_background(job_id: int, rasa_url: str | None) -> None:
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    if rasa_url:
        env["RASA_URL"] = rasa_url
    logfile = open(state_dir() / "training.log", "ab")  # noqa: SIM115 - owned by the child
    subprocess.Popen([sys.executable, "-m", "bot.cli", "train", "--job", str(job_id)], env=env, cwd=PROJECT_ROOT,
                     stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True)


def _update(job_id: int, **values: object) -> None:
    with db.session() as s:
        job = s.get(m.TrainingJob, job_id)
        for key, value in values.items():
            setattr(job, key, value)
        if values.get("state") in ("accepted", "rejected", "failed", "unchanged"):
            job.finished_at = utcnow()


@contextmanager
def _lock() -> Iterator[None]:
    path = state_dir() / "training.lock"
    with open(path, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise TrainingBusy("Es läuft bereits ein Training.") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def validate() -> list[str]:
    """Problems that make a training set unusable, in German (an empty list: fine)."""
    problems = []
    with db.session() as s:
        owners: dict[tuple[str, str], str] = {}
        for q in s.scalars(select(m.FaqQuestion)):
            text = " ".join(q.text.lower().split())
            if not text:
                problems.append(f"Leere Formulierung bei „{q.faq_key}“.")
                continue
            other = owners.setdefault((q.lang, text), q.faq_key)
            if other != q.faq_key:
                problems.append(f"„{q.text}“ steht bei „{other}“ und bei „{q.faq_key}“: eine Formulierung darf "
                                "nur zu einem Eintrag gehören.")
        for p in s.scalars(select(m.LearnedPhrasing)):
            other = owners.setdefault((p.lang, " ".join(p.text.lower().split())), p.intent)
            if other != p.intent:
                problems.append(f"„{p.text}“ steht bei „{other}“ und bei „{p.intent}“: eine Formulierung darf "
                                "nur zu einem Thema gehören.")
        for entry in s.scalars(select(m.FaqEntry)):
            if not (entry.answer_de or "").strip():
                problems.append(f"„{entry.key}“ hat noch keine deutsche Antwort.")
            if not any(q.lang == "de" for q in entry.questions):
                problems.append(f"„{entry.key}“ hat keine deutsche Formulierung.")
    return problems[:20]


def run_job(job_id: int, rasa_url: str | None, force: bool = False) -> str:
    """Do the whole job; returns its final state."""
    try:
        with _lock():
            return _run(job_id, rasa_url, force)
    except TrainingBusy as exc:
        _update(job_id, state="failed", reason=str(exc), step="")
        return "failed"
    except Exception as exc:  # noqa: BLE001 - the job must end with a reason, whatever happened
        log.exception("training job %d failed", job_id)
        _update(job_id, state="failed", reason=f"Fehler: {exc}"[:2000], step="")
        return "failed"


def _run(job_id: int, rasa_url: str | None, force: bool) -> str:
    _update(job_id, state="running", step="Trainingsdaten prüfen")
    problems = validate()
    if problems:
        _update(job_id, state="rejected", step="", reason="Die Trainingsdaten sind fehlerhaft; das bisherige Modell "
                                                          "antwortet weiter.\n" + "\n".join(problems))
        return "rejected"
    content = content_hash()
    _update(job_id, step="Trainiere (etwa eine Minute)")
    model = stack.train(force=force, quiet=True)
    name = model.name.removesuffix(".tar.gz")
    current = active()
    if current is not None and current.name == name and not force:
        _update(job_id, state="unchanged", step="", model=name, reason="Das Modell ist schon aktuell.")
        _activate(name, content, None)
        return "unchanged"
    _update(job_id, step="Bewerte das neue Modell auf den Testsätzen", model=name)
    new_metrics = _accuracies(model)
    current_metrics = None
    if current is not None:
        current_metrics = current.metrics
        if not current_metrics and path_of(current.name).exists():
            _update(job_id, step="Bewerte das bisherige Modell zum Vergleich")
            current_metrics = _accuracies(path_of(current.name))
            with db.session() as s:
                s.get(m.ModelVersion, current.name).metrics = current_metrics
    with db.session() as s:
        row = s.get(m.ModelVersion, name) or m.ModelVersion(name=name, content_hash=content)
        row.metrics, row.content_hash = new_metrics, content
        s.add(row)
    metrics = {"new": new_metrics, "current": current_metrics}
    if current_metrics and new_metrics["gesamt"] < current_metrics["gesamt"] - TOLERANCE:
        _update(job_id, state="rejected", step="", metrics=metrics,
                reason=f"Das neue Modell erkennt {new_metrics['gesamt']:.1%} der Testfragen richtig, das bisherige "
                       f"{current_metrics['gesamt']:.1%}: es wäre schlechter. Das bisherige Modell antwortet weiter.")
        return "rejected"
    if rasa_url:
        _update(job_id, step="Lade das neue Modell in den laufenden Rasa-Server")
        load(rasa_url, model)
    _activate(name, content, new_metrics)
    _update(job_id, state="accepted", step="", metrics=metrics,
            reason=f"Übernommen: {new_metrics['gesamt']:.1%} der Testfragen richtig"
                   + (f" (bisher {current_metrics['gesamt']:.1%})." if current_metrics else "."))
    return "accepted"


def _accuracies(model: Path) -> dict[str, float]:
    results = evaluate_model(model, GATE_FILES)
    total = sum(r.total for r in results.values())
    out = {name: round(r.intent_accuracy, 4) for name, r in results.items()}
    out["gesamt"] = round(sum(r.intent_correct for r in results.values()) / total, 4) if total else 0.0
    return out


def load(rasa_url: str, model: Path) -> None:
    """Rasa's HTTP API swaps the model in the running server (no restart, conversations stay). Behind a
    balancer, every replica named in RASA_REPLICA_URLS gets it (a replica started later takes the active one)."""
    replicas = [u.strip() for u in os.environ.get("RASA_REPLICA_URLS", "").split(",") if u.strip()]
    for url in replicas or [rasa_url]:
        response = httpx.put(f"{url.rstrip('/')}/model", json={"model_file": str(model.resolve())},
                             params=rasa_api_params(), timeout=300)
        if response.status_code >= 300:
            raise RuntimeError(f"Rasa hat das Modell nicht geladen ({response.status_code}): {response.text[:300]}")


def rollback(rasa_url: str | None) -> str:
    """Back to the model that was active before; returns its name."""
    before = previous()
    if before is None or not path_of(before.name).exists():
        raise RuntimeError("Es gibt kein vorheriges Modell, zu dem zurückgekehrt werden kann.")
    with _lock():
        if rasa_url:
            load(rasa_url, path_of(before.name))
        _activate(before.name, before.content_hash, None)
    return before.name


def jobs(limit: int = 10) -> list[m.TrainingJob]:
    with db.session() as s:
        return list(s.scalars(select(m.TrainingJob).order_by(m.TrainingJob.id.desc()).limit(limit)))
