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
from forms_service.errors import InvalidInput, NotFound
from forms_service.outbox.queue import sealer
from forms_service.outbox.signing import new_secret
from forms_service.roles import Role
from forms_service.text import clean_name
from forms_service.webhooks.endpoints import check_events, check_url
from forms_service.webhooks.publish import write_delivery

__all__ = [
    "create_endpoint",
    "delete_endpoint",
    "deliveries",
    "list_endpoints",
    "replay",
    "rotate_secret",
]

MAX_GRACE_HOURS = 168
_COLUMNS = ("e.id, e.agency, a.code AS agency_code, e.url, e.events, e.free_text, "
            "e.description, e.created_at, e.previous_until, e.secret_sealed, e.previous_sealed")


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
            "previous_secret_until": until}


async def _endpoint(ctx: Context, principal: Principal, endpoint_id: int, *,
                    write: bool) -> dict[str, Any]:
    principal.require_role(Role.DESIGNER)
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
    principal.require_role(Role.DESIGNER)
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
    row = await _endpoint(ctx, principal, endpoint_id, write=False)
    return _out(row), secret


async def list_endpoints(ctx: Context, principal: Principal) -> list[dict[str, Any]]:
    principal.require_role(Role.DESIGNER)
    sql = f"SELECT {_COLUMNS} FROM webhook_endpoint e JOIN agency a ON a.id = e.agency"
    if principal.agency_id is not None:
        rows = await ctx.db.raw(sql + " WHERE e.agency = {} ORDER BY e.id",
                                principal.agency_id)
    else:
        rows = await ctx.db.raw(sql + " ORDER BY e.id")
    return [_out(row) for row in rows]


async def delete_endpoint(ctx: Context, principal: Principal, endpoint_id: int
                          ) -> dict[str, Any]:
    """Remove an endpoint with its delivery log; messages still queued are dropped."""
    row = await _endpoint(ctx, principal, endpoint_id, write=True)
    async with ctx.db.write_transaction():
        await ctx.db.raw(
            "DELETE FROM outbox_message WHERE status IN ('queued', 'dead', 'failed') AND "
            "idempotency_key IN (SELECT outbox_key FROM webhook_delivery WHERE endpoint = {})",
            endpoint_id)
        await ctx.db.raw("DELETE FROM webhook_delivery WHERE endpoint = {}", endpoint_id)
        await ctx.db.raw("DELETE FROM webhook_endpoint WHERE id = {}", endpoint_id)
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
