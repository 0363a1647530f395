"""Webhook endpoints of an agency: registration (the secret shown once), listing,
removal, secret rotation, the delivery log and replaying a delivery.

Designers manage their own agency's endpoints; administrators any agency's
(naming it). Another agency's endpoint is "not found".
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from forms_service.agencies.service import agency_by_code
from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.errors import Forbidden, InvalidInput, NotFound
from forms_service.outbox.queue import sealer
from forms_service.outbox.signing import new_secret
from forms_service.roles import Role
from forms_service.text import clean_name
from forms_service.webhooks.endpoints import check_events, check_url
from forms_service.webhooks.health import disable, enable
from forms_service.webhooks.publish import forget, stream, write_delivery

__all__ = [
    "create_endpoint",
    "delete_endpoint",
    "deliveries",
    "get_endpoint",
    "list_endpoints",
    "recent_deliveries",
    "replay",
    "rotate_secret",
    "update_endpoint",
]

MAX_GRACE_HOURS = 168
_COLUMNS = ("e.id, e.agency, a.code AS agency_code, e.url, e.events, e.free_text, "
            "e.description, e.created_at, e.previous_until, e.secret_sealed, e.previous_sealed, "
            "e.disabled_at, e.disabled_reason, e.failure_streak")
DISABLED_BY_PERSON = "disabled by a person"
RECENT_DAYS = 7


def _require_manager(principal: Principal) -> None:
    """Designers of the whole agency (and administrators): an endpoint receives the
    events of every unit, so a person limited to a unit manages none."""
    principal.require_role(Role.DESIGNER)
    if principal.is_unit_scoped:
        raise Forbidden("Your account is limited to a unit of the agency, and webhooks send "
                        "the events of the whole agency: ask an administrator for access "
                        "to the whole agency.", error_code="unit_scope")


def _bound(endpoint_id: int) -> str:
    return f"webhook-endpoint:{endpoint_id}"


def _out(row: dict[str, Any]) -> dict[str, Any]:
    until = row["previous_until"]
    if isinstance(until, str):
        until = dt.datetime.fromisoformat(until)
    if until is not None and until.tzinfo is None:
        until = until.replace(tzinfo=dt.UTC)
    if until is not None and until <= dt.datetime.now(dt.UTC):
        until = None
    return {"id": row["id"], "agency": row["agency_code"], "url": row["url"],
            "events": json.loads(row["events"]), "free_text": bool(row["free_text"]),
            "description": row["description"], "created_at": row["created_at"],
            "previous_secret_until": until, "enabled": row["disabled_at"] is None,
            "disabled_at": row["disabled_at"], "disabled_reason": row["disabled_reason"] or "",
            "failure_streak": int(row["failure_streak"] or 0)}


async def _counts(ctx: Context, endpoint_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per endpoint: messages given up in the last days, and messages held."""
    if not endpoint_ids:
        return {}
    marks = ", ".join("{}" for _ in endpoint_ids)
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=RECENT_DAYS)
    rows = await ctx.db.raw(
        "SELECT d.endpoint, SUM(CASE WHEN m.status IN ('failed', 'dead') AND d.created_at "
        ">= {} THEN 1 ELSE 0 END) AS recent_failures, SUM(CASE WHEN m.status = 'held' "
        "THEN 1 ELSE 0 END) AS held FROM webhook_delivery d JOIN outbox_message m ON "
        f"m.idempotency_key = d.outbox_key WHERE d.endpoint IN ({marks}) "
        "AND m.status IN ('failed', 'dead', 'held') GROUP BY d.endpoint",
        since, *endpoint_ids)
    return {int(row["endpoint"]): {"recent_failures": int(row["recent_failures"] or 0),
                                   "held": int(row["held"] or 0)} for row in rows}


async def _shown(ctx: Context, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts = await _counts(ctx, [int(row["id"]) for row in rows])
    zero = {"recent_failures": 0, "held": 0}
    return [_out(row) | counts.get(int(row["id"]), zero) for row in rows]


async def _endpoint(ctx: Context, principal: Principal, endpoint_id: int, *,
                    write: bool) -> dict[str, Any]:
    _require_manager(principal)
    rows = await ctx.db.raw(f"SELECT {_COLUMNS} FROM webhook_endpoint e JOIN agency a "
                            "ON a.id = e.agency WHERE e.id = {}", endpoint_id)
    if not rows or not principal.can_see_agency(rows[0]["agency"]):
        raise NotFound("There is no webhook endpoint {id}.", id=endpoint_id)
    if write:
        principal.require_write_agency(rows[0]["agency"])
    return rows[0]


async def create_endpoint(ctx: Context, principal: Principal, *, url: str,
                          events: list[str], agency: str | None, free_text: bool,
                          description: str) -> tuple[dict[str, Any], str]:
    """Register an endpoint; its row and its signing secret (shown only once)."""
    _require_manager(principal)
    if agency:
        agency_id = (await agency_by_code(agency))["id"]
    elif principal.agency_id is not None:
        agency_id = principal.agency_id
    else:
        raise InvalidInput("agency is required: give the code of the agency the endpoint "
                           "belongs to.")
    principal.require_write_agency(agency_id)
    stored_url = check_url(url, ctx.settings.delivery.webhook_allowed_hosts)
    kinds = check_events(events)
    label = clean_name(description, "description") if description.strip() else ""
    secret = new_secret()
    seal = sealer(ctx.db)
    async with ctx.db.write_transaction():
        rows = await ctx.db.raw(
            "INSERT INTO webhook_endpoint (agency, url, events, free_text, description, "
            "secret_sealed, created_at) VALUES ({}, {}, {}, {}, {}, '', CURRENT_TIMESTAMP) "
            "RETURNING id", agency_id, stored_url, json.dumps(kinds), free_text, label)
        endpoint_id = rows[0]["id"]
        await ctx.db.raw("UPDATE webhook_endpoint SET secret_sealed = {} WHERE id = {}",
                         seal.seal(secret, _bound(endpoint_id)), endpoint_id)
    forget(ctx.db)
    row = await _endpoint(ctx, principal, endpoint_id, write=False)
    return _out(row), secret


async def list_endpoints(ctx: Context, principal: Principal) -> list[dict[str, Any]]:
    _require_manager(principal)
    sql = f"SELECT {_COLUMNS} FROM webhook_endpoint e JOIN agency a ON a.id = e.agency"
    if principal.agency_id is not None:
        rows = await ctx.db.raw(sql + " WHERE e.agency = {} ORDER BY e.id",
                                principal.agency_id)
    else:
        rows = await ctx.db.raw(sql + " ORDER BY e.id")
    return await _shown(ctx, rows)


async def get_endpoint(ctx: Context, principal: Principal, endpoint_id: int
                       ) -> dict[str, Any]:
    """One endpoint of the caller's agency, with its counts."""
    row = await _endpoint(ctx, principal, endpoint_id, write=False)
    return (await _shown(ctx, [row]))[0]


async def update_endpoint(ctx: Context, principal: Principal, endpoint_id: int, *,
                          events: list[str] | None = None, free_text: bool | None = None,
                          description: str | None = None,
                          enabled: bool | None = None) -> dict[str, Any]:
    """Change an endpoint's events, free-text flag or description, or disable it (its
    queued messages held) or enable it (they are sent, in order)."""
    row = await _endpoint(ctx, principal, endpoint_id, write=True)
    changes: dict[str, Any] = {}
    if events is not None:
        changes["events"] = json.dumps(check_events(events))
    if free_text is not None:
        changes["free_text"] = free_text
    if description is not None:
        changes["description"] = (clean_name(description, "description")
                                  if description.strip() else "")
    async with ctx.db.write_transaction():
        if changes:
            sets = ", ".join(f"{name} = {{}}" for name in changes)
            await ctx.db.raw(f"UPDATE webhook_endpoint SET {sets} WHERE id = {{}}",
                             *changes.values(), endpoint_id)
        if enabled is True and row["disabled_at"] is not None:
            await enable(ctx.db, endpoint_id)
        elif enabled is False and row["disabled_at"] is None:
            await disable(ctx.db, endpoint_id, DISABLED_BY_PERSON)
    forget(ctx.db)
    return await get_endpoint(ctx, principal, endpoint_id)


async def delete_endpoint(ctx: Context, principal: Principal, endpoint_id: int
                          ) -> dict[str, Any]:
    """Remove an endpoint with its delivery log; messages still queued are dropped."""
    row = await _endpoint(ctx, principal, endpoint_id, write=True)
    async with ctx.db.write_transaction():
        await ctx.db.raw(
            "DELETE FROM outbox_message WHERE status IN ('queued', 'dead', 'failed', 'held') AND "
            "idempotency_key IN (SELECT outbox_key FROM webhook_delivery WHERE endpoint = {})",
            endpoint_id)
        await ctx.db.raw("DELETE FROM webhook_delivery WHERE endpoint = {}", endpoint_id)
        await ctx.db.raw("DELETE FROM webhook_endpoint WHERE id = {}", endpoint_id)
    forget(ctx.db)
    return _out(row)


async def rotate_secret(ctx: Context, principal: Principal, endpoint_id: int,
                        grace_hours: int) -> tuple[dict[str, Any], str]:
    """A new secret (shown once); the current one stays valid for ``grace_hours``
    (messages carry a signature by each until then)."""
    if not 0 <= grace_hours <= MAX_GRACE_HOURS:
        raise InvalidInput("grace_hours must be between 0 and 168.")
    row = await _endpoint(ctx, principal, endpoint_id, write=True)
    seal = sealer(ctx.db)
    current = seal.open(row["secret_sealed"], _bound(endpoint_id))
    secret = new_secret()
    until = dt.datetime.now(dt.UTC) + dt.timedelta(hours=grace_hours)
    async with ctx.db.write_transaction():
        await ctx.db.raw(
            "UPDATE webhook_endpoint SET secret_sealed = {}, previous_sealed = {}, "
            "previous_until = {} WHERE id = {}",
            seal.seal(secret, _bound(endpoint_id)),
            seal.seal(current, f"{_bound(endpoint_id)}:previous"),
            until if grace_hours else None, endpoint_id)
        # messages still to send are signed as the endpoint now is: by the new secret
        # (and the previous one while the grace period lasts), not the secrets they
        # were queued with
        signers = [secret, current] if grace_hours else [secret]
        waiting = await ctx.db.raw(
            "SELECT id, idempotency_key, sealed FROM outbox_message WHERE stream = {} AND "
            "status IN ('queued', 'held', 'dead') AND sealed IS NOT NULL",
            stream(endpoint_id))
        for message in waiting:
            payload = seal.open(message["sealed"], message["idempotency_key"])
            payload["secrets"] = signers
            await ctx.db.raw("UPDATE outbox_message SET sealed = {} WHERE id = {}",
                             seal.seal(payload, message["idempotency_key"]), message["id"])
    row = await _endpoint(ctx, principal, endpoint_id, write=False)
    return _out(row), secret


_DELIVERY = ("SELECT d.id, d.event_type, d.webhook_id, d.created_at, "
             "COALESCE(m.status, 'sent') AS status, COALESCE(m.attempts, 0) AS attempts, "
             "m.last_error, m.sent_at FROM webhook_delivery d LEFT JOIN outbox_message m "
             "ON m.idempotency_key = d.outbox_key")


async def deliveries(ctx: Context, principal: Principal, endpoint_id: int, *,
                     status: str | None, after: int, limit: int) -> list[dict[str, Any]]:
    """The endpoint's delivery log, oldest first (``after`` a delivery id)."""
    await _endpoint(ctx, principal, endpoint_id, write=False)
    if status is None:
        return await ctx.db.raw(_DELIVERY + " WHERE d.endpoint = {} AND d.id > {} "
                                "ORDER BY d.id LIMIT {}", endpoint_id, after, limit)
    return await ctx.db.raw(_DELIVERY + " WHERE d.endpoint = {} AND d.id > {} AND "
                            "m.status = {} ORDER BY d.id LIMIT {}",
                            endpoint_id, after, status, limit)


async def recent_deliveries(ctx: Context, principal: Principal, endpoint_id: int, *,
                            status: str | None, limit: int) -> list[dict[str, Any]]:
    """The endpoint's latest deliveries, newest first (what its page shows)."""
    await _endpoint(ctx, principal, endpoint_id, write=False)
    if status is None:
        return await ctx.db.raw(_DELIVERY + " WHERE d.endpoint = {} ORDER BY d.id DESC "
                                "LIMIT {}", endpoint_id, limit)
    return await ctx.db.raw(_DELIVERY + " WHERE d.endpoint = {} AND m.status = {} "
                            "ORDER BY d.id DESC LIMIT {}", endpoint_id, status, limit)


async def replay(ctx: Context, principal: Principal, endpoint_id: int, delivery_id: int
                 ) -> dict[str, Any]:
    """Send a delivery again, with the same ``webhook-id`` (receivers that kept it act
    once) and the endpoint's current URL and secrets; the new delivery."""
    endpoint = await _endpoint(ctx, principal, endpoint_id, write=True)
    rows = await ctx.db.raw("SELECT id, event_type, webhook_id, outbox_key, body_sealed "
                            "FROM webhook_delivery WHERE id = {} AND endpoint = {}",
                            delivery_id, endpoint_id)
    if not rows:
        raise NotFound("There is no delivery {id} for this webhook endpoint.", id=delivery_id)
    seal = sealer(ctx.db)
    body = seal.open(rows[0]["body_sealed"], rows[0]["outbox_key"])
    async with ctx.db.write_transaction():
        key = await write_delivery(ctx.db, seal, endpoint, rows[0]["event_type"],
                                   rows[0]["webhook_id"], body)
    found = await ctx.db.raw(_DELIVERY + " WHERE d.outbox_key = {}", key)
    return found[0]
