"""When to try a message again: exponential backoff with jitter.

Attempt ``n`` (1 for the first retry) waits ``base · 2^(n-1)`` seconds, capped at
``cap``, of which a random half ("equal jitter") so that messages that failed
together do not come back together.
"""

from __future__ import annotations

import random

__all__ = ["retry_delay"]


def retry_delay(attempt: int, *, base: float, cap: float,
                rng: random.Random | None = None) -> float:
    """Seconds to wait before attempt ``attempt + 1`` after ``attempt`` failed."""
    if attempt < 1:
        raise ValueError("attempt counts from 1")
    ceiling = min(cap, base * 2.0 ** min(attempt - 1, 60))
    draw = (rng or random).random()
    return ceiling / 2.0 + draw * ceiling / 2.0
