"""Storing responses: the write path of a submission, and the reads it needs.

A response is inserted with its communication channels and added to its two
aggregate rows in one transaction (``INSERT … ON CONFLICT DO NOTHING``: a
second answer for the same form and dossier inserts nothing and is told so).
A *guarded* insert also checks, in the same statement, that the form is
still published at the version the answers were validated against, with
the same agency, access and service (see :class:`Guard`): the submission
path validates against a cached context and lets the database confirm it.

SQLite makes every commit durable with an ``fsync`` of its write-ahead log
(one to several milliseconds on this machine) and lets one writer in at a
time, so answers arriving together would queue behind each other's
``fsync``.  On SQLite a writer thread with its own connection therefore
commits in groups: answers that arrive while a transaction is running wait
for the next one, which stores all of them (again with a savepoint each
if one fails, so that it fails alone), adds their aggregate counts with one
upsert per aggregate row, and commits once.  Nobody is answered before the
transaction holding their response has committed.  The reads of the
submission path go through one reader thread with its own connection, so a
burst of submissions opens no connections.  Both threads end after a few
idle seconds.

On PostgreSQL a response is one statement (a data-modifying ``WITH``: the
response, its channels and its aggregate rows) sent through asyncpg on a
pooled connection; answers that arrive together share a transaction, in
which their responses are sent in one pipelined round trip and their
aggregate counts added once per aggregate row (see :class:`_PostgresGroups`).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import queue
import re
import sqlite3
import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from forms_service.db import Database
from forms_service.reports.aggregates import (
    CONFLICT_TARGET,
    COUNT_COLUMNS,
    KEY_COLUMNS,
    count_response,
)

__all__ = ["MAX_GROUP", "Guard", "read_rows", "write_response"]

MAX_GROUP = 64

_INSERT_RESPONSE = (
    "INSERT INTO response (form, form_version, service, agency, dossier_hash, channel, "
    "locale, audience, submitted_at, month, answers, satisfaction_value, satisfied, "
    "nps_score, self_submitted) "
    "VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}) "
    "ON CONFLICT DO NOTHING RETURNING id"
)
_COLUMNS = (
    "form", "form_version", "service", "agency", "dossier_hash", "channel", "locale",
    "audience", "submitted_at", "month", "answers", "satisfaction_value", "satisfied",
    "nps_score", "self_submitted",
)
_INSERT_CHANNEL = "INSERT INTO response_channel (response, form, channel) VALUES "

# A guarded insert stores the response only if what the caller read about its
# form, agency and service (possibly some time ago, from a cache) still holds,
# checked in the same statement: Guard.values() fill these placeholders.
_FORM_GUARD = (
    "EXISTS (SELECT 1 FROM form f JOIN agency a ON a.id = f.agency "
    "WHERE f.id = {} AND f.agency = {} AND a.code = {} AND f.status = 'published' "
    "AND f.latest_version = {} AND f.access = {})"
)
_SERVICE_GUARD = (
    "EXISTS (SELECT 1 FROM service s WHERE s.id = {} AND s.agency = {} AND s.code = {} "
    "AND COALESCE(s.audience, '') = {})"
)


@dataclass(frozen=True, slots=True)
class Guard:
    """What must still be true of the form (and service) for a guarded insert."""

    form: int
    agency: int
    agency_code: str
    version_number: int
    access: str
    service: tuple[int, str, str] | None  # id, code, audience ('' for none)

    def values(self) -> tuple[Any, ...]:
        head = (self.form, self.agency, self.agency_code, self.version_number, self.access)
        if self.service is None:
            return head
        return (*head, self.service[0], self.agency, self.service[1], self.service[2])


@functools.lru_cache(maxsize=8)
def _insert_sql(guarded: bool, with_service: bool) -> str:
    """The response insert with ``{}`` placeholders: the row's values, then the guard's."""
    if not guarded:
        return _INSERT_RESPONSE
    conditions = _FORM_GUARD + (" AND " + _SERVICE_GUARD if with_service else "")
    return (
        f"INSERT INTO response ({', '.join(_COLUMNS)}) "
        f"SELECT {', '.join('{}' for _ in _COLUMNS)} WHERE {conditions} "
        "ON CONFLICT DO NOTHING RETURNING id"
    )


@functools.lru_cache(maxsize=8)
def _sqlite_insert(guarded: bool, with_service: bool) -> str:
    return _insert_sql(guarded, with_service).replace("{}", "?")


def _insert_args(row: tuple[Any, ...], guard: Guard | None) -> tuple[Any, ...]:
    return row if guard is None else (*row, *guard.values())

_AGGREGATE_COLUMNS = KEY_COLUMNS + COUNT_COLUMNS


def _numbered(sql: str, start: int = 1) -> str:
    """``{}`` placeholders → PostgreSQL's ``$1``, ``$2`` …"""
    numbers = itertools.count(start)
    return re.sub(r"\{\}", lambda _: f"${next(numbers)}", sql)


@functools.lru_cache(maxsize=8)
def _postgres_insert(guarded: bool, with_service: bool) -> str:
    """:func:`_postgres_write` without the aggregate rows: the response and its
    channels; the last placeholder is the statement's place in its group."""
    insert = _insert_sql(guarded, with_service).replace("RETURNING id", "RETURNING id, form")
    return _numbered(
        f"WITH ins AS ({insert}), "
        "channels AS (INSERT INTO response_channel (response, form, channel) "
        "SELECT ins.id, ins.form, c FROM ins, unnest({}::text[]) AS c) "
        "SELECT id, {}::int AS item FROM ins"
    )


@functools.lru_cache(maxsize=8)
def _postgres_write(guarded: bool, with_service: bool) -> str:
    """The response, its channels and both aggregate rows in one statement.

    Each part inserts from ``ins``, which is empty when the dossier already
    answered (or a guard failed), so then nothing changes; one statement is
    one transaction, and one round trip.  Placeholders follow the text:
    the insert's (row, guard), the channels, the month row, the year row.
    """
    width = len(_AGGREGATE_COLUMNS)

    def upsert() -> str:
        return (
            f"INSERT INTO response_aggregate ({', '.join(_AGGREGATE_COLUMNS)}) "
            f"SELECT {', '.join('{}' for _ in range(width))} FROM ins "
            f"ON CONFLICT {CONFLICT_TARGET} DO UPDATE SET "
            + ", ".join(f"{c} = response_aggregate.{c} + excluded.{c}" for c in COUNT_COLUMNS)
        )

    insert = _insert_sql(guarded, with_service).replace("RETURNING id", "RETURNING id, form")
    return _numbered(
        f"WITH ins AS ({insert}), "
        "channels AS (INSERT INTO response_channel (response, form, channel) "
        "SELECT ins.id, ins.form, c FROM ins, unnest({}::text[]) AS c), "
        f"month_row AS ({upsert()}), year_row AS ({upsert()}) "
        "SELECT id FROM ins"
    )


async def _insert(db: Database, row: dict[str, Any], channels: Sequence[str],
                  guard: Guard | None = None) -> int | None:
    """Insert one response inside the caller's transaction; None if its dossier answered
    (or its guard failed)."""
    inserted = await db.raw(
        _insert_sql(guard is not None, guard is not None and guard.service is not None),
        *_insert_args(tuple(row[c] for c in _COLUMNS), guard),
    )
    if not inserted:
        return None
    response_id = int(inserted[0]["id"])
    if channels:
        await db.raw(
            _INSERT_CHANNEL + ", ".join("({}, {}, {})" for _ in channels),
            *(v for channel in channels for v in (response_id, row["form"], channel)),
        )
    await count_response(db, row)
    return response_id


async def _store_alone(db: Database, row: dict[str, Any], channels: Sequence[str],
                       guard: Guard | None = None) -> int | None:
    async with db.write_transaction():
        return await _insert(db, row, channels, guard)


async def _postgres_fetch(db: Database, sql: str, args: Sequence[Any]) -> list[dict[str, Any]]:
    """One statement (``$n`` placeholders) on a pooled connection, straight through asyncpg."""
    pool = getattr(db.engine, "pool", None)
    if pool is None:  # no pool started (one-off commands): a connection of its own
        connection = await db.engine.get_new_connection()
        try:
            return [dict(row) for row in await connection.fetch(sql, *args)]
        finally:
            await connection.close()
    async with pool.acquire() as connection:
        return [dict(row) for row in await connection.fetch(sql, *args)]


async def _store_postgres(db: Database, row: dict[str, Any], channels: Sequence[str],
                          guard: Guard | None) -> int | None:
    aggregates = _Statements()
    await count_response(aggregates, row)  # type: ignore[arg-type]
    if len(aggregates.items) != 1 or len(aggregates.items[0][1]) != 2 * len(_AGGREGATE_COLUMNS):
        return await _store_alone(db, row, channels, guard)  # counted some other way
    sql = _postgres_write(guard is not None, guard is not None and guard.service is not None)
    args = (*_insert_args(tuple(row[c] for c in _COLUMNS), guard), list(channels),
            *aggregates.items[0][1])
    if getattr(db.engine, "pool", None) is None:  # one-off commands: no grouping
        rows = await _postgres_fetch(db, sql, args)
    else:
        groups = _postgres_groups.get(db)
        if groups is None or groups.loop is not asyncio.get_running_loop():
            groups = _postgres_groups[db] = _PostgresGroups(db)
        order = (tuple(map(str, aggregates.items[0][1])), str(row["dossier_hash"]))
        insert = _postgres_insert(guard is not None,
                                  guard is not None and guard.service is not None)
        rows = await groups.run(sql, args, order,
                                (insert, args[:-len(aggregates.items[0][1])],
                                 aggregates.items[0][1]))
    return int(rows[0]["id"]) if rows else None


class _PostgresGroups:
    """One process's PostgreSQL writer: statements that arrive together share a transaction.

    Every response adds to the same few aggregate rows, so concurrent
    transactions queue on those rows' locks, each holding them until its
    commit is flushed.  Here the statements waiting while a transaction runs
    go into the next one together, in a fixed order (so two processes lock
    the rows in the same order), and are answered once it has committed.
    If a group's transaction fails, each of its statements runs again in a
    transaction of its own, so each answer gets its own outcome.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self.loop = asyncio.get_running_loop()
        self.pending: list[tuple[str, tuple[Any, ...], Any, asyncio.Future[Any], Split]] = []
        self.task: asyncio.Task[None] | None = None

    async def run(self, sql: str, args: tuple[Any, ...], order: Any,
                  split: Split) -> list[dict[str, Any]]:
        """``sql`` stores one response with its aggregate counts; ``split`` is the
        same without the counts (statement, arguments) and the counts' two rows."""
        done: asyncio.Future[Any] = self.loop.create_future()
        done.add_done_callback(lambda f: f.cancelled() or f.exception())
        self.pending.append((sql, args, order, done, split))
        if self.task is None or self.task.done():
            self.task = self.loop.create_task(self._drain())
        rows: list[dict[str, Any]] = await asyncio.shield(done)
        return rows

    async def _drain(self) -> None:
        while self.pending:
            group, self.pending = self.pending[:MAX_GROUP], self.pending[MAX_GROUP:]
            group.sort(key=lambda item: item[2])
            outcomes: list[Any]
            try:
                outcomes = await self._together(group)
            except Exception as exc:
                outcomes = [exc] if len(group) == 1 else [
                    await self._alone(sql, args) for sql, args, _, _, _ in group]
            for (_, _, _, done, _), outcome in zip(group, outcomes, strict=True):
                _settle(done, outcome)

    async def _together(self, group: list[Any]) -> list[Any]:
        """The responses (with their channels) sent in one round trip per statement
        text, then one upsert per aggregate row with the counts of the responses
        stored, in the order of their keys."""
        batches: dict[str, list[tuple[Any, ...]]] = {}
        for index, (_, _, _, _, (sql, args, _)) in enumerate(group):
            batches.setdefault(sql, []).append((*args, index))
        outcomes: list[Any] = [[] for _ in group]
        counts = _Group()
        async with self.db.engine.pool.acquire() as connection, connection.transaction():
            for sql, batch in batches.items():
                for record in await connection.fetchmany(sql, batch):
                    outcomes[record["item"]] = [{"id": record["id"]}]
            for (_, _, _, _, (_, _, aggregates)), rows in zip(group, outcomes, strict=True):
                if rows:
                    counts.add([("INSERT INTO response_aggregate ", aggregates)])
            await connection.executemany(_POSTGRES_UPSERT, [
                (*key, *counts.counts[key])
                for key in sorted(counts.counts, key=lambda key: tuple(map(str, key)))])
        return outcomes

    async def _alone(self, sql: str, args: tuple[Any, ...]) -> Any:
        try:
            return await _postgres_fetch(self.db, sql, args)
        except Exception as exc:
            return exc


_postgres_groups: weakref.WeakKeyDictionary[Database, _PostgresGroups] = (
    weakref.WeakKeyDictionary()
)


@dataclass(slots=True)
class _Job:
    work: Any  # what the lane's handler takes: SQL and arguments, or a _Write
    done: asyncio.Future[Any]


@dataclass(slots=True)
class _Write:
    row: tuple[Any, ...]
    channels: Sequence[str]
    form: int
    statements: list[tuple[str, tuple[Any, ...]]]  # run after the insert (aggregates)
    guard: Guard | None


class _Statements:
    """Collects what :func:`count_response` runs, to run it in the writer's thread."""

    def __init__(self) -> None:
        self.items: list[tuple[str, tuple[Any, ...]]] = []

    async def raw(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        converted = _QMARK_SQL.get(sql)
        if converted is None:  # the same few statements each time: converted once
            converted = _QMARK_SQL[sql] = sql.replace("{}", "?")
        self.items.append((converted, args))
        return []


_QMARK_SQL: dict[str, str] = {}


Handler = Callable[[sqlite3.Connection, list[Any]], list[Any]]


class _Lane:
    """A thread with its own SQLite connection that runs jobs in arrival order.

    Jobs that arrived while it was busy are handed to ``handler`` together
    (the writer commits them in one transaction).  The thread ends after a
    few idle seconds and a new one starts with the next job, so an idle
    service holds no thread or connection here.
    """

    IDLE_SECONDS = 5.0

    def __init__(self, db: Database, name: str, handler: Handler) -> None:
        self.db = db
        self.name = name
        self.handler = handler
        self.loop = asyncio.get_running_loop()
        self.jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    async def run(self, work: Any) -> Any:
        job = _Job(work, self.loop.create_future())
        # a cancelled request leaves its outcome unread: read it here, not in a warning
        job.done.add_done_callback(lambda f: f.cancelled() or f.exception())
        with self.lock:
            self.jobs.put(job)
            if self.thread is None:
                self.thread = threading.Thread(target=self._work, name=self.name, daemon=True)
                self.thread.start()
        # a write goes on when the request is cancelled: the thread has the job,
        # and settling a cancelled future is skipped
        return await job.done

    def _work(self) -> None:
        connection: sqlite3.Connection | None = None
        try:
            while True:
                try:
                    first = self.jobs.get(timeout=self.IDLE_SECONDS)
                except queue.Empty:
                    with self.lock:
                        if self.jobs.empty():
                            self.thread = None
                            return
                    continue
                group = [first]
                while len(group) < MAX_GROUP:
                    try:
                        group.append(self.jobs.get_nowait())
                    except queue.Empty:
                        break
                try:
                    if connection is None:
                        connection = self._connect()
                    outcomes = self.handler(connection, [job.work for job in group])
                except Exception as exc:  # every job of the group gets the error
                    outcomes = [exc] * len(group)
                    if connection is not None and isinstance(exc, sqlite3.Error):
                        connection.close()  # a fresh connection for the next group
                        connection = None
                settled = [(job.done, outcome)
                           for job, outcome in zip(group, outcomes, strict=True)]
                with contextlib.suppress(RuntimeError):  # the loop has closed
                    # one wake-up of the event loop for the whole group
                    self.loop.call_soon_threadsafe(_settle_all, settled)
        finally:
            if connection is not None:
                connection.close()

    def _connect(self) -> sqlite3.Connection:
        options = dict(self.db.engine.connection_kwargs)
        options.pop("detect_types", None)
        connection = sqlite3.connect(**options, check_same_thread=False)
        connection.isolation_level = None
        connection.execute("PRAGMA foreign_keys = 1")
        return connection


def _settle_all(settled: list[tuple[asyncio.Future[Any], Any]]) -> None:
    for done, outcome in settled:
        _settle(done, outcome)


def _settle(done: asyncio.Future[Any], outcome: Any) -> None:
    if done.done():
        return
    if isinstance(outcome, BaseException):
        done.set_exception(outcome)
    else:
        done.set_result(outcome)


def _read_each(
    connection: sqlite3.Connection, reads: list[tuple[str, tuple[Any, ...]]]
) -> list[list[dict[str, Any]] | BaseException]:
    outcomes: list[list[dict[str, Any]] | BaseException] = []
    for sql, args in reads:
        try:
            cursor = connection.execute(sql, args)
            names = [column[0] for column in cursor.description or ()]
            outcomes.append([dict(zip(names, row, strict=True)) for row in cursor.fetchall()])
        except Exception as exc:
            outcomes.append(exc)
    return outcomes


# one aggregate row; a group adds its responses' counts with one of these per row
_SQLITE_UPSERT = (
    f"INSERT INTO response_aggregate ({', '.join(_AGGREGATE_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _AGGREGATE_COLUMNS)}) "
    f"ON CONFLICT {CONFLICT_TARGET} DO UPDATE SET "
    + ", ".join(f"{c} = response_aggregate.{c} + excluded.{c}" for c in COUNT_COLUMNS)
)


_POSTGRES_UPSERT = _numbered(_SQLITE_UPSERT.replace("?", "{}"))
# the response's statement and arguments without its counts, and the counts' two rows
Split = tuple[str, tuple[Any, ...], tuple[Any, ...]]


class _Group:
    """What one group's transaction learns as it goes: the guards it has checked
    and the aggregate counts of the responses stored so far."""

    def __init__(self) -> None:
        self.guards: dict[Guard, bool] = {}
        self.counts: dict[tuple[Any, ...], list[int]] = {}

    def add(self, statements: list[tuple[str, tuple[Any, ...]]]) -> bool:
        """Add the counts of one response's aggregate upsert (False: not one)."""
        width = len(_AGGREGATE_COLUMNS)
        if (len(statements) != 1 or len(statements[0][1]) != 2 * width
                or not statements[0][0].startswith("INSERT INTO response_aggregate ")):
            return False
        args = statements[0][1]
        keys = len(KEY_COLUMNS)
        for start in (0, width):
            key = tuple(args[start:start + keys])
            total = self.counts.get(key)
            if total is None:
                self.counts[key] = list(args[start + keys:start + width])
            else:
                for i, value in enumerate(args[start + keys:start + width]):
                    total[i] += value
        return True


class _ResponseFailed(Exception):
    """One response of a group failed: the group is stored again, a savepoint each."""


def _write_group(
    connection: sqlite3.Connection, group: list[_Write]
) -> list[int | BaseException | None]:
    """One transaction for the group, and one outcome for each response in it.

    The group is stored at once; should one response fail, that transaction
    is rolled back and the group stored again with a savepoint for each
    response, so that the failing one fails alone and the others are stored.
    Each guard is checked once per group: nothing else writes while the
    transaction holds SQLite's write lock, and responses change no form.
    The aggregate counts of the stored responses are added at the end, one
    upsert per aggregate row rather than two per response.
    """
    try:
        return _write_each(connection, group, savepoints=False)
    except _ResponseFailed:
        return _write_each(connection, group, savepoints=True)


def _write_each(
    connection: sqlite3.Connection, group: list[_Write], *, savepoints: bool
) -> list[int | BaseException | None]:
    outcomes: list[int | BaseException | None] = []
    state = _Group()
    connection.execute("BEGIN IMMEDIATE")
    try:
        for pending in group:
            if not savepoints:
                try:
                    outcomes.append(_insert_sqlite(connection, pending, state))
                except Exception as exc:
                    raise _ResponseFailed() from exc
                continue
            connection.execute("SAVEPOINT response")
            try:
                outcomes.append(_insert_sqlite(connection, pending, state))
            except Exception as exc:  # this answer fails, the others go on
                connection.execute("ROLLBACK TO response")
                outcomes.append(exc)
            connection.execute("RELEASE response")
        for key, counts in state.counts.items():
            connection.execute(_SQLITE_UPSERT, (*key, *counts))
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    return outcomes


def _guard_holds(connection: sqlite3.Connection, guard: Guard, state: _Group) -> bool:
    holds = state.guards.get(guard)
    if holds is None:
        conditions = _FORM_GUARD + (" AND " + _SERVICE_GUARD if guard.service else "")
        holds = state.guards[guard] = bool(connection.execute(
            f"SELECT {conditions}".replace("{}", "?"), guard.values()).fetchone()[0])
    return holds


def _insert_sqlite(connection: sqlite3.Connection, pending: _Write,
                   state: _Group | None = None) -> int | None:
    guard = pending.guard
    if state is not None and guard is not None:
        if not _guard_holds(connection, guard, state):
            return None
        guard = None  # checked in this transaction: a plain insert
    sql = _sqlite_insert(guard is not None, guard is not None and guard.service is not None)
    found = connection.execute(sql, _insert_args(pending.row, guard)).fetchone()
    if found is None:
        return None
    response_id = int(found[0])
    if pending.channels:
        connection.execute(
            _INSERT_CHANNEL + ", ".join("(?, ?, ?)" for _ in pending.channels),
            [v for channel in pending.channels for v in (response_id, pending.form, channel)],
        )
    if state is None or not state.add(pending.statements):
        for sql, args in pending.statements:
            connection.execute(sql, args)
    return response_id


_lanes: weakref.WeakKeyDictionary[Database, dict[str, _Lane]] = weakref.WeakKeyDictionary()


def _lane(db: Database, name: str, handler: Handler) -> _Lane:
    lanes = _lanes.get(db)
    if lanes is None:
        lanes = _lanes[db] = {}
    lane = lanes.get(name)
    if lane is None or lane.loop is not asyncio.get_running_loop():
        lane = lanes[name] = _Lane(db, f"phieu-{name}", handler)
    return lane


async def read_rows(db: Database, sql: str, *args: Any) -> list[dict[str, Any]]:
    """``db.raw`` for the submission path: on SQLite in the reader thread's connection
    (one thread, no connection opened per query), elsewhere through the pool."""
    if not db.is_sqlite:
        return await _postgres_fetch(db, _numbered(sql), args)
    rows: list[dict[str, Any]] = await _lane(db, "response-reader", _read_each).run(
        (sql.replace("{}", "?"), args))
    return rows


async def write_response(db: Database, row: dict[str, Any], channels: Sequence[str],
                         guard: Guard | None = None) -> int | None:
    """Store one response (columns of ``response`` in ``row``) with its channels and
    aggregate counts; return its id, or None when its form and dossier already answered
    or ``guard`` no longer holds."""
    if not db.is_sqlite:
        return await _store_postgres(db, row, channels, guard)
    aggregates = _Statements()
    await count_response(aggregates, row)  # type: ignore[arg-type]
    write = _Write(tuple(row[c] for c in _COLUMNS), channels, row["form"], aggregates.items,
                   guard)
    response_id: int | None = await _lane(db, "response-writer", _write_group).run(write)
    return response_id
