"""Who may see and change what of a collection.

The national office (admins, and analysts without an agency) makes
collections, tracks them and reviews every reply. An asked agency's
designers and analysts read the collection and fill and submit its own
reply; nobody else learns that the collection exists.
"""

from __future__ import annotations

from typing import Any

from forms_service.auth import Principal, Role
from forms_service.errors import Forbidden, NotFound

__all__ = ["is_office", "load_collection", "require_office", "require_replier"]


def is_office(principal: Principal) -> bool:
    return principal.is_national and principal.role in (Role.ADMIN, Role.ANALYST)


def require_office(principal: Principal) -> None:
    if not is_office(principal):
        raise Forbidden("Only the national office (an admin, or an analyst without an agency) "
                        "makes, tracks and reviews collections.")


def require_replier(principal: Principal, agency_id: int) -> None:
    """The asked agency's own designers and analysts fill and submit its reply."""
    if principal.role not in (Role.DESIGNER, Role.ANALYST) or principal.agency_id != agency_id:
        raise Forbidden("Only the designers and analysts of the asked agency fill and submit "
                        "its reply.")


async def load_collection(db: Any, principal: Principal, collection_id: int) -> dict[str, Any]:
    """The collection, if the caller may see it: the office, or an agency it asks."""
    rows = await db.raw("SELECT * FROM collection WHERE id = {}", collection_id)
    if rows and is_office(principal):
        return rows[0]
    if rows and principal.agency_id is not None and principal.role in (
            Role.DESIGNER, Role.ANALYST) and await db.raw(
            "SELECT id FROM collection_request WHERE collection = {} AND agency = {}",
            collection_id, principal.agency_id):
        return rows[0]
    raise NotFound("There is no collection {id}.", id=collection_id)
