"""An in-process sliding-window rate limiter for the form pages.

Each key keeps two counters (this window and the previous one) and the
previous count is weighted by how much of it still overlaps the sliding
window, so memory is constant per key.  Client addresses are only ever keys
of a per-process keyed hash held in memory: no address is stored or logged.
Limits are per process; several processes each apply them.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
import time
from collections.abc import Callable

__all__ = ["RateLimiter", "address_key"]

_SALT = secrets.token_bytes(16)


def address_key(address: str | None) -> str:
    """An opaque, per-process key for a client address."""
    return hmac.new(_SALT, (address or "-").encode(), hashlib.sha256).hexdigest()[:32]


class RateLimiter:
    """``hit(key, limit)`` → ``None`` if allowed, else seconds to wait."""

    def __init__(self, window: float = 60.0, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 200_000) -> None:
        self.window = window
        self.clock = clock
        self.max_keys = max_keys
        self._counts: dict[str, tuple[int, int, int]] = {}  # key → (window no, previous, current)
        self._lock = threading.Lock()

    def hit(self, key: str, limit: int) -> int | None:
        if limit <= 0:
            return None
        now = self.clock()
        number = int(now // self.window)
        elapsed = (now % self.window) / self.window
        with self._lock:
            window, previous, current = self._counts.get(key, (number, 0, 0))
            if window != number:
                previous = current if window == number - 1 else 0
                current = 0
            estimate = previous * (1.0 - elapsed) + current
            if estimate + 1 > limit:
                self._counts[key] = (number, previous, current)
                return self._retry_after(previous, current, elapsed, limit)
            self._counts[key] = (number, previous, current + 1)
            if len(self._counts) > self.max_keys:
                self._prune(number)
        return None

    def _retry_after(self, previous: int, current: int, elapsed: float, limit: int) -> int:
        if current + 1 > limit or previous == 0:
            wait = (1.0 - elapsed) * self.window  # until this window ends
        else:
            # until enough of the previous window has slid out
            needed = (previous + current + 1 - limit) / previous
            wait = max(needed - elapsed, 0.0) * self.window
        return max(1, math.ceil(wait))

    def _prune(self, number: int) -> None:
        stale = [k for k, (window, _, _) in self._counts.items() if window < number - 1]
        for key in stale:
            del self._counts[key]
        if len(self._counts) > self.max_keys:
            self._counts.clear()
