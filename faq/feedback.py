"""What the bot could not answer, and what residents thought of the answers — recorded by the custom action,
read by the editors in the admin, counted on the dashboard.

Messages are grouped by similar wording (the same content words, or most of them), newest and most frequent
first; from a group an editor adds the wording as phrasings of an FAQ entry, or dismisses it. Everything
here is pseudonymised and goes with `/loeschen` and after RETENTION_DAYS like every other personal trace."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from faq import models as m
from faq.models import utcnow

LOW_CONFIDENCE = 0.5
STOPWORDS = set("""
der die das den dem des ein eine einer eines einem einen und oder aber ich du er sie es wir ihr mir mich dir
ist sind war wird werden wurde kann können könnte soll sollen muss müssen hat haben hatte gibt es zu zum zur
in im an am auf aus bei mit nach von vor für über unter um wie was wer wo wann warum wieso ob denn noch schon
auch nur mal doch ja nein nicht kein keine da hier dort so dann wenn dass hallo bitte danke eigentlich
the a an and or is are was be to of in on at for with how what who where when why do does can i you it this
that there my me we our please hi hello
""".split())
SIMILAR = 0.6  # Jaccard overlap of content words for two wordings to be one group


def _words(text: str) -> frozenset[str]:
    norm = unicodedata.normalize("NFKC", text.lower())
    return frozenset(w for w in re.findall(r"[a-zäöüß0-9]+", norm) if w not in STOPWORDS and len(w) > 1)


def log_turn(session: Session, *, conversation: str, intent: str, faq_key: str | None, confidence: float,
             lang: str, answered: bool) -> None:
    session.add(m.AnswerLog(conversation=conversation, intent=intent[:40], faq_key=faq_key, confidence=confidence,
                            lang=lang, answered=answered))


def record_unanswered(session: Session, *, conversation: str, text: str, lang: str, kind: str, intent: str,
                      faq_key: str | None, confidence: float, offered: dict[str, str] | None = None) -> None:
    """`offered`: the "Meinten Sie …?" buttons shown with the answer, payload -> topic ("faq/<key>" or an
    intent), so that the user's tap can be recorded as what the message meant."""
    session.add(m.UnansweredMessage(conversation=conversation, text=text[:1000], lang=lang, kind=kind,
                                    guessed_intent=intent[:40], guessed_faq=faq_key, confidence=confidence,
                                    offered=offered or None))


CHOICE_WINDOW = dt.timedelta(minutes=30)


def record_choice(session: Session, conversation: str, text: str, now: dt.datetime | None = None) -> str | None:
    """A message that is one of the buttons just offered under "Meinten Sie …?": note the tapped topic on
    the unanswered message (an editor sees it and can confirm the wording as a phrasing). Returns the
    topic, or None when the message is no such tap. Tapping again, or later, changes nothing."""
    since = (now or utcnow()) - CHOICE_WINDOW
    row = session.scalars(select(m.UnansweredMessage).where(
        m.UnansweredMessage.conversation == conversation, m.UnansweredMessage.at >= since,
        m.UnansweredMessage.offered.is_not(None)).order_by(m.UnansweredMessage.at.desc(),
                                                           m.UnansweredMessage.id.desc())).first()
    if row is None or row.chosen or text not in (row.offered or {}):
        return None
    row.chosen = str(row.offered[text])[:70]
    return row.chosen


def rate(session: Session, conversation: str, target: str, value: int) -> None:
    row = session.scalar(select(m.Rating).where(m.Rating.conversation == conversation, m.Rating.target == target))
    if row is None:
        session.add(m.Rating(conversation=conversation, target=target[:100], value=1 if value > 0 else -1))
    else:
        row.value, row.at = (1 if value > 0 else -1), utcnow()


# --- groups of similar wording ------------------------------------------------------------------------

@dataclass
class Group:
    ids: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    words: frozenset[str] = frozenset()
    newest: dt.datetime = dt.datetime.min
    kinds: Counter = field(default_factory=Counter)
    guesses: Counter = field(default_factory=Counter)
    choices: Counter = field(default_factory=Counter)  # topics users tapped under "Meinten Sie …?"
    lang: str = "de"

    @property
    def count(self) -> int:
        return len(self.ids)

    @property
    def example(self) -> str:
        return self.texts[0]

    @property
    def guess(self) -> str:
        """What the group most likely means: the topic users tapped, else the classifier's guess."""
        best = self.choices or self.guesses
        return best.most_common(1)[0][0] if best else ""


def groups(session: Session, status: str = "open", limit: int = 200) -> list[Group]:
    rows = session.scalars(select(m.UnansweredMessage).where(m.UnansweredMessage.status == status)
                           .order_by(m.UnansweredMessage.at.desc()).limit(2000))
    found: list[Group] = []
    for row in rows:
        words = _words(row.text)
        target = None
        for group in found:
            union = words | group.words
            if union and len(words & group.words) / len(union) >= SIMILAR or (not words and not group.words
                                                                              and row.text.strip().lower() ==
                                                                              group.example.strip().lower()):
                target = group
                break
        if target is None:
            target = Group(words=words, lang=row.lang)
            found.append(target)
        target.ids.append(row.id)
        if row.text not in target.texts:
            target.texts.append(row.text)
        target.newest = max(target.newest, row.at)
        target.kinds[row.kind] += 1
        target.guesses[f"faq/{row.guessed_faq}" if row.guessed_faq else row.guessed_intent] += 1
        if row.chosen:
            target.choices[row.chosen] += 1
    found.sort(key=lambda g: (g.count, g.newest), reverse=True)
    return found[:limit]


# Intents an editor can teach a wording to (besides FAQ entries), with the label the admin shows.
LEARNABLE_INTENTS = {
    "facility_overview": "Einrichtungen an einem Ort", "facility_type": "Art der Einrichtung",
    "facility_capacity": "Plätze / Zahl der Menschen", "facility_status": "Stand der Einrichtung",
    "facility_opening": "Eröffnung / ab wann", "facility_address": "Adresse / Anfahrt",
    "contact_person": "Ansprechperson", "responsible_authority": "Zuständige Bezirksregierung",
    "next_event": "Nächster Termin", "credit_rule": "Anrechnung (Kommunen)",
    "allocation_key": "Verteilschlüssel (Kommunen)", "forecast": "Prognose (Kommunen)",
    "forecast_file": "Prognose als Datei (Kommunen)", "offer_property": "Immobilie anbieten",
    "other_question": "Thema, aber keine Daten (Weitergabe anbieten)",
    "other_authority": "Andere Behörde (115 / Rathaus)", "out_of_scope": "Nicht unser Thema",
    "human_handoff": "Möchte einen Menschen", "frustration": "Ärger", "praise": "Lob", "help": "Hilfe zum Bot",
    "ticket_status": "Stand meiner Weitergabe",
}


def add_phrasings(session: Session, ids: list[int], topic: str, actor: str) -> int:
    """The group's wordings become phrasings of `topic` — an FAQ entry's key (or "faq/<key>") or one of the
    LEARNABLE_INTENTS (the model is then out of date until retrained). Returns how many were new."""
    topic = topic.strip()
    if topic in LEARNABLE_INTENTS:
        existing = {(p.lang, p.text.lower()) for p in session.scalars(
            select(m.LearnedPhrasing).where(m.LearnedPhrasing.intent == topic))}

        def add(lang: str, text: str) -> None:
            session.add(m.LearnedPhrasing(intent=topic, lang=lang, text=text, added_by=actor[:120]))
    else:
        faq_key = topic.removeprefix("faq/")
        entry = session.get(m.FaqEntry, faq_key)
        if entry is None:
            raise ValueError(f"Einen FAQ-Eintrag {faq_key!r} gibt es nicht.")
        existing = {(q.lang, q.text.strip().lower()) for q in entry.questions}

        def add(lang: str, text: str) -> None:
            session.add(m.FaqQuestion(faq_key=faq_key, lang=lang, text=text))
    added = 0
    for row in session.scalars(select(m.UnansweredMessage).where(m.UnansweredMessage.id.in_(ids))):
        text = " ".join(row.text.split())[:500]
        if (row.lang, text.lower()) not in existing:
            add(row.lang, text)
            existing.add((row.lang, text.lower()))
            added += 1
        row.status, row.handled_by, row.handled_at = "added", actor, utcnow()
    return added


KEY = re.compile(r"^[a-z0-9_]{3,60}$")


def new_entry(session: Session, ids: list[int], key: str, actor: str) -> str:
    """Start a new FAQ entry from a group: its wordings become the first phrasings; the editor writes the
    answers next (until then the entry answers nothing, and training refuses it)."""
    key = key.strip().lower()
    if not KEY.match(key):
        raise ValueError("Der Schlüssel darf nur Kleinbuchstaben, Ziffern und _ enthalten (3–60 Zeichen).")
    if session.get(m.FaqEntry, key) is not None or key in LEARNABLE_INTENTS:
        raise ValueError(f"Den FAQ-Eintrag „{key}“ gibt es schon.")
    session.add(m.FaqEntry(key=key, answer_de="", answer_en="", tags=[], source=""))
    session.flush()
    add_phrasings(session, ids, key, actor)
    return key


def dismiss(session: Session, ids: list[int], actor: str) -> None:
    for row in session.scalars(select(m.UnansweredMessage).where(m.UnansweredMessage.id.in_(ids))):
        row.status, row.handled_by, row.handled_at = "dismissed", actor, utcnow()


# --- privacy ---------------------------------------------------------------------------------------------

def forget(session: Session, conversation: str) -> int:
    n = 0
    for model in (m.UnansweredMessage, m.AnswerLog, m.Rating):
        n += session.execute(delete(model).where(model.conversation == conversation)).rowcount or 0
    return n


def purge_older_than(session: Session, days: int, now: dt.datetime | None = None) -> int:
    limit = (now or utcnow()) - dt.timedelta(days=days)
    n = 0
    for model in (m.UnansweredMessage, m.AnswerLog, m.Rating):
        n += session.execute(delete(model).where(model.at < limit)).rowcount or 0
    return n


# --- the dashboard -----------------------------------------------------------------------------------------

def per_day(session: Session, days: int = 30, now: dt.datetime | None = None) -> list[tuple[dt.date, int, int]]:
    """(day, questions, not answered well) for the last `days` days, oldest first."""
    now = now or utcnow()
    start = (now - dt.timedelta(days=days - 1)).date()
    asked = Counter(r.date() for r in session.scalars(select(m.AnswerLog.at).where(
        m.AnswerLog.at >= dt.datetime.combine(start, dt.time()))))
    missed = Counter(r.date() for r in session.scalars(select(m.UnansweredMessage.at).where(
        m.UnansweredMessage.at >= dt.datetime.combine(start, dt.time()))))
    return [(start + dt.timedelta(days=i), asked[start + dt.timedelta(days=i)], missed[start + dt.timedelta(days=i)])
            for i in range(days)]


def top_topics(session: Session, days: int = 30, limit: int = 8, now: dt.datetime | None = None) -> list[tuple[str, int]]:
    since = (now or utcnow()) - dt.timedelta(days=days)
    rows = session.execute(select(m.AnswerLog.intent, m.AnswerLog.faq_key).where(m.AnswerLog.at >= since)).all()
    counts = Counter(f"FAQ: {key}" if key else intent for intent, key in rows)
    return counts.most_common(limit)


def ratings_by_target(session: Session) -> list[tuple[str, int, int]]:
    """(target, 👍, 👎), most 👎 first."""
    rows = session.execute(select(m.Rating.target, m.Rating.value, func.count())
                           .group_by(m.Rating.target, m.Rating.value)).all()
    table: dict[str, list[int]] = {}
    for target, value, count in rows:
        table.setdefault(target, [0, 0])[0 if value > 0 else 1] += count
    return sorted(((t, up, down) for t, (up, down) in table.items()), key=lambda r: (-r[2], -r[1], r[0]))
