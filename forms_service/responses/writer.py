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
for the next one, which stores all of them with a few statements (see
:func:`_write_together`; again with a savepoint each if one fails, so that
it fails alone), adds their aggregate counts with one upsert per aggregate
row, and commits once.  Nobody is answered before the transaction holding
their response has committed.  The reads of the submission path go through
one reader thread with its own connection, so a burst of submissions opens
no connections.  Both threads end after a few idle seconds.

On PostgreSQL the answers that arrive together are stored by one statement
(a data-modifying ``WITH``: the responses, their channels and their
aggregate rows; see :data:`_POSTGRES_GROUP`), sent through asyncpg on a
pooled connection; a single answer outside a group (one-off commands, or
again on its own after its group failed) is that statement with one
response.
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
from typing import Any, TypeVar

import msgspec

from forms_service.db import Database
from forms_service.reports.aggregates import (
    CONFLICT_TARGET,
    COUNT_COLUMNS,
    KEY_COLUMNS,
    aggregate_values,
)

__all__ = ["MAX_GROUP", "Guard", "read_rows", "write_response"]

MAX_GROUP = 64

_COLUMNS = (
    "form", "form_version", "service", "agency", "dossier_hash", "channel", "locale",
    "audience", "submitted_at", "month", "answers", "satisfaction_value", "satisfied",
    "nps_score", "self_submitted",
)
# one response on SQLite (a group stored again a savepoint at a time)
_SQLITE_INSERT = (
    f"INSERT INTO response ({', '.join(_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _COLUMNS)}) ON CONFLICT DO NOTHING RETURNING id"
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


_AGGREGATE_COLUMNS = KEY_COLUMNS + COUNT_COLUMNS
# an aggregate row that exists already gets the new counts added to its own
_ADD_COUNTS = (
    f"ON CONFLICT {CONFLICT_TARGET} DO UPDATE SET "
    + ", ".join(f"{c} = response_aggregate.{c} + excluded.{c}" for c in COUNT_COLUMNS)
)


def _numbered(sql: str, start: int = 1) -> str:
    """``{}`` placeholders → PostgreSQL's ``$1``, ``$2`` …"""
    numbers = itertools.count(start)
    return re.sub(r"\{\}", lambda _: f"${next(numbers)}", sql)


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


@dataclass(slots=True)
class _Write:
    """One response to store: its row, channels and aggregate counts."""

    row: tuple[Any, ...]  # the values of _COLUMNS
    channels: Sequence[str]
    form: int
    counts: tuple[Any, ...]  # its aggregate rows (aggregate_values)
    guard: Guard | None


async def _store_postgres(db: Database, row: dict[str, Any], channels: Sequence[str],
                          guard: Guard | None) -> int | None:
    counts = aggregate_values(row)
    write = _Write(tuple(map(row.__getitem__, _COLUMNS)), channels, row["form"], counts, guard)
    if getattr(db.engine, "pool", None) is None:  # one-off commands: no grouping
        rows = await _postgres_fetch(db, _POSTGRES_GROUP, _group_params([write]))
    else:
        groups = _postgres_groups.get(db)
        if groups is None or groups.loop is not asyncio.get_running_loop():
            groups = _postgres_groups[db] = _PostgresGroups(db)
        # one total order for every group (the counts' fields have the same types)
        rows = await groups.run(write, (counts, row["dossier_hash"] or ""))
    return int(rows[0]["id"]) if rows else None


Pending = tuple[Any, asyncio.Future[Any], _Write]  # order, outcome, response


class _PostgresGroups:
    """One process's PostgreSQL writer: responses that arrive together are stored together.

    Every response adds to the same few aggregate rows, so concurrent
    transactions queue on those rows' locks.  Here the responses waiting
    while a group is stored go into the next group, stored with one
    statement (:data:`_POSTGRES_GROUP`: one transaction, one round trip) in
    a fixed order, so that groups, of this process or another, lock rows in
    the same order; each is answered once its group has committed.  Up to
    ``IN_FLIGHT`` groups run at a time, each on a connection its task keeps
    while responses are waiting: a group mostly waits for its round trip,
    and the next one need not wait for that.  If a group fails, each of its
    responses is stored again on its own, so each answer gets its own outcome.
    """

    IN_FLIGHT = 2

    def __init__(self, db: Database) -> None:
        self.db = db
        self.loop = asyncio.get_running_loop()
        self.pending: list[Pending] = []
        self.draining = 0  # group tasks running; each drains until nothing is pending
        self.tasks: set[asyncio.Task[None]] = set()  # kept from the garbage collector

    async def run(self, write: _Write, order: Any) -> list[dict[str, Any]]:
        """Store ``write`` in a group, groups sorted by ``order``: its id, or nothing."""
        done: asyncio.Future[Any] = self.loop.create_future()
        done.add_done_callback(lambda f: f.cancelled() or f.exception())
        self.pending.append((order, done, write))
        if self.draining < self.IN_FLIGHT:
            self.draining += 1
            task = self.loop.create_task(self._drain())
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
        # a cancelled request leaves its response in the group: it is stored
        # anyway, and settling a cancelled future is skipped
        rows: list[dict[str, Any]] = await done
        return rows

    def _take(self) -> list[Pending]:
        group, self.pending = self.pending[:MAX_GROUP], self.pending[MAX_GROUP:]
        group.sort(key=lambda item: item[0])
        return group

    async def _drain(self) -> None:
        try:
            await self._drain_pending()
        finally:
            # no await between the last look at ``pending`` and this: an answer
            # added after that look finds a free place and starts a task
            self.draining -= 1

    async def _drain_pending(self) -> None:
        while self.pending:
            group = self._take()
            try:
                async with self.db.engine.pool.acquire() as connection:
                    while True:
                        outcomes = await self._together(connection, group)
                        for (_, done, _), outcome in zip(group, outcomes, strict=True):
                            _settle(done, outcome)
                        group = []  # answered: never stored again below
                        if not self.pending:
                            break
                        group = self._take()
            except Exception as exc:  # this group failed, or no connection for it
                outcomes = [exc] if len(group) == 1 else [
                    await self._alone(write) for _, _, write in group]
                for (_, done, _), outcome in zip(group, outcomes, strict=True):
                    _settle(done, outcome)

    @staticmethod
    async def _together(connection: Any, group: list[Pending]) -> list[Any]:
        """The group in one statement, so one round trip."""
        outcomes: list[Any] = [[] for _ in group]
        for record in await connection.fetch(
                _POSTGRES_GROUP, *_group_params([write for _, _, write in group])):
            outcomes[record["item"]] = [{"id": record["id"]}]
        return outcomes

    async def _alone(self, write: _Write) -> Any:
        try:
            return await _postgres_fetch(self.db, _POSTGRES_GROUP, _group_params([write]))
        except Exception as exc:
            return exc


_postgres_groups: weakref.WeakKeyDictionary[Database, _PostgresGroups] = (
    weakref.WeakKeyDictionary()
)


@dataclass(slots=True)
class _Job:
    work: Any  # what the lane's handler takes: SQL and arguments, or a _Write
    done: asyncio.Future[Any]


Handler = Callable[[sqlite3.Connection, list[Any]], list[Any]]


class _Lane:
    """A thread with its own SQLite connection that runs jobs in arrival order.

    The jobs of one turn of the event loop are handed to the thread together,
    and jobs that arrived while it was busy are handed to ``handler``
    together (the writer commits them in one transaction, up to
    ``MAX_GROUP`` at a time).  The thread ends after a few idle seconds and a
    new one starts with the next job, so an idle service holds no thread or
    connection here.
    """

    IDLE_SECONDS = 5.0

    def __init__(self, db: Database, name: str, handler: Handler) -> None:
        self.db = db
        self.name = name
        self.handler = handler
        self.loop = asyncio.get_running_loop()
        self.batch: list[_Job] = []  # this turn's jobs, not yet handed to the thread
        self.jobs: queue.SimpleQueue[list[_Job]] = queue.SimpleQueue()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    async def run(self, work: Any) -> Any:
        job = _Job(work, self.loop.create_future())
        # a cancelled request leaves its outcome unread: read it here, not in a warning
        job.done.add_done_callback(lambda f: f.cancelled() or f.exception())
        if not self.batch:  # one hand-over (one wake-up of the thread) per turn of the loop
            self.loop.call_soon(self._hand_over)
        self.batch.append(job)
        # a write goes on when the request is cancelled: the job is handed over
        # anyway, and settling a cancelled future is skipped
        return await job.done

    def _hand_over(self) -> None:
        batch, self.batch = self.batch, []
        with self.lock:
            self.jobs.put(batch)
            if self.thread is None:
                self.thread = threading.Thread(target=self._work, name=self.name, daemon=True)
                self.thread.start()

    def _work(self) -> None:
        connection: sqlite3.Connection | None = None
        try:
            while True:
                try:
                    waiting = self.jobs.get(timeout=self.IDLE_SECONDS)
                except queue.Empty:
                    with self.lock:
                        if self.jobs.empty():
                            self.thread = None
                            return
                    continue
                while True:  # everything handed over meanwhile joins
                    try:
                        waiting += self.jobs.get_nowait()
                    except queue.Empty:
                        break
                for start in range(0, len(waiting), MAX_GROUP):
                    connection = self._run_group(connection, waiting[start:start + MAX_GROUP])
        finally:
            if connection is not None:
                connection.close()

    def _run_group(self, connection: sqlite3.Connection | None,
                   group: list[_Job]) -> sqlite3.Connection | None:
        """Run one group and settle its jobs; the connection to use for the next."""
        try:
            if connection is None:
                connection = self._connect()
            outcomes = self.handler(connection, [job.work for job in group])
        except Exception as exc:  # every job of the group gets the error
            outcomes = [exc] * len(group)
            if connection is not None and isinstance(exc, sqlite3.Error):
                connection.close()  # a fresh connection for the next group
                connection = None
        settled = [(job.done, outcome) for job, outcome in zip(group, outcomes, strict=True)]
        with contextlib.suppress(RuntimeError):  # the loop has closed
            # one wake-up of the event loop for the whole group
            self.loop.call_soon_threadsafe(_settle_all, settled)
        return connection

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
    f"VALUES ({', '.join('?' for _ in _AGGREGATE_COLUMNS)}) {_ADD_COUNTS}"
)


_GUARD_COLUMNS = ("g_form", "g_agency", "g_code", "g_version", "g_access", "g_service",
                  "g_service_code", "g_audience")
_TYPES = {"dossier_hash": "text", "channel": "text", "locale": "text", "audience": "text",
          "submitted_at": "timestamptz", "month": "text", "answers": "json",
          "satisfied": "boolean", "self_submitted": "boolean", "g_code": "text",
          "g_access": "text", "g_service_code": "text", "g_audience": "text",
          "guarded": "boolean"}
_INPUTS = (*_COLUMNS, "item", "guarded", *_GUARD_COLUMNS)


def _group_statement() -> str:
    """A group of responses, their channels and aggregate counts in one statement.

    Its two parameters are JSON arrays: one array of ``_INPUTS`` values per
    response, then one ``[item, channel]`` per channel (one text parameter
    each rather than an array per column, which the driver would inspect
    value by value).  Each response takes an id from the sequence first, so
    that what the insert skipped (a dossier that already answered, a guard
    that no longer holds) is told by its id; the insert runs in item order
    and the aggregate rows are updated in key order, so concurrent groups
    lock in the same order.
    """
    fields = ", ".join(f"(e->>{i})::{_TYPES.get(c, 'int')} AS {c}"
                       for i, c in enumerate(_INPUTS))
    counts = (
        "count(*), count(satisfied), count(*) FILTER (WHERE satisfied), "
        "count(self_submitted), count(*) FILTER (WHERE self_submitted), count(nps_score), "
        "count(*) FILTER (WHERE nps_score >= 9), count(*) FILTER (WHERE nps_score <= 6)"
    )
    keys = "agency, form, form_version, service, audience, span, period"
    form_guard = _FORM_GUARD.replace("{}", "input.{}").format(
        "g_form", "g_agency", "g_code", "g_version", "g_access")
    service_guard = _SERVICE_GUARD.replace("{}", "input.{}").format(
        "g_service", "g_agency", "g_service_code", "g_audience")
    return _numbered(
        "WITH input AS MATERIALIZED (SELECT nextval('response_id_seq') AS id, t.* "
        f"FROM (SELECT {fields} FROM json_array_elements({{}}::json) AS e) AS t), "
        f"ins AS (INSERT INTO response (id, {', '.join(_COLUMNS)}) "
        f"SELECT id, {', '.join(_COLUMNS)} "
        f"FROM input WHERE NOT guarded OR ({form_guard} "
        f"AND (input.g_service IS NULL OR {service_guard})) "
        "ORDER BY item ON CONFLICT DO NOTHING RETURNING id, form, form_version, service, "
        "agency, audience, month, satisfied, nps_score, self_submitted), "
        "channels AS (INSERT INTO response_channel (response, form, channel) "
        "SELECT ins.id, ins.form, c.value->>1 FROM json_array_elements({}::json) AS c "
        "JOIN input ON input.item = (c.value->>0)::int JOIN ins ON ins.id = input.id), "
        f"counted AS (INSERT INTO response_aggregate ({', '.join(_AGGREGATE_COLUMNS)}) "
        f"SELECT {keys}, {counts} FROM (SELECT COALESCE(agency, 0) AS agency, "
        "COALESCE(form, 0) AS form, COALESCE(form_version, 0) AS form_version, "
        "COALESCE(service, 0) AS service, COALESCE(audience, '') AS audience, span, "
        "CASE WHEN span = 'month' THEN month ELSE substr(month, 1, 4) END AS period, "
        "satisfied, self_submitted, nps_score FROM ins "
        "CROSS JOIN (VALUES ('month'), ('year')) AS spans(span)) AS counted_rows "
        f"GROUP BY {keys} ORDER BY {keys} {_ADD_COUNTS}"
        ") SELECT input.item, ins.id FROM ins JOIN input ON input.id = ins.id"
    )


_POSTGRES_GROUP = _group_statement()
_NO_GUARD = (False, *(None for _ in _GUARD_COLUMNS))
_encode_json = msgspec.json.Encoder().encode


def _group_params(writes: list[_Write]) -> tuple[str, str]:
    """The two JSON parameters of :data:`_POSTGRES_GROUP` for ``writes``."""
    rows: list[tuple[Any, ...]] = []
    channels: list[tuple[int, str]] = []
    for index, write in enumerate(writes):
        guard = write.guard
        if guard is None:
            tail: tuple[Any, ...] = _NO_GUARD
        else:
            tail = (True, guard.form, guard.agency, guard.agency_code, guard.version_number,
                    guard.access, *(guard.service or (None, None, None)))
        rows.append((*write.row, index, *tail))
        channels.extend((index, channel) for channel in write.channels)
    return _encode_json(rows).decode(), _encode_json(channels).decode()


class _Group:
    """What one group's transaction learns as it goes: the guards it has checked
    and the aggregate counts of the responses stored so far."""

    def __init__(self) -> None:
        self.guards: dict[Guard, bool] = {}
        self.counts: dict[tuple[Any, ...], list[int]] = {}

    def add(self, values: tuple[Any, ...]) -> None:
        """Add the counts of one response (its aggregate rows, as aggregate_values gives)."""
        width = len(_AGGREGATE_COLUMNS)
        keys = len(KEY_COLUMNS)
        for start in (0, width):
            key = values[start:start + keys]
            total = self.counts.get(key)
            if total is None:
                self.counts[key] = list(values[start + keys:start + width])
            else:
                for i, value in enumerate(values[start + keys:start + width]):
                    total[i] += value


class _ResponseFailed(Exception):
    """One response of a group failed: the group is stored again, a savepoint each."""


def _write_group(
    connection: sqlite3.Connection, group: list[_Write]
) -> list[int | BaseException | None]:
    """One transaction for the group, and one outcome for each response in it.

    The group is stored with a handful of statements whatever its size
    (:func:`_write_together`); should that fail, the transaction is rolled
    back and the group stored again a response at a time, with a savepoint
    for each, so that the failing one fails alone and the others are stored.
    Each guard is checked once per group: nothing else writes while the
    transaction holds SQLite's write lock, and responses change no form.
    The aggregate counts of the stored responses are added at the end, one
    upsert per aggregate row rather than two per response.
    """
    try:
        return _write_together(connection, group)
    except _ResponseFailed:
        return _write_each(connection, group)


@functools.lru_cache(maxsize=MAX_GROUP)
def _sqlite_insert_many(count: int) -> str:
    """``count`` responses in one statement, each with its id given."""
    row = f"({', '.join('?' for _ in range(len(_COLUMNS) + 1))})"
    return (f"INSERT INTO response (id, {', '.join(_COLUMNS)}) VALUES "
            f"{', '.join(row for _ in range(count))} ON CONFLICT DO NOTHING")


# every channel of a group's responses, given as one JSON array of [response, form, channel]
_SQLITE_CHANNELS = (
    "INSERT INTO response_channel (response, form, channel) "
    "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
    "json_extract(value, '$[2]') FROM json_each(?)"
)


def _write_together(connection: sqlite3.Connection, group: list[_Write]) -> list[int | None]:
    """The group's responses in one insert, their channels in another.

    The writer holds SQLite's write lock, so the ids after the largest one
    stored are free: the responses are given those ids, and a response that
    the insert skipped (its dossier already answered) is told apart by its
    id being absent afterwards.  A few statements per group rather than
    three per response: each statement hands the interpreter lock to the
    event loop and has to wait to take it back.
    """

    def store(state: _Group) -> list[int | None]:
        outcomes: list[int | None] = [None] * len(group)
        try:
            admitted = [i for i, pending in enumerate(group)
                        if pending.guard is None
                        or _guard_holds(connection, pending.guard, state)]
            if admitted:
                _store_together(connection, group, admitted, outcomes, state)
        except Exception as exc:
            raise _ResponseFailed() from exc
        return outcomes

    return _in_transaction(connection, store)


Outcomes = TypeVar("Outcomes")


def _in_transaction(connection: sqlite3.Connection,
                    store: Callable[[_Group], Outcomes]) -> Outcomes:
    """``store`` a group in one transaction, then add the counts it gathered, and commit."""
    state = _Group()
    connection.execute("BEGIN IMMEDIATE")
    try:
        outcomes = store(state)
        for key, counts in state.counts.items():
            connection.execute(_SQLITE_UPSERT, (*key, *counts))
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    return outcomes


def _store_together(connection: sqlite3.Connection, group: list[_Write], admitted: list[int],
                    outcomes: list[int | None], state: _Group) -> None:
    last = connection.execute("SELECT COALESCE(MAX(id), 0) FROM response").fetchone()[0]
    ids = range(last + 1, last + 1 + len(admitted))
    values = [value for index, new in zip(admitted, ids, strict=True)
              for value in (new, *group[index].row)]
    cursor = connection.execute(_sqlite_insert_many(len(admitted)), values)
    if cursor.rowcount == len(admitted):
        stored: range | set[int] = ids
    else:  # some dossiers had answered already
        stored = {row[0] for row in connection.execute(
            "SELECT id FROM response WHERE id BETWEEN ? AND ?", (ids[0], ids[-1]))}
    channels: list[tuple[int, int, str]] = []
    for index, new in zip(admitted, ids, strict=True):
        if new in stored:
            pending = group[index]
            outcomes[index] = new
            channels.extend((new, pending.form, channel) for channel in pending.channels)
            state.add(pending.counts)
    if channels:
        connection.execute(_SQLITE_CHANNELS, (_encode_json(channels),))


def _write_each(
    connection: sqlite3.Connection, group: list[_Write]
) -> list[int | BaseException | None]:
    """The group a response at a time, each in a savepoint of its own."""

    def store(state: _Group) -> list[int | BaseException | None]:
        outcomes: list[int | BaseException | None] = []
        for pending in group:
            connection.execute("SAVEPOINT response")
            try:
                outcomes.append(_insert_sqlite(connection, pending, state))
            except Exception as exc:  # this answer fails, the others go on
                connection.execute("ROLLBACK TO response")
                outcomes.append(exc)
            connection.execute("RELEASE response")
        return outcomes

    return _in_transaction(connection, store)


def _guard_holds(connection: sqlite3.Connection, guard: Guard, state: _Group) -> bool:
    holds = state.guards.get(guard)
    if holds is None:
        conditions = _FORM_GUARD + (" AND " + _SERVICE_GUARD if guard.service else "")
        holds = state.guards[guard] = bool(connection.execute(
            f"SELECT {conditions}".replace("{}", "?"), guard.values()).fetchone()[0])
    return holds


def _insert_sqlite(connection: sqlite3.Connection, pending: _Write, state: _Group) -> int | None:
    if pending.guard is not None and not _guard_holds(connection, pending.guard, state):
        return None
    found = connection.execute(_SQLITE_INSERT, pending.row).fetchone()
    if found is None:
        return None
    response_id = int(found[0])
    if pending.channels:
        connection.execute(
            _INSERT_CHANNEL + ", ".join("(?, ?, ?)" for _ in pending.channels),
            [v for channel in pending.channels for v in (response_id, pending.form, channel)],
        )
    state.add(pending.counts)
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
    write = _Write(tuple(map(row.__getitem__, _COLUMNS)), channels, row["form"],
                   aggregate_values(row), guard)
    response_id: int | None = await _lane(db, "response-writer", _write_group).run(write)
    return response_id
