"""PostgreSQL group commits: writes that arrive together are stored together.

Writes that add to the same few rows (counters, aggregates) queue on those
rows' locks when each has its transaction.  Here the writes waiting while a
group is stored go into the next group, stored by the domain's statement
(one transaction, one round trip) in a fixed order, so that groups, of this
process or another, lock rows in the same order; each write is answered once
its group has committed.  Up to ``IN_FLIGHT`` groups run at a time, each on
a connection its task keeps while writes are waiting: a group mostly waits
for its round trip, and the next one need not wait for that.  If a group
fails, each of its writes is stored again on its own, so each gets its own
outcome.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from forms_service.db.database import Database
from forms_service.db.outcomes import MAX_GROUP, read_outcome, settle

__all__ = ["GROUP_STATS", "Alone", "GroupCommit", "GroupStats", "Together", "group_commit"]

#: Stores a group on a connection: one outcome per write, in the group's order.
Together = Callable[[Any, list[Any]], Awaitable[list[Any]]]
#: Stores one write on its own (after its group failed): its outcome.
Alone = Callable[[Database, Any], Awaitable[Any]]

_Pending = tuple[Any, asyncio.Future[Any], Any]  # order, outcome, write

#: upper bounds of the group-size and commit-time buckets the statistics keep
SIZE_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128)
SECONDS_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)


@dataclass
class GroupStats:
    """What this process's group commits did (read by the metrics): cumulative counts
    per bucket, as a Prometheus histogram has them, and sums."""

    size_counts: list[int] = field(default_factory=lambda: [0] * (len(SIZE_BUCKETS) + 1))
    size_sum: int = 0
    seconds_counts: list[int] = field(
        default_factory=lambda: [0] * (len(SECONDS_BUCKETS) + 1))
    seconds_sum: float = 0.0

    def record(self, size: int, seconds: float) -> None:
        self.size_counts[_bucket(SIZE_BUCKETS, size)] += 1
        self.size_sum += size
        self.seconds_counts[_bucket(SECONDS_BUCKETS, seconds)] += 1
        self.seconds_sum += seconds


def _bucket(bounds: tuple[float, ...], value: float) -> int:
    return next((i for i, bound in enumerate(bounds) if value <= bound), len(bounds))


#: the statistics of every group commit of this process
GROUP_STATS = GroupStats()


class GroupCommit:
    """One process's group commit of one kind of write on PostgreSQL (see the module)."""

    IN_FLIGHT = 2

    def __init__(self, db: Database, together: Together, alone: Alone) -> None:
        self.db = db
        self.together = together
        self.alone = alone
        self.loop = asyncio.get_running_loop()
        self.pending: list[_Pending] = []
        self.draining = 0  # group tasks running; each drains until nothing is pending
        self.tasks: set[asyncio.Task[None]] = set()  # kept from the garbage collector

    async def run(self, write: Any, order: Any) -> Any:
        """Store ``write`` in a group, a group's writes sorted by ``order``: its outcome."""
        done: asyncio.Future[Any] = self.loop.create_future()
        done.add_done_callback(read_outcome)
        self.pending.append((order, done, write))
        if self.draining < self.IN_FLIGHT:
            self.draining += 1
            task = self.loop.create_task(self._drain())
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
        # a cancelled request leaves its write in the group: it is stored
        # anyway, and settling a cancelled future is skipped
        return await done

    def _take(self) -> list[_Pending]:
        group, self.pending = self.pending[:MAX_GROUP], self.pending[MAX_GROUP:]
        group.sort(key=lambda item: item[0])
        return group

    async def _drain(self) -> None:
        try:
            await self._drain_pending()
        finally:
            # no await between the last look at ``pending`` and this: a write
            # added after that look finds a free place and starts a task
            self.draining -= 1

    async def _drain_pending(self) -> None:
        while self.pending:
            group = self._take()
            try:
                async with self.db.engine.pool.acquire() as connection:
                    while True:
                        started = time.perf_counter()
                        outcomes = await self.together(
                            connection, [write for _, _, write in group])
                        GROUP_STATS.record(len(group), time.perf_counter() - started)
                        for (_, done, _), outcome in zip(group, outcomes, strict=True):
                            settle(done, outcome)
                        group = []  # answered: never stored again below
                        if not self.pending:
                            break
                        group = self._take()
            except Exception as exc:  # this group failed, or no connection for it
                outcomes = [exc] if len(group) == 1 else [
                    await self._alone(write) for _, _, write in group]
                for (_, done, _), outcome in zip(group, outcomes, strict=True):
                    settle(done, outcome)

    async def _alone(self, write: Any) -> Any:
        try:
            return await self.alone(self.db, write)
        except Exception as exc:
            return exc


_groups: weakref.WeakKeyDictionary[Database, dict[str, GroupCommit]] = (
    weakref.WeakKeyDictionary()
)


def group_commit(db: Database, name: str, together: Together, alone: Alone) -> GroupCommit:
    """The group commit ``name`` of ``db`` in the running event loop (made on first use)."""
    groups = _groups.get(db)
    if groups is None:
        groups = _groups[db] = {}
    found = groups.get(name)
    if found is None or found.loop is not asyncio.get_running_loop():
        found = groups[name] = GroupCommit(db, together, alone)
    return found
