"""Agencies: ministries, provinces and other bodies."""

from __future__ import annotations

from typing import Any

from forms_service.agencies.tables import Agency
from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.errors import Conflict, InvalidInput, NotFound
from forms_service.text import AGENCY_CODE, clean_name, require_pattern

__all__ = [
    "AGENCY_KINDS", "agency_by_code", "create_agency", "list_agencies",
    "set_auto_registration", "set_publication",
]

AGENCY_KINDS = ("ministry", "province", "other")


async def agency_by_code(code: str) -> dict[str, Any]:
    row = await Agency.select().where(Agency.code == code).first().run()
    if row is None:
        raise NotFound("There is no agency with code {code}.", code=code[:40])
    return row


async def create_agency(
    ctx: Context, principal: Principal | None, *, code: str, name: str, kind: str
) -> dict[str, Any]:
    """Register an agency (admins only)."""
    if principal is not None:
        principal.require_role(Role.ADMIN)
    code = require_pattern(code.strip(), AGENCY_CODE, "code", "G14 or 000.00.00.H29")
    name = clean_name(name, "name")
    if kind not in AGENCY_KINDS:
        raise InvalidInput("kind must be one of: ministry, province, other.")
    async with ctx.db.write_transaction():
        if await Agency.exists().where(Agency.code == code).run():
            raise Conflict("An agency with code {code} already exists.", code=code)
        rows = await Agency.insert(Agency(code=code, name=name, kind=kind)).returning(
            *Agency.all_columns()
        ).run()
    return rows[0]


async def list_agencies(ctx: Context, principal: Principal) -> list[dict[str, Any]]:
    """Every agency for national keys; an agency key sees its own."""
    query = Agency.select().order_by(Agency.code)
    if principal.agency_id is not None:
        query = query.where(Agency.id == principal.agency_id)
    return await query.run()


async def set_publication(
    ctx: Context, principal: Principal | None, code: str, publish: bool
) -> dict[str, Any]:
    """Opt the agency in to (or out of) the public results pages.

    Its own designers and admins decide; the pages then show its aggregate
    results (never single responses or comments).
    """
    row = await agency_by_code(code)
    if principal is not None:
        principal.require_role(Role.DESIGNER)
        principal.require_write_agency(row["id"])
    async with ctx.db.write_transaction():
        await Agency.update({Agency.publish_results: bool(publish)}).where(
            Agency.id == row["id"]).run()
    return {**row, "publish_results": bool(publish)}


async def set_auto_registration(
    ctx: Context, principal: Principal | None, code: str, enabled: bool
) -> dict[str, Any]:
    """Let the agency's dossier events register unknown officers and counters by their
    code (or stop); its designers and admins decide."""
    row = await agency_by_code(code)
    if principal is not None:
        principal.require_role(Role.DESIGNER)
        principal.require_write_agency(row["id"])
    async with ctx.db.write_transaction():
        await Agency.update({Agency.auto_register_staff: bool(enabled)}).where(
            Agency.id == row["id"]).run()
    return {"code": row["code"], "auto_register_staff": bool(enabled)}
