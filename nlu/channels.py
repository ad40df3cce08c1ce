"""Rasa's REST channel, strict about its input (runs in the Rasa environment): a body that is not a JSON
object with a non-empty `sender` and a string `message` gets 400 with a reason instead of a 500 and a
traceback in the log. Registered under the same name, so the URL stays /webhooks/rest/webhook."""

from __future__ import annotations

import logging
from typing import Any, Text

from faq.logs import REQUEST_ID

from rasa.core.channels.rest import RestInput
from sanic.exceptions import InvalidUsage as BadRequest  # sanic 21: 400 Bad Request
from sanic.request import Request

logger = logging.getLogger("nachbarbot.channel")
logger.setLevel(logging.INFO)  # Rasa puts the root logger at WARNING after start-up
MAX_MESSAGE = 4000  # characters; the fronts cap far lower (MAX_MESSAGE_CHARS)


def _body(request: Request) -> dict[str, Any]:
    try:
        body = request.json
    except Exception:  # noqa: BLE001 - sanic raises on malformed JSON
        raise BadRequest("body must be a JSON object") from None
    if not isinstance(body, dict):
        raise BadRequest("body must be a JSON object with 'sender' and 'message'")
    return body


class StrictRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    async def _extract_sender(self, req: Request) -> str:
        sender = _body(req).get("sender")
        if not isinstance(sender, str) or not sender.strip() or len(sender) > 200:
            raise BadRequest("'sender' must be a non-empty string")
        return sender

    def _extract_message(self, req: Request) -> str:
        body = _body(req)
        request_id = str((body.get("metadata") or {}).get("request_id") or "")[:40] \
            if isinstance(body.get("metadata"), dict) else ""
        REQUEST_ID.set(request_id)
        logger.info("message received from %s", body.get("sender"))
        message = body.get("message")
        if not isinstance(message, str) or not message.strip():
            raise BadRequest("'message' must be a non-empty string")
        return message[:MAX_MESSAGE]

    def _extract_input_channel(self, req: Request) -> Text:
        return _body(req).get("input_channel") or self.name()
