"""Not sure what was asked: the bot says so, offers the likeliest topics as buttons, and one tap answers."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import select

from faq import db, models as m
from tests.test_conversation import payloads, texts


def _action_call(action_url: str, text: str, intent: str, ranking: list[tuple[str, float]],
                 faq_ranking: list[tuple[str, float]], sender: str | None = None) -> list[dict]:
    """What Rasa sends the action server for a message it classified so (the real action server answers)."""
    sender = sender or uuid.uuid4().hex[:8]
    message = {
        "text": text, "entities": [],
        "intent": {"name": intent, "confidence": ranking[0][1] if intent != "nlu_fallback" else 0.5},
        "intent_ranking": ([{"name": "nlu_fallback", "confidence": 0.5}] if intent == "nlu_fallback" else [])
        + [{"name": n, "confidence": c} for n, c in ranking],
        "response_selector": {"all_retrieval_intents": ["faq"], "faq": {
            "response": {"intent_response_key": f"faq/{faq_ranking[0][0]}", "confidence": faq_ranking[0][1]},
            "ranking": [{"intent_response_key": f"faq/{k}", "confidence": c} for k, c in faq_ranking]}},
    }
    body = {"next_action": "action_answer", "sender_id": sender, "version": "3.6.2", "domain": {},
            "tracker": {"sender_id": sender, "slots": {}, "latest_message": message, "events": [],
                        "paused": False, "followup_action": None, "active_loop": {},
                        "latest_action_name": "action_listen"}}
    response = httpx.post(f"{action_url}/webhook", json=body, timeout=30)
    response.raise_for_status()
    return response.json()["responses"]


def _buttons(responses: list[dict]) -> list[dict]:
    return [b for r in responses for b in r.get("buttons") or []]


async def test_unsure_intent_offers_the_likely_topics_and_a_tap_answers(stack, asker):
    responses = _action_call(stack.action_url, "was is da eigentlich los bei den leuten", "nlu_fallback",
                             [("facility_opening", 0.3), ("faq", 0.2), ("greet", 0.15), ("contact_person", 0.1)],
                             [("ehrenamt", 0.6), ("spenden", 0.2)])
    said = "\n".join(r.get("text") or "" for r in responses)
    assert "nicht sicher" in said and "Meinten Sie" in said
    buttons = _buttons(responses)
    assert [b["payload"] for b in buttons][:1] == ["/facility_opening"]
    assert "/contact_person" in [b["payload"] for b in buttons], "small talk is never suggested, the next topic is"
    faq_button = next(b for b in buttons if not b["payload"].startswith("/"))
    assert "weitergeben" in said, "the offer to pass the question on stays"

    # the FAQ button sends the entry's own question: one tap, the entry's answer
    tapped = await asker.ask(uuid.uuid4().hex[:8], faq_button["payload"])
    assert tapped["intent"] == "faq" and "Ehrenamt" in texts(tapped)
    # a topic button with the place known answers the topic
    c = uuid.uuid4().hex[:8]
    await asker.ask(c, "Ist in Gladbeck etwas geplant?")
    opening = await asker.ask(c, "/facility_opening")
    assert "1.2.2024" in texts(opening)


async def test_unsure_faq_entry_offers_the_likely_entries(stack):
    responses = _action_call(stack.action_url, "wie läuft das mit dem geld", "faq", [("faq", 0.8)],
                             [("kosten_betrieb", 0.2), ("spenden", 0.18), ("vorteile_standortkommune", 0.12),
                              ("eae", 0.05)])
    buttons = _buttons(responses)
    assert "Meinten Sie" in "\n".join(r.get("text") or "" for r in responses)
    assert len(buttons) >= 3 and not any(b["payload"].startswith("/") for b in buttons[:3]), \
        "three entries, each as its own question"


async def test_a_message_with_a_place_always_offers_what_is_planned_there(asker):
    # whatever the classifier makes of it, a known place leads to its facilities in one tap
    result = await asker.ask(uuid.uuid4().hex[:8], "infos zu porz")
    if "Meinten Sie" in texts(result):
        assert payloads(result)[0] == "/facility_overview"
    else:
        assert "ZUE Köln-Porz" in texts(result)


def test_a_tap_on_a_suggestion_is_noted_as_what_the_message_meant(stack):
    # the editors see on the "Unbeantwortet" page which topic the resident picked (tests/test_feedback.py)
    sender = uuid.uuid4().hex[:8]
    text = "wann gehts denn da eigentlich los mit den leuten"
    responses = _action_call(stack.action_url, text, "nlu_fallback",
                             [("facility_opening", 0.3), ("faq", 0.2), ("contact_person", 0.1)],
                             [("ehrenamt", 0.6), ("spenden", 0.2)], sender=sender)
    assert "/facility_opening" in [b["payload"] for b in _buttons(responses)]
    _action_call(stack.action_url, "/facility_opening", "facility_opening", [("facility_opening", 1.0)],
                 [("ehrenamt", 0.1)], sender=sender)
    _action_call(stack.action_url, "/contact_person", "contact_person", [("contact_person", 1.0)],
                 [("ehrenamt", 0.1)], sender=sender)  # a second tap does not overwrite the first
    with db.session() as s:
        row = s.scalars(select(m.UnansweredMessage).where(m.UnansweredMessage.conversation == sender)).one()
        assert (row.text, row.kind, row.chosen) == (text, "fallback", "facility_opening")
