"""Reading a form's responses in id order, one batch at a time.

Each batch is one keyset query (``id > last``, ``ORDER BY id LIMIT n``, on
the ``(form, id)`` index), so no transaction or cursor stays open between
batches, memory holds two batches at most, and the export is bounded by the
highest id when it started: answers arriving meanwhile are not half in it.
The next batch is fetched while the current one is encoded (the database
work overlaps with Python's).  Rows come back as plain tuples with the
timestamp already formatted (ISO 8601, UTC) by the database (the row builders
write it in Vietnam time: :func:`forms_service.exports.times.in_vietnam`), and
the answers
as JSON text, which is what the row builder wants:

``(id, form_version, service, channel, locale, submitted_at, answers)``

SQLite is read through its own ``aiosqlite`` connection (no type
detection, so no per-row conversions); PostgreSQL through a pooled
``asyncpg`` connection per batch.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncGenerator, Sequence
from dataclasses import dataclass
from typing import Any

from forms_service.db import Database
from forms_service.db.connections import own_connection

__all__ = ["ResponseFilter", "count_responses", "last_response_id", "response_batches",
           "response_page"]

Record = Sequence[Any]

_SQLITE_COLUMNS = (
    "id, form_version, service, channel, locale, replace(submitted_at, ' ', 'T'), answers"
)
_POSTGRES_COLUMNS = (
    "id, form_version, service, channel, locale, "
    # as SQLite holds it (Python's isoformat): no fraction when it is zero
    "replace(to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US+00:00'), "
    "'.000000+', '+'), "
    "answers::text"
)


@dataclass(frozen=True, slots=True)
class ResponseFilter:
    """Which responses: one form, optionally a time window ``[since, until)``, one
    service (its id), satisfied or not, and only those with a comment (an answer
    to one of the free-text questions named in ``comments``); for a person limited
    to a unit, only the answers given at ``units`` (the unit and its sub-units)."""

    form_id: int
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    service: int | None = None
    satisfied: bool | None = None
    comments: tuple[str, ...] = ()
    units: tuple[int, ...] | None = None  # answers given at one of these units only


def _sqlite_time(moment: dt.datetime) -> str:
    # the text SQLite holds: str() of the UTC datetime, as Piccolo writes it
    return str(moment.astimezone(dt.UTC))


def _where(db: Database, flt: ResponseFilter, first: int) -> tuple[str, list[Any]]:
    """The filter as SQL with placeholders from number ``first`` on (PostgreSQL)."""
    sqlite = db.is_sqlite
    clauses: list[str] = []
    args: list[Any] = []
    def mark() -> str:
        return "?" if sqlite else f"${first + len(args)}"

    for op, value in ((">=", flt.since), ("<", flt.until)):
        if value is not None:
            clauses.append(f"submitted_at {op} {mark()}")
            args.append(_sqlite_time(value) if sqlite else value)
    if flt.service is not None:
        clauses.append(f"service = {mark()}")
        args.append(flt.service)
    if flt.satisfied is not None:
        clauses.append(f"satisfied = {mark()}")
        args.append(int(flt.satisfied) if sqlite else flt.satisfied)
    if flt.units is not None:
        marks = []
        for unit in flt.units:
            marks.append(mark())
            args.append(unit)
        clauses.append(f"unit IN ({', '.join(marks) or 'NULL'})")
    if flt.comments:
        # the answers are JSON text written without spaces: {"reason":"…"}
        alternatives = []
        for name in flt.comments:
            alternatives.append(f"CAST(answers AS TEXT) LIKE {mark()}")
            args.append(f'%"{name}":%')
        clauses.append("(" + " OR ".join(alternatives) + ")")
    return "".join(f" AND {clause}" for clause in clauses), args


async def _scalar(db: Database, sql_sqlite: str, sql_postgres: str, args: list[Any]) -> Any:
    async with own_connection(db) as conn:
        if db.is_sqlite:
            cursor = await conn.execute(sql_sqlite, args)
            row = await cursor.fetchone()
        else:
            row = await conn.fetchrow(sql_postgres, *args)
    return row[0] if row else None


async def last_response_id(db: Database, form_id: int) -> int:
    """The highest response id of a form now (0 if none): where an export stops."""
    found = await _scalar(
        db, "SELECT max(id) FROM response WHERE form = ?",
        "SELECT max(id) FROM response WHERE form = $1", [form_id],
    )
    return int(found or 0)


async def count_responses(db: Database, flt: ResponseFilter, up_to: int) -> int:
    """How many responses an export of ``flt`` up to id ``up_to`` will hold."""
    where, args = _where(db, flt, 3)
    found = await _scalar(
        db, f"SELECT count(*) FROM response WHERE form = ? AND id <= ?{where}",
        f"SELECT count(*) FROM response WHERE form = $1 AND id <= $2{where}",
        [flt.form_id, up_to, *args],
    )
    return int(found or 0)


async def response_page(db: Database, flt: ResponseFilter, *, before: int | None,
                        limit: int) -> list[Record]:
    """Up to ``limit`` responses of ``flt``, newest first, older than id ``before``:
    ``(id, form_version, service, channel, locale, submitted_at, answers, satisfied)``."""
    sqlite = db.is_sqlite
    first = [flt.form_id] if before is None else [flt.form_id, before]
    where, args = _where(db, flt, len(first) + 1)
    columns = _SQLITE_COLUMNS if sqlite else _POSTGRES_COLUMNS
    older = "" if before is None else (" AND id < ?" if sqlite else " AND id < $2")
    sql = (f"SELECT {columns}, satisfied FROM response WHERE form = {'?' if sqlite else '$1'}"
           f"{older}{where} ORDER BY id DESC LIMIT {int(limit)}")
    async with own_connection(db) as conn:
        if sqlite:
            cursor = await conn.execute(sql, [*first, *args])
            return list(await cursor.fetchall())
        return list(await conn.fetch(sql, *first, *args))


async def response_batches(
    db: Database, flt: ResponseFilter, *, up_to: int, batch_size: int = 5000
) -> AsyncGenerator[list[Record], None]:
    """Batches of response records of ``flt`` with ``id <= up_to``, in id order."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if db.is_sqlite:
        fetch, close = await _sqlite_fetcher(db, flt, up_to, batch_size)
    else:
        fetch, close = _postgres_fetcher(db, flt, up_to, batch_size)
    pending: asyncio.Task[list[Record]] | None = None
    try:
        pending = asyncio.ensure_future(fetch(0))
        while True:
            batch = await pending
            pending = None
            if not batch:
                return
            if len(batch) == batch_size:  # maybe more: fetch ahead while this one is used
                pending = asyncio.ensure_future(fetch(batch[-1][0]))
            yield batch
            if pending is None:
                return
    finally:
        if pending is not None:
            pending.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await pending
        await close()


async def _sqlite_fetcher(db: Database, flt: ResponseFilter, up_to: int, size: int) -> Any:
    where, args = _where(db, flt, 0)
    sql = (f"SELECT {_SQLITE_COLUMNS} FROM response "
           f"WHERE form = ? AND id > ? AND id <= ?{where} ORDER BY id LIMIT {size}")
    stack = contextlib.AsyncExitStack()  # one connection for the whole export
    conn = await stack.enter_async_context(own_connection(db))

    async def fetch(after: int) -> list[Record]:
        cursor = await conn.execute(sql, [flt.form_id, after, up_to, *args])
        rows = await cursor.fetchall()
        await cursor.close()
        return list(rows)

    return fetch, stack.aclose


def _postgres_fetcher(db: Database, flt: ResponseFilter, up_to: int, size: int) -> Any:
    where, args = _where(db, flt, 4)
    sql = (f"SELECT {_POSTGRES_COLUMNS} FROM response "
           f"WHERE form = $1 AND id > $2 AND id <= $3{where} ORDER BY id LIMIT {size}")

    async def fetch(after: int) -> list[Record]:
        async with own_connection(db) as conn:  # a pooled one per batch
            return list(await conn.fetch(sql, flt.form_id, after, up_to, *args))

    async def close() -> None:
        return None

    return fetch, close
