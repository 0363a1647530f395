"""How much the collection replay adds to ``phieu demo``.

Seeds the demo into a fresh SQLite file, timing each part in the same run:
the whole seed, and within it the national office's collection (83 agencies'
replies replayed step by step with the reminders of its schedule); the
rest of the seed is the baseline. ``--repeat`` seeds that many fresh files
and prints the median::

    python -m benchmarks.demo_seed [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import forms_service.demo as demo
from forms_service.context import Context
from forms_service.db import connect, migrate
from forms_service.piccolo_app import TABLES
from forms_service.settings import Settings


async def seed_once(path: Path) -> tuple[float, float]:
    settings = Settings(database_url=f"sqlite:///{path}",
                        secret_key="benchmark-secret-key-0123456789ab")
    db = connect(settings, TABLES)
    await db.start()
    await migrate(db)
    ctx = Context(settings=settings, db=db)
    original = demo._collection
    spent = [0.0]

    async def timed(*args: object) -> None:
        start = time.perf_counter()
        await original(*args)  # type: ignore[arg-type]
        spent[0] += time.perf_counter() - start

    demo._collection = timed  # type: ignore[assignment]
    try:
        start = time.perf_counter()
        await demo.seed_demo(ctx)
        total = time.perf_counter() - start
    finally:
        demo._collection = original  # type: ignore[assignment]
        await db.stop()
    return total, spent[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    totals, collections = [], []
    for run in range(args.repeat):
        with tempfile.TemporaryDirectory() as folder:
            total, collection = asyncio.run(seed_once(Path(folder) / f"demo-{run}.db"))
        totals.append(total)
        collections.append(collection)
        print(f"run {run + 1}: demo seed {total:6.2f} s, of which the collection "
              f"{collection:5.2f} s")
    total, collection = statistics.median(totals), statistics.median(collections)
    print(f"median: the rest of the demo (baseline) {total - collection:6.2f} s; "
          f"the collection {collection:5.2f} s ({collection / total:.0%} of the seed)")


if __name__ == "__main__":
    main()
