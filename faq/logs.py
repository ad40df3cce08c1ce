"""Structured logs: one JSON object per line (LOG_FORMAT=json, what `nachbarbot run` gives its children and
production wants), with the request id that follows a message from the bot through Rasa to the actions.
Only pseudonyms ever reach a log. Standard library only: the Rasa environment imports this too."""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import os

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("nachbarbot_request_id", default="")


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str = "") -> None:
        super().__init__()
        self.service = service or os.environ.get("NACHBARBOT_SERVICE", "")

    def format(self, record: logging.LogRecord) -> str:
        entry = {"ts": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
                 "level": record.levelname, "service": self.service, "logger": record.name,
                 "msg": record.getMessage()}
        request_id = getattr(record, "request_id", "") or REQUEST_ID.get()
        if request_id:
            entry["request_id"] = request_id
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(service: str, level: int = logging.INFO) -> None:
    """Text for a person at a terminal, JSON lines when LOG_FORMAT=json."""
    handler = logging.StreamHandler()
    if os.environ.get("LOG_FORMAT", "text").lower() == "json":
        handler.setFormatter(JsonFormatter(service))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
