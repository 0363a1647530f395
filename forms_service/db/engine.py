"""Engines: Piccolo's SQLite engine with a pool of open connections, and the
one function that builds an engine from a database URL.

``piccolo_conf.py`` (Piccolo's own tooling) and :func:`forms_service.db.connect`
(the service) both build their engine with :func:`build_engine`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import aiosqlite
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import (
    SQLiteEngine,
    SQLiteTransaction,
    TransactionType,
    dict_factory,
)

__all__ = ["PooledSQLiteEngine", "build_engine", "sqlite_path"]


def sqlite_path(url: str) -> Path:
    """``sqlite:///rel/file.db`` → ``rel/file.db``; ``sqlite:////abs.db`` → ``/abs.db``."""
    parts = urlsplit(url)
    if parts.netloc not in {"", "localhost"}:
        raise ValueError(f"a SQLite URL has no host: write sqlite:///{parts.netloc}{parts.path}")
    raw = unquote(parts.path)
    path = raw[1:] if raw.startswith("/") else raw
    if not path or path == ":memory:":
        raise ValueError(
            "an in-memory SQLite database cannot be shared between connections: "
            "give a file path such as sqlite:///phieu.db"
        )
    return Path(path)


def build_engine(url: str, *, busy_timeout_seconds: int = 30) -> Engine:
    """Build the engine for ``url`` (SQLite file or PostgreSQL)."""
    scheme = url.split(":", 1)[0]
    if scheme == "sqlite":
        path = sqlite_path(url)
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        return PooledSQLiteEngine(path=str(path), timeout=busy_timeout_seconds)
    if scheme in {"postgres", "postgresql"}:
        dsn = "postgresql" + url[len(scheme):]
        return PostgresEngine(config={"dsn": dsn}, extensions=())
    raise ValueError(f"unsupported database URL {url!r}: use sqlite:/// or postgresql://")


class PooledSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLite engine, keeping a few connections open between queries.

    Piccolo's engine opens a connection (and the thread aiosqlite runs it
    in) for every query outside a transaction and for every transaction,
    then closes it: a thread to start and the schema to read again each
    time, and rows built as dicts one by one. Between :meth:`start_pool` and
    :meth:`close_pool` this engine lends a connection per query or
    transaction and takes it back afterwards:

    * reads and single statements run in autocommit mode, so each sees
      every transaction committed before it, in this process or another;
    * a transaction keeps its connection until it ends (``BEGIN IMMEDIATE``
      for writes, see :meth:`Database.write_transaction`);
    * a connection goes back to the pool only in a clean state: no
      transaction open and nothing left running on it (a query cancelled
      half-way, a ``COMMIT`` that failed and could not be rolled back).
      Otherwise it is closed, which rolls back whatever it still held;
    * when every pooled connection is lent out another one is opened and
      closed after use, so nobody waits for the pool and nothing can
      deadlock on it; at most ``pool_size`` idle connections are kept.

    Before :meth:`start_pool` and after :meth:`close_pool` (Piccolo's own
    tooling, one-off commands) every query gets its own connection, as in
    Piccolo. Connection threads are daemon threads, so a process that forgot
    to close the pool still exits.
    """

    def __init__(self, path: str, *, pool_size: int = 8, **connection_kwargs: Any) -> None:
        super().__init__(path=path, **connection_kwargs)
        self.pool_size = pool_size
        self._idle: list[aiosqlite.Connection] = []
        self._pooling = False
        self._pid = os.getpid()

    @property
    def idle_connections(self) -> int:
        """How many open connections wait in the pool."""
        return len(self._idle)

    async def start_pool(self) -> None:
        self._pooling = True
        self._pid = os.getpid()

    async def close_pool(self) -> None:
        """Close the idle connections; connections lent out close when returned."""
        self._pooling = False
        idle, self._idle = self._idle, []
        for connection in idle:
            with contextlib.suppress(Exception):
                await connection.close()

    async def get_connection(self) -> aiosqlite.Connection:
        """A new connection of its own, rows as dicts (Piccolo's batches use it)."""
        connection = await self._open()
        connection.row_factory = dict_factory
        return connection

    async def _open(self) -> aiosqlite.Connection:
        connection = aiosqlite.connect(**self.connection_kwargs)
        connection._thread.daemon = True  # the thread aiosqlite runs the connection in
        await connection
        await connection.execute("PRAGMA foreign_keys = 1")
        return connection

    async def acquire(self) -> aiosqlite.Connection:
        """Lend a connection: an idle one of the pool, or a new one."""
        if self._pid != os.getpid():  # a forked process: the parent's connections stay its own
            self._idle, self._pid = [], os.getpid()
        if self._idle:
            return self._idle.pop()
        return await self._open()

    async def release(self, connection: aiosqlite.Connection, *, settled: bool) -> None:
        """Take back a connection; ``settled`` when nothing is left running on it."""
        if (settled and self._pooling and self._pid == os.getpid()
                and len(self._idle) < self.pool_size and not connection.in_transaction):
            self._idle.append(connection)
        elif settled:
            with contextlib.suppress(Exception):
                await connection.close()
        else:  # a statement may still be running on it (its caller was cancelled)
            with contextlib.suppress(Exception):
                await connection.interrupt()  # sqlite3's interrupt is safe from any thread
                await connection.close()  # after what is still queued on it

    async def fetch(self, query: str, args: Sequence[Any] = ()) -> tuple[list[str], list[Any]]:
        """Column names and rows (tuples) of ``query``, in the current transaction if any."""
        transaction = self.current_transaction.get()
        if transaction is not None:
            return await _fetch(transaction.connection, query, args)
        connection = await self.acquire()
        settled = False
        try:
            result = await _fetch(connection, query, args)
            settled = True
            return result
        except Exception:
            # the statement failed (or its arguments could not be bound) and is
            # over; only a cancelled caller leaves it unknown
            settled = True
            raise
        finally:
            await self.release(connection, settled=settled)

    async def _run_in_new_connection(
        self, query: str, args: list[Any] | None = None, query_type: str = "generic",
        table: Any = None,
    ) -> Any:
        if not self._pooling or self.get_version_sync() < 3.35:  # no RETURNING before 3.35
            return await super()._run_in_new_connection(query, args, query_type, table)
        names, rows = await self.fetch(query, args or ())
        return [dict(zip(names, row, strict=True)) for row in rows]

    async def _run_in_existing_connection(
        self, connection: Any, query: str, args: list[Any] | None = None,
        query_type: str = "generic", table: Any = None,
    ) -> Any:
        if connection.row_factory is not None or self.get_version_sync() < 3.35:
            return await super()._run_in_existing_connection(
                connection, query, args, query_type, table)
        # a transaction's connection was set up when it was opened: Piccolo's
        # version repeats ``PRAGMA foreign_keys`` before every statement
        names, rows = await _fetch(connection, query, args or ())
        return [dict(zip(names, row, strict=True)) for row in rows]

    def transaction(
        self, transaction_type: TransactionType = TransactionType.deferred,
        allow_nested: bool = True,
    ) -> SQLiteTransaction:
        return _PooledTransaction(
            engine=self, transaction_type=transaction_type, allow_nested=allow_nested)


async def _fetch(
    connection: aiosqlite.Connection, query: str, args: Sequence[Any]
) -> tuple[list[str], list[Any]]:
    # rows as tuples: a row factory building a dict per row costs more than
    # the query on reports of a thousand rows
    async with connection.execute(query, args) as cursor:
        rows = await cursor.fetchall()
        names = [column[0] for column in cursor.description or ()]
    return names, list(rows)


class _PooledTransaction(SQLiteTransaction):
    """A transaction on a connection lent by :class:`PooledSQLiteEngine`.

    When ``BEGIN IMMEDIATE`` or ``COMMIT`` fails (``database is locked``
    after the busy timeout) the connection is rolled back and returned, or
    closed if that fails too; it is never left holding a transaction.
    """

    engine: PooledSQLiteEngine

    async def __aenter__(self) -> SQLiteTransaction:
        if self._parent is not None:
            return self._parent
        self.connection = await self.engine.acquire()
        try:
            await self.begin()
        except BaseException as exc:
            await self.engine.release(self.connection, settled=isinstance(exc, Exception))
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent is not None:
            return exception is None
        settled = False
        try:
            if exception is not None:
                if not self._rolled_back:
                    await self.rollback()
            elif not self._committed and not self._rolled_back:
                await self.commit()
            settled = True
        except Exception:
            # COMMIT (or ROLLBACK) failed: undo what is left before lending it again
            with contextlib.suppress(Exception):
                if self.connection.in_transaction:
                    await self.connection.execute("ROLLBACK")
                settled = True
            raise
        finally:
            with contextlib.suppress(ValueError, RuntimeError):
                self.engine.current_transaction.reset(self.context)
            await self.engine.release(self.connection, settled=settled)
        return exception is None
