"""The lock that orders the changes of an agency's dossiers on PostgreSQL.

A transaction that stores events takes the agency's dossier lock in
exclusive mode before it reads the dossiers it changes; a transaction that
links an answer or records a touch takes it in shared mode before it reads
its dossier. So an answer stored while its dossier's first events are being
stored is linked by one of the two (the later one sees the other's commit),
and two batches of one agency fold their events one after the other. It is
one transaction-level advisory lock per agency (key: :data:`NAMESPACE`,
agency id), so it never fills PostgreSQL's lock table. On SQLite write
transactions are serial (``BEGIN IMMEDIATE``) and nothing is needed.
"""

from __future__ import annotations

from forms_service.db import Database

__all__ = ["NAMESPACE", "lock_agency", "wait_for_ingest"]

#: The first key of the advisory lock (the second is the agency's id).
NAMESPACE = 17017


async def lock_agency(db: Database, agency_id: int, *, shared: bool = False) -> None:
    """Take the agency's dossier lock until the transaction ends (PostgreSQL)."""
    if db.is_sqlite:
        return
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    await db.raw(f"SELECT {function}({{}}, {{}})", NAMESPACE, agency_id)


async def wait_for_ingest(db: Database, agency_id: int) -> None:
    """Wait until no transaction storing the agency's events runs (PostgreSQL).

    Outside a transaction the shared lock is taken and let go in one statement:
    once it returns, every event transaction that began earlier has committed,
    so a query that follows sees its dossiers, and one that begins later will
    see what was committed before this call.
    """
    if db.is_sqlite:
        return
    await db.raw("SELECT pg_advisory_xact_lock_shared({}, {})", NAMESPACE, agency_id)
