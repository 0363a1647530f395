"""Satisfaction by service over 1,000,000 responses: the API beside DuckDB.

For each engine (SQLite file, PostgreSQL database) the same deterministic
rows (1,000 services, 20 agencies, 8 quarters) are bulk-loaded, the response
aggregates rebuilt, and then, in the same run, timed:

* the API answer: ``GET /api/v1/analytics/satisfaction?group_by=service``
  with a national analyst key, through HTTP into the Litestar app in this
  process (httpx ``ASGITransport``: request parsing, authentication, the
  ``GROUP BY`` over the aggregates, the statistics of every group and the
  JSON body — no network), from the request to the last byte of the body
  received (parsing that JSON is the client's business and is not timed),
  once uncompressed (``Accept-Encoding: identity``) and once
  gzip-compressed as the app does for browsers;
* the same ``GROUP BY`` over the raw ``response`` rows in that engine
  (what the report would cost without aggregates);
* the ``GROUP BY`` in DuckDB over the same rows, held in memory, its result
  fetched as Python tuples.

Each figure is the median of ``--repeat`` timings after a warm-up. The
API calls and DuckDB's ``GROUP BY`` are timed in turn (one of each, then the
next round), so that other work on a shared machine slows both alike and
the ratio stays fair. Run::

    pip install -e '.[test,bench]'
    python -m benchmarks.analytics_satisfaction

PostgreSQL is reached at ``--postgres`` (default
``postgresql://postgres@127.0.0.1:5432/phieu_bench``; the database is created
if missing and its tables are replaced). ``--skip-postgres`` runs SQLite only.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import duckdb
import httpx

from benchmarks.bench_data import Dataset, generate, load_postgres, load_sqlite
from forms_service.app import create_app
from forms_service.context import Context
from forms_service.db import Database, connect, migrate
from forms_service.keys.service import create_key
from forms_service.piccolo_app import TABLES
from forms_service.reports.aggregates import rebuild_aggregates
from forms_service.settings import Settings

RAW_GROUP_BY = (
    "SELECT service, COUNT(satisfied) AS n, SUM(CASE WHEN satisfied THEN 1 ELSE 0 END) "
    "AS satisfied FROM response GROUP BY service"
)
PATH = "/api/v1/analytics/satisfaction?group_by=service"


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000.0


async def timed(work: Callable[[], Awaitable[Any]], repeat: int) -> tuple[float, Any]:
    result = await work()  # warm-up (caches, query plans)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = await work()
        samples.append(time.perf_counter() - start)
    return median_ms(samples), result


class DuckDB:
    """The same rows in DuckDB's memory, and its ``GROUP BY`` over them."""

    def __init__(self, data: Dataset) -> None:
        self.connection = duckdb.connect()
        columns = {"service": data.service, "agency": data.agency,
                   "satisfied": data.satisfied, "satisfaction_value": data.value,
                   "month_index": data.month_index}
        self.connection.register("source", columns)  # a dict of numpy arrays, scanned in place
        self.connection.execute("CREATE TABLE response AS SELECT * FROM source")
        self.groups = len(self.group_by())  # and a warm-up

    def group_by(self) -> list[Any]:
        return self.connection.execute(RAW_GROUP_BY).fetchall()

    def seconds(self) -> float:
        start = time.perf_counter()
        self.group_by()
        return time.perf_counter() - start


async def prepare_postgres(url: str) -> None:
    """Create the benchmark database if needed and empty it."""
    import asyncpg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = await asyncpg.connect(urlunsplit(parts._replace(path="/postgres")))
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    connection = await asyncpg.connect(url)
    try:
        for table in [t._meta.tablename for t in reversed(TABLES)] + ["migration"]:
            await connection.execute(f'DROP TABLE IF EXISTS "{table}" CASCADE')
    finally:
        await connection.close()


async def settle(db: Database) -> None:
    """What a server does by itself after a bulk write, done now before timing.

    SQLite: move the write-ahead log into the database file (a checkpoint).
    PostgreSQL: vacuum and analyze the aggregates (autovacuum's work).
    """
    if db.is_sqlite:
        await db.engine.run_ddl("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        await db.engine.run_ddl("VACUUM ANALYZE response_aggregate")


async def run_engine(
    label: str, url: str, data: Dataset, duck: DuckDB, repeat: int
) -> dict[str, Any]:
    settings = Settings(database_url=url, secret_key="bench-secret-0123456789abcdef",
                        key_cache_seconds=30)
    db: Database = connect(settings, TABLES)
    await db.start()
    try:
        await migrate(db)
        started = time.perf_counter()
        if db.is_sqlite:
            await asyncio.to_thread(load_sqlite, urlsplit(url).path[1:], data)
        else:
            await load_postgres(url, data)
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        groups = await rebuild_aggregates(db)
        rebuilt = time.perf_counter() - started
        await settle(db)
        ctx = Context(settings=settings, db=db)
        _, key = await create_key(ctx, None, role="analyst", agency=None, name="bench")
        app = create_app(settings, database=db, run_migrations=False)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:

            def api(encoding: str) -> Callable[[], Awaitable[httpx.Response]]:
                headers = {"Authorization": f"Bearer {key}", "Accept-Encoding": encoding}

                async def call() -> httpx.Response:
                    response = await client.get(PATH, headers=headers)  # the whole body read
                    response.raise_for_status()
                    return response

                return call

            plain, gzipped = api("identity"), api("gzip")
            await plain()  # warm-up
            await gzipped()
            samples: dict[str, list[float]] = {"duckdb": [], "api": [], "gzip": []}
            for _ in range(repeat):  # in turn, so that a busy machine slows all alike
                samples["duckdb"].append(duck.seconds())
                for name, call in (("api", plain), ("gzip", gzipped)):
                    start = time.perf_counter()
                    await call()
                    samples[name].append(time.perf_counter() - start)
            api_ms, gzip_ms, duck_ms = (median_ms(samples[k]) for k in ("api", "gzip", "duckdb"))
            body = (await plain()).json()
        raw_ms, raw = await timed(lambda: db.raw(RAW_GROUP_BY), max(3, repeat // 3))
        check = {row["service"]: (row["n"], row["satisfied"]) for row in raw}
        for row in body["rows"]:
            service = int(row["service"].split(".")[1])
            assert check[service] == (row["n"], row["satisfied"]), row["key"]
        return {"engine": label, "load_s": loaded, "rebuild_s": rebuilt, "groups": groups,
                "api_ms": api_ms, "gzip_ms": gzip_ms, "raw_ms": raw_ms, "duck_ms": duck_ms,
                "rows": len(body["rows"])}
    finally:
        await db.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per figure")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/phieu_bench")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args(argv)
    logging.getLogger("httpx").setLevel(logging.WARNING)

    started = time.perf_counter()
    data = generate(args.responses)
    print(f"generated {data.size:,} responses, {data.services} services, {data.agencies} "
          f"agencies, 8 quarters in {time.perf_counter() - started:.1f} s")
    duck = DuckDB(data)
    results = []
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        results.append(asyncio.run(run_engine("SQLite", url, data, duck, args.repeat)))
    if not args.skip_postgres:
        asyncio.run(prepare_postgres(args.postgres))
        results.append(asyncio.run(run_engine("PostgreSQL", args.postgres, data, duck,
                                              args.repeat)))
    assert all(r["rows"] == duck.groups for r in results), "every engine sees every service"

    print(f"\nsatisfaction by service: {duck.groups} groups; median of {args.repeat} runs, "
          "DuckDB's GROUP BY over the same rows timed in turn with the API")
    print(f"{'engine':<11} {'load':>7} {'rebuild':>8} {'aggregates':>11} {'API':>9} "
          f"{'API gzip':>9} {'raw GROUP BY':>13} {'DuckDB':>9} {'API/DuckDB':>11} "
          f"{'gzip/DuckDB':>12}")
    for r in results:
        print(f"{r['engine']:<11} {r['load_s']:>6.1f}s {r['rebuild_s']:>7.1f}s "
              f"{r['groups']:>11,} {r['api_ms']:>7.1f}ms {r['gzip_ms']:>7.1f}ms "
              f"{r['raw_ms']:>11.1f}ms {r['duck_ms']:>7.1f}ms "
              f"{r['api_ms'] / r['duck_ms']:>10.2f}× {r['gzip_ms'] / r['duck_ms']:>11.2f}×")
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
