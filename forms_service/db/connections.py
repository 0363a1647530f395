"""Connections of the driver itself, for work that Piccolo's queries do not fit:
a statement with ``$n`` placeholders straight through asyncpg, and a
connection of its own for a long read (an export streamed batch by batch).

SQL is written with ``{}`` placeholders, as for :meth:`Database.raw`;
:func:`numbered` turns them into PostgreSQL's ``$1``, ``$2`` …
"""

from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import AsyncIterator, Sequence
from typing import Any

import aiosqlite
from piccolo.engine.sqlite import SQLiteEngine

from forms_service.db.database import Database

__all__ = ["numbered", "own_connection", "postgres_fetch", "sqlite_file", "transaction_fetch"]


def numbered(sql: str, start: int = 1) -> str:
    """``{}`` placeholders → PostgreSQL's ``$1``, ``$2`` …"""
    numbers = itertools.count(start)
    return re.sub(r"\{\}", lambda _: f"${next(numbers)}", sql)


def sqlite_file(db: Database) -> str:
    """The file of a SQLite database."""
    assert isinstance(db.engine, SQLiteEngine)
    return str(db.engine.connection_kwargs["database"])


@contextlib.asynccontextmanager
async def own_connection(db: Database) -> AsyncIterator[Any]:
    """A driver connection for one piece of work: on SQLite a connection of its
    own (``aiosqlite``, no type detection, rows as tuples), so that a long
    read holds none of the pool's; on PostgreSQL one of the pool's
    (``asyncpg``), or a new one when no pool runs (one-off commands)."""
    if db.is_sqlite:
        connection = await aiosqlite.connect(
            sqlite_file(db), timeout=db.settings.sqlite_busy_timeout_seconds)
        try:
            yield connection
        finally:
            await connection.close()
        return
    pool = getattr(db.engine, "pool", None)
    if pool is not None:
        async with pool.acquire() as connection:
            yield connection
        return
    connection = await db.engine.get_new_connection()  # type: ignore[attr-defined]
    try:
        yield connection
    finally:
        await connection.close()


async def postgres_fetch(db: Database, sql: str, args: Sequence[Any]) -> list[dict[str, Any]]:
    """One statement (``$n`` placeholders) on a pooled connection, straight through asyncpg."""
    async with own_connection(db) as connection:
        return [dict(row) for row in await connection.fetch(sql, *args)]


async def transaction_fetch(db: Database, sql: str, args: Sequence[Any] = ()) -> list[Any]:
    """Rows (tuples, or records indexable by position) of one statement written with
    ``{}`` placeholders, run straight through the driver on the connection of the
    current transaction (a pooled one outside a transaction).

    For statements with many values, where building Piccolo's query string costs
    more than the statement itself.
    """
    transaction = db.engine.current_transaction.get()
    if db.is_sqlite:
        query = sql.replace("{}", "?")
        if transaction is not None:
            async with transaction.connection.execute(query, args) as cursor:
                return list(await cursor.fetchall())
        _, rows = await db.engine.fetch(query, args)  # type: ignore[attr-defined]
        return rows
    query = numbered(sql)
    if transaction is not None:
        return list(await transaction.connection.fetch(query, *args))
    async with own_connection(db) as connection:
        return list(await connection.fetch(query, *args))
