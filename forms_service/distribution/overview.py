"""What a form's invitations have done: counts per channel, dead letters, and why
messages wait. Read by the workspace's distribution page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from forms_service.db import Database
from forms_service.distribution.rules import CHANNELS
from forms_service.outbox.transports import unconfigured
from forms_service.settings import DeliverySettings

__all__ = ["COUNTS", "ChannelCounts", "channel_counts", "dead_letters", "waiting_reasons"]

COUNTS = ("queued", "sent", "failed", "dead", "opened", "answered")
_OUTBOX_STATUS = {"queued": "queued", "sending": "queued", "sent": "sent", "failed": "failed",
                  "dead": "dead"}


@dataclass
class ChannelCounts:
    channel: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))


async def channel_counts(db: Database, form_id: int) -> list[ChannelCounts]:
    """Per channel: the invitations' messages by status (queued, sent, failed, dead)
    and the invitations opened and answered."""
    by_channel = {channel: ChannelCounts(channel) for channel in CHANNELS}
    rows = await db.raw(
        "SELECT i.channel AS channel, m.status AS status, COUNT(*) AS n FROM invitation i "
        "JOIN outbox_message m ON m.idempotency_key = 'inv-' || i.code WHERE i.form = {} "
        "GROUP BY i.channel, m.status", form_id)
    for row in rows:
        target = by_channel.setdefault(row["channel"], ChannelCounts(row["channel"]))
        status = _OUTBOX_STATUS.get(str(row["status"]))
        if status is not None:
            target.counts[status] += int(row["n"])
    rows = await db.raw(
        "SELECT channel, COUNT(opened_at) AS opened, COUNT(answered_at) AS answered "
        "FROM invitation WHERE form = {} GROUP BY channel", form_id)
    for row in rows:
        target = by_channel.setdefault(row["channel"], ChannelCounts(row["channel"]))
        target.counts["opened"] = int(row["opened"])
        target.counts["answered"] = int(row["answered"])
    return list(by_channel.values())


async def dead_letters(db: Database, form_id: int, limit: int = 200) -> list[dict[str, Any]]:
    """The form's invitations and reminders out of attempts, oldest first."""
    return await db.raw(
        "SELECT m.id, m.kind, m.channel, m.attempts, m.last_error, m.created_at "
        "FROM outbox_message m JOIN invitation i ON m.idempotency_key IN "
        "('inv-' || i.code, 'rem-' || i.code) WHERE i.form = {} AND m.status = 'dead' "
        "ORDER BY m.id LIMIT {}", form_id, limit)


def waiting_reasons(settings: DeliverySettings, channels: tuple[str, ...]) -> list[str]:
    """Why messages of ``channels`` wait (English msgids): the channels nothing sends."""
    return [spec.missing for spec in unconfigured(settings) if spec.name in channels]
