"""Rasa's REST channel, as anyone on the host could call it: bad bodies get 400 with a reason, never a 500,
and the server keeps answering."""

from __future__ import annotations

import httpx
import pytest


@pytest.mark.parametrize("body, content_type", [
    (b"", "application/json"), (b"[]", "application/json"), (b'["hallo"]', "application/json"),
    (b"{not json", "application/json"), (b'{"sender": "x"}', "application/json"),
    (b'{"message": "hallo"}', "application/json"), (b'{"sender": "x", "message": "   "}', "application/json"),
    (b'{"sender": 5, "message": "hallo"}', "application/json"), (b'"hallo"', "application/json"),
])
def test_bad_bodies_get_400_not_500(stack, body, content_type):
    response = httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", content=body,
                          headers={"Content-Type": content_type}, timeout=30)
    assert response.status_code == 400, response.text


def test_a_good_message_still_gets_its_answer(stack):
    response = httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook",
                          json={"sender": "rest-test", "message": "Ist in Köln etwas geplant?"}, timeout=30)
    assert response.status_code == 200 and "ZUE Köln-Porz" in response.json()[0]["text"]
