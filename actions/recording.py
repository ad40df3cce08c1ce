"""After every answer: count it for the dashboard, keep what the bot could not answer well for the
editors, and put 👍/👎 under FAQ and facility answers. The rules and storage are in faq.feedback."""

from __future__ import annotations

from dataclasses import dataclass

from actions.handlers import handles
from actions.turn import Turn
from faq import feedback

SMALL_TALK = {"greet", "goodbye", "thanks", "affirm", "deny", "cancel", "praise", "help", "redeem_code",
              "stop_alerts", "ticket_status", "delete_data", "handover_edit", "rate"}
FACILITY_INTENTS = {"facility_overview", "facility_type", "facility_capacity", "facility_status",
                    "facility_opening", "facility_address"}


@dataclass(frozen=True)
class Before:
    intent: str
    confidence: float
    faq_key: str | None
    in_dialogue: bool


def before(turn: Turn, in_dialogue: bool) -> Before:
    return Before(turn.intent, turn.confidence, turn.faq_key, in_dialogue)


def after(turn: Turn, seen: Before) -> None:
    feedback.record_choice(turn.session, turn.sender, turn.text)  # a tap on "Meinten Sie …?" says what was meant
    if turn.text.startswith("/") or seen.in_dialogue:
        return  # buttons, commands and answers inside a dialogue are not questions
    offered = isinstance(turn.changes.get("handover"), dict)  # a hand-over offered (or its place asked) just now
    if seen.intent == "nlu_fallback":
        kind = "fallback"
    elif seen.intent == "human_handoff":
        kind = "human_handoff"
    elif offered:
        kind = "handover_offer"
    elif seen.confidence < feedback.LOW_CONFIDENCE and seen.intent not in SMALL_TALK:
        kind = "low_confidence"
    else:
        kind = None
    feedback.log_turn(turn.session, conversation=turn.sender, intent=turn.intent, faq_key=seen.faq_key
                      if turn.intent == "faq" else None, confidence=seen.confidence, lang=turn.lang,
                      answered=kind is None)
    if kind is not None:
        feedback.record_unanswered(turn.session, conversation=turn.sender, text=turn.text, lang=turn.lang, kind=kind,
                                   intent=seen.intent, faq_key=seen.faq_key, confidence=seen.confidence,
                                   offered=turn.offered)
        return
    target = _target(turn, seen)
    if target and turn.replies:
        turn.replies[-1].buttons = turn.replies[-1].buttons + [
            {"title": "👍", "payload": f'/rate{{"rating":"+","ref":"{target}"}}'},
            {"title": "👎", "payload": f'/rate{{"rating":"-","ref":"{target}"}}'}]


def _target(turn: Turn, seen: Before) -> str | None:
    if turn.intent == "faq" and seen.faq_key:
        return f"faq:{seen.faq_key}"
    if turn.intent in FACILITY_INTENTS and turn.slot("facility"):
        return f"facility:{turn.slot('facility')}"
    if turn.intent in FACILITY_INTENTS and turn.slot("place"):
        return f"{turn.intent}:{turn.slot('place')}"
    return None


@handles("rate")
def rate(turn: Turn) -> None:
    target, value = turn.entity("ref"), turn.entity("rating")
    if not target or value not in ("+", "-"):
        turn.say(turn.t("rated_up"))
        return
    feedback.rate(turn.session, turn.sender, target, 1 if value == "+" else -1)
    turn.say(turn.t("rated_up" if value == "+" else "rated_down"))
