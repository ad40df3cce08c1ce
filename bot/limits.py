"""Limits every front applies the same way: message length, empty messages, and a per-user rate limit
(a token bucket per pseudonymised chat)."""

from __future__ import annotations

import os
import time


MAX_MESSAGE_CHARS = int(os.environ.get("MAX_MESSAGE_CHARS", "600"))
NOTICES = {
    "empty": {"de": "Bitte schreiben Sie Ihre Frage.", "en": "Please type your question."},
    "too_long": {"de": "Ihre Nachricht ist zu lang. Bitte fassen Sie Ihre Frage in höchstens {n} Zeichen.",
                 "en": "Your message is too long. Please keep your question under {n} characters."},
}


def text_notice(text: str, lang: str = "de") -> str | None:
    """What to answer instead of asking Rasa: an empty message, or one longer than MAX_MESSAGE_CHARS
    (Rasa's time grows with the square of the length)."""
    if not text.strip():
        return NOTICES["empty"][lang]
    if len(text) > MAX_MESSAGE_CHARS:
        return NOTICES["too_long"][lang].format(n=MAX_MESSAGE_CHARS)
    return None


class RateLimiter:
    """Allows `burst` messages at once and `rate` messages per second on average for each user."""

    def __init__(self, burst: int | None = None, per_minute: float | None = None, clock=time.monotonic):  # noqa: ANN001
        self.burst = burst if burst is not None else int(os.environ.get("RATE_LIMIT_BURST", "8"))
        per_minute = per_minute if per_minute is not None else float(os.environ.get("RATE_LIMIT_PER_MINUTE", "20"))
        self.rate = per_minute / 60.0
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._noticed: set[str] = set()  # users told to slow down in their current burst

    def allow(self, user: str) -> bool:
        now = self.clock()
        tokens, last = self._buckets.get(user, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        if tokens < 1.0:
            self._buckets[user] = (tokens, now)
            return False
        self._buckets[user] = (tokens - 1.0, now)
        self._noticed.discard(user)
        if len(self._buckets) > 100_000:  # forget idle users
            cutoff = now - self.burst / max(self.rate, 1e-9)
            self._buckets = {k: v for k, v in self._buckets.items() if v[1] > cutoff}
        return True

    def notice_due(self, user: str) -> bool:
        """True once per burst: the first refused message gets "please wait", the rest of the burst nothing."""
        if user in self._noticed:
            return False
        self._noticed.add(user)
        return True
