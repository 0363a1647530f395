"""Dossier events from the API: who may send them, for which agency."""

from __future__ import annotations

from typing import Any

from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.dossiers.events import MAX_BATCH
from forms_service.dossiers.ingest import ingest_events
from forms_service.dossiers.results import EventResult
from forms_service.errors import InvalidInput
from forms_service.organisation.scope import writable_agency

__all__ = ["receive_events"]


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
