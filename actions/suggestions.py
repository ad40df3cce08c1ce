"""When the bot is not sure what a message asks: the likeliest topics as buttons ("Meinten Sie …?").

Below the fallback threshold the classifier is wrong about half of the time, but the right topic is
almost always among its first three guesses (dev sets 1-7, December 2026: 89 % of the messages under a
threshold of 0.5). So instead of a bare "I don't know", the bot offers those guesses; one tap answers.
The same for an FAQ question whose entry the selector is not sure of: its likeliest entries.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Sequence

from faq import services

if TYPE_CHECKING:
    from actions.turn import Turn

# Topics that make sense as a one-tap answer; small talk, feelings and dialogue steps never do.
SUGGESTABLE = (
    "facility_overview", "facility_type", "facility_capacity", "facility_status", "facility_opening",
    "facility_address", "contact_person", "responsible_authority", "next_event", "credit_rule", "allocation_key",
    "forecast", "forecast_file", "faq", "other_authority", "offer_property", "ticket_status", "help",
)
MAX_SUGGESTIONS = 3
MIN_CONFIDENCE = 0.08  # an intent's share of the classifier's ranking
MIN_FAQ_CONFIDENCE = 0.1  # an entry's share of the FAQ selector's ranking


def likely_topics(ranking: Sequence[tuple[str, float]], limit: int = MAX_SUGGESTIONS) -> list[str]:
    """The classifier's likeliest suggestable intents, best first."""
    return [name for name, confidence in ranking
            if name in SUGGESTABLE and confidence >= MIN_CONFIDENCE][:limit]


def buttons(turn: Turn) -> list[dict[str, str]]:
    """Unsure of the intent: one button per likely topic (the FAQ as its likeliest entry's question).
    Sure it is an FAQ question but not of the entry: the likeliest entries. Each button's topic goes to
    `turn.offered`, so that a tap is recorded as what the message meant (faq.feedback.record_choice)."""
    if turn.intent == "faq":
        keys = [key for key, confidence in turn.faq_ranking if confidence >= MIN_FAQ_CONFIDENCE]
        topics = [(f"faq/{key}", _faq_button(turn, key)) for key in keys[:MAX_SUGGESTIONS]]
    elif turn.intent == "nlu_fallback":
        names = likely_topics(turn.ranking)
        if turn.place is not None:  # "unterkunft marl infos": first of all, what is there
            names = ["facility_overview", *(n for n in names if n != "facility_overview")][:MAX_SUGGESTIONS]
        topics = [(f"faq/{turn.faq_key}", _faq_button(turn, turn.faq_key)) if name == "faq"
                  else (name, turn.buttons(name)[0]) for name in names]
    else:
        topics = []
    out = []
    for topic, button in topics:
        if button:
            out.append(button)
            turn.offered[button["payload"]] = topic
    return out


def _faq_button(turn: Turn, key: str | None) -> dict[str, str] | None:
    question = services.faq_question(turn.session, key, turn.lang) if key else None
    if not question:
        return None
    # Sent as if typed: the classifier knows the entry's own question.
    title = textwrap.shorten(question[:1].upper() + question[1:], 60, placeholder=" …")
    return {"title": title, "payload": question}
