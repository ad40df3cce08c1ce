"""The admin's "Sprachmodell" page: is the model out of date, the recent trainings with their progress,
scores and reasons, "Neu trainieren" (runs in the background; one at a time) and "Zurück zum vorigen Modell"."""

from __future__ import annotations

import asyncio
import os
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette_admin import CustomView, route

from admin.auth import current
from bot import retraining

STATES = {"queued": "wartet", "running": "läuft", "accepted": "übernommen", "rejected": "abgelehnt",
          "failed": "fehlgeschlagen", "unchanged": "unverändert"}


def _status() -> dict:
    active = retraining.active()
    previous = retraining.previous()
    return {"active": active, "previous": previous, "out_of_date": retraining.out_of_date(),
            "jobs": retraining.jobs(10)}


class TrainingView(CustomView):
    route_name = "training"
    menu_label = "Sprachmodell"
    icon = "fa fa-brain"
    path = "/sprachmodell"

    def is_accessible(self, request: Request) -> bool:
        return current(request).nrw_wide

    @route("")
    async def index(self, request: Request) -> Response:
        status = await asyncio.to_thread(_status)
        base = str(request.base_url).rstrip("/") + "/admin" + self.path
        return self.templates.TemplateResponse(request=request, name="training.html", context={
            "title": "Sprachmodell", "base": base, "states": STATES, "message": request.query_params.get("msg", ""),
            "running": any(j.state in ("queued", "running") for j in status["jobs"]), **status})

    @route("/train", methods=["POST"])
    async def train(self, request: Request) -> Response:
        account = current(request)
        try:
            job = await asyncio.to_thread(retraining.request_job, f"admin:{account.username}")
            retraining.start_in_background(job, os.environ.get("RASA_URL"))
            message = "Training gestartet. Der Fortschritt steht unten; die Seite aktualisiert sich selbst."
        except retraining.TrainingBusy as exc:
            message = str(exc)
        return RedirectResponse(self._url(request, message), status_code=303)

    @route("/rollback", methods=["POST"])
    async def rollback(self, request: Request) -> Response:
        try:
            name = await asyncio.to_thread(retraining.rollback, os.environ.get("RASA_URL"))
            message = f"Zurück zum vorigen Modell ({name})."
        except (RuntimeError, retraining.TrainingBusy) as exc:
            message = str(exc)
        return RedirectResponse(self._url(request, message), status_code=303)

    def _url(self, request: Request, message: str) -> str:
        return str(request.base_url).rstrip("/") + "/admin" + self.path + "?msg=" + quote(message)
