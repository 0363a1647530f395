"""Which agency an organisation or dossier request is about."""

from __future__ import annotations

from forms_service.agencies.service import agency_by_code
from forms_service.auth import Principal
from forms_service.errors import InvalidInput

__all__ = ["readable_agency", "writable_agency"]


async def readable_agency(principal: Principal, agency: str | None) -> int:
    """The agency named (which the caller may see), else the key's own."""
    if agency:
        row = await agency_by_code(agency)
        principal.require_agency(row["id"])
        return int(row["id"])
    if principal.agency_id is None:
        raise InvalidInput("Name the agency (agency=CODE): this key belongs to no agency.")
    return principal.agency_id


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
