"""Writes the Rasa training data that comes from the database: FAQ questions as the retrieval intent
`faq/<key>`, their domain responses, and lookup tables of place names for the entity extractor."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from faq import models as m
from faq.places import _variants
from faq.settings import PROJECT_ROOT

NLU_DATA = PROJECT_ROOT / "nlu" / "data"
NLU_DOMAIN = PROJECT_ROOT / "nlu" / "domain"
HEADER = "# Generated from the FAQ database by `nachbarbot train`; do not edit, edit the database instead.\n"

MONTH_WORDS = ["Januar", "Februar", "März", "Maerz", "April", "Mai", "Juni", "Juli", "August", "September",
               "Oktober", "November", "Dezember", "January", "February", "March", "May", "June", "July",
               "October", "December", "nächsten Monat", "naechsten Monat", "next month", "diesen Monat"]


class _Literal(str):
    pass


def _literal(dumper: yaml.Dumper, data: _Literal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")


yaml.add_representer(_Literal, _literal, Dumper=yaml.SafeDumper)


def _examples(texts: list[str]) -> _Literal:
    return _Literal("".join(f"- {' '.join(t.split())}\n" for t in texts))


def faq_training_data(session: Session, exclude: set[str] = frozenset()) -> dict:
    nlu = []
    for entry in session.scalars(select(m.FaqEntry).order_by(m.FaqEntry.key)):
        # Sorted, so the same content gives the same file (and the same cached model) in any database.
        texts = sorted({q.text for q in entry.questions if q.text not in exclude})
        if texts:
            nlu.append({"intent": f"faq/{entry.key}", "examples": _examples(texts)})
    return {"version": "3.1", "nlu": nlu}


def learned_training_data(session: Session, exclude: set[str] = frozenset()) -> dict:
    """Residents' wordings an editor confirmed as phrasings of an intent (faq.feedback.add_phrasings)."""
    by_intent: dict[str, set[str]] = {}
    for p in session.scalars(select(m.LearnedPhrasing)):
        if p.text not in exclude:
            by_intent.setdefault(p.intent, set()).add(p.text)
    return {"version": "3.1", "nlu": [{"intent": intent, "examples": _examples(sorted(texts))}
                                      for intent, texts in sorted(by_intent.items())]}


def faq_responses(session: Session) -> dict:
    """Domain responses for the retrieval intent. Rasa requires them, but the action answers from the
    database, so they only name the entry (and keep the domain small: Rasa sends it with every action call)."""
    responses = {f"utter_faq/{e.key}": [{"text": f"FAQ {e.key}"}]
                 for e in session.scalars(select(m.FaqEntry).order_by(m.FaqEntry.key))}
    return {"version": "3.1", "responses": responses}


def lookup_tables(session: Session) -> dict:
    names: set[str] = set()
    for name in session.scalars(select(m.Municipality.name_kurz)):
        names.update(v for v, _ in _variants(name) if len(v) > 3)
    names.update(session.scalars(select(m.Kreis.bezeichnung).where(m.Kreis.kreistyp != "kreisfreie Stadt")))
    names.update(session.scalars(select(m.PlaceAlias.alias)))
    return {"version": "3.1", "nlu": [
        {"lookup": "place", "examples": _examples(sorted(names))},
        {"regex": "place", "examples": _examples([r"\b[345]\d{4}\b"])},
        {"lookup": "month", "examples": _examples(MONTH_WORDS)},
    ]}


def write(path: Path, doc: dict) -> None:
    text = HEADER + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def export_training_data(session: Session, exclude: set[str] = frozenset()) -> list[Path]:
    """Write the generated files next to the hand-written ones; returns their paths."""
    files = {
        NLU_DATA / "faq.generated.yml": faq_training_data(session, exclude),
        NLU_DATA / "learned.generated.yml": learned_training_data(session, exclude),
        NLU_DATA / "lookups.generated.yml": lookup_tables(session),
        NLU_DOMAIN / "faq.generated.yml": faq_responses(session),
    }
    for path, doc in files.items():
        write(path, doc)
    return list(files)
