"""One turn of the conversation as the handlers see it: what was asked, where, and what to answer."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from actions.texts import button, t
from faq import models as m, staff
from faq.places import Place, PlaceIndex, PlaceMatch

BERLIN = ZoneInfo("Europe/Berlin")

# Slots the actions keep between turns (all set by the actions, none by Rasa's own mappings).
SLOTS = ("language", "place", "facility", "topic", "handover", "confirm", "forecast_span", "offer")


@dataclass
class Reply:
    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)
    attachment: dict[str, Any] | None = None  # a file the front renders (faq.forecast_files.spec)


@dataclass
class Turn:
    intent: str
    confidence: float
    text: str
    lang: str
    sender: str
    slots: dict[str, Any]
    entities: list[dict[str, Any]]
    faq_key: str | None
    faq_confidence: float
    session: Session
    places: PlaceIndex
    now: dt.datetime
    reply_token: str | None = None  # the front's sealed chat address (message metadata)
    history: list[dict[str, str]] = field(default_factory=list)  # the last messages, for a hand-over
    ranking: list[tuple[str, float]] = field(default_factory=list)  # the classifier's intents, best first
    faq_ranking: list[tuple[str, float]] = field(default_factory=list)  # the FAQ selector's entries, best first
    offered: dict[str, str] = field(default_factory=dict)  # "Meinten Sie …?" buttons: payload -> topic
    replies: list[Reply] = field(default_factory=list)
    changes: dict[str, Any] = field(default_factory=dict)
    _cache: dict[str, Any] = field(default_factory=dict)

    # --- output -------------------------------------------------------------------------------
    def say(self, text: str, buttons: list[dict[str, str]] | None = None,
            attachment: dict[str, Any] | None = None) -> None:
        self.replies.append(Reply(text, buttons or [], attachment))

    def set(self, slot: str, value: Any) -> None:
        self.changes[slot] = value

    def slot(self, name: str) -> Any:
        return self.changes.get(name, self.slots.get(name))

    def buttons(self, *intents: str) -> list[dict[str, str]]:
        return [{"title": button(i, self.lang), "payload": f"/{i}"} for i in intents]

    def button(self, key: str) -> str:
        return button(key, self.lang)

    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    # --- context ------------------------------------------------------------------------------
    @property
    def today(self) -> dt.date:
        return self.now.date()

    @property
    def staff(self) -> m.StaffMember | None:
        """The municipality this user works for, if they redeemed a staff code (None: a resident)."""
        if "staff" not in self._cache:
            self._cache["staff"] = staff.member(self.session, self.sender)
        return self._cache["staff"]

    def entity(self, name: str) -> str | None:
        for e in self.entities:
            if e.get("entity") == name and e.get("value"):
                return str(e["value"])
        return None

    def place_in_message(self) -> PlaceMatch:
        """The place this message names: a button's code, else whatever the resolver finds in the text
        (it knows more than the entity extractor: typos, postcodes, words that are also town names)."""
        value = self.entity("place")
        if value and self.places.get(value):  # a code from a button
            return PlaceMatch([self.places.get(value)], value)
        if self.text.startswith("/"):
            return PlaceMatch()
        return self.places.resolve(self.text)

    @property
    def place(self) -> Place | None:
        code = self.slot("place")
        return self.places.get(code) if code else None

    def ask_place_choice(self, candidates: list[Place]) -> None:
        self.say(self.t("which_place"), [
            {"title": _place_title(p), "payload": f'/inform_place{{"place":"{p.code}"}}'} for p in candidates[:8]
        ])


def _place_title(place: Place) -> str:
    return place.name


def berlin_now() -> dt.datetime:
    """Local wall-clock time without tzinfo, as events are stored."""
    return dt.datetime.now(BERLIN).replace(tzinfo=None)


class TimedCache:
    """Keeps a value for `seconds`, then builds it anew (place index, reloaded when staff add aliases)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.value: Any = None
        self.stamp = 0.0

    def get(self, build):  # noqa: ANN001
        if self.value is None or time.monotonic() - self.stamp > self.seconds:
            self.value = build()
            self.stamp = time.monotonic()
        return self.value
