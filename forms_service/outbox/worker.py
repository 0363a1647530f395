"""The delivery worker: claims due messages and hands each to its channel's transport.

It runs inside ``phieu serve`` (started with the application, the default)
and as ``phieu worker`` processes; any number may run against one
PostgreSQL database (claims never overlap). Each outcome is recorded as soon
as its attempt ends, so a worker killed mid-batch leaves only the messages
then in flight (at most ``concurrency``) to be sent again, with the same
idempotency key, once their lease runs out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections import Counter

from forms_service.db import Database, is_unavailable_error
from forms_service.outbox.message import Message, Outcome, Transport
from forms_service.outbox.outcomes import notify_given_up
from forms_service.outbox.queue import claim, record, sealer
from forms_service.outbox.transports import build_transports, feeder
from forms_service.settings import DeliverySettings

__all__ = ["OutboxWorker"]

log = logging.getLogger("phieu.outbox")


class OutboxWorker:
    """Delivers the outbox of ``db`` with the transports its settings configure."""

    def __init__(self, db: Database, transports: dict[str, Transport] | None = None,
                 rng: random.Random | None = None,
                 settings: DeliverySettings | None = None) -> None:
        self.db = db
        self.settings = settings or db.settings.delivery
        self.transports = (build_transports(self.settings) if transports is None
                           else transports)
        self.sealer = sealer(db)
        self.rng = rng or random.Random()
        self.totals: Counter[str] = Counter()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def run_once(self) -> Counter[str]:
        """Claim one batch and deliver it; the new statuses counted."""
        for channel in self.transports:
            feed = feeder(channel)
            if feed is not None:
                try:
                    await feed(self.db)
                except Exception as exc:  # a feed's failure must not stop the claims
                    if not is_unavailable_error(exc):
                        log.exception("the feed of channel %s failed", channel)
        messages = await claim(self.db, self.transports, self.settings.batch,
                               self.settings.lease_seconds, self.sealer)
        done: Counter[str] = Counter()
        if not messages:
            return done
        gate = asyncio.Semaphore(self.settings.concurrency)

        async def deliver(message: Message) -> None:
            async with gate:
                try:
                    outcome = await self.transports[message.channel].send(message)
                except Exception as exc:  # a transport bug must not stop the queue
                    log.exception("delivery of outbox message %s raised", message.id)
                    outcome = Outcome.retry(f"delivery raised {type(exc).__name__}")
                status = await record(self.db, message, outcome, self.settings, self.rng)
                if status in ("failed", "dead"):
                    await notify_given_up(self.db, message, status)
                if status != "sent":
                    log.warning("outbox message %s (%s, attempt %s): %s — %s", message.id,
                                message.channel, message.attempt, status, outcome.reason)
                done[status] += 1

        await asyncio.gather(*(deliver(message) for message in messages))
        self.totals.update(done)
        return done

    async def drain(self) -> Counter[str]:
        """Deliver until no message is due."""
        total: Counter[str] = Counter()
        while True:
            done = await self.run_once()
            if not done:
                return total
            total.update(done)

    def nudge(self) -> None:
        """A message was written: look now rather than at the next poll."""
        self._wake.set()

    async def run_forever(self, stop: asyncio.Event | None = None) -> None:
        """Deliver until cancelled, or until ``stop`` is set (after the batch in hand)."""
        while stop is None or not stop.is_set():
            try:
                done = await self.run_once()
            except Exception as exc:
                if not is_unavailable_error(exc):
                    log.exception("the outbox worker failed; it tries again")
                done = Counter()
            if not done:
                self._wake.clear()
                waits = [asyncio.ensure_future(self._wake.wait())]
                if stop is not None:
                    waits.append(asyncio.ensure_future(stop.wait()))
                _, pending = await asyncio.wait(waits, timeout=self.settings.poll_seconds,
                                                return_when=asyncio.FIRST_COMPLETED)
                for waiter in pending:
                    waiter.cancel()

    async def start(self, app: object = None) -> None:
        if self._task is None and self.transports:
            self._task = asyncio.get_running_loop().create_task(self.run_forever())

    async def stop(self, app: object = None) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for transport in self.transports.values():
            await transport.close()
