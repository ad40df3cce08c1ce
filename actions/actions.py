"""The custom action Rasa calls for every message: understands the context, then answers from the database."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions import figures, handlers, handover, property_offer, recording, staff_access, steering  # noqa: F401 (registers)
from actions.language import detect
from actions.texts import t
from actions.turn import SLOTS, TimedCache, Turn, berlin_now
from faq import db, services
from faq.logs import REQUEST_ID, configure as configure_logs
from faq.places import PlaceIndex

log = logging.getLogger(__name__)
_places = TimedCache(seconds=600)
UNAVAILABLE = "nachbarbot_unavailable"
ATTACHMENT = "nachbarbot_attachment"  # a file the front renders from the database (faq.forecast_files)


def place_index() -> PlaceIndex:
    def build() -> PlaceIndex:
        with db.session() as s:
            return PlaceIndex.load(s)
    return _places.get(build)


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        lang = _language(message, text, tracker.get_slot("language"))
        REQUEST_ID.set(str((message.get("metadata") or {}).get("request_id") or "")[:40])
        log.info("answering %s", tracker.sender_id)
        try:
            turn = answer(message, text, lang, tracker)
        except SQLAlchemyError:
            log.exception("database unavailable")
            # The marker tells the front to keep the message and answer it when the database is back.
            dispatcher.utter_message(text=t("unavailable", lang or "de"), json_message={UNAVAILABLE: True})
            return []
        except Exception:  # never leave the user without an answer
            log.exception("action failed for intent %s", (message.get("intent") or {}).get("name"))
            dispatcher.utter_message(text=t("error", lang or "de"))
            return []
        for reply in turn.replies:
            dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None,
                                     json_message={ATTACHMENT: reply.attachment} if reply.attachment else None)
        events = [SlotSet("language", turn.lang)]
        events += [SlotSet(k, v) for k, v in turn.changes.items() if k in SLOTS and tracker.get_slot(k) != v]
        return events


def _language(message: dict[str, Any], text: str, previous: str | None) -> str:
    """The language of this message; a button or command keeps the conversation's (or names one)."""
    if text.startswith("/"):
        named = next((e.get("value") for e in message.get("entities") or [] if e.get("entity") == "language"), None)
        return named if named in ("de", "en") else previous or "de"
    return detect(text, previous)


def answer(message: dict[str, Any], text: str, lang: str, tracker: Tracker) -> Turn:
    intent = (message.get("intent") or {}).get("name") or "nlu_fallback"
    selected = (message.get("response_selector") or {}).get("faq", {})
    selector = selected.get("response", {})
    faq_key = (selector.get("intent_response_key") or "").removeprefix("faq/") or None
    with db.session() as session:
        turn = Turn(intent=intent, confidence=float((message.get("intent") or {}).get("confidence") or 0.0),
                    text=text, lang=lang or "de", sender=tracker.sender_id,
                    slots={k: tracker.get_slot(k) for k in SLOTS}, entities=message.get("entities") or [],
                    faq_key=faq_key, faq_confidence=float(selector.get("confidence") or 0.0),
                    session=session, places=place_index(), now=berlin_now(),
                    reply_token=((message.get("metadata") or {}).get("reply") or None),
                    history=recent_messages(tracker),
                    ranking=[(r.get("name"), float(r.get("confidence") or 0.0))
                             for r in message.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"],
                    faq_ranking=[((r.get("intent_response_key") or "").removeprefix("faq/"),
                                  float(r.get("confidence") or 0.0)) for r in selected.get("ranking") or []])
        seen = recording.before(turn, in_dialogue=bool(handover.state(turn) or property_offer.state(turn)
                                                        or turn.slot("confirm")))
        dispatch(turn)
        recording.after(turn, seen)
    return turn


def recent_messages(tracker: Tracker, limit: int = 8) -> list[dict[str, str]]:
    """The conversation's last messages (the sender is pseudonymous), for the office's mail."""
    out = []
    for event in tracker.events[-60:]:
        text = event.get("text")
        if event.get("event") in ("user", "bot") and text and not str(text).startswith("/"):
            out.append({"who": "user" if event["event"] == "user" else "bot", "text": str(text)[:500]})
    return out[-limit:]


def dispatch(turn: Turn) -> None:
    """Pick up the context (a hand-over or deletion in progress, place, follow-up topic), then run the
    intent's handler."""
    if handover.expects_free_text(turn) and handover.continue_dialogue(turn):
        return  # the question or the contact itself, whatever the classifier thought of it
    if turn.intent == "delete_data":
        handover.delete_request(turn)
        return
    if handover.continue_delete(turn):
        return
    if turn.intent == "ticket_status":
        handover.status(turn)
        return
    if property_offer.continue_dialogue(turn):
        return
    if handover.continue_dialogue(turn):
        return
    turn.intent = steering.settle_offer(turn.intent, turn.text, turn.ranking, turn.faq_key, turn.faq_confidence)
    if turn.intent == "offer_property":
        handover.save(turn, None)
        property_offer.start(turn)
        return
    behind = steering.question_behind_feeling(turn.intent, turn.text, turn.ranking)
    if behind:  # a worry or anger that also asks something: meet the feeling in one sentence, then answer
        if turn.intent == "frustration":
            turn.say(turn.t("feeling_heard"))
        turn.intent = behind
    turn.intent = steering.follow_up_in_time(turn.intent, turn.confidence, turn.text, turn.slot("topic"), turn.today)
    turn.intent = steering.steer(turn.intent, turn.text)
    if not _take_place(turn):
        return  # asked which place is meant
    _facility_by_name(turn)
    intent = turn.intent
    if intent == "inform_place":
        intent = turn.slot("topic") or "facility_overview"
        turn.intent = intent
    elif intent in handlers.PLACE_TOPICS:
        turn.set("topic", intent)
    place = turn.place
    if place is not None and not place.rb_code and intent in handlers.NEEDS_ONE_AUTHORITY:
        turn.say(turn.t("area_several_rb", place=place.name))  # e.g. "the Ruhrgebiet": which town?
        return
    aspects = steering.facility_aspects(intent, turn.text)
    worry = steering.worried(turn.text) and intent in steering.FACILITY_ASPECT_INTENTS | {"facility_overview"}
    if worry and not behind:
        turn.say(turn.t("feeling_heard"))
    for aspect in aspects or [intent]:  # "Wann geht die auf und wie groß wird sie?": both answers
        turn.intent = aspect
        handlers.HANDLERS.get(aspect, handlers.fallback)(turn)
    if worry and "contact_person" not in aspects and turn.place is not None:
        turn.intent = "contact_person"
        handlers.HANDLERS["contact_person"](turn)  # and who can help with the worry
    turn.intent = intent


NAME_ONLY_INTENTS = {"nlu_fallback", "inform_place", "out_of_scope", "other_question", "faq", "facility_overview"}


def _facility_by_name(turn: Turn) -> None:
    """"Notunterkunft Gladbeck", "zue mönchengladbach?": a facility's own name is a question about it."""
    place = turn.place
    if turn.intent not in NAME_ONLY_INTENTS or place is None or turn.text.startswith("/") \
            or len(turn.text.split()) > 6:
        return
    kind = steering.facility_type_in(turn.text)
    if kind is None:
        return
    matching = [f for f in services.facilities_in(turn.session, place) if f.type == kind]
    if len(matching) == 1:
        turn.intent = "facility_overview"
        turn.set("facility", matching[0].id)
        turn.set("topic", "facility_overview")


def _take_place(turn: Turn) -> bool:
    """Update the place and facility slots from this message. False when the user must pick a place."""
    facility_id = turn.entity("facility")
    if facility_id:
        f = services.facility(turn.session, facility_id)
        if f:
            turn.set("place", f.ags)
            turn.set("facility", f.id)
            return True
    match = turn.place_in_message()
    if match.outside and turn.intent in handlers.PLACE_TOPICS | {"inform_place", "nlu_fallback"}:
        turn.set("place", None)  # never answer for the old place as if it were the new one
        turn.set("facility", None)
        if turn.intent in handlers.PLACE_TOPICS:
            turn.set("topic", turn.intent)
        turn.say(turn.t("outside_nrw", place=match.outside))
        return False
    if turn.intent == "inform_place" and not match.candidates and not turn.text.startswith("/"):
        turn.set("place", None)  # "und in Hintertupfingen?": an unknown place replaces the old one
        turn.set("facility", None)
        turn.say(turn.t("place_unknown"))
        return False
    if match.ambiguous:
        if turn.intent != "inform_place" and turn.intent in handlers.PLACE_TOPICS:
            turn.set("topic", turn.intent)
        turn.ask_place_choice(match.candidates)
        return False
    if match.place and match.place.code != turn.slot("place"):
        turn.set("place", match.place.code)
        turn.set("facility", None)
    return True


def warm_up() -> None:
    """Load the word frequencies and the place index when the action server starts, not on the first
    user's message."""
    detect("Ist hier etwas geplant? Is anything planned here?")
    try:
        db.require_database()
    except db.DatabaseMissing as exc:
        log.error("%s", exc)
        raise SystemExit(2) from None  # the action server does not start on a missing database
    try:
        place_index().resolve("Hamburg")  # also loads the names of places outside NRW
    except SQLAlchemyError:
        log.warning("database not reachable at start-up; will retry on the first message")


configure_logs("actions")
warm_up()
