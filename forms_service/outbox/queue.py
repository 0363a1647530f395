"""Writing messages into the outbox and moving them through their states.

:func:`enqueue` runs in the caller's transaction (the fact and its message
commit together); a second message with the same idempotency key is
ignored. :func:`claim` hands a worker a batch of due messages: one
``UPDATE … RETURNING`` whose inner ``SELECT … FOR UPDATE SKIP LOCKED`` lets
several workers on PostgreSQL claim at once without overlap (on SQLite the
write lock does the same). A claimed message has a lease; a worker killed
before it records the outcome leaves the message ``sending`` with an expired
lease, and the next claim takes it again with the same key.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from forms_service.db import Database
from forms_service.db.bulk import insert_rows
from forms_service.outbox.backoff import retry_delay
from forms_service.outbox.listeners import sent_listeners
from forms_service.outbox.message import Message, Outcome
from forms_service.outbox.sealing import Sealer
from forms_service.outbox.transports import CHANNELS
from forms_service.settings import DeliverySettings

__all__ = ["Outgoing", "claim", "enqueue", "enqueue_many", "hold", "now_ms", "record",
           "release", "requeue", "sealer"]


def now_ms() -> int:
    return int(time.time() * 1000)


def sealer(db: Database) -> Sealer:
    settings = db.settings
    return Sealer(settings.secret_key, settings.delivery.contact_key)


async def depth(db: Database) -> dict[tuple[str, str], int]:
    """Messages in the outbox by (channel, status): what ``/metrics`` shows."""
    rows = await db.raw("SELECT channel, status, COUNT(*) AS n FROM outbox_message "
                        "GROUP BY channel, status")
    return {(str(row["channel"]), str(row["status"])): int(row["n"]) for row in rows}


async def enqueue(db: Database, *, channel: str, kind: str, key: str,
                  payload: dict[str, Any], agency: int | None = None,
                  not_before_ms: int | None = None, seal: Sealer | None = None,
                  stream: str | None = None, held: bool = False) -> bool:
    """Write one message (in the current transaction, if any); ``False`` when a
    message with this key is already there. Messages of one ``stream`` are
    delivered one at a time, oldest first; a ``held`` one waits until
    :func:`release` queues its stream again."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    if not 1 <= len(key) <= 64:
        raise ValueError("an idempotency key has 1 to 64 characters")
    sealed = (seal or sealer(db)).seal(payload, key)
    rows = await db.raw(
        "INSERT INTO outbox_message (agency, kind, channel, idempotency_key, sealed, status, "
        "attempts, due_ms, created_at, stream) VALUES ({}, {}, {}, {}, {}, {}, 0, {}, "
        "CURRENT_TIMESTAMP, {}) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
        agency, kind, channel, key, sealed, "held" if held else "queued",
        not_before_ms if not_before_ms else now_ms(), stream)
    return bool(rows)


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message for :func:`enqueue_many`."""

    channel: str
    kind: str
    key: str
    payload: dict[str, Any]
    agency: int | None = None
    not_before_ms: int | None = None


_COLUMNS = ("agency", "kind", "channel", "idempotency_key", "sealed", "status", "attempts",
            "due_ms", "created_at")
_TYPES = ("integer", "text", "text", "text", "text", "text", "integer", "bigint",
          "timestamptz")


async def enqueue_many(db: Database, messages: list[Outgoing],
                       seal: Sealer | None = None) -> set[str]:
    """Write many messages in one statement (in the current transaction, if any); the
    keys written (a key already there is left as it is)."""
    opener = seal or sealer(db)
    now, moment = now_ms(), dt.datetime.now(dt.UTC)
    rows = []
    for message in messages:
        if message.channel not in CHANNELS:
            raise ValueError(f"unknown channel {message.channel!r}")
        if not 1 <= len(message.key) <= 64:
            raise ValueError("an idempotency key has 1 to 64 characters")
        rows.append((message.agency, message.kind, message.channel, message.key,
                     opener.seal(message.payload, message.key), "queued", 0,
                     message.not_before_ms or now, moment))
    written = await insert_rows(db, "outbox_message", _COLUMNS, _TYPES, rows,
                                "ON CONFLICT (idempotency_key) DO NOTHING "
                                "RETURNING idempotency_key")
    return {str(row[0]) for row in written}


# a message of a stream waits while an older one of its stream is still to deliver
# (queued for a retry, or being sent): each stream gives at most its oldest
_IN_ORDER = (
    "(m.stream IS NULL OR NOT EXISTS (SELECT 1 FROM outbox_message o WHERE "
    "o.stream = m.stream AND o.id < m.id AND o.status IN ('queued', 'sending')))"
)


async def claim(db: Database, channels: Iterable[str], limit: int, lease_seconds: float,
                seal: Sealer | None = None) -> list[Message]:
    """Take up to ``limit`` due messages of ``channels`` for delivery: of a stream,
    only its oldest message still to deliver, once it is due."""
    names = sorted(set(channels))
    if not names:
        return []
    now = now_ms()
    marks = ", ".join(["{}"] * len(names))
    lock = "" if db.is_sqlite else " FOR UPDATE SKIP LOCKED"
    rows = await db.raw(
        "UPDATE outbox_message SET status = 'sending', attempts = attempts + 1, lease_ms = {} "
        "WHERE id IN (SELECT m.id FROM outbox_message m WHERE m.channel IN (" + marks + ") "
        "AND ((m.status = 'queued' AND m.due_ms <= {}) OR (m.status = 'sending' AND "
        "m.lease_ms < {})) AND " + _IN_ORDER + " ORDER BY m.due_ms, m.id LIMIT {}" + lock + ") "
        "RETURNING id, idempotency_key, channel, kind, attempts, sealed",
        now + int(lease_seconds * 1000), *names, now, now, limit)
    opener = seal or sealer(db)
    messages = []
    for row in sorted(rows, key=lambda r: r["id"]):
        key = row["idempotency_key"]
        payload = opener.open(row["sealed"], key) if row["sealed"] else {}
        messages.append(Message(id=row["id"], key=key, channel=row["channel"],
                                kind=row["kind"], attempt=row["attempts"], payload=payload))
    return messages


_SENT = ("UPDATE outbox_message SET status = 'sent', sealed = NULL, lease_ms = NULL, "
         "last_error = NULL, sent_at = CURRENT_TIMESTAMP WHERE id = {} AND status = 'sending'")


async def record(db: Database, message: Message, outcome: Outcome,
                 settings: DeliverySettings, rng: random.Random | None = None) -> str:
    """Store what one attempt gave; the message's new status."""
    if outcome.result == "sent":
        listeners = sent_listeners(message.kind)
        if not listeners:
            await db.raw(_SENT, message.id)
            return "sent"
        async with db.write_transaction():  # the message and what its sending means
            if await db.raw(_SENT + " RETURNING id", message.id):
                for listener in listeners:
                    await listener(db, message)
        return "sent"
    if outcome.result == "failed":
        await db.raw("UPDATE outbox_message SET status = 'failed', sealed = NULL, "
                     "lease_ms = NULL, last_error = {} WHERE id = {} AND status = 'sending'",
                     outcome.reason, message.id)
        return "failed"
    if message.attempt >= settings.max_attempts:
        await db.raw("UPDATE outbox_message SET status = 'dead', lease_ms = NULL, "
                     "last_error = {} WHERE id = {} AND status = 'sending'",
                     outcome.reason, message.id)
        return "dead"
    delay = retry_delay(message.attempt, base=settings.base_delay_seconds,
                        cap=settings.max_delay_seconds, rng=rng)
    await db.raw("UPDATE outbox_message SET status = 'queued', lease_ms = NULL, "
                 "last_error = {}, due_ms = {} WHERE id = {} AND status = 'sending'",
                 outcome.reason, now_ms() + int(delay * 1000), message.id)
    return "queued"


async def hold(db: Database, stream: str) -> int:
    """The queued messages of ``stream`` wait (``held``) until :func:`release`; how
    many."""
    rows = await db.raw("UPDATE outbox_message SET status = 'held' WHERE stream = {} AND "
                        "status = 'queued' RETURNING id", stream)
    return len(rows)


async def release(db: Database, stream: str) -> int:
    """The held messages of ``stream`` are queued again, due now; how many."""
    rows = await db.raw("UPDATE outbox_message SET status = 'queued', due_ms = {} "
                        "WHERE stream = {} AND status = 'held' RETURNING id", now_ms(), stream)
    return len(rows)


async def requeue(db: Database, message_id: int) -> bool:
    """A dead message goes back into the queue with its attempts reset (same key);
    ``False`` if it is not dead."""
    rows = await db.raw(
        "UPDATE outbox_message SET status = 'queued', attempts = 0, due_ms = {}, "
        "lease_ms = NULL WHERE id = {} AND status = 'dead' AND sealed IS NOT NULL "
        "RETURNING id", now_ms(), message_id)
    return bool(rows)
