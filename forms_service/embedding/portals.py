"""Portal origins of an agency: where its forms may be framed and whom they tell."""

from __future__ import annotations

from typing import Any

from forms_service.agencies.service import agency_by_code
from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.embedding.origins import normalize_origin
from forms_service.embedding.tables import PortalOrigin
from forms_service.errors import InvalidInput, NotFound

__all__ = ["MAX_ORIGINS", "add_portal", "list_portals", "origins_of", "remove_portal"]

MAX_ORIGINS = 50


async def origins_of(agency_id: int) -> list[str]:
    """The registered origins of an agency, sorted."""
    rows = await PortalOrigin.select(PortalOrigin.origin).where(
        PortalOrigin.agency == agency_id
    ).order_by(PortalOrigin.origin).run()
    return [row["origin"] for row in rows]


async def _agency(principal: Principal, code: str) -> dict[str, Any]:
    principal.require_role(Role.DESIGNER)
    agency = await agency_by_code(code)
    principal.require_write_agency(agency["id"])
    return agency


async def list_portals(ctx: Context, principal: Principal, code: str) -> list[dict[str, Any]]:
    agency = await _agency(principal, code)
    return await PortalOrigin.select(PortalOrigin.origin, PortalOrigin.created_at).where(
        PortalOrigin.agency == agency["id"]
    ).order_by(PortalOrigin.origin).run()


async def add_portal(
    ctx: Context, principal: Principal, code: str, origin: str
) -> tuple[dict[str, Any], bool]:
    """Register ``origin`` for the agency; ``(row, created)`` (registering twice is harmless)."""
    agency = await _agency(principal, code)
    normalized = normalize_origin(origin)
    where = (PortalOrigin.agency == agency["id"]) & (PortalOrigin.origin == normalized)
    async with ctx.db.write_transaction():
        existing = await PortalOrigin.select(PortalOrigin.origin, PortalOrigin.created_at).where(
            where
        ).first().run()
        if existing is not None:
            return existing, False
        if await PortalOrigin.count().where(PortalOrigin.agency == agency["id"]).run() >= (
            MAX_ORIGINS
        ):
            raise InvalidInput(
                "An agency can register at most {limit} portal origins.", limit=MAX_ORIGINS
            )
        rows = await PortalOrigin.insert(
            PortalOrigin(agency=agency["id"], origin=normalized)
        ).returning(PortalOrigin.origin, PortalOrigin.created_at).run()
    return rows[0], True


async def remove_portal(ctx: Context, principal: Principal, code: str, origin: str) -> None:
    agency = await _agency(principal, code)
    normalized = normalize_origin(origin)
    where = (PortalOrigin.agency == agency["id"]) & (PortalOrigin.origin == normalized)
    async with ctx.db.write_transaction():
        if not await PortalOrigin.exists().where(where).run():
            raise NotFound(
                "Agency {agency} has no portal origin {origin}.", agency=code, origin=normalized
            )
        await PortalOrigin.delete().where(where).run()
