"""Per-user rate limit: a token bucket per pseudonymised chat."""

from __future__ import annotations

import os
import time


class RateLimiter:
    """Allows `burst` messages at once and `rate` messages per second on average for each user."""

    def __init__(self, burst: int | None = None, per_minute: float | None = None, clock=time.monotonic):  # noqa: ANN001
        self.burst = burst if burst is not None else int(os.environ.get("RATE_LIMIT_BURST", "8"))
        per_minute = per_minute if per_minute is not None else float(os.environ.get("RATE_LIMIT_PER_MINUTE", "20"))
        self.rate = per_minute / 60.0
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, user: str) -> bool:
        now = self.clock()
        tokens, last = self._buckets.get(user, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        if tokens < 1.0:
            self._buckets[user] = (tokens, now)
            return False
        self._buckets[user] = (tokens - 1.0, now)
        if len(self._buckets) > 100_000:  # forget idle users
            cutoff = now - self.burst / max(self.rate, 1e-9)
            self._buckets = {k: v for k, v in self._buckets.items() if v[1] > cutoff}
        return True
