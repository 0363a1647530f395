"""The one reminder of an invitation, and erasing contacts once they are done with.

An invitation keeps its contact sealed (AES-GCM) until its link is answered
(the answer hands it to the case it may open, to reply by), expires or opts
out: :func:`send_reminders` writes the reminder into the outbox (its own
idempotency key, ``rem-<code>``) for invitations that are due, not answered and
not expired, once, and erases the contacts of invitations answered or expired
(opting out erases at once). The service runs
it every minute (:class:`ReminderSweeper`).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from forms_service.context import Context
from forms_service.distribution.selection import invitation_payload
from forms_service.distribution.wording import texts_for
from forms_service.outbox.queue import enqueue, sealer

__all__ = ["ReminderSweeper", "send_reminders"]

log = logging.getLogger("phieu")
BATCH = 500


def _aware(moment: Any) -> dt.datetime:
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


async def send_reminders(ctx: Context, now: dt.datetime | None = None) -> int:
    """Write the due reminders into the outbox; how many."""
    now = now or dt.datetime.now(dt.UTC)
    db, seal = ctx.db, sealer(ctx.db)
    sent = 0
    async with db.write_transaction():
        await db.raw("UPDATE invitation SET sealed_contact = NULL, reminder_at = NULL "
                     "WHERE sealed_contact IS NOT NULL AND (answered_at IS NOT NULL "
                     "OR expires_at <= {})", now)
        rows = await db.raw(
            "SELECT i.id, i.code, i.channel, i.sealed_contact, i.expires_at, i.agency, i.locale, "
            "f.slug AS slug, a.name AS agency_name, s.name AS service_name FROM invitation i "
            "JOIN form f ON f.id = i.form JOIN agency a ON a.id = i.agency "
            "JOIN service s ON s.id = i.service WHERE i.reminder_at <= {} "
            "AND i.sealed_contact IS NOT NULL ORDER BY i.reminder_at LIMIT {}", now, BATCH)
        texts = await texts_for(db, {int(row["agency"]) for row in rows})
        for row in rows:
            code = row["code"]
            payload = invitation_payload(
                row["channel"], seal.open(row["sealed_contact"], code),
                texts=texts[int(row["agency"])][row["locale"] or "vi"],
                agency=row["agency_name"], service=row["service_name"],
                link=f"{ctx.settings.public_url}/s/{code}", expires=_aware(row["expires_at"]),
                slug=row["slug"])
            await enqueue(db, channel=row["channel"], kind="reminder", key=f"rem-{code}",
                          payload=payload, agency=row["agency"], seal=seal)
            await db.raw("UPDATE invitation SET reminder_at = NULL WHERE id = {}", row["id"])
            sent += 1
    return sent


class ReminderSweeper:
    """Runs :func:`send_reminders`, and the other sweeps it is given (the reminders
    of collections), while the service runs."""

    def __init__(self, ctx: Context, interval: float = 60.0,
                 sweeps: tuple[Callable[[Context], Awaitable[int]], ...] = ()) -> None:
        self.ctx = ctx
        self.interval = interval
        self.sweeps = (send_reminders, *sweeps)
        self._task: asyncio.Task[None] | None = None

    async def start(self, app: object = None) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self, app: object = None) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        while True:
            for sweep in self.sweeps:
                try:
                    await sweep(self.ctx)
                except Exception:  # the next round tries again; serving goes on
                    log.exception("sending reminders failed (%s)", sweep.__name__)
            await asyncio.sleep(self.interval)
