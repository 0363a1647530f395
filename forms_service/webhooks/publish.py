"""The one way an event reaches webhooks: :func:`publish`, called where the fact
is stored, in the same transaction.

It writes, for every endpoint of the agency subscribed to the event, a
delivery and its outbox message (channel ``webhook``): the event commits with
its messages or not at all, and the outbox delivers them at least once, each
with its own ``webhook-id``.

The body follows the Standard Webhooks shape ``{"type", "timestamp",
"data"}``. ``data`` is the caller's ``payload``, which must hold no free text
(identifiers, codes, numbers, times); free text goes in ``free_text`` and
reaches only the endpoints marked to receive it, masked as in exports
(citizen IDs, phone numbers and e-mail addresses replaced).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from typing import Any

from forms_service.db import Database
from forms_service.exports.masking import Masker
from forms_service.outbox.queue import enqueue, sealer
from forms_service.outbox.sealing import Sealer
from forms_service.webhooks.events import EVENTS

__all__ = ["endpoint_secrets", "publish", "subscribers", "write_delivery"]


def endpoint_secrets(seal: Sealer, row: dict[str, Any], now: dt.datetime) -> list[str]:
    """The secrets that sign an endpoint's messages now: its own, and the previous
    one while its grace period lasts."""
    bound = f"webhook-endpoint:{row['id']}"
    found = [seal.open(row["secret_sealed"], bound)]
    until = row.get("previous_until")
    if row.get("previous_sealed") and until is not None:
        if isinstance(until, str):
            until = dt.datetime.fromisoformat(until)
        if until.tzinfo is None:
            until = until.replace(tzinfo=dt.UTC)
        if until > now:
            found.append(seal.open(row["previous_sealed"], f"{bound}:previous"))
    return found


async def write_delivery(db: Database, seal: Sealer, endpoint: dict[str, Any],
                         event_type: str, webhook_id: str, body: str) -> str:
    """One delivery row and its outbox message; the outbox key."""
    key = f"wh_{secrets.token_hex(16)}"
    now = dt.datetime.now(dt.UTC)
    await db.raw(
        "INSERT INTO webhook_delivery (endpoint, agency, event_type, webhook_id, outbox_key, "
        "body_sealed, created_at) VALUES ({}, {}, {}, {}, {}, {}, CURRENT_TIMESTAMP)",
        endpoint["id"], endpoint["agency"], event_type, webhook_id, key,
        seal.seal(body, key))
    await enqueue(db, channel="webhook", kind=event_type, key=key, agency=endpoint["agency"],
                  seal=seal, payload={
                      "url": endpoint["url"], "webhook_id": webhook_id, "body": body,
                      "secrets": endpoint_secrets(seal, endpoint, now)})
    return key


async def subscribers(db: Database, event_type: str, agency_id: int
                      ) -> list[dict[str, Any]]:
    """The endpoints of ``agency_id`` subscribed to ``event_type``."""
    if event_type not in EVENTS:
        raise ValueError(f"unknown webhook event type {event_type!r}")
    rows = await db.raw(
        "SELECT id, agency, url, events, free_text, secret_sealed, previous_sealed, "
        "previous_until FROM webhook_endpoint WHERE agency = {} ORDER BY id", agency_id)
    return [row for row in rows if event_type in json.loads(row["events"])]


async def publish(db: Database, event_type: str, agency_id: int, payload: dict[str, Any],
                  *, free_text: dict[str, Any] | None = None,
                  endpoints: list[dict[str, Any]] | None = None) -> int:
    """Queue ``event_type`` for every endpoint of ``agency_id`` subscribed to it (in the
    current transaction); how many deliveries were written. ``endpoints``: the
    :func:`subscribers` already read in this transaction."""
    if endpoints is None:
        endpoints = await subscribers(db, event_type, agency_id)
    if not endpoints:
        return 0
    seal = sealer(db)
    timestamp = dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")
    masked = Masker().deep(free_text) if free_text else None
    for endpoint in endpoints:
        data = dict(payload)
        if masked and endpoint["free_text"]:
            data["free_text"] = masked
        body = json.dumps({"type": event_type, "timestamp": timestamp, "data": data},
                          ensure_ascii=False, separators=(",", ":"))
        await write_delivery(db, seal, endpoint, event_type,
                             f"msg_{secrets.token_urlsafe(18)}", body)
    return len(endpoints)
