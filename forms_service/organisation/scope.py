"""Which agency an organisation or dossier request is about, and which units a
person limited to a unit sees."""

from __future__ import annotations

from forms_service.agencies.service import agency_by_code
from forms_service.auth import Principal
from forms_service.db import Database
from forms_service.errors import InvalidInput

__all__ = ["readable_agency", "unit_subtree", "writable_agency"]

# the unit, its sub-units at every depth, and the closed units whose successor is
# among them (reports follow the succession, so their answers are the successor's)
_SUBTREE = (
    "WITH RECURSIVE tree(id) AS (SELECT id FROM unit WHERE id = {} "
    "UNION SELECT u.id FROM unit u JOIN tree t ON u.parent = t.id OR u.successor = t.id) "
    "SELECT id FROM tree"
)


async def unit_subtree(db: Database, unit_id: int) -> frozenset[int]:
    """Ids of the unit ``unit_id`` and of every unit under it (sub-units at any depth,
    and closed units it or they succeeded): the unit scope of a person limited to
    ``unit_id``.  One query; empty for an unknown unit."""
    rows = await db.raw(_SUBTREE, unit_id)
    return frozenset(int(row["id"]) for row in rows)


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
