"""Property offers (Akquise): anyone can offer land or a building for accommodating refugees. A guided
dialogue collects kind, place, size, availability and a contact (with consent), shows a summary, and
hands it over to the Akquise-Controlling-Team as a ticket — the same ticket, outbox and mail path as
every hand-over. The state is one slot, `offer`; "Abbrechen" works at every step. What the first message
already says (an empty hotel in Soest, 2,000 m², from March) is taken over and not asked again."""

from __future__ import annotations

import re
from typing import Any

from actions.handover import EMAIL, NO_CONTACT, PHONE, submit_ticket
from actions.texts import office_phrase
from actions.turn import Turn
from faq.handover import routing
from faq.settings import retention_days

TOPIC = "akquise"
KINDS = [  # (words in the message, the kind's German and English name)
    (r"grundst|fläche|flaeche|acker|gelände|gelaende|bauland|areal|\bplot|\bland\b|\bsite|hektar|\bha\b",
     {"de": "Grundstück / Fläche", "en": "Land / plot"}),
    (r"halle|lager|warehouse|\bhall\b|gewerbe", {"de": "Halle / Gewerbeobjekt", "en": "Hall / commercial building"}),
    (r"hotel|pension|hostel|motel|gasthof|gasthaus|jugendherberge|\binn\b", {"de": "Hotel / Pension", "en": "Hotel / guest house"}),
    (r"wohnung|apartment|\bflats?\b|mehrfamilienhaus|wohnhaus", {"de": "Wohnungen / Wohnhaus", "en": "Flats / residential building"}),
    (r"schule|kaserne|büro|buero|office|gebäude|gebaeude|building|\bhaus\b|heim|kloster|klinik|krankenhaus|"
     r"kirche|gemeindehaus|immobilie|objekt|property", {"de": "Gebäude", "en": "Building"}),
]
SIZE = re.compile(r"(\d{1,3}(?:[.\s]\d{3})+|\d+(?:[.,]\d+)?)\s*(m²|m2|qm|quadratmeter\w*|square\s*met\w*|sqm|sq\s?m|"
                  r"hektar|ha|plätze\w*|plaetze\w*|betten|zimmer\w*|räume\w*|raeume\w*|wohnungen|places|beds|rooms|"
                  r"flats|apartments)\b",
                  re.IGNORECASE)
AVAILABLE = re.compile(r"\b(sofort|ab sofort|ab jetzt|immediately|right away|now available|"
                       r"(?:ab|from|frei ab|verfügbar ab|available from)\s+[\wäöüß.]+(?:\s+20\d\d)?)", re.IGNORECASE)
UNKNOWN = {"weiß nicht", "weiss nicht", "keine ahnung", "unbekannt", "unknown", "don't know", "dont know", "?", "-"}
STEPS_IN_ORDER = ("kind", "where", "size", "available", "contact")
FREE_TEXT_STEPS = ("where", "size", "available", "contact")


def state(turn: Turn) -> dict[str, Any] | None:
    value = turn.slot("offer")
    return dict(value) if isinstance(value, dict) else None


def save(turn: Turn, value: dict[str, Any] | None) -> None:
    turn.set("offer", value)


def start(turn: Turn) -> None:
    """The first message of an offer: take over what it already says, then ask for the rest."""
    text = "" if turn.text.startswith("/") else turn.text
    current: dict[str, Any] = {"step": None}
    kind = kind_in(text, turn.lang)
    if kind:
        current["kind"] = kind
    match = turn.place_in_message() if text else None
    if match is not None and match.place is not None:
        current["where"] = match.place.name
        current["place"] = match.place.code
    size = SIZE.search(text)
    if size:
        current["size"] = size.group(0)
    available = AVAILABLE.search(text)
    if available:
        current["available"] = available.group(0)
    intro = turn.t("offer_intro")
    found = routing.route(turn.session, TOPIC, None)
    if found is not None:  # who receives it, and how to reach them directly
        intro += "\n" + turn.t("offer_direct", office=found.office.name, email=found.office.email)
        if found.office.demo:
            intro += "\n" + turn.t("demo")
    turn.say(intro)
    _ask_next(turn, current)


def kind_in(text: str, lang: str) -> str | None:
    low = text.lower()
    for pattern, names in KINDS:
        if re.search(pattern, low):
            return names[lang]
    return None


def active(turn: Turn) -> bool:
    return state(turn) is not None


def continue_dialogue(turn: Turn) -> bool:
    current = state(turn)
    if current is None:
        return False
    text = turn.text.strip()
    if turn.intent == "cancel" or text.lower() in ("abbrechen", "cancel", "stop"):
        save(turn, None)
        turn.say(turn.t("offer_cancelled"))
        return True
    step = current.get("step")
    previous = turn.slots.get("language")
    if step in FREE_TEXT_STEPS and previous in ("de", "en"):
        turn.lang = previous  # an address or "2.000 m²" says nothing about the language
    if step == "summary":
        if turn.intent == "affirm" or text.lower() in ("absenden", "send"):
            return _submit(turn, current)
        save(turn, current)
        turn.say(turn.t("offer_unexpected"), _summary_buttons(turn))
        return True
    if text.startswith("/") and step != "contact":
        save(turn, current)
        turn.say(turn.t("offer_unexpected"), [_cancel_button(turn)])
        return True
    if step == "kind":
        current["kind"] = kind_in(text, turn.lang) or text[:200]
    elif step == "where":
        match = turn.place_in_message()
        if match.ambiguous:
            save(turn, current)
            turn.ask_place_choice(match.candidates)
            return True
        current["where"] = text[:300] if not text.startswith("/") else (match.place.name if match.place else "")
        if match.place is not None:
            current["place"] = match.place.code
            if text.startswith("/"):
                current["where"] = match.place.name
    elif step == "size":
        current["size"] = turn.t("offer_unknown") if text.lower() in UNKNOWN else text[:200]
    elif step == "available":
        current["available"] = turn.t("offer_unknown") if text.lower() in UNKNOWN else text[:200]
    elif step == "contact":
        if turn.intent == "deny" or text.lower() in NO_CONTACT:
            current["contact"] = ""
        elif EMAIL.match(text) or (PHONE.match(text) and sum(c.isdigit() for c in text) >= 6):
            current["contact"] = text
        else:
            save(turn, current)
            turn.say(turn.t("handover_bad_contact"), [_chat_only_button(turn), _cancel_button(turn)])
            return True
    if step == "where" and not current.get("where"):
        save(turn, current)
        turn.say(turn.t("offer_ask_where"), [_cancel_button(turn)])
        return True
    _ask_next(turn, current)
    return True


def _ask_next(turn: Turn, current: dict[str, Any]) -> None:
    for step in STEPS_IN_ORDER:
        if step not in current:
            current["step"] = step
            save(turn, current)
            if step == "kind":
                turn.say(turn.t("offer_ask_kind"), [{"title": names[turn.lang], "payload": names[turn.lang]}
                                                    for _, names in KINDS] + [_cancel_button(turn)])
            elif step == "contact":
                turn.say(turn.t("offer_ask_contact", days=retention_days()), [_chat_only_button(turn),
                                                                              _cancel_button(turn)])
            else:
                turn.say(turn.t(f"offer_ask_{step}"), [_cancel_button(turn)])
            return
    current["step"] = "summary"
    save(turn, current)
    office = routing.route(turn.session, TOPIC, None)
    turn.say(turn.t("offer_summary", summary=summary(turn, current),
                    office=office_phrase(office.office.name, turn.lang) if office else "–"), _summary_buttons(turn))


def summary(turn: Turn, current: dict[str, Any]) -> str:
    return "\n".join([
        turn.t("offer_line_kind", value=current.get("kind") or "–"),
        turn.t("offer_line_where", value=current.get("where") or "–"),
        turn.t("offer_line_size", value=current.get("size") or "–"),
        turn.t("offer_line_available", value=current.get("available") or "–"),
        turn.t("offer_line_contact", value=current.get("contact") or turn.t("offer_chat_only")),
    ])


def _submit(turn: Turn, current: dict[str, Any]) -> bool:
    save(turn, None)
    place = turn.places.get(current["place"]) if current.get("place") else None
    question = turn.t("offer_ticket_head") + "\n" + summary(turn, current)
    ticket = submit_ticket(turn, question=question, topic=TOPIC, contact=current.get("contact") or None, place=place)
    if ticket is not None:
        turn.say(turn.t("offer_created", reference=ticket.reference,
                        office=office_phrase(ticket.office.name, turn.lang)))
    return True


def _cancel_button(turn: Turn) -> dict[str, str]:
    return {"title": turn.button("cancel"), "payload": "/cancel"}


def _chat_only_button(turn: Turn) -> dict[str, str]:
    return {"title": turn.button("offer_chat_only"), "payload": "/deny"}


def _summary_buttons(turn: Turn) -> list[dict[str, str]]:
    return [{"title": turn.button("send"), "payload": "/affirm"}, _cancel_button(turn)]
