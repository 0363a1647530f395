"""Telling every process of the service what changed: Redis pub/sub.

Each process keeps caches of its own: authenticated API and portal keys
(``Settings.key_cache_seconds``) and compiled published versions.  When a
key is revoked, or a form published or archived, the process that did it
publishes one message on ``<PHIEU_REDIS_PREFIX>invalidate``; every process
listening (:meth:`Broadcast.start`, run by the app on start-up) applies it
within milliseconds: the key is forgotten, the versions dropped.

Without Redis nothing is published: a revoked key then stops working in
the other processes once their cache entry expires (``key_cache_seconds``,
30 s by default).  If the listener loses Redis it reconnects and, having
perhaps missed messages, forgets every cached key.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

__all__ = ["Broadcast"]

log = logging.getLogger("phieu.broadcast")

Handler = Callable[[str], None]


class Broadcast:
    """Publishes and applies invalidations (``kind:value`` messages)."""

    def __init__(self, redis_url: str | None, prefix: str, handlers: dict[str, Handler],
                 on_reconnect: Callable[[], None] | None = None) -> None:
        self.redis_url = redis_url
        self.channel = f"{prefix}invalidate"
        self.handlers = handlers
        self.on_reconnect = on_reconnect
        self._client: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self.listening = asyncio.Event()

    def _redis(self) -> Any:
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            import redis.asyncio as redis_asyncio

            self._client = redis_asyncio.Redis.from_url(
                self.redis_url, socket_connect_timeout=0.5, socket_timeout=0.5)
            self._loop = loop
        return self._client

    async def publish(self, kind: str, value: str) -> None:
        """Tell the other processes (this one has applied the change already)."""
        if not self.redis_url:
            return
        try:
            await self._redis().publish(self.channel, f"{kind}:{value}")
        except Exception as exc:  # the others fall back on their cache time
            log.warning("invalidation not published: Redis unreachable (%s)",
                        type(exc).__name__)

    def apply(self, message: str) -> None:
        kind, _, value = message.partition(":")
        handler = self.handlers.get(kind)
        if handler is not None:
            handler(value)

    async def start(self) -> None:
        if self.redis_url and self._task is None:
            self._task = asyncio.create_task(self._listen())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
        if self._client is not None and self._loop is asyncio.get_running_loop():
            with contextlib.suppress(Exception):
                await self._client.aclose()
        self._client = None

    async def _listen(self) -> None:
        import redis.asyncio as redis_asyncio

        first = True
        while True:
            try:
                client = redis_asyncio.Redis.from_url(self.redis_url, socket_connect_timeout=1)
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(self.channel)
                    if not first and self.on_reconnect is not None:
                        self.on_reconnect()  # messages may have been missed meanwhile
                    first = False
                    self.listening.set()
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            data = message["data"]
                            self.apply(data.decode() if isinstance(data, bytes) else str(data))
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.listening.clear()
                log.warning("invalidations not received: Redis unreachable (%s); retrying",
                            type(exc).__name__)
                await asyncio.sleep(1.0)
