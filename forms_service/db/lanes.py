"""SQLite lanes: a thread with its own connection that runs work in arrival
order, the work that arrives together handled together.

SQLite makes every commit durable with an ``fsync`` of its write-ahead log
(one to several milliseconds) and lets one writer in at a time, so writes
arriving together would queue behind each other's ``fsync``.  A lane hands
the writes that arrived while it was busy to its handler together, which
stores them with one statement and one commit (a *group commit*).  The
interpreter lock is released while SQLite runs, and one statement leaves
the thread one wait to take it back rather than one per statement, so the
event loop goes on with the next requests meanwhile.  Nobody is answered
before the transaction holding their write has committed.

The reads of a busy path can go through a lane too (:func:`read_rows`), so
a burst of requests opens no connections.  A lane's thread ends after a few
idle seconds and a new one starts with the next job.

What a group stores is the domain's business: it hands :func:`lane` the
handler that stores a group (usually wrapped in :func:`one_by_one_on_failure`)
and a ``prepare`` that readies each new connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import sqlite3
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from forms_service.db.connections import numbered, postgres_fetch
from forms_service.db.database import Database
from forms_service.db.outcomes import MAX_GROUP, read_outcome, settle_all

__all__ = ["HAND_OVER", "Handler", "Lane", "lane", "one_by_one_on_failure", "read_rows"]

# jobs that reach a lane in one turn of the event loop are handed to its thread
# this many at a time: it stores the first ones while the loop checks the rest
HAND_OVER = 16

Handler = Callable[[sqlite3.Connection, list[Any]], list[Any]]


@dataclass(slots=True)
class _Job:
    work: Any  # what the lane's handler takes: SQL and arguments, or a row to store
    done: asyncio.Future[Any]


class Lane:
    """A thread with its own SQLite connection that runs jobs in arrival order.

    The jobs of one turn of the event loop are handed to the thread
    together, ``HAND_OVER`` at a time (one wake-up of the thread each), and
    jobs that arrived while it was busy are handed to ``handler`` together,
    up to ``MAX_GROUP`` at a time; it returns one outcome per job (a value or
    an exception).  ``prepare`` readies each new connection.  The thread
    ends after a few idle seconds and a new one starts with the next job, so
    an idle service holds no thread or connection here.
    """

    IDLE_SECONDS = 5.0

    def __init__(self, db: Database, name: str, handler: Handler,
                 prepare: Callable[[sqlite3.Connection], None] | None = None) -> None:
        self.db = db
        self.name = name
        self.handler = handler
        self.prepare = prepare
        self.loop = asyncio.get_running_loop()
        self.batch: list[_Job] = []  # this turn's jobs, not yet handed to the thread
        self.jobs: queue.SimpleQueue[list[_Job]] = queue.SimpleQueue()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    async def run(self, work: Any) -> Any:
        job = _Job(work, self.loop.create_future())
        job.done.add_done_callback(read_outcome)
        if not self.batch:  # the rest of this turn's jobs are handed over after it
            self.loop.call_soon(self._hand_over)
        self.batch.append(job)
        if len(self.batch) >= HAND_OVER:
            self._hand_over()
        # a write goes on when the request is cancelled: the job is handed over
        # anyway, and settling a cancelled future is skipped
        return await job.done

    def _hand_over(self) -> None:
        batch, self.batch = self.batch, []
        if not batch:  # handed over already
            return
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
            self.loop.call_soon_threadsafe(settle_all, settled)
        return connection

    def _connect(self) -> sqlite3.Connection:
        options = dict(self.db.engine.connection_kwargs)
        options.pop("detect_types", None)
        connection = sqlite3.connect(**options, check_same_thread=False)
        connection.isolation_level = None
        connection.execute("PRAGMA foreign_keys = 1")
        if self.prepare is not None:
            self.prepare(connection)
        return connection


def one_by_one_on_failure(
    store: Callable[[sqlite3.Connection, list[Any]], list[Any]], savepoint: str = "item",
) -> Handler:
    """A lane handler that stores a group with ``store`` (one statement, one commit in
    autocommit mode) and, should one of its writes fail, stores the group again in
    one transaction, a write at a time with a savepoint for each, so that the
    failing one fails alone and the others are stored.  An operational error
    (the database locked past the busy timeout, unreadable, full) is the whole
    group's."""

    def handler(connection: sqlite3.Connection, group: list[Any]) -> list[Any]:
        try:
            return store(connection, group)  # autocommit: commits, or rolls back
        except sqlite3.OperationalError:
            raise
        except Exception:
            if len(group) == 1:
                raise
        connection.execute("BEGIN IMMEDIATE")
        try:
            outcomes: list[Any] = []
            for write in group:
                connection.execute(f"SAVEPOINT {savepoint}")
                try:
                    outcomes.extend(store(connection, [write]))
                except Exception as exc:  # this write fails, the others go on
                    connection.execute(f"ROLLBACK TO {savepoint}")
                    outcomes.append(exc)
                connection.execute(f"RELEASE {savepoint}")
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        return outcomes

    return handler


_lanes: weakref.WeakKeyDictionary[Database, dict[str, Lane]] = weakref.WeakKeyDictionary()


def lane(db: Database, name: str, handler: Handler,
         prepare: Callable[[sqlite3.Connection], None] | None = None) -> Lane:
    """The lane ``name`` of ``db`` in the running event loop (made on first use)."""
    lanes = _lanes.get(db)
    if lanes is None:
        lanes = _lanes[db] = {}
    found = lanes.get(name)
    if found is None or found.loop is not asyncio.get_running_loop():
        found = lanes[name] = Lane(db, f"phieu-{name}", handler, prepare)
    return found


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


async def read_rows(db: Database, sql: str, *args: Any) -> list[dict[str, Any]]:
    """``db.raw`` for a busy path: on SQLite in a reader lane's connection (one
    thread, no connection opened per query), elsewhere through the pool."""
    if not db.is_sqlite:
        return await postgres_fetch(db, numbered(sql), args)
    rows: list[dict[str, Any]] = await lane(db, "reader", _read_each).run(
        (sql.replace("{}", "?"), args))
    return rows
