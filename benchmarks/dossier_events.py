"""Dossier events stored through the API and the command line, beside a raw bulk insert.

For SQLite and PostgreSQL in turn, the run

1. prepares a database (a SQLite file in a temporary folder; the PostgreSQL
   database of ``--postgres``, dropped and created again) and starts a real
   ``phieu serve`` process on it; sets up through its HTTP API an agency
   with 20 services, 20 units with a counter each, 60 officers and an
   integration key;
2. sends ``--events`` events (three per dossier: received, processing,
   returned, spread over a year, in the order of their time) as batches of
   ``--batch`` to ``POST /api/v1/dossier-events`` over ``--connections``
   concurrent keep-alive connections, every body encoded beforehand; checks
   that every event was answered ``stored``;
3. imports as many other events from a JSON Lines file with ``phieu events
   import`` (a process of its own, its start-up included);
4. inserts the rows of step 2's events, as ``dossier_event`` holds them
   (hashed references, ids), into a copy of that table with the same
   indexes in the same database: ``executemany`` in one transaction on
   SQLite, ``COPY`` on PostgreSQL. That is the floor: storing the rows and
   nothing else (no checks, no dossiers, no counts, no HTTP).

It prints events per second of each and the ratio to the raw insert.

Usage::

    python -m benchmarks.dossier_events [--events 60000] [--batch 1000]
        [--connections 4] [--postgres URL] [--skip-postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import functools
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks.bench_data import admin_key, call_api, reset_postgres
from benchmarks.export_csv import SECRET, Server
from forms_service.credentials.keyed import dossier_hash

ROOT = Path(__file__).resolve().parents[1]
AGENCY = "000.00.00.H29"
SERVICES, UNITS, OFFICERS = 20, 20, 60
START = dt.datetime(2025, 1, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@dataclass
class Result:
    engine: str
    method: str
    events: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def set_up(server: Server) -> str:
    """The organisation through the API; the integration key."""
    admin = admin_key(server.env, ROOT)
    call = functools.partial(call_api, server.base)
    call("POST", "/api/v1/agencies", admin,
         {"code": AGENCY, "name": "UBND tỉnh Hải Dương", "kind": "province"})
    designer = call("POST", "/api/v1/api-keys", admin,
                    {"agency": AGENCY, "role": "designer", "name": "bench"})["key"]
    for n in range(SERVICES):
        call("POST", "/api/v1/services", designer,
             {"code": f"1.{n:06d}", "name": f"Thủ tục {n}", "audience": "citizen",
              "delivery": "full_online"})
    call("POST", "/api/v1/units/import", designer, {"rows": [
        {"code": f"DV{n:02d}", "name": f"Đơn vị {n}", "kind": "commune"}
        for n in range(UNITS)]})
    call("POST", "/api/v1/counters/import", designer, {"rows": [
        {"code": f"Q{n:02d}", "name": f"Quầy {n}", "unit": f"DV{n:02d}"}
        for n in range(UNITS)]})
    call("POST", "/api/v1/officers/import", designer, {"rows": [
        {"code": f"CB{n:03d}", "name": f"Cán bộ {n}", "unit": f"DV{n % UNITS:02d}"}
        for n in range(OFFICERS)]})
    return str(call("POST", "/api/v1/api-keys", admin,
                    {"agency": AGENCY, "role": "integration", "name": "bench"})["key"])


def events(prefix: str, count: int) -> list[dict[str, Any]]:
    """``count`` events of ``count // 3`` dossiers, in the order of their time."""
    out = []
    for d in range(count // 3):
        received = START + dt.timedelta(minutes=17 * d)
        due = received + dt.timedelta(days=5)
        unit = d % UNITS
        common = {"system": "motcua", "dossier": f"{prefix}-{d:07d}",
                  "service": f"1.{d % SERVICES:06d}",
                  "channel": ("online", "in_person", "in_person", "postal")[d % 4],
                  "unit": f"DV{unit:02d}", "counter": f"Q{unit:02d}",
                  "officer": f"CB{(d * 7) % OFFICERS:03d}"}
        if common["channel"] == "online":
            common["submitted_by"] = "self" if d % 5 == 0 else "assisted"
        steps = (("received", received), ("processing", received + dt.timedelta(days=1)),
                 ("returned", received + dt.timedelta(days=3 + d % 5)))
        for k, (status, at) in enumerate(steps):
            event = {**common, "event_id": f"{prefix}-{d:07d}-{k}", "status": status,
                     "at": at.isoformat()}
            if k == 0:
                event |= {"received_at": at.isoformat(), "due_at": due.isoformat()}
            out.append(event)
    out.sort(key=lambda e: e["at"])
    return out


async def send_http(base: str, key: str, bodies: list[bytes], connections: int,
                    timeout: float) -> tuple[float, int]:
    """Every batch, ``connections`` at a time; seconds and events stored."""
    queue = list(reversed(bodies))
    stored = 0
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:
        headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        await client.get("/healthz")

        async def worker() -> None:
            nonlocal stored
            while queue:
                body = queue.pop()
                r = await client.post("/api/v1/dossier-events", content=body, headers=headers)
                if r.status_code != 200:
                    raise RuntimeError(f"{r.status_code}: {r.text[:300]}")
                stored += r.json()["stored"]

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        return time.perf_counter() - started, stored


def run_cli(server: Server, path: Path, timeout: float) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "forms_service.cli", "events", "import", str(path),
         "--agency", AGENCY, "--system", "motcua", "--locale", "en"],
        env=server.env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"phieu events import failed: {done.stdout}\n{done.stderr}")
    return seconds, done.stdout.strip().splitlines()[-1]


RAW_COLUMNS = ("agency", "system", "event_id", "dossier_hash", "service", "status", "at",
               "channel", "received_at", "due_at", "returned_at", "unit", "counter",
               "officer", "submitted_by", "stored_at")
RAW_TABLE = (
    "CREATE TABLE bench_raw_event AS SELECT * FROM dossier_event WHERE 1 = 0",
    "CREATE UNIQUE INDEX bench_raw_event_key ON bench_raw_event (agency, system, event_id)",
    "CREATE INDEX bench_raw_event_dossier ON bench_raw_event (agency, dossier_hash, at)",
)


def raw_rows(batch: list[dict[str, Any]], ids: dict[str, dict[str, int]]) -> list[tuple[Any, ...]]:
    """The rows ``dossier_event`` holds for ``batch``."""
    now = dt.datetime.now(dt.UTC)

    def moment(text: str | None) -> dt.datetime | None:
        return dt.datetime.fromisoformat(text).astimezone(dt.UTC) if text else None

    rows = []
    for e in batch:
        returned = e["at"] if e["status"] == "returned" else None
        rows.append((
            ids["agency"][AGENCY], e["system"], e["event_id"],
            dossier_hash(SECRET, AGENCY, e["dossier"]), ids["service"][e["service"]],
            e["status"], moment(e["at"]), e["channel"], moment(e.get("received_at")),
            moment(e.get("due_at")), moment(returned), ids["unit"][e["unit"]],
            ids["counter"][e["counter"]], ids["officer"][e["officer"]],
            e.get("submitted_by"), now))
    return rows


def sqlite_raw(path: str, batch: list[dict[str, Any]]) -> float:
    from piccolo.engine.sqlite import convert_datetime_in

    connection = sqlite3.connect(path)
    try:
        ids = {name: dict(connection.execute(f"SELECT code, id FROM {name}").fetchall())
               for name in ("agency", "service", "unit", "counter", "officer")}
        for statement in RAW_TABLE:
            connection.execute(statement)
        connection.commit()
        started = time.perf_counter()
        rows = [tuple(convert_datetime_in(v) if isinstance(v, dt.datetime) else v
                      for v in row) for row in raw_rows(batch, ids)]
        with connection:
            connection.executemany(
                f"INSERT INTO bench_raw_event ({', '.join(RAW_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(RAW_COLUMNS))})", rows)
        return time.perf_counter() - started
    finally:
        connection.close()


async def postgres_raw(url: str, batch: list[dict[str, Any]]) -> float:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        ids = {name: {r["code"]: r["id"] for r in await connection.fetch(
            f"SELECT code, id FROM {name}")}
            for name in ("agency", "service", "unit", "counter", "officer")}
        for statement in RAW_TABLE:
            await connection.execute(statement)
        started = time.perf_counter()
        await connection.copy_records_to_table(
            "bench_raw_event", records=raw_rows(batch, ids), columns=list(RAW_COLUMNS))
        return time.perf_counter() - started
    finally:
        await connection.close()


def run_engine(engine: str, url: str, args: argparse.Namespace, folder: Path) -> list[Result]:
    http_events = events("HS-API", args.events)
    cli_events = events("HS-CLI", args.events)
    bodies = [json.dumps({"events": http_events[i:i + args.batch]}, ensure_ascii=False).encode()
              for i in range(0, len(http_events), args.batch)]
    lines = folder / f"{engine}-events.jsonl"
    lines.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in cli_events),
                     encoding="utf-8")
    server = Server(url, args.timeout)
    try:
        key = set_up(server)
        seconds, stored = asyncio.run(send_http(server.base, key, bodies, args.connections,
                                                args.timeout))
        if stored != len(http_events):
            raise RuntimeError(f"{stored} of {len(http_events)} events stored over HTTP")
        results = [Result(engine, f"HTTP, {args.connections} connections", stored, seconds)]
        cli_seconds, summary = run_cli(server, lines, args.timeout)
        if not summary.startswith(f"{len(cli_events)} stored"):
            raise RuntimeError(f"phieu events import: {summary}")
        results.append(Result(engine, "phieu events import (process)", len(cli_events),
                              cli_seconds))
    finally:
        server.stop()
    raw = (sqlite_raw(url.removeprefix("sqlite:///"), http_events) if engine == "sqlite"
           else asyncio.run(postgres_raw(url, http_events)))
    results.append(Result(engine, "raw bulk insert (baseline)", len(http_events), raw))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=60_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--postgres",
                        default="postgresql://postgres@127.0.0.1:5432/phieu_bench_dossier_events")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as folder:
        results += run_engine("sqlite", f"sqlite:///{folder}/bench.db", args, Path(folder))
        if not args.skip_postgres:
            asyncio.run(reset_postgres(args.postgres))
            results += run_engine("postgresql", args.postgres, args, Path(folder))
    print(f"\n{args.events:,} events per method, batches of {args.batch}\n")
    print(f"{'engine':<11} {'method':<32} {'events':>8} {'seconds':>8} {'events/s':>9} "
          f"{'× raw':>6}")
    for engine in dict.fromkeys(r.engine for r in results):
        mine = [r for r in results if r.engine == engine]
        raw = mine[-1].rate
        for r in mine:
            print(f"{r.engine:<11} {r.method:<32} {r.events:>8,} {r.seconds:>8.2f} "
                  f"{r.rate:>9,.0f} {r.rate / raw:>6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
