"""The pool of SQLite connections: reuse, visibility, errors, cancellation, shutdown."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from typing import Any

import pytest

from forms_service.context import Context
from forms_service.db import Database, PooledSQLiteEngine, connect
from forms_service.piccolo_app import TABLES
from forms_service.settings import Settings

SLOW = ("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 30000000) "
        "SELECT count(*) AS n FROM r")


@pytest.fixture
async def db(client: Any, ctx: Context, settings: Settings) -> Database:
    if not settings.is_sqlite:
        pytest.skip("the connection pool is SQLite's; PostgreSQL uses asyncpg's pool")
    assert isinstance(ctx.db.engine, PooledSQLiteEngine)
    return ctx.db


def _path(settings: Settings) -> str:
    from forms_service.db import sqlite_path

    return str(sqlite_path(settings.database_url))


def _connection_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if "_connection_worker_thread" in t.name}


async def test_queries_reuse_open_connections(db: Database) -> None:
    engine: Any = db.engine
    await db.raw("SELECT 1 AS ok")
    threads = _connection_threads()
    for i in range(20):
        assert await db.raw("SELECT {} AS n", i) == [{"n": i}]
    assert engine.idle_connections == 1
    assert _connection_threads() == threads  # no connection (or thread) opened meanwhile
    names, rows = await db.fetch("SELECT 1 AS a, 'ả' AS b")
    assert names == ["a", "b"] and [tuple(r) for r in rows] == [(1, "ả")]


async def test_concurrent_reads_and_a_commit_elsewhere(db: Database, settings: Settings) -> None:
    engine: Any = db.engine
    results = await asyncio.gather(*(db.raw("SELECT {} AS n", i) for i in range(30)))
    assert [r[0]["n"] for r in results] == list(range(30))
    assert 1 <= engine.idle_connections <= engine.pool_size
    # a pooled connection sees what another process committed just before
    other = sqlite3.connect(_path(settings), isolation_level=None)
    try:
        other.execute("INSERT INTO agency (code, name, kind, created_at) "
                      "VALUES ('X1', 'Sở X', 'province', '2025-01-01 00:00:00+00:00')")
        for _ in range(engine.idle_connections + 1):
            assert (await db.raw("SELECT COUNT(*) AS n FROM agency"))[0]["n"] == 1
    finally:
        other.close()


async def test_errors_leave_the_connection_clean(db: Database) -> None:
    engine: Any = db.engine
    with pytest.raises(sqlite3.OperationalError):
        await db.raw("SELECT * FROM no_such_table")
    assert engine.idle_connections == 1  # returned, still good
    with pytest.raises(OverflowError):  # an argument SQLite cannot hold
        await db.raw("SELECT {} AS n", 10**30)
    assert engine.idle_connections == 1
    with pytest.raises(RuntimeError):
        async with db.write_transaction():
            await db.raw("INSERT INTO agency (code, name, kind, created_at) "
                         "VALUES ('X2', 'Sở X', 'province', '2025-01-01 00:00:00+00:00')")
            raise RuntimeError("the handler failed")
    assert (await db.raw("SELECT COUNT(*) AS n FROM agency"))[0]["n"] == 0  # rolled back
    assert engine.idle_connections == 1
    assert not any(c.in_transaction for c in engine._idle)
    async with db.write_transaction():
        await db.raw("INSERT INTO agency (code, name, kind, created_at) "
                     "VALUES ('X3', 'Sở X', 'province', '2025-01-01 00:00:00+00:00')")
    assert (await db.raw("SELECT code FROM agency")) == [{"code": "X3"}]


async def test_a_locked_database_does_not_poison_the_pool(
    db: Database, settings: Settings
) -> None:
    app_db = connect(settings.with_(sqlite_busy_timeout_seconds=0), TABLES)
    await app_db.start()
    engine: Any = app_db.engine
    blocker = sqlite3.connect(_path(settings), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            async with app_db.write_transaction():
                pass
        assert engine.idle_connections == 1
        assert not engine._idle[0].in_transaction
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    async with app_db.write_transaction():
        await app_db.raw("INSERT INTO agency (code, name, kind, created_at) "
                         "VALUES ('X4', 'Sở X', 'province', '2025-01-01 00:00:00+00:00')")
    assert (await app_db.raw("SELECT code FROM agency")) == [{"code": "X4"}]
    await app_db.stop()
    assert engine.idle_connections == 0


async def test_a_cancelled_query_does_not_return_its_connection(db: Database) -> None:
    engine: Any = db.engine
    await db.raw("SELECT 1 AS ok")
    assert engine.idle_connections == 1
    before = _connection_threads()
    slow = asyncio.ensure_future(db.raw(SLOW))
    await asyncio.sleep(0.1)
    slow.cancel()
    with pytest.raises(asyncio.CancelledError):
        await slow
    # the query running on the connection is interrupted and the connection closed
    assert engine.idle_connections == 0
    for _ in range(50):  # its thread ends at once, not when the query would have
        await asyncio.sleep(0.02)
        if not before <= _connection_threads():
            break
    assert not before <= _connection_threads()
    assert await db.raw("SELECT 2 AS ok") == [{"ok": 2}]
    assert engine.idle_connections == 1


async def test_stop_closes_the_pool(settings: Settings, db: Database) -> None:
    before = _connection_threads()
    other = connect(settings, TABLES)
    await other.start()
    await asyncio.gather(*(other.raw("SELECT {} AS n", i) for i in range(5)))
    engine: Any = other.engine
    assert engine.idle_connections >= 1
    await other.stop()
    assert engine.idle_connections == 0
    await asyncio.sleep(0.1)
    assert _connection_threads() <= before  # their threads ended
    # after stop, queries still work, each on a connection of its own
    assert await other.raw("SELECT 3 AS ok") == [{"ok": 3}]
    assert engine.idle_connections == 0
