"""What the bot answers to each intent, read from the FAQ database at answer time."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from actions.texts import STATUS, TYPE_LONG, where, fmt_date, fmt_datetime, fmt_int
from actions import handover, steering, suggestions
from actions.turn import Turn
from faq import models as m
from faq import services
from faq.places import Place

Handler = Callable[[Turn], None]
HANDLERS: dict[str, Handler] = {}

# Intents whose answer depends on a place; a bare place name ("und in Bonn?") repeats the last of them.
PLACE_TOPICS = {"facility_overview", "facility_type", "facility_capacity", "facility_status", "facility_opening",
                "facility_address", "contact_person", "responsible_authority", "next_event", "credit_rule",
                "allocation_key", "forecast"}
# Intents whose answer names one Bezirksregierung: a region across several asks for the town.
NEEDS_ONE_AUTHORITY = {"responsible_authority", "contact_person"}
FAQ_MIN_CONFIDENCE = 0.25
ESCALATION_TAG = "weitergabe"  # FAQ entries with this tag offer to pass the user's message on
CONTACT_TAG = "kontakt:"  # "kontakt:akquise": the answer ends with the contacts of that role


def handles(*intents: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        for intent in intents:
            HANDLERS[intent] = fn
        return fn
    return register


def authority_name(turn: Turn, rb_code: str) -> str:
    rb = services.bezirksregierung(turn.session, rb_code)
    return rb.behoerde if rb else "Bezirksregierung"


def demo_note(turn: Turn, rows: list) -> str:
    return "\n" + turn.t("demo") if any(getattr(r, "demo", False) for r in rows) else ""


# --- small talk ------------------------------------------------------------------------------------

@handles("greet")
def greet(turn: Turn) -> None:
    turn.say(turn.t("greet"))


@handles("help")
def help_(turn: Turn) -> None:
    turn.say(turn.t("help"))


@handles("thanks")
def thanks(turn: Turn) -> None:
    turn.say(turn.t("thanks"))


@handles("goodbye")
def goodbye(turn: Turn) -> None:
    turn.say(turn.t("goodbye"))


@handles("out_of_scope")
def out_of_scope(turn: Turn) -> None:
    turn.say(turn.t("out_of_scope"))


@handles("other_authority")
def other_authority(turn: Turn) -> None:
    turn.say(turn.t("other_authority"))


@handles("frustration")
def frustration(turn: Turn) -> None:
    turn.say(turn.t("frustration"), [{"title": turn.button("to_person"), "payload": "/human_handoff"},
                                     {"title": turn.button("no"), "payload": "/deny"}])


@handles("praise")
def praise(turn: Turn) -> None:
    turn.say(turn.t("praise"))


# --- hand-over (the dialogue itself lives in actions/handover.py) ------------------------------------

@handles("nlu_fallback", "other_question")
def fallback(turn: Turn) -> None:
    likely = suggestions.buttons(turn)
    if likely:  # not sure what was asked: the likeliest topics, one tap each
        turn.say(turn.t("dont_know") + " " + turn.t("did_you_mean"), likely)
    else:
        turn.say(turn.t("dont_know"))
    handover.offer(turn, turn.text)


@handles("human_handoff")
def human_handoff(turn: Turn) -> None:
    handover.ask_for_question(turn)


@handles("affirm")
def affirm(turn: Turn) -> None:
    turn.say(turn.t("affirm_idle"))


@handles("deny", "cancel", "handover_edit")
def deny(turn: Turn) -> None:
    turn.say(turn.t("deny_idle"))


# --- FAQ -----------------------------------------------------------------------------------------

@handles("faq")
def faq(turn: Turn) -> None:
    entry = services.faq_entry(turn.session, turn.faq_key) if turn.faq_key else None
    if entry is None or turn.faq_confidence < FAQ_MIN_CONFIDENCE or not (entry.answer_de or "").strip():
        fallback(turn)  # an entry still without an answer (just started in the admin) says nothing yet
        return
    answer = (entry.answer_en if turn.lang == "en" else entry.answer_de) or entry.answer_de
    source = ""
    if entry.source:
        source = "\n" + turn.t("faq_source", source=entry.source, date=fmt_date(entry.last_reviewed, turn.lang)) \
            if entry.last_reviewed else "\n" + entry.source
    contacts = [c for tag in entry.tags or [] if tag.startswith(CONTACT_TAG)
                for c in role_contacts(turn, tag[len(CONTACT_TAG):])]
    if contacts:
        answer += "\n\n" + "\n\n".join(contact_lines(turn, c) for c in contacts) + demo_note(turn, contacts)
    turn.say(answer + source)
    if ESCALATION_TAG in (entry.tags or []):  # e.g. a complaint: offer to pass the message itself on
        handover.offer(turn, turn.text)


def role_contacts(turn: Turn, role: str, limit: int = 2) -> list[m.Contact]:
    """Contacts of a role for the user's place: at its facilities, else its region, else statewide."""
    rows = services.contacts_by_role(turn.session, role)
    place = turn.place
    if place is not None:
        here = {f.id for f in services.facilities_in(turn.session, place)}
        local = [c for c in rows if c.facility_id in here] or \
                [c for c in rows if c.rb_code == place.rb_code and not c.facility_id]
        if local:
            return local[:limit]
    return [c for c in rows if not c.rb_code and not c.facility_id][:limit]


# --- facilities at a place ---------------------------------------------------------------------------

def facilities_in_focus(turn: Turn, place: Place) -> list[m.Facility]:
    """The facility the user picked, else all at the place (closed ones only if nothing else is there)."""
    chosen = turn.slot("facility")
    all_here = services.facilities_in(turn.session, place)
    if chosen:
        picked = [f for f in all_here if f.id == chosen]
        if picked:
            return picked
    active = [f for f in all_here if f.status != "geschlossen"]
    return active or all_here


def no_facility(turn: Turn, place: Place) -> None:
    rb = services.bezirksregierung(turn.session, place.rb_code) if place.rb_code else None
    if rb is None or place.is_area:
        turn.say(turn.t("no_facility_area", place=place.name, where=where(place, turn.lang)))
        return
    lines = [turn.t("no_facility", place=place.name, authority=rb.behoerde, where=where(place, turn.lang))]
    lines += authority_lines(turn, rb)
    turn.say("\n".join(lines), turn.buttons("next_event", "credit_rule"))


def authority_lines(turn: Turn, rb: m.Bezirksregierung) -> list[str]:
    lines = []
    if rb.strasse:
        lines.append(turn.t("authority_contact", address=f"{rb.strasse}, {rb.plz} {rb.ort}".strip(", ")))
    if rb.telefon:
        lines.append(turn.t("phone", phone=rb.telefon))
    if rb.website:
        lines.append(turn.t("website", url=rb.website))
    return lines


def overview_line(turn: Turn, f: m.Facility) -> str:
    lang = turn.lang
    capacity = turn.t("places", n=fmt_int(f.capacity, lang)) if f.capacity else turn.t("places_unknown")
    opening = ""
    if f.status == "geschlossen" and f.closing_date:
        opening = ", " + turn.t("closed_since", date=fmt_date(f.closing_date, lang))
    elif f.opening_date and f.opening_date > turn.today:
        opening = ", " + turn.t("from_date", date=fmt_date(f.opening_date, lang))
    elif f.opening_date:
        opening = ", " + turn.t("since_date", date=fmt_date(f.opening_date, lang))
    return turn.t("overview", facility=f.name, type_long=TYPE_LONG[f.type][lang], type=f.type,
                  status=STATUS[f.status][lang], capacity_text=capacity, opening_text=opening)


def facility_footer(turn: Turn, facilities: list[m.Facility]) -> str:
    stamp = max((f.updated_at for f in facilities if f.updated_at), default=None)
    footer = "\n" + turn.t("facility_source", date=fmt_date(stamp, turn.lang)) if stamp else ""
    return footer + demo_note(turn, facilities)


def with_facilities(answer: Callable[[Turn, m.Facility], str]) -> Handler:
    """Runs `answer` for each facility in focus at the place, or says honestly that there is none."""
    def handler(turn: Turn) -> None:
        place = turn.place
        if place is None:
            ask_for_place(turn)
            return
        facilities = facilities_in_focus(turn, place)
        if not facilities:
            no_facility(turn, place)
            return
        lines = [answer(turn, f) for f in facilities]
        turn.say("\n".join(lines) + facility_footer(turn, facilities), next_buttons(turn))
    return handler


def next_buttons(turn: Turn) -> list[dict[str, str]]:
    options = ["facility_opening", "facility_capacity", "contact_person", "next_event", "facility_address"]
    return turn.buttons(*[o for o in options if o != turn.intent][:4])


def ask_for_place(turn: Turn) -> None:
    turn.set("topic", turn.intent)
    turn.say(turn.t("ask_place"))


@handles("facility_overview")
def facility_overview(turn: Turn) -> None:
    place = turn.place
    if place is None:
        ask_for_place(turn)
        return
    facilities = services.facilities_in(turn.session, place)
    if not facilities:
        no_facility(turn, place)
        return
    lines = []
    if len(facilities) > 1:
        lines.append(turn.t("facilities_listed", place=place.name, count=len(facilities),
                            where=where(place, turn.lang)))
    lines += [("• " if len(facilities) > 1 else "") + overview_line(turn, f) for f in facilities]
    buttons = next_buttons(turn)
    if len(facilities) > 1:
        buttons = [{"title": f.name, "payload": f'/facility_overview{{"facility":"{f.id}"}}'}
                   for f in facilities[:4]]
    if turn.slot("facility") in {f.id for f in facilities}:
        picked = [f for f in facilities if f.id == turn.slot("facility")]
        lines, buttons = [overview_line(turn, picked[0])], next_buttons(turn)
    turn.say("\n".join(lines) + facility_footer(turn, facilities), buttons)


HANDLERS["facility_type"] = with_facilities(lambda turn, f: turn.t(
    "type", facility=f.name, type_long=TYPE_LONG[f.type][turn.lang], type=f.type))
HANDLERS["facility_capacity"] = with_facilities(lambda turn, f: turn.t(
    "capacity", facility=f.name, capacity=fmt_int(f.capacity, turn.lang)) if f.capacity
    else turn.t("capacity_unknown", facility=f.name))
HANDLERS["facility_status"] = with_facilities(lambda turn, f: overview_line(turn, f))
HANDLERS["facility_address"] = with_facilities(lambda turn, f: turn.t(
    "address", facility=f.name, address=f.address) if f.address else turn.t("address_unknown", facility=f.name))


def _opening(turn: Turn, f: m.Facility) -> str:
    lang = turn.lang
    if f.status == "geschlossen" and f.closing_date:
        return turn.t("opening_closed", facility=f.name, start=fmt_date(f.opening_date, lang),
                      end=fmt_date(f.closing_date, lang))
    if f.opening_date is None:
        return turn.t("opening_unknown", facility=f.name)
    key = "opening_future" if f.opening_date > turn.today or f.status != "in_betrieb" else "opening_past"
    return turn.t(key, facility=f.name, date=fmt_date(f.opening_date, lang))


HANDLERS["facility_opening"] = with_facilities(_opening)


@handles("contact_person")
def contact_person(turn: Turn) -> None:
    role = steering.role_in(turn.text) if not turn.text.startswith("/") else None
    if role in ("ehrenamt", "akquise"):
        contacts_of_role(turn, role)
        return
    place = turn.place
    if place is None:
        ask_for_place(turn)
        return
    facilities = facilities_in_focus(turn, place)
    rb = services.bezirksregierung(turn.session, place.rb_code)
    blocks, shown = [], []
    for f in facilities:
        contacts = services.contacts_for_facility(turn.session, f.id)
        if contacts:
            blocks.append("\n".join([turn.t("contact_intro", facility=f.name)] + [contact_lines(turn, c) for c in contacts]))
            shown += contacts
        else:
            blocks.append(turn.t("contact_none", facility=f.name, authority=rb.behoerde))
    if not facilities:
        regional = services.contacts_for_region(turn.session, place.rb_code)
        blocks.append(turn.t("authority", place=place.name, authority=rb.behoerde, rb=rb.name))
        blocks += [contact_lines(turn, c) for c in regional] or ["\n".join(authority_lines(turn, rb))]
        shown += regional
    turn.say("\n\n".join(b for b in blocks if b) + demo_note(turn, shown), turn.buttons("next_event", "facility_overview")
             if facilities else [])


def contacts_of_role(turn: Turn, role: str) -> None:
    """Contacts for volunteering or for offering property: at the place, its region, or statewide. The
    acquisition team is one for all of NRW, so it never needs a place."""
    place = turn.place
    if role == "ehrenamt" and place is None:
        ask_for_place(turn)
        return
    contacts = role_contacts(turn, role)
    if not contacts and role == "ehrenamt":  # no volunteering coordination known: the Umfeldmanagement helps
        fallback = role_contacts(turn, "umfeldmanagement")
        intro = turn.t("role_none_ehrenamt", where=where(place, turn.lang, inline=True) if place else "")
        turn.say("\n\n".join([intro] + [contact_lines(turn, c) for c in fallback]) + demo_note(turn, fallback)
                 if fallback else intro + "\n" + turn.t("role_ask_authority"))
        return
    intro = turn.t(f"role_intro_{role}", where=where(place, turn.lang, inline=True) if place else "")
    turn.say("\n\n".join([intro] + [contact_lines(turn, c) for c in contacts]) + demo_note(turn, contacts))


def contact_lines(turn: Turn, c: m.Contact) -> str:
    lines = [c.name + (f" ({c.organisation})" if c.organisation else "")]
    if c.phone:
        lines.append(turn.t("phone", phone=c.phone))
    if c.email:
        lines.append(turn.t("email", email=c.email))
    if c.office_hours:
        lines.append(turn.t("office_hours", hours=c.office_hours))
    return "\n".join(lines)


@handles("responsible_authority")
def responsible_authority(turn: Turn) -> None:
    place = turn.place
    if place is None:
        ask_for_place(turn)
        return
    rb = services.bezirksregierung(turn.session, place.rb_code)
    regional = services.contacts_for_region(turn.session, place.rb_code)
    lines = [turn.t("authority", place=place.name, authority=rb.behoerde, rb=rb.name)] + authority_lines(turn, rb)
    lines += [contact_lines(turn, c) for c in regional]
    turn.say("\n".join(lines) + demo_note(turn, regional), turn.buttons("facility_overview", "next_event"))


@handles("next_event")
def next_event(turn: Turn) -> None:
    place = turn.place
    s = turn.session
    if place is None:
        events = services.upcoming_events(s, turn.now, kind=steering.event_kind_in(turn.text)
                                          if not turn.text.startswith("/") else None)
        if not events:
            turn.say(turn.t("event_none"))
            return
        turn.say("\n".join([turn.t("event_intro_all")] + [event_line(turn, e, with_town=True) for e in events])
                 + demo_note(turn, events))
        return
    kind = steering.event_kind_in(turn.text) if not turn.text.startswith("/") else None
    events = services.upcoming_events(s, turn.now, ags=services.municipality_codes(s, place), kind=kind)
    if kind and not events:
        turn.say(turn.t(f"event_none_{kind}", where=where(place, turn.lang)), turn.buttons("contact_person"))
        return
    if events:
        turn.say("\n".join([turn.t("event_intro", place=place.name)] + [event_line(turn, e) for e in events])
                 + demo_note(turn, events), turn.buttons("contact_person", "facility_overview"))
        return
    lines = [turn.t("event_none_here", place=place.name, where=where(place, turn.lang))]
    regional = services.upcoming_events(s, turn.now, rb_code=place.rb_code) if place.rb_code and not place.is_area \
        else []
    rb = services.bezirksregierung(s, place.rb_code) if place.rb_code else None
    if regional and rb:
        lines += [turn.t("event_region", rb=rb.name)] + [event_line(turn, e, with_town=True) for e in regional]
    turn.say("\n".join(lines) + demo_note(turn, regional), turn.buttons("contact_person"))


def event_line(turn: Turn, e: m.Event, with_town: bool = False) -> str:
    town = f" ({services.municipality_name(turn.session, e.ags)})" if with_town else ""
    where = f", {e.location}" if e.location else ""
    return f"• {fmt_datetime(e.starts_at, turn.lang)}: {e.title}{town}{where}"
