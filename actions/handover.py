"""The hand-over dialogue: offer, then collect question, place, optional contact (with consent), show a
summary, and submit the ticket; plus the resident's own view of their tickets and `/loeschen`.

The dialogue's state is one slot, `handover` (a dict with `step`), kept in Rasa's tracker store, so a
resident can go on after any part was restarted. "Abbrechen" works at every step; anything unexpected
gets a prompt that says what is possible, never a silent reset."""

from __future__ import annotations

import re
from typing import Any

from actions.texts import TICKET_STATE, fmt_date, office_phrase
from actions.turn import Turn
from faq.handover import addresses, privacy, routing, tickets
from faq.handover.tickets import TicketError
from faq import models as m
from faq.places import Place
from faq.settings import retention_days

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
PHONE = re.compile(r"^\+?[\d\s/()\-.]{6,25}$")
NO_CONTACT = {"ohne kontakt", "kein kontakt", "no contact", "ohne", "nein", "no"}


def state(turn: Turn) -> dict[str, Any] | None:
    value = turn.slot("handover")
    return dict(value) if isinstance(value, dict) else None


def save(turn: Turn, value: dict[str, Any] | None) -> None:
    turn.set("handover", value)


def office_name(turn: Turn, topic: str, rb_code: str | None) -> str | None:
    found = routing.route(turn.session, topic, rb_code)
    return found.office.name if found else None


# --- the offer ------------------------------------------------------------------------------------

def offer(turn: Turn, question: str, topic: str | None = None) -> None:
    """Offer to pass `question` on to the office for its topic and the conversation's place."""
    topic = topic or routing.topic_for(turn.intent, turn.faq_key)
    place = turn.place if turn.place and turn.place.rb_code else None  # a region across districts: ask
    rb_code = place.rb_code if place else None
    if routing.needs_place(topic) and place is None:
        save(turn, {"step": "place", "question": question, "topic": topic, "confirmed": True, "offer": True})
        turn.say(turn.t("offer_escalation_no_place"))
        return
    name = office_name(turn, topic, rb_code)
    if name is None:
        turn.say(turn.t("ticket_failed", reason=""))
        return
    _say_offer(turn, {"question": question, "topic": topic}, name)


def _say_offer(turn: Turn, current: dict, office: str) -> None:
    current["step"] = "offered"
    save(turn, current)
    turn.say(turn.t("offer_escalation_office", authority=office_phrase(office, turn.lang)),
             [{"title": turn.button("yes"), "payload": "/affirm"}, {"title": turn.button("no"), "payload": "/deny"}])


def ask_for_question(turn: Turn) -> None:
    """"I want to talk to a person": the question comes next."""
    save(turn, {"step": "question", "question": "", "topic": "allgemein", "confirmed": True})
    turn.say(turn.t("handoff_ask_question"))


# --- the steps --------------------------------------------------------------------------------------

CANCEL_INTENTS = {"cancel"}


def expects_free_text(turn: Turn) -> bool:
    """The step waits for the user's own words (the question, an e-mail address or phone number)."""
    current = state(turn)
    return bool(current) and current.get("step") in ("question", "contact") and not turn.text.startswith("/")


def continue_dialogue(turn: Turn) -> bool:
    """Run the current step with this message. False when no hand-over is going on (or the user left it)."""
    current = state(turn)
    if current is None:
        return False
    if turn.intent in CANCEL_INTENTS:
        save(turn, None)
        turn.say(turn.t("handover_cancelled"))
        return True
    step = current.get("step")
    handler = STEPS.get(step)
    if handler is None:
        save(turn, None)
        return False
    return handler(turn, current)


def _offered(turn: Turn, current: dict) -> bool:
    if turn.intent in ("affirm", "human_handoff"):
        current["step"] = "question"
        _show_question(turn, current)
        return True
    if turn.intent == "deny":
        save(turn, None)
        turn.say(turn.t("escalation_declined"))
        return True
    save(turn, None)  # a new question: the offer lapses, the message is answered as usual
    return False


def _show_question(turn: Turn, current: dict) -> None:
    save(turn, current)
    turn.say(turn.t("handover_confirm_question", question=current["question"]),
             [{"title": turn.button("question_ok"), "payload": "/affirm"},
              {"title": turn.button("cancel"), "payload": "/cancel"}])


def _question(turn: Turn, current: dict) -> bool:
    if turn.intent == "affirm" and current.get("question"):
        current["confirmed"] = True
        return _next(turn, current)
    if turn.text.startswith("/") or turn.intent == "deny" or len(turn.text.strip()) < 3:
        turn.say(turn.t("handoff_ask_question") if not current.get("question") else turn.t("handover_unexpected"),
                 [] if not current.get("question") else
                 [{"title": turn.button("question_ok"), "payload": "/affirm"},
                  {"title": turn.button("cancel"), "payload": "/cancel"}])
        return True
    fresh = not current.get("question")
    current["question"] = turn.text.strip()
    if turn.intent not in ("human_handoff", "nlu_fallback", "other_question", "out_of_scope", "faq", "greet"):
        current["topic"] = routing.topic_for(turn.intent, turn.faq_key)
    if fresh:  # typed on request: no need to confirm it back
        current["confirmed"] = True
        return _next(turn, current)
    _show_question(turn, current)
    return True


def _place(turn: Turn, current: dict) -> bool:
    match = turn.place_in_message()
    if match.ambiguous:
        save(turn, current)
        turn.ask_place_choice(match.candidates)
        return True
    if match.place is None:
        if current.get("offer") and turn.intent not in ("inform_place",):
            # asked for a place after an offer, but the user moved on: answer that instead
            save(turn, None)
            return False
        save(turn, current)
        turn.say(turn.t("handover_place_unknown"))
        return True
    turn.set("place", match.place.code)
    turn.set("facility", None)
    if current.pop("offer", False):  # the offer waited for the place: now it can name the office
        _say_offer(turn, current, office_name(turn, current["topic"], match.place.rb_code) or "")
        return True
    return _next(turn, current, place_code=match.place.code)


def _consent(turn: Turn, current: dict) -> bool:
    if turn.intent == "affirm":
        current["step"] = "contact"
        save(turn, current)
        turn.say(turn.t("handover_ask_contact"), [{"title": turn.button("contact_no"), "payload": "/deny"},
                                                 {"title": turn.button("cancel"), "payload": "/cancel"}])
        return True
    if turn.intent == "deny":
        current["contact"] = None
        return _summary(turn, current)
    return _unexpected(turn, current, _consent_buttons(turn))


def _contact(turn: Turn, current: dict) -> bool:
    text = turn.text.strip()
    if text.lower() in NO_CONTACT or turn.intent == "deny" and not (EMAIL.match(text) or PHONE.match(text)):
        current["contact"] = None
        return _summary(turn, current)
    if EMAIL.match(text) or (PHONE.match(text) and sum(c.isdigit() for c in text) >= 6):
        current["contact"] = text
        return _summary(turn, current)
    save(turn, current)
    turn.say(turn.t("handover_bad_contact"), [{"title": turn.button("contact_no"), "payload": "/deny"},
                                              {"title": turn.button("cancel"), "payload": "/cancel"}])
    return True


def _summary_step(turn: Turn, current: dict) -> bool:
    if turn.intent == "affirm":
        return _submit(turn, current)
    if turn.intent == "handover_edit":
        current["step"] = "question"
        _show_question(turn, current)
        return True
    return _unexpected(turn, current, _summary_buttons(turn))


def _unexpected(turn: Turn, current: dict, buttons: list[dict[str, str]]) -> bool:
    save(turn, current)
    turn.say(turn.t("handover_unexpected"), buttons)
    return True


STEPS = {"offered": _offered, "question": _question, "place": _place, "consent": _consent, "contact": _contact,
         "summary": _summary_step}


def _next(turn: Turn, current: dict, place_code: str | None = None) -> bool:
    """After the question: the place if the topic needs one and none is known, then the consent step."""
    place = turn.places.get(place_code) if place_code else turn.place
    if place is not None and not place.rb_code:
        place = None  # a region across several districts: the office needs the town
    if routing.needs_place(current["topic"]) and place is None:
        current["step"] = "place"
        save(turn, current)
        turn.say(turn.t("handover_ask_place"))
        return True
    office = office_name(turn, current["topic"], place.rb_code if place else None)
    current["step"] = "consent"
    save(turn, current)
    turn.say(turn.t("handover_consent", office=office_phrase(office or "", turn.lang), days=retention_days()),
             _consent_buttons(turn))
    return True


def _consent_buttons(turn: Turn) -> list[dict[str, str]]:
    return [{"title": turn.button("contact_yes"), "payload": "/affirm"},
            {"title": turn.button("contact_no"), "payload": "/deny"},
            {"title": turn.button("cancel"), "payload": "/cancel"}]


def _summary_buttons(turn: Turn) -> list[dict[str, str]]:
    return [{"title": turn.button("send"), "payload": "/affirm"},
            {"title": turn.button("edit_question"), "payload": "/handover_edit"},
            {"title": turn.button("cancel"), "payload": "/cancel"}]


def _summary(turn: Turn, current: dict) -> bool:
    current["step"] = "summary"
    save(turn, current)
    place = turn.place if routing.needs_place(current["topic"]) else None
    office = office_name(turn, current["topic"], place.rb_code if place else None)
    turn.say(turn.t("handover_summary", question=current["question"],
                    place=place.name if place else turn.t("handover_no_place"), office=office,
                    contact=current.get("contact") or turn.t("handover_no_contact")), _summary_buttons(turn))
    return True


def _submit(turn: Turn, current: dict) -> bool:
    save(turn, None)
    ticket = submit_ticket(turn, question=current["question"], topic=current["topic"], contact=current.get("contact"),
                           place=turn.place, facility_id=turn.slot("facility"))
    if ticket is not None:
        turn.say(turn.t("ticket_created", reference=ticket.reference,
                        authority=office_phrase(ticket.office.name, turn.lang)))
    return True


def submit_ticket(turn: Turn, *, question: str, topic: str, contact: str | None, place: Place | None,
                  facility_id: str | None = None) -> m.Ticket | None:
    """Write the ticket (and its mail to the office, through the outbox); None after telling the user why not."""
    reply = addresses.unseal(turn.reply_token)
    draft = tickets.Draft(
        conversation=turn.sender, question=question, lang=turn.lang, topic=topic,
        ags=place.code if place and place.kind == "municipality" else None,
        rb_code=place.rb_code if place else None, facility_id=facility_id,
        contact=contact, reply_channel=reply.channel if reply else None,
        reply_address=turn.reply_token if reply and reply.channel == "telegram" else None,
        transcript=turn.history)
    try:
        ticket = tickets.submit(turn.session, draft)
    except TicketError as exc:
        turn.say(turn.t("ticket_failed", reason=str(exc)))
        return None
    turn.session.flush()
    return ticket


# --- the resident's own tickets -------------------------------------------------------------------------

REFERENCE = re.compile(r"\bNB-\d{4}-\d{6}\b", re.IGNORECASE)


def status(turn: Turn) -> None:
    asked = turn.entity("reference") or (REFERENCE.search(turn.text).group(0) if REFERENCE.search(turn.text) else None)
    own = tickets.of_conversation(turn.session, turn.sender)
    if asked:
        own = [t for t in own if t.reference == asked.upper()]
        if not own:
            turn.say(turn.t("status_not_found", reference=asked.upper()))
            return
    if not own:
        turn.say(turn.t("status_none"))
        return
    blocks = []
    for ticket in own[-5:]:
        lines = [turn.t("status_line", reference=ticket.reference,
                        office=office_phrase(ticket.office.name, turn.lang) if ticket.office else "–",
                        date=fmt_date(ticket.created_at, turn.lang),
                        state=TICKET_STATE[ticket.status][turn.lang])]
        if ticket.answers:
            last = ticket.answers[-1]
            lines.append(turn.t("status_answer", date=fmt_date(last.created_at, turn.lang), text=last.text))
        blocks.append("\n".join(lines))
    turn.say("\n\n".join(blocks))


def delete_request(turn: Turn) -> None:
    save(turn, None)
    turn.set("confirm", "delete")
    turn.say(turn.t("delete_confirm"), [{"title": turn.button("delete_yes"), "payload": "/affirm"},
                                        {"title": turn.button("delete_no"), "payload": "/deny"}])


def continue_delete(turn: Turn) -> bool:
    if turn.slot("confirm") != "delete":
        return False
    turn.set("confirm", None)
    if turn.intent == "affirm":
        done = privacy.delete_user_data(turn.session, turn.sender)
        for slot in ("place", "facility", "topic", "handover"):
            turn.set(slot, None)
        turn.say(turn.t("delete_done", tickets=done.tickets, contacts=done.contacts, messages=done.messages))
        return True
    if turn.intent in ("deny", "cancel"):
        turn.say(turn.t("delete_kept"))
        return True
    return False
