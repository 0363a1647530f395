"""Binding the engine, running migrations, and write transactions.

``piccolo_conf.build_engine`` builds the engine; this module points every
table (and Piccolo's migration runner) at it, prepares SQLite (WAL, busy
timeout, a pool of open connections) and PostgreSQL (connection pool), and
offers ``write_transaction``, which is ``IMMEDIATE`` on SQLite so concurrent
writers queue on the busy timeout instead of failing mid-transaction.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sqlite3
from collections.abc import AsyncIterator, Sequence
from typing import Any

import aiosqlite
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import (
    SQLiteEngine,
    SQLiteTransaction,
    TransactionType,
    dict_factory,
)

from forms_service.settings import Settings

__all__ = [
    "Database",
    "PooledSQLiteEngine",
    "bind",
    "connect",
    "is_unavailable_error",
    "is_unique_violation",
    "json_value",
    "migrate",
]


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


async def _keep_session(connection: Any) -> None:
    """A pooled PostgreSQL connection goes back to the pool as it is."""


class Database:
    """The engine of one running service and what it needs around it."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings

    @property
    def is_sqlite(self) -> bool:
        return isinstance(self.engine, SQLiteEngine)

    async def start(self) -> None:
        if isinstance(self.engine, PostgresEngine):
            await self.engine.start_connection_pool(
                min_size=1, max_size=self.settings.postgres_pool_max,
                # asyncpg still rolls back an open transaction; nothing here
                # sets session state, so skip the reset round trip per query
                reset=_keep_session,
            )
            return
        await self.engine.run_ddl("PRAGMA journal_mode=WAL")
        if isinstance(self.engine, PooledSQLiteEngine):
            await self.engine.start_pool()

    async def stop(self) -> None:
        if isinstance(self.engine, PostgresEngine):
            await self.engine.close_connection_pool()
        elif isinstance(self.engine, PooledSQLiteEngine):
            await self.engine.close_pool()

    @contextlib.asynccontextmanager
    async def write_transaction(self) -> AsyncIterator[Any]:
        """A transaction for writes: ``BEGIN IMMEDIATE`` on SQLite."""
        if isinstance(self.engine, SQLiteEngine):
            async with self.engine.transaction(TransactionType.immediate) as transaction:
                yield transaction
        else:
            async with self.engine.transaction() as transaction:
                yield transaction

    async def fetch(self, sql: str, *args: Any) -> tuple[list[str], list[Sequence[Any]]]:
        """Column names and rows (tuples, or records indexable by position) of ``sql``.

        Cheaper than :meth:`raw` for results of many rows; ``{}`` placeholders.
        """
        from piccolo.querystring import QueryString

        if isinstance(self.engine, PooledSQLiteEngine):
            query, query_args = QueryString(sql, *args).compile_string(engine_type="sqlite")
            return await self.engine.fetch(query, query_args)
        rows = await self.engine.run_querystring(QueryString(sql, *args))
        return (list(rows[0].keys()) if rows else []), list(rows)

    async def raw(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        """Run SQL written with ``{}`` placeholders on either engine."""
        from piccolo.querystring import QueryString

        rows = await self.engine.run_querystring(QueryString(sql, *args))
        if self.is_sqlite:
            return rows  # type: ignore[no-any-return]  # already dicts, one per row
        return [dict(row) for row in rows]


def connect(settings: Settings) -> Database:
    """Build the engine for ``settings`` and bind every table to it."""
    import piccolo_conf  # imported here: piccolo_conf builds its engine with this module

    engine = piccolo_conf.build_engine(
        settings.database_url, busy_timeout_seconds=settings.sqlite_busy_timeout_seconds
    )
    bind(engine)
    return Database(engine, settings)


def bind(engine: Engine) -> None:
    """Point every table, and Piccolo's own tooling, at ``engine``."""
    import piccolo_conf
    from forms_service.piccolo_app import TABLES

    piccolo_conf.DB = engine
    for table in TABLES:
        table._meta.db = engine
    from piccolo.apps.migrations.tables import Migration

    Migration._meta.db = engine


async def migrate(database: Database, *, quiet: bool = True) -> list[str]:
    """Apply every migration not yet applied; return the ids applied."""
    from piccolo.apps.migrations.commands.forwards import run_forwards
    from piccolo.apps.migrations.tables import Migration

    bind(database.engine)
    if isinstance(database.engine, SQLiteEngine):
        await database.engine.run_ddl("PRAGMA journal_mode=WAL")
    before = set()
    if await Migration.table_exists().run():
        before = {row["name"] for row in await Migration.select(Migration.name).run()}
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink) if quiet else contextlib.nullcontext():
        result = await run_forwards(app_name="phieu")
    if not result.success:
        raise RuntimeError(f"migration failed: {result.message}\n{sink.getvalue()}")
    after = {row["name"] for row in await Migration.select(Migration.name).run()}
    return sorted(after - before)


def json_value(value: Any) -> Any:
    """A JSON column's value: PostgreSQL returns it decoded, SQLite as text."""
    return json.loads(value) if isinstance(value, str) else value


def is_unique_violation(exc: BaseException) -> bool:
    """Whether ``exc`` is a unique-key violation (a race the checks did not see)."""
    if isinstance(exc, sqlite3.IntegrityError):
        return "UNIQUE" in str(exc)
    try:
        import asyncpg
    except ImportError:  # pragma: no cover
        return False
    return isinstance(exc, asyncpg.exceptions.UniqueViolationError)


def is_unavailable_error(exc: BaseException) -> bool:
    """Whether ``exc`` means the database cannot be reached right now."""
    if isinstance(exc, ConnectionError | TimeoutError):
        return True
    if isinstance(exc, sqlite3.OperationalError):
        message = str(exc).lower()
        return "locked" in message or "unable to open" in message or "disk i/o" in message
    try:
        import asyncpg
    except ImportError:  # pragma: no cover - asyncpg is a dependency
        return False
    return isinstance(
        exc,
        asyncpg.exceptions.PostgresConnectionError
        | asyncpg.exceptions.CannotConnectNowError
        | asyncpg.exceptions.TooManyConnectionsError
        | asyncpg.exceptions.ConnectionDoesNotExistError
        | asyncpg.exceptions.InterfaceError,
    )
