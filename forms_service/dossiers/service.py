"""Dossier events from the API: who may send them, for which agency."""

from __future__ import annotations

from typing import Any

from forms_service.agencies.service import agency_by_code
from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.dossiers.events import MAX_BATCH
from forms_service.dossiers.ingest import ingest_events
from forms_service.dossiers.results import EventResult
from forms_service.errors import InvalidInput

__all__ = ["receive_events", "writable_agency"]


async def writable_agency(principal: Principal, agency: str | None) -> int:
    """The agency a write is for: the one named (the caller must be its own key, or
    admin), else the key's own."""
    if agency:
        row = await agency_by_code(agency)
        principal.require_write_agency(row["id"])
        return int(row["id"])
    if principal.agency_id is None:
        raise InvalidInput("Name the agency (agency=CODE): this key belongs to no agency.")
    return principal.agency_id


async def receive_events(ctx: Context, principal: Principal, *, agency: str | None,
                         events: list[Any]) -> list[EventResult]:
    """Store a batch of events for the caller's agency (integration keys and admins)."""
    principal.require_role(Role.INTEGRATION)
    agency_id = await writable_agency(principal, agency)
    if len(events) > MAX_BATCH:
        raise InvalidInput("A batch holds at most {limit} events; split it.", limit=MAX_BATCH)
    if not events:
        raise InvalidInput("events is empty: send at least one event.")
    return await ingest_events(ctx, agency_id, events)
