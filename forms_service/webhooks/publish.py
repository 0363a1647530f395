"""The one way an event reaches webhooks: :func:`publish` (or, for an answer not
yet stored, :func:`pending`), called where the fact is stored, in the same
transaction, and :func:`fan_out`, run by the outbox worker.

``publish`` writes one *pending event* (table ``webhook_event``) when the
agency has an endpoint subscribed to the event, which costs nothing to the
agencies without any (:func:`subscribed` keeps who has some per process for a
few seconds). The event commits with its fact or not at all. An answer's
events are rows stored with the answer (:func:`pending`), whose ``response``
column takes the answer's id from its insert.

``fan_out`` turns pending events, oldest first, into a delivery and its
outbox message (channel ``webhook``, one ordered stream per endpoint) for
every endpoint subscribed then, and deletes them, in one transaction: each
event reaches each endpoint once, with its own ``webhook-id``.

The body follows the Standard Webhooks shape ``{"type", "timestamp",
"data"}``. ``data`` is the caller's payload, which must hold no free text
(identifiers, codes, numbers, times); free text goes in ``free_text`` and
reaches only the endpoints marked to receive it, masked as in exports
(citizen IDs, phone numbers and e-mail addresses replaced).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import time
import weakref
from typing import Any

from forms_service.db import Database
from forms_service.db.lanes import read_rows
from forms_service.exports.masking import Masker
from forms_service.outbox.queue import enqueue, sealer
from forms_service.outbox.sealing import Sealer, SealingError
from forms_service.responses.followups import FollowUp
from forms_service.webhooks.events import EVENTS

__all__ = ["KEEP_SECONDS", "endpoint_secrets", "fan_out", "forget", "pending", "publish",
           "stream", "subscribed", "subscribers", "write_delivery"]

log = logging.getLogger("phieu.webhooks")

#: how long a process keeps which agencies have endpoints for which events
KEEP_SECONDS = 5.0
FAN_OUT_BATCH = 200
#: the first key of the advisory lock taken by the worker fanning events out
FAN_OUT_LOCK = 17031

_kept: weakref.WeakKeyDictionary[Database, tuple[float, dict[str, frozenset[int]]]] = (
    weakref.WeakKeyDictionary()
)


def forget(db: Database) -> None:
    """An endpoint changed in this process: read who subscribes afresh."""
    _kept.pop(db, None)


async def subscribed(db: Database, event_type: str, agency_id: int) -> bool:
    """Whether ``agency_id`` has an enabled endpoint subscribed to ``event_type``
    (as read at most :data:`KEEP_SECONDS` ago, or since a change in this process)."""
    if event_type not in EVENTS:
        raise ValueError(f"unknown webhook event type {event_type!r}")
    kept = _kept.get(db)
    if kept is None or kept[0] <= time.monotonic():
        rows = await read_rows(db, "SELECT agency, events FROM webhook_endpoint "
                                   "WHERE disabled_at IS NULL")
        found: dict[str, set[int]] = {}
        for row in rows:
            for name in json.loads(row["events"]):
                found.setdefault(name, set()).add(int(row["agency"]))
        kept = (time.monotonic() + KEEP_SECONDS,
                {name: frozenset(agencies) for name, agencies in found.items()})
        _kept[db] = kept
    return agency_id in kept[1].get(event_type, frozenset())


def stream(endpoint_id: int) -> str:
    """The outbox stream of an endpoint's messages (delivered in order)."""
    return f"webhook:{endpoint_id}"


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
    """One delivery row and its outbox message (held if the endpoint is disabled);
    the outbox key."""
    key = f"wh_{secrets.token_hex(16)}"
    now = dt.datetime.now(dt.UTC)
    await db.raw(
        "INSERT INTO webhook_delivery (endpoint, agency, event_type, webhook_id, outbox_key, "
        "body_sealed, created_at) VALUES ({}, {}, {}, {}, {}, {}, CURRENT_TIMESTAMP)",
        endpoint["id"], endpoint["agency"], event_type, webhook_id, key,
        seal.seal(body, key))
    await enqueue(db, channel="webhook", kind=event_type, key=key, agency=endpoint["agency"],
                  seal=seal, stream=stream(endpoint["id"]),
                  held=endpoint.get("disabled_at") is not None, payload={
                      "url": endpoint["url"], "webhook_id": webhook_id, "body": body,
                      "secrets": endpoint_secrets(seal, endpoint, now)})
    return key


_ENDPOINT = ("SELECT id, agency, url, events, free_text, secret_sealed, previous_sealed, "
             "previous_until, disabled_at FROM webhook_endpoint")


async def subscribers(db: Database, event_type: str, agency_id: int
                      ) -> list[dict[str, Any]]:
    """The enabled endpoints of ``agency_id`` subscribed to ``event_type`` (read now)."""
    if event_type not in EVENTS:
        raise ValueError(f"unknown webhook event type {event_type!r}")
    rows = await db.raw(_ENDPOINT + " WHERE agency = {} AND disabled_at IS NULL ORDER BY id",
                        agency_id)
    return [row for row in rows if event_type in json.loads(row["events"])]


def _timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _event_values(event_type: str, agency_id: int, payload: dict[str, Any],
                  free_text: dict[str, Any] | None, seal: Sealer) -> dict[str, Any]:
    if event_type not in EVENTS:
        raise ValueError(f"unknown webhook event type {event_type!r}")
    token = secrets.token_hex(16)
    now = dt.datetime.now(dt.UTC)
    content = {"timestamp": _timestamp(now), "data": payload,
               "free_text": Masker().deep(free_text) if free_text else None}
    return {"agency": agency_id, "event_type": event_type, "token": token,
            "payload_sealed": seal.seal(content, f"webhook-event:{token}"), "created_at": now}


def pending(db: Database, event_type: str, agency_id: int, payload: dict[str, Any], *,
            free_text: dict[str, Any] | None = None) -> FollowUp:
    """``event_type`` as a row stored with an answer (its id goes into ``response``
    and ``data.response_id``); the caller checked :func:`subscribed`."""
    return FollowUp("webhook_event",
                    _event_values(event_type, agency_id, payload, free_text, sealer(db)))


async def publish(db: Database, event_type: str, agency_id: int, payload: dict[str, Any],
                  *, free_text: dict[str, Any] | None = None,
                  response: int | None = None) -> bool:
    """Queue ``event_type`` for the endpoints of ``agency_id`` subscribed to it, in the
    current transaction; whether it was written (not if none is subscribed).
    ``response``: the answer the event is about (``data.response_id``)."""
    if not await subscribed(db, event_type, agency_id):
        return False
    values = _event_values(event_type, agency_id, payload, free_text, sealer(db))
    values["response"] = response
    names = ", ".join(values)
    await db.raw(f"INSERT INTO webhook_event ({names}) VALUES "
                 f"({', '.join('{}' for _ in values)})", *values.values())
    return True


async def fan_out(db: Database, limit: int = FAN_OUT_BATCH) -> int:
    """Turn up to ``limit`` pending events, oldest first, into deliveries for the
    endpoints subscribed to them; how many events. Run by the outbox worker
    before it claims webhook messages; one worker at a time (the others go on to
    their claims)."""
    if not await db.raw("SELECT id FROM webhook_event LIMIT 1"):
        return 0  # nearly always: no write transaction
    seal = sealer(db)
    async with db.write_transaction():
        # one worker at a time (on SQLite the write lock does it), so that every
        # endpoint's deliveries are written in the order of their events
        if not db.is_sqlite and not (await db.raw(
                "SELECT pg_try_advisory_xact_lock({}, 0) AS mine", FAN_OUT_LOCK))[0]["mine"]:
            return 0
        events = await db.raw("SELECT id, agency, event_type, response, token, "
                              "payload_sealed FROM webhook_event ORDER BY id LIMIT {}", limit)
        endpoints: dict[tuple[int, str], list[dict[str, Any]]] = {}
        for event in events:
            kind, agency = str(event["event_type"]), int(event["agency"])
            if (agency, kind) not in endpoints:
                endpoints[agency, kind] = await subscribers(db, kind, agency)
            if not endpoints[agency, kind]:
                continue
            try:
                content = seal.open(event["payload_sealed"],
                                    f"webhook-event:{event['token']}")
            except SealingError:  # sealed under other keys: it cannot be sent, ever
                log.error("pending webhook event %s cannot be opened; it is dropped",
                          event["id"])
                continue
            data = dict(content["data"])
            if event["response"] is not None:
                data = {"response_id": int(event["response"]), **data}
                if kind == "case.opened" and "case_id" not in data:
                    found = await db.raw("SELECT id FROM feedback_case WHERE response = {}",
                                         event["response"])
                    data = {"case_id": found[0]["id"] if found else None, **data}
            for endpoint in endpoints[agency, kind]:
                shown = dict(data)
                if content["free_text"] and endpoint["free_text"]:
                    shown["free_text"] = content["free_text"]
                body = json.dumps({"type": kind, "timestamp": content["timestamp"],
                                   "data": shown}, ensure_ascii=False, separators=(",", ":"))
                await write_delivery(db, seal, endpoint, kind,
                                     f"msg_{secrets.token_urlsafe(18)}", body)
        if events:
            marks = ", ".join("{}" for _ in events)
            await db.raw(f"DELETE FROM webhook_event WHERE id IN ({marks})",
                         *(event["id"] for event in events))
    return len(events)
