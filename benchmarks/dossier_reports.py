"""The response-rate report over 1,000,000 dossiers: the API beside DuckDB.

For each engine (SQLite file, PostgreSQL database) the same deterministic
dossiers (20 agencies, 1,000 services, 1,000 units — a tenth of them closed
with a successor — 5,000 officers, 12 months, three channels) are
bulk-loaded into ``dossier`` and the monthly counts (``dossier_month``)
built from them with one ``GROUP BY``, as ``phieu aggregates rebuild``
does. Then, in the same run, timed:

* the API answer: ``GET /api/v1/analytics/response-rates?group_by=…`` (by
  unit and by service) with a national analyst key, through HTTP into the
  Litestar app in this process (request parsing, authentication, the
  ``GROUP BY`` over the monthly counts, unit succession, the funnel's rates
  and Wilson intervals of every group, the JSON body), to the last byte;
* the same ``GROUP BY`` over the raw ``dossier`` rows in that engine (what
  the report would cost without the monthly counts);
* the ``GROUP BY`` in DuckDB over the same rows, held in memory, its result
  fetched as Python tuples.

Each figure is the median of ``--repeat`` timings after a warm-up; the API
calls and DuckDB's ``GROUP BY`` are timed in turn. The goal: the API within
2× DuckDB. Run::

    pip install -e '.[test,bench]'
    python -m benchmarks.dossier_reports [--dossiers N] [--repeat 15] [--skip-postgres]

PostgreSQL is reached at ``--postgres`` (default
``postgresql://postgres@127.0.0.1:5432/phieu_bench``; the database is created
if missing and its tables are replaced).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import duckdb
import httpx
import numpy as np

from benchmarks.analytics_satisfaction import median_ms, prepare_postgres
from benchmarks.bench_data import COLUMNS as CATALOGUE_COLUMNS
from benchmarks.bench_data import catalogue_rows, generate
from forms_service.app import create_app
from forms_service.context import Context
from forms_service.db import Database, connect, migrate
from forms_service.dossiers.fold import COUNTS
from forms_service.keys.service import create_key
from forms_service.piccolo_app import TABLES
from forms_service.settings import Settings

SEED = 2026
AGENCIES, SERVICES, UNITS, OFFICERS = 20, 1000, 1000, 5000
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]
CHANNELS = np.array(["in_person", "online", "postal"], dtype=object)
DOSSIER_COLUMNS = ("agency", "dossier_hash", "service", "channel", "status", "unit", "officer",
                   "due_at", "returned_at", "on_time", "submitted_by", "last_event_at",
                   "month", "offered", "opened", "answered", "satisfied")
GROUPS = {"unit": "unit", "service": "service"}
RAW_GROUP_BY = ("SELECT {column}, COUNT(*) AS returned, SUM(CASE WHEN offered THEN 1 ELSE 0 "
                "END) AS offered, SUM(CASE WHEN opened THEN 1 ELSE 0 END) AS opened, "
                "SUM(CASE WHEN answered THEN 1 ELSE 0 END) AS answered FROM dossier "
                "GROUP BY {column}")
# the counts of a dossier's dossier_month row, as the dossier pipeline's rebuild has them
_ANSWERED, _RATED, _HAPPY = "d.answered", "(d.answered AND d.satisfied IS NOT NULL)", \
    "(d.answered AND d.satisfied)"
_COUNT_SQL = {
    "returned": "1", "offered": "d.offered", "opened": "d.opened", "answered": _ANSWERED,
    "on_time": "d.on_time", "late": "(NOT d.on_time)", "answered_rated": _RATED,
    "answered_satisfied": _HAPPY, "answered_on_time": f"({_ANSWERED} AND d.on_time)",
    "answered_on_time_rated": f"({_RATED} AND d.on_time)",
    "answered_on_time_satisfied": f"({_HAPPY} AND d.on_time)",
    "answered_late": f"({_ANSWERED} AND NOT d.on_time)",
    "answered_late_rated": f"({_RATED} AND NOT d.on_time)",
    "answered_late_satisfied": f"({_HAPPY} AND NOT d.on_time)",
}
assert tuple(_COUNT_SQL) == COUNTS
KEY = ("agency", "service", "unit", "officer", "channel", "submitted_by", "month")
BUILD = ("INSERT INTO dossier_month ({columns}) SELECT {key}, {counts} FROM dossier d "
         "GROUP BY {key}").format(
    columns=", ".join(KEY + COUNTS), key=", ".join(f"d.{c}" for c in KEY),
    counts=", ".join("COUNT(*)" if sql == "1" else f"SUM(CASE WHEN {sql} THEN 1 ELSE 0 END)"
                     for sql in _COUNT_SQL.values()))


@dataclass
class Dossiers:
    """Columns of the ``dossier`` rows (numpy arrays)."""

    agency: np.ndarray
    service: np.ndarray
    unit: np.ndarray
    officer: np.ndarray
    channel: np.ndarray
    month: np.ndarray
    on_time: np.ndarray
    offered: np.ndarray
    opened: np.ndarray
    answered: np.ndarray
    satisfied: np.ndarray
    self_submitted: np.ndarray

    @property
    def size(self) -> int:
        return int(self.agency.size)


def make(dossiers: int) -> Dossiers:
    """Dossiers spread unevenly over services; each unit serves its agency's services."""
    rng = np.random.default_rng(SEED)
    weights = rng.lognormal(0.0, 1.0, SERVICES)
    service = rng.choice(SERVICES, size=dossiers, p=weights / weights.sum()) + 1
    agency = (service - 1) // (SERVICES // AGENCIES) + 1
    per_agency = UNITS // AGENCIES
    unit = (agency - 1) * per_agency + rng.integers(1, per_agency + 1, dossiers)
    officer = (unit - 1) * (OFFICERS // UNITS) + rng.integers(1, OFFICERS // UNITS + 1,
                                                                dossiers)
    channel = rng.choice(3, size=dossiers, p=[0.6, 0.37, 0.03])
    offered = rng.random(dossiers) < 0.4
    opened = offered & (rng.random(dossiers) < 0.5)
    answered = opened & (rng.random(dossiers) < 0.6)
    return Dossiers(
        agency=agency, service=service, unit=unit, officer=officer, channel=channel,
        month=rng.integers(0, 12, dossiers), on_time=rng.random(dossiers) < 0.88,
        offered=offered, opened=opened, answered=answered,
        satisfied=answered & (rng.random(dossiers) < 0.9),
        self_submitted=(channel == 1) & (rng.random(dossiers) < 0.25))


def organisation_rows() -> dict[str, list[tuple[Any, ...]]]:
    """Units (every tenth closed, succeeded by the next) and officers."""
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    per_agency = UNITS // AGENCIES
    units = []
    for u in range(1, UNITS + 1):
        closed = u % 10 == 0 and (u % per_agency) != 0
        units.append((u, (u - 1) // per_agency + 1, f"U{u:04d}", f"Đơn vị {u}", "commune",
                      not closed, u + 1 if closed else None, now))
    officers = [(o, (o - 1) // (OFFICERS // UNITS) // per_agency + 1, f"CB{o:05d}",
                 f"Cán bộ {o}", (o - 1) // (OFFICERS // UNITS) + 1, True, now)
                for o in range(1, OFFICERS + 1)]
    return {"unit": units, "officer": officers}


ORGANISATION_COLUMNS = {
    "unit": ("id", "agency", "code", "name", "kind", "active", "successor", "created_at"),
    "officer": ("id", "agency", "code", "name", "unit", "active", "created_at"),
}


def dossier_rows(data: Dossiers, *, sqlite: bool) -> Iterator[tuple[Any, ...]]:
    """One tuple per dossier in the order of ``DOSSIER_COLUMNS``."""
    firsts = [dt.datetime(2025, m, 10, 3, tzinfo=dt.UTC) for m in range(1, 13)]
    stamp = [f"{t:%Y-%m-%d %H:%M:%S}+00:00" for t in firsts] if sqlite else \
        [t.replace(tzinfo=None) for t in firsts]
    due_late = [f"{t - dt.timedelta(days=2):%Y-%m-%d %H:%M:%S}+00:00" for t in firsts] \
        if sqlite else [(t - dt.timedelta(days=2)).replace(tzinfo=None) for t in firsts]
    due_early = [f"{t + dt.timedelta(days=2):%Y-%m-%d %H:%M:%S}+00:00" for t in firsts] \
        if sqlite else [(t + dt.timedelta(days=2)).replace(tzinfo=None) for t in firsts]
    channel = CHANNELS[data.channel].tolist()
    columns = (data.agency.tolist(), data.service.tolist(), data.unit.tolist(),
               data.officer.tolist(), channel, data.month.tolist(), data.on_time.tolist(),
               data.offered.tolist(), data.opened.tolist(), data.answered.tolist(),
               data.satisfied.tolist(), data.self_submitted.tolist())
    for i, (agency, service, unit, officer, chan, month, on_time, offered, opened, answered,
            satisfied, own) in enumerate(zip(*columns, strict=True)):
        by = ("self" if own else "assisted") if chan == "online" else None
        yield (agency, f"{i:064x}", service, chan, "returned", unit, officer,
               due_early[month] if on_time else due_late[month], stamp[month], on_time, by,
               stamp[month], MONTHS[month], offered, opened, answered,
               satisfied if answered else None)


def load_sqlite(path: str, data: Dossiers) -> None:
    catalogue = catalogue_rows(generate(1, SERVICES, AGENCIES))
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA synchronous = OFF")
        for table, rows in [*catalogue.items(), *organisation_rows().items()]:
            columns = CATALOGUE_COLUMNS.get(table) or ORGANISATION_COLUMNS[table]
            connection.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' for _ in columns)})",
                [tuple(str(v) if isinstance(v, dt.datetime) else v for v in row)
                 for row in rows])
        connection.executemany(
            f"INSERT INTO dossier ({', '.join(DOSSIER_COLUMNS)}) "
            f"VALUES ({', '.join('?' for _ in DOSSIER_COLUMNS)})",
            dossier_rows(data, sqlite=True))
        connection.commit()
        connection.execute("ANALYZE")


async def load_postgres(url: str, data: Dossiers) -> None:
    import asyncpg

    catalogue = catalogue_rows(generate(1, SERVICES, AGENCIES))
    connection = await asyncpg.connect(url)
    try:
        await connection.execute("SET session_replication_role = replica")
        for table, rows in [*catalogue.items(), *organisation_rows().items()]:
            columns = CATALOGUE_COLUMNS.get(table) or ORGANISATION_COLUMNS[table]
            await connection.copy_records_to_table(table, records=rows, columns=columns)
        await connection.copy_records_to_table(
            "dossier", records=dossier_rows(data, sqlite=False), columns=DOSSIER_COLUMNS)
        await connection.execute("SET session_replication_role = DEFAULT")
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


class DuckDB:
    """The same dossiers in DuckDB's memory, and its ``GROUP BY`` over them."""

    def __init__(self, data: Dossiers) -> None:
        self.connection = duckdb.connect()
        self.connection.register("source", {
            "unit": data.unit, "service": data.service, "offered": data.offered,
            "opened": data.opened, "answered": data.answered})
        self.connection.execute("CREATE TABLE dossier AS SELECT * FROM source")

    def group_by(self, column: str) -> list[Any]:
        return self.connection.execute(RAW_GROUP_BY.format(column=column)).fetchall()

    def seconds(self, column: str) -> float:
        start = time.perf_counter()
        self.group_by(column)
        return time.perf_counter() - start


async def run_engine(label: str, url: str, data: Dossiers, duck: DuckDB,
                     repeat: int) -> list[dict[str, Any]]:
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
        await db.raw(BUILD)
        built = time.perf_counter() - started
        if db.is_sqlite:
            await db.engine.run_ddl("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            await db.engine.run_ddl("VACUUM ANALYZE dossier_month")
        months = (await db.raw("SELECT COUNT(*) AS n FROM dossier_month"))[0]["n"]
        ctx = Context(settings=settings, db=db)
        _, key = await create_key(ctx, None, role="analyst", agency=None, name="bench")
        app = create_app(settings, database=db, run_migrations=False)
        results = []
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            headers = {"Authorization": f"Bearer {key}", "Accept-Encoding": "identity"}
            for group, column in GROUPS.items():
                path = f"/api/v1/analytics/response-rates?group_by={group}"
                (await client.get(path, headers=headers)).raise_for_status()  # warm-up
                api_samples, duck_samples = [], []
                for _ in range(repeat):
                    duck_samples.append(duck.seconds(column))
                    start = time.perf_counter()
                    response = await client.get(path, headers=headers)
                    response.raise_for_status()
                    api_samples.append(time.perf_counter() - start)
                body = response.json()
                start = time.perf_counter()
                raw = await db.raw(RAW_GROUP_BY.format(column=column))
                raw_ms = (time.perf_counter() - start) * 1000
                returned = sum(r["returned"] for r in body["rows"])
                assert returned == data.size == sum(int(r["returned"]) for r in raw), returned
                answered = sum(r["answered"] for r in body["rows"])
                assert answered == int(data.answered.sum()), answered
                results.append({"engine": label, "group": group, "groups": len(body["rows"]),
                                "load_s": loaded, "build_s": built, "months": months,
                                "api_ms": median_ms(api_samples),
                                "duck_ms": median_ms(duck_samples), "raw_ms": raw_ms})
        return results
    finally:
        await db.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per figure")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/phieu_bench")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args(argv)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    started = time.perf_counter()
    data = make(args.dossiers)
    duck = DuckDB(data)
    print(f"generated {data.size:,} dossiers, {AGENCIES} agencies, {SERVICES} services, "
          f"{UNITS} units, {OFFICERS} officers, 12 months in "
          f"{time.perf_counter() - started:.1f} s")
    results = []
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        results += asyncio.run(run_engine("SQLite", url, data, duck, args.repeat))
    if not args.skip_postgres:
        asyncio.run(prepare_postgres(args.postgres))
        results += asyncio.run(run_engine("PostgreSQL", args.postgres, data, duck, args.repeat))
    print(f"\nresponse rates over {data.size:,} dossiers; median of {args.repeat} runs, "
          "DuckDB's GROUP BY over the same rows timed in turn with the API")
    print(f"{'engine':<11} {'group_by':<8} {'groups':>6} {'load':>7} {'build':>7} "
          f"{'month rows':>10} {'API':>9} {'raw GROUP BY':>13} {'DuckDB':>9} {'API/DuckDB':>11}")
    for r in results:
        print(f"{r['engine']:<11} {r['group']:<8} {r['groups']:>6} {r['load_s']:>6.1f}s "
              f"{r['build_s']:>6.1f}s {r['months']:>10,} {r['api_ms']:>7.1f}ms "
              f"{r['raw_ms']:>11.1f}ms {r['duck_ms']:>7.1f}ms "
              f"{r['api_ms'] / r['duck_ms']:>10.2f}×")
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
