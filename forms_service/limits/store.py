"""Rate-limit counters: in Redis for every process, in memory as the fall-back.

Both count a sliding window the same way (this window's count plus the
previous one's, weighted by how much of it still overlaps), so a limit
means the same with or without Redis.  A refused request is not counted.

:class:`Limiter` asks Redis first.  When Redis cannot be reached it logs a
warning, counts in this process for the next few seconds, then tries Redis
again: a citizen is never refused because Redis is down, and limits are
per process meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import Counter
from typing import Any

from forms_service.embedding.ratelimit import RateLimiter

__all__ = ["Limiter", "MemoryCounter", "RedisCounter", "limiter_for", "retry_after"]

log = logging.getLogger("phieu.limits")

#: seconds to count in memory after Redis failed, before trying it again
RETRY_REDIS_AFTER = 5.0

# KEYS: this window's counter, the previous one's; ARGV: expiry (ms), the
# weight of the previous window, the limit.  → {allowed, previous, current}
_HIT = """
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if previous * tonumber(ARGV[2]) + current + 1 > tonumber(ARGV[3]) then
  return {0, previous, current}
end
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return {1, previous, current}
"""


def retry_after(previous: int, current: int, elapsed: float, limit: int, window: float) -> int:
    """Seconds until one more request fits (``elapsed``: share of this window gone)."""
    if current + 1 > limit or previous == 0:
        wait = (1.0 - elapsed) * window  # until this window ends
    else:
        needed = (previous + current + 1 - limit) / previous
        wait = max(needed - elapsed, 0.0) * window
    return max(1, math.ceil(wait))


class MemoryCounter:
    """Counters of this process (:class:`RateLimiter`, one per window length)."""

    def __init__(self) -> None:
        self._limiters: dict[float, RateLimiter] = {}

    async def hit(self, key: str, limit: int, window: float) -> int | None:
        limiter = self._limiters.get(window)
        if limiter is None:
            limiter = self._limiters[window] = RateLimiter(window)
        return limiter.hit(key, limit)


class RedisCounter:
    """Counters in Redis or Valkey, shared by every process using ``prefix``."""

    def __init__(self, url: str, prefix: str, *, timeout: float = 0.25) -> None:
        self.url = url
        self.prefix = prefix
        self.timeout = timeout
        self._client: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._script: Any = None

    def client(self) -> Any:
        """The client of the running event loop (a connection pool belongs to one loop)."""
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            import redis.asyncio as redis_asyncio

            self._client = redis_asyncio.Redis.from_url(
                self.url, socket_timeout=self.timeout, socket_connect_timeout=self.timeout,
                retry_on_timeout=False)
            self._script = self._client.register_script(_HIT)
            self._loop = loop
        return self._client

    async def hit(self, key: str, limit: int, window: float) -> int | None:
        self.client()
        now = time.time()
        number = int(now // window)
        elapsed = (now % window) / window
        base = f"{self.prefix}rl:{int(window)}:{key}:"
        allowed, previous, current = await self._script(
            keys=[f"{base}{number}", f"{base}{number - 1}"],
            args=[int(window * 2000), repr(1.0 - elapsed), limit])
        if allowed:
            return None
        return retry_after(int(previous), int(current), elapsed, limit, window)

    async def close(self) -> None:
        if self._client is not None and self._loop is asyncio.get_running_loop():
            await self._client.aclose()
        self._client = None


class Limiter:
    """``await hit(name, key, limit, window)`` → None if allowed, else seconds to wait.

    ``name`` says which limit (``form_page``, ``sign_in_address`` …): refusals
    are counted by it (:attr:`refusals`, for the metrics).
    """

    def __init__(self, redis: RedisCounter | None = None) -> None:
        self.redis = redis
        self.memory = MemoryCounter()
        self.refusals: Counter[str] = Counter()
        self._redis_down_until = 0.0

    @property
    def shared(self) -> bool:
        """Whether limits are counted in Redis (configured and reachable lately)."""
        return self.redis is not None and time.monotonic() >= self._redis_down_until

    async def hit(self, name: str, key: str, limit: int, window: float = 60.0) -> int | None:
        if limit <= 0:
            return None
        wait = await self._count(f"{name}:{key}", limit, window)
        if wait is not None:
            self.refusals[name] += 1
        return wait

    async def _count(self, key: str, limit: int, window: float) -> int | None:
        if self.redis is not None and time.monotonic() >= self._redis_down_until:
            try:
                return await self.redis.hit(key, limit, window)
            except Exception as exc:  # any failure of Redis: count here meanwhile
                self._redis_down_until = time.monotonic() + RETRY_REDIS_AFTER
                log.warning("rate limits counted in this process: Redis unreachable (%s)",
                            type(exc).__name__)
        return await self.memory.hit(key, limit, window)


def limiter_for(redis_url: str | None, prefix: str) -> Limiter:
    """The limiter of a service: shared through ``redis_url`` when one is set."""
    return Limiter(RedisCounter(redis_url, prefix) if redis_url else None)
