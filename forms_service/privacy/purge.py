"""Deleting raw responses older than the retention period.

Whole months are purged, by the response's Vietnam-time ``month`` (the
period its aggregate rows are keyed by): with 24 months of retention in
November 2026, every response of October 2024 and before goes.  Each
response's channel rows go with it, in the same transaction, in batches so
that writers are held back only briefly.  ``response_aggregate`` is not
touched, so satisfaction, excellence and ranking reports are the same
before and after; ``rebuild_aggregates`` keeps the month rows older than the
oldest remaining response for the same reason.  The communication report,
which reads the raw channel rows, covers the months still kept.  Webhook
deliveries kept for replay (their bodies can carry masked free text) go when
they are older than the first month kept, and so do the comments citizens
wrote when answering the follow-up of a reply (the answer itself stays, for
the case-handling figures).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from forms_service.context import Context
from forms_service.i18n import VIETNAM, local_month

__all__ = ["BATCH", "PurgeResult", "cutoff_month", "purge_responses"]

BATCH = 2000


@dataclass(frozen=True, slots=True)
class PurgeResult:
    """What a purge removed: responses of months before ``before`` and their channel rows."""

    before: str
    responses: int
    channels: int
    deliveries: int = 0

    def describe(self) -> str:
        return (f"purged {self.responses} responses and {self.channels} channel rows "
                f"submitted before {self.before} (Vietnam time), and {self.deliveries} "
                "webhook deliveries made before it; aggregates kept")


def cutoff_month(months: int, now: dt.datetime | None = None) -> str:
    """The first month kept (``YYYY-MM``) when ``months`` months are retained.

    The current month counts as one of them: with 1 month retained in
    November 2026, October 2026 and earlier are purged.
    """
    if months < 1:
        raise ValueError("the retention period is at least one month")
    current = local_month(now or dt.datetime.now(dt.UTC))
    year, month = int(current[:4]), int(current[5:7])
    index = year * 12 + (month - 1) - (months - 1)
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


async def purge_responses(
    ctx: Context, months: int, *, now: dt.datetime | None = None, batch: int = BATCH
) -> PurgeResult:
    """Delete the responses of every month before the retention window."""
    before = cutoff_month(months, now)
    db = ctx.db
    responses = channels = 0
    while True:
        async with db.write_transaction():
            rows = await db.raw(
                "SELECT id FROM response WHERE month < {} ORDER BY id LIMIT {}", before, batch
            )
            if not rows:
                break
            first, last = rows[0]["id"], rows[-1]["id"]
            counted = await db.raw(
                "SELECT COUNT(*) AS n FROM response_channel WHERE response IN "
                "(SELECT id FROM response WHERE month < {} AND id BETWEEN {} AND {})",
                before, first, last,
            )
            await db.raw(
                "DELETE FROM response_channel WHERE response IN "
                "(SELECT id FROM response WHERE month < {} AND id BETWEEN {} AND {})",
                before, first, last,
            )
            await db.raw(
                "DELETE FROM response WHERE month < {} AND id BETWEEN {} AND {}",
                before, first, last,
            )
        responses += len(rows)
        channels += int(counted[0]["n"])
    start = dt.datetime(int(before[:4]), int(before[5:7]), 1, tzinfo=VIETNAM).astimezone(dt.UTC)
    async with db.write_transaction():
        # SQLite keeps CURRENT_TIMESTAMP as UTC text 'YYYY-MM-DD HH:MM:SS'
        gone = await db.raw(
            "DELETE FROM webhook_delivery WHERE created_at < {} RETURNING id",
            start.strftime("%Y-%m-%d %H:%M:%S") if db.is_sqlite else start)
        await db.raw("UPDATE case_reply SET comment = NULL WHERE comment IS NOT NULL "
                     "AND answered_at < {}", start)
    return PurgeResult(before=before, responses=responses, channels=channels,
                       deliveries=len(gone))
