"""Which language a user writes: German unless the message is clearly English."""

from __future__ import annotations

import re
from functools import lru_cache

from faq.wordfreqs import zipf_frequency

WORD = re.compile(r"[a-zäöüß']+")
ADDRESSES = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b")  # say nothing of language
# Short words that decide most chat messages at once.
ENGLISH = {"the", "is", "are", "what", "when", "where", "who", "how", "many", "much", "will", "there",
           "any", "hello", "hi", "thanks", "thank", "you", "please", "yes", "no", "can", "i", "my", "me",
           "a", "an", "of", "to", "be", "do", "does", "which", "from", "open", "people", "refugees",
           "shelter", "facility", "next", "event", "help", "bye", "goodbye", "want", "talk", "person",
           "planned", "near", "town", "city", "about", "it", "this", "that", "here", "someone"}
GERMAN = {"der", "die", "das", "ist", "sind", "was", "wann", "wo", "wer", "wie", "viele", "gibt", "es",
          "ein", "eine", "ich", "und", "in", "ab", "hallo", "danke", "bitte", "ja", "nein", "nicht", "mit",
          "für", "fuer", "auf", "bei", "uns", "wir", "mein", "meine", "kann", "können", "soll", "wird",
          "werden", "geplant", "unterkunft", "flüchtlinge", "fluechtlinge", "nächste", "welche", "hier",
          "tschüss", "moin", "servus", "genau", "noch", "schon", "denn", "mal", "einen", "dem", "den"}


@lru_cache(maxsize=4096)
def _score(word: str) -> float:
    if word in ENGLISH:
        return 2.0
    if word in GERMAN:
        return -2.0
    return (zipf_frequency(word, "en") - zipf_frequency(word, "de")) / 3.0


def detect(text: str, previous: str | None = None) -> str:
    """'en' or 'de'. Messages with no telling words (a place name, "ok") keep the previous language."""
    words = WORD.findall(ADDRESSES.sub(" ", text).lower())
    score = sum(_score(w) for w in words)
    if score >= 1.5:
        return "en"
    if score <= -1.0:
        return "de"
    return previous if previous in ("de", "en") else "de"
