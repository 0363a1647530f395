"""One dossier at a time: the lock that orders every change of a dossier.

On PostgreSQL a transaction that reads a dossier to change it (events, an
answer's link, a touch) first takes a transaction-level advisory lock on
(agency, hash of the dossier's hash), several in the order of their keys so that
two transactions never wait for each other in a circle. On SQLite write
transactions are serial (``BEGIN IMMEDIATE``) and nothing is needed.
"""

from __future__ import annotations

from collections.abc import Sequence

from forms_service.db import Database

__all__ = ["lock_dossiers"]


async def lock_dossiers(db: Database, agency_id: int, hashes: Sequence[str]) -> None:
    """Lock these dossiers of the agency until the transaction ends (PostgreSQL)."""
    if db.is_sqlite or not hashes:
        return
    await db.raw(
        "SELECT pg_advisory_xact_lock({}, k) FROM "
        "(SELECT DISTINCT hashtext(h) AS k FROM unnest({}::text[]) AS h ORDER BY k) AS d",
        agency_id, sorted(hashes))
