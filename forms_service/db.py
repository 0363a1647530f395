"""Binding the engine, running migrations, and write transactions.

``piccolo_conf.build_engine`` builds the engine; this module points every
table (and Piccolo's migration runner) at it, prepares SQLite (WAL, busy
timeout) and PostgreSQL (connection pool), and offers ``write_transaction``,
which is ``IMMEDIATE`` on SQLite so concurrent writers queue on the busy
timeout instead of failing mid-transaction.
"""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
from collections.abc import AsyncIterator
from typing import Any

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType

import piccolo_conf
from forms_service.piccolo_app import TABLES
from forms_service.settings import Settings

__all__ = [
    "Database",
    "bind",
    "connect",
    "is_unavailable_error",
    "is_unique_violation",
    "json_value",
    "migrate",
]


class _ClosingSQLiteTransaction(SQLiteTransaction):
    """A SQLite transaction that always closes its connection.

    When ``BEGIN IMMEDIATE`` or ``COMMIT`` fails (``database is locked``
    after the busy timeout), Piccolo's transaction leaves its connection,
    and the thread behind it, open; under contention that leaks one per
    failed request.
    """

    async def __aenter__(self) -> SQLiteTransaction:
        if self._parent is not None:
            return self._parent
        self.connection = await self.get_connection()
        try:
            await self.begin()
        except BaseException:
            await self.connection.close()
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent is not None:
            return exception is None
        try:
            return await super().__aexit__(exception_type, exception, traceback)
        except BaseException:
            with contextlib.suppress(Exception):
                await self.connection.close()
            with contextlib.suppress(ValueError, RuntimeError):
                self.engine.current_transaction.reset(self.context)
            raise


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
                min_size=1, max_size=self.settings.postgres_pool_max
            )
        else:
            await self.engine.run_ddl("PRAGMA journal_mode=WAL")

    async def stop(self) -> None:
        if isinstance(self.engine, PostgresEngine):
            await self.engine.close_connection_pool()

    @contextlib.asynccontextmanager
    async def write_transaction(self) -> AsyncIterator[Any]:
        """A transaction for writes: ``BEGIN IMMEDIATE`` on SQLite."""
        if isinstance(self.engine, SQLiteEngine):
            async with _ClosingSQLiteTransaction(
                engine=self.engine, transaction_type=TransactionType.immediate
            ) as transaction:
                yield transaction
        else:
            async with self.engine.transaction() as transaction:
                yield transaction

    async def raw(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        """Run SQL written with ``{}`` placeholders on either engine."""
        from piccolo.querystring import QueryString

        rows = await self.engine.run_querystring(QueryString(sql, *args))
        return [dict(row) for row in rows]


def connect(settings: Settings) -> Database:
    """Build the engine for ``settings`` and bind every table to it."""
    engine = piccolo_conf.build_engine(
        settings.database_url, busy_timeout_seconds=settings.sqlite_busy_timeout_seconds
    )
    bind(engine)
    return Database(engine, settings)


def bind(engine: Engine) -> None:
    """Point every table, and Piccolo's own tooling, at ``engine``."""
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
