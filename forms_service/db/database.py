"""The database of one running service: its engine bound to the tables it is
given, pools started and stopped, migrations, write transactions, raw SQL.

This module knows no domain: the caller hands :func:`connect` the tables to
bind (``forms_service.piccolo_app.TABLES``).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import AsyncIterator, Iterable, Sequence
from typing import Any

from piccolo.conf.apps import Finder
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.querystring import QueryString
from piccolo.table import Table

from forms_service.db.engine import PooledSQLiteEngine, build_engine
from forms_service.settings import Settings

__all__ = ["Database", "bind", "connect", "migrate"]


async def _keep_session(connection: Any) -> None:
    """A pooled PostgreSQL connection goes back to the pool as it is."""


class Database:
    """The engine of one running service and what it needs around it."""

    def __init__(self, engine: Engine, settings: Settings,
                 tables: tuple[type[Table], ...] = ()) -> None:
        self.engine = engine
        self.settings = settings
        self.tables = tables

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
        if isinstance(self.engine, PooledSQLiteEngine):
            query, query_args = QueryString(sql, *args).compile_string(engine_type="sqlite")
            return await self.engine.fetch(query, query_args)
        rows = await self.engine.run_querystring(QueryString(sql, *args))
        return (list(rows[0].keys()) if rows else []), list(rows)

    async def raw(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        """Run SQL written with ``{}`` placeholders on either engine."""
        rows = await self.engine.run_querystring(QueryString(sql, *args))
        if self.is_sqlite:
            return rows  # type: ignore[no-any-return]  # already dicts, one per row
        return [dict(row) for row in rows]


def connect(settings: Settings, tables: Iterable[type[Table]]) -> Database:
    """Build the engine for ``settings`` and bind ``tables`` to it."""
    engine = build_engine(
        settings.database_url, busy_timeout_seconds=settings.sqlite_busy_timeout_seconds
    )
    database = Database(engine, settings, tuple(tables))
    bind(engine, database.tables)
    return database


def bind(engine: Engine, tables: Iterable[type[Table]]) -> None:
    """Point ``tables``, and Piccolo's own tooling, at ``engine``.

    Piccolo's migration runner reads the engine from the ``DB`` of its
    configuration module (``piccolo_conf``), which it finds itself.
    """
    from piccolo.apps.migrations.tables import Migration

    for table in (*tables, Migration):
        table._meta.db = engine
    conf = Finder().get_piccolo_conf_module()
    if conf is not None:
        conf.DB = engine  # type: ignore[attr-defined]


async def migrate(database: Database, *, quiet: bool = True) -> list[str]:
    """Apply every migration not yet applied; return the ids applied."""
    from piccolo.apps.migrations.commands.forwards import run_forwards
    from piccolo.apps.migrations.tables import Migration

    bind(database.engine, database.tables)
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


