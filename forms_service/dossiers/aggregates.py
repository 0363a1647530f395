"""``dossier_month``: the counts the dossier reports read, kept up to date and rebuilt.

Each returned dossier counts in exactly one row, that of its current state
(:func:`forms_service.dossiers.fold.contribution`). Whatever changes a
dossier (an event, a touch, a linked answer) takes its old contribution
away and adds its new one, in the transaction of the change
(:func:`apply_deltas`). :func:`rebuild` recomputes the dossiers' survey
flags, the staff of linked answers and every row from the tables, with one
``GROUP BY`` (after a bulk load, or to check the incremental counts).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from forms_service.db import Database
from forms_service.db.bulk import insert_rows
from forms_service.dossiers.fold import COUNTS, GROUP, Contribution

__all__ = ["Deltas", "add_contribution", "apply_deltas", "rebuild"]

KEY = ("agency", *GROUP)
CONFLICT = ("(agency, service, COALESCE(unit, 0), COALESCE(officer, 0), channel, "
            "COALESCE(submitted_by, ''), month)")
_UPSERT_TAIL = (f" ON CONFLICT {CONFLICT} DO UPDATE SET "
                + ", ".join(f"{c} = dossier_month.{c} + excluded.{c}" for c in COUNTS))

Deltas = dict[tuple[Any, ...], list[int]]
_TYPES = ("int", "int", "int", "int", "text", "text", "text", *("int" for _ in COUNTS))

# the counts of a dossier's row from the dossier table (as contribution() does)
_ANSWERED = "d.answered"
_RATED = "(d.answered AND d.satisfied IS NOT NULL)"
_HAPPY = "(d.answered AND d.satisfied)"
_EARLY = "d.on_time"
_LATE = "(NOT d.on_time)"
_COUNT_SQL = {
    "returned": "1", "offered": "d.offered", "opened": "d.opened", "answered": _ANSWERED,
    "on_time": _EARLY, "late": _LATE, "answered_rated": _RATED, "answered_satisfied": _HAPPY,
    "answered_on_time": f"({_ANSWERED} AND {_EARLY})",
    "answered_on_time_rated": f"({_RATED} AND {_EARLY})",
    "answered_on_time_satisfied": f"({_HAPPY} AND {_EARLY})",
    "answered_late": f"({_ANSWERED} AND {_LATE})",
    "answered_late_rated": f"({_RATED} AND {_LATE})",
    "answered_late_satisfied": f"({_HAPPY} AND {_LATE})",
}
assert tuple(_COUNT_SQL) == COUNTS


def add_contribution(deltas: Deltas, item: Contribution | None, sign: int) -> None:
    """Add (``sign`` 1) or take away (-1) one dossier's contribution."""
    if item is None:
        return
    key, counts = item
    row = deltas.setdefault(key, [0] * len(COUNTS))
    for i, value in enumerate(counts):
        row[i] += sign * value


async def apply_deltas(db: Database, deltas: Deltas) -> None:
    """Add ``deltas`` to their rows, in key order (concurrent writers lock alike);
    call it inside the write transaction of the change."""
    rows = [(*key, *counts) for key, counts in deltas.items() if any(counts)]
    rows.sort(key=lambda row: tuple("" if v is None else str(v) for v in row[:len(KEY)]))
    await insert_rows(db, "dossier_month", KEY + COUNTS, _TYPES, rows, _UPSERT_TAIL)


def _agency_filter(column: str, agency_id: int | None) -> tuple[str, list[Any]]:
    return (f" AND {column} = {{}}", [agency_id]) if agency_id is not None else ("", [])


async def refresh_flags(db: Database, agency_id: int | None = None) -> None:
    """The survey flags of every dossier from its touches and linked answers, and the
    unit, counter and officer of linked answers that were not given them."""
    where, args = _agency_filter("agency", agency_id)
    same = ("t.agency = dossier.agency AND t.dossier_hash = dossier.dossier_hash")
    await db.raw(
        "UPDATE dossier SET "
        f"offered = EXISTS (SELECT 1 FROM dossier_touch t WHERE {same} AND t.kind = 'offered'), "
        f"opened = EXISTS (SELECT 1 FROM dossier_touch t WHERE {same} AND t.kind = 'opened'), "
        f"answered = EXISTS (SELECT 1 FROM response t WHERE {same}), "
        f"satisfied = (SELECT t.satisfied FROM response t WHERE {same} "
        "AND t.satisfied IS NOT NULL ORDER BY t.id LIMIT 1) "
        f"WHERE 1 = 1{where}", *args)
    rwhere, rargs = _agency_filter("response.agency", agency_id)
    for column in ("unit", "counter", "officer"):
        await db.raw(
            f"UPDATE response SET {column} = (SELECT d.{column} FROM dossier d "
            "WHERE d.agency = response.agency AND d.dossier_hash = response.dossier_hash) "
            f"WHERE {column} IS NULL AND dossier_hash IS NOT NULL{rwhere} AND EXISTS "
            "(SELECT 1 FROM dossier d WHERE d.agency = response.agency "
            f"AND d.dossier_hash = response.dossier_hash AND d.{column} IS NOT NULL)",
            *rargs)


async def rebuild(db: Database, agency_id: int | None = None) -> int:
    """Recompute the flags and every ``dossier_month`` row (of one agency, or all);
    return the number of rows."""
    counts = ", ".join(f"SUM(CASE WHEN {sql} THEN 1 ELSE 0 END)" if sql != "1" else "COUNT(*)"
                       for sql in _COUNT_SQL.values())
    group = ", ".join(f"d.{c}" for c in KEY)
    where, args = _agency_filter("agency", agency_id)
    dwhere, dargs = _agency_filter("d.agency", agency_id)
    async with db.write_transaction():
        if not db.is_sqlite:
            await db.raw("LOCK TABLE dossier_month IN EXCLUSIVE MODE")
        await refresh_flags(db, agency_id)
        await db.raw(f"DELETE FROM dossier_month WHERE 1 = 1{where}", *args)
        await db.raw(
            f"INSERT INTO dossier_month ({', '.join(KEY + COUNTS)}) "
            f"SELECT {group}, {counts} FROM dossier d "
            f"WHERE d.status = 'returned' AND d.month IS NOT NULL{dwhere} GROUP BY {group}",
            *dargs)
        rows = await db.raw(f"SELECT COUNT(*) AS n FROM dossier_month WHERE 1 = 1{where}",
                            *args)
    return int(rows[0]["n"])


def merge(deltas: Iterable[Deltas]) -> Deltas:
    """Several changes' deltas as one."""
    total: Deltas = {}
    for part in deltas:
        for key, counts in part.items():
            row = total.setdefault(key, [0] * len(COUNTS))
            for i, value in enumerate(counts):
                row[i] += value
    return total
