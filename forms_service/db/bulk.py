"""Many rows in one statement, built for each engine, run through the driver.

On PostgreSQL the rows go in as one array per column (``unnest``), so the
statement is the same for every batch and the driver prepares it once; on
SQLite as a multi-row ``VALUES``. Both run on the connection of the current
transaction (:func:`forms_service.db.connections.transaction_fetch`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from forms_service.db import Database
from forms_service.db.connections import transaction_fetch

__all__ = ["insert_rows", "select_in"]

#: Rows per SQLite statement (its limit of bound values is 32,766).
_SQLITE_ROWS = 1500


async def insert_rows(db: Database, table: str, columns: Sequence[str],
                      types: Sequence[str], rows: Sequence[Sequence[Any]],
                      tail: str = "") -> list[Any]:
    """``INSERT INTO table (columns) … tail`` for ``rows`` (tuples in column order);
    ``types`` are the PostgreSQL types of the columns. Returns what ``tail``'s
    ``RETURNING`` gives, if anything."""
    if not rows:
        return []
    names = ", ".join(columns)
    if not db.is_sqlite:
        arrays = ", ".join(f"{{}}::{kind}[]" for kind in types)
        sql = f"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays}) {tail}"
        return await transaction_fetch(db, sql, [list(column) for column in zip(*rows,
                                                                                strict=True)])
    found: list[Any] = []
    mark = "(" + ", ".join(["{}"] * len(columns)) + ")"
    for start in range(0, len(rows), _SQLITE_ROWS):
        part = rows[start:start + _SQLITE_ROWS]
        sql = f"INSERT INTO {table} ({names}) VALUES {', '.join([mark] * len(part))} {tail}"
        values = [value for row in part for value in row]
        found += await transaction_fetch(db, sql, values)
    return found


async def select_in(db: Database, sql: str, args: Sequence[Any], values: Sequence[Any],
                    kind: str = "text") -> list[Any]:
    """Rows of ``sql`` whose last placeholder ``{in}`` stands for the list ``values``
    (``= ANY`` of an array on PostgreSQL, ``IN (…)`` on SQLite)."""
    if not values:
        return []
    if not db.is_sqlite:
        return await transaction_fetch(db, sql.replace("{in}", f"= ANY({{}}::{kind}[])"),
                                       [*args, list(values)])
    found: list[Any] = []
    for start in range(0, len(values), _SQLITE_ROWS):
        part = values[start:start + _SQLITE_ROWS]
        marks = "IN (" + ", ".join(["{}"] * len(part)) + ")"
        found += await transaction_fetch(db, sql.replace("{in}", marks), [*args, *part])
    return found
