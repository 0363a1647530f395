"""CSV export of a form's raw responses, beside the databases' own bulk export.

For SQLite and PostgreSQL in turn, the run

1. prepares a database (a SQLite file in a temporary folder; the PostgreSQL
   database ``phieu_bench_export``, created if missing), with an agency, an
   analyst key, a service and the published ``quick-rating`` form set up
   through the HTTP API of a real ``phieu serve`` process;
2. loads ``--rows`` responses (default 1,000,000) straight into the table
   (``executemany`` on SQLite, ``COPY`` on PostgreSQL): a realistic mix of
   ratings, channels and locales, with a free-text reason (each one
   different, some holding phone numbers, ID numbers and e-mail addresses)
   on about one answer in twelve;
3. times ``GET /api/v1/exports/responses?format=csv`` against that server
   process, streamed by an HTTP client that counts rows as they arrive
   (``Accept-Encoding: identity``, as curl sends; with ``--gzip`` also
   gzip-encoded, as browsers ask); the server's resident memory is read
   before (idle) and after (peak: the process's high-water mark, ``VmHWM``);
4. times the database's own bulk CSV export of the same rows and columns in
   the same run: ``sqlite3 -csv`` (the command-line shell; Python's sqlite3
   and csv modules when the shell is missing) and ``COPY (SELECT …) TO
   STDOUT WITH CSV`` through asyncpg's ``copy_from_query``.

Usage::

    python benchmarks/export_csv.py [--rows 1000000] [--skip-postgres] [--gzip]

Every step has a time limit (``--timeout`` seconds per measurement), and the
server processes are stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import datetime as dt
import functools
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson

from benchmarks.bench_data import admin_key, call_api, free_port, reset_postgres

ROOT = Path(__file__).resolve().parents[1]

SECRET = "bench-secret-0123456789abcdef0123"
AGENCY = "000.00.00.H29"
COLUMNS = ("id, form_version, service, agency, channel, locale, submitted_at, answers")
REASONS = (
    "Thời gian chờ đợi quá lâu, phải đi lại {n} lần.",
    "Cán bộ hướng dẫn chưa rõ; liên hệ tôi qua số 09{d8}.",
    "Hệ thống báo lỗi khi nộp hồ sơ, \"không tải được tệp\" ({n} lần). CCCD 0010{d8}.",
    "Gửi kết quả qua email nguoi.dan{n}@gmail.com giúp tôi.",
    "Phí dịch vụ cao, thủ tục rườm rà,\nbiểu mẫu khó hiểu: mất {n} phút mới điền xong.",
)


@dataclass
class Result:
    engine: str
    method: str
    rows: int
    seconds: float
    megabytes: float
    first_byte_ms: float | None = None
    peak_mb: float | None = None
    idle_mb: float | None = None

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def memory_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


class Server:
    """A ``phieu serve`` process on a free port."""

    def __init__(self, database_url: str, timeout: float) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("PHIEU_")}
        env |= {"PHIEU_DATABASE_URL": database_url, "PHIEU_SECRET_KEY": SECRET}
        self.env = env
        self.process = subprocess.Popen(
            [sys.executable, "-m", "forms_service.cli", "serve", "--port", str(self.port)],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def set_up(server: Server) -> dict[str, Any]:
    """Agency, keys, service and a published form through the API; ids for the load."""
    admin = admin_key(server.env, ROOT)
    call = functools.partial(call_api, server.base)

    call("POST", "/api/v1/agencies", admin,
         {"code": AGENCY, "name": "UBND tỉnh Hải Dương", "kind": "province"})
    keys = {role: call("POST", "/api/v1/api-keys", admin,
                       {"agency": AGENCY, "role": role, "name": "bench"})["key"]
            for role in ("designer", "analyst")}
    call("POST", "/api/v1/services", keys["designer"],
         {"code": "1.001193", "name": "Đăng ký khai sinh", "audience": "citizen",
          "delivery": "full_online"})
    call("POST", "/api/v1/forms", keys["designer"],
         {"slug": "hai-long", "template": "quick-rating"})
    call("POST", "/api/v1/forms/hai-long/publish", keys["designer"])
    return {"analyst": keys["analyst"]}


def responses(count: int, ids: dict[str, int], *, sqlite: bool) -> Iterator[tuple[Any, ...]]:
    """``count`` realistic responses, reproducible (seeded)."""
    rng = random.Random(20231122)
    start = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
    step = dt.timedelta(seconds=365 * 86400 / max(count, 1))
    channels = ("web", "web", "web", "mobile", "mobile", "kiosk", "one_stop")
    for n in range(count):
        overall = rng.choices((3, 2, 1), weights=(55, 35, 10))[0]
        answers: dict[str, Any] = {"overall": overall}
        if overall == 1 and rng.random() < 0.8:
            # every comment different, as in life (no two share a cache entry)
            answers["reason"] = rng.choice(REASONS).format(
                n=n, d8=f"{rng.randrange(10**8):08d}")
        moment = start + step * n
        submitted: Any = str(moment) if sqlite else moment
        yield (ids["form"], ids["version"], ids["service"], ids["agency"], None,
               rng.choice(channels), "vi" if rng.random() < 0.95 else "en", "citizen",
               submitted, moment.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%Y-%m"),
               orjson.dumps(answers).decode(), overall, overall >= 2, None, None)


LOAD_COLUMNS = ("form", "form_version", "service", "agency", "dossier_hash", "channel", "locale",
                "audience", "submitted_at", "month", "answers", "satisfaction_value",
                "satisfied", "nps_score", "self_submitted")
BASELINE_SQL = (f"SELECT {COLUMNS} FROM response "
                "WHERE form = (SELECT id FROM form WHERE slug = 'hai-long') ORDER BY id")
IDS_SQL = ("SELECT f.id, v.id, s.id, f.agency FROM form f JOIN form_version v ON v.form = f.id "
           "JOIN service s ON s.agency = f.agency WHERE f.slug = 'hai-long'")


def load_sqlite(path: Path, count: int) -> None:
    import sqlite3

    with sqlite3.connect(path) as db:
        form, version, service, agency = db.execute(IDS_SQL).fetchone()
        ids = {"form": form, "version": version, "service": service, "agency": agency}
        marks = ", ".join("?" * len(LOAD_COLUMNS))
        db.executemany(f"INSERT INTO response ({', '.join(LOAD_COLUMNS)}) VALUES ({marks})",
                       responses(count, ids, sqlite=True))


async def load_postgres(url: str, count: int) -> None:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        form, version, service, agency = await conn.fetchrow(IDS_SQL)
        ids = {"form": form, "version": version, "service": service, "agency": agency}
        await conn.copy_records_to_table("response", records=responses(count, ids, sqlite=False),
                                         columns=LOAD_COLUMNS)
        await conn.execute("ANALYZE response")
    finally:
        await conn.close()


def measure_export(server: Server, analyst: str, engine: str, gzip: bool,
                   timeout: float) -> Result:
    pid = server.process.pid
    idle = memory_kb(pid, "VmRSS")
    url = f"{server.base}/api/v1/exports/responses?form=hai-long&format=csv"
    headers = {"Authorization": f"Bearer {analyst}",
               "Accept-Encoding": "gzip" if gzip else "identity"}
    rows, size, first, last = 0, 0, None, b""
    started = time.perf_counter()
    with httpx.stream("GET", url, headers=headers, timeout=timeout) as r:
        assert r.status_code == 200, r.read()
        for chunk in r.iter_bytes():
            if first is None:
                first = (time.perf_counter() - started) * 1000
            rows += (last + chunk[:1] == b"\r\n") + chunk.count(b"\r\n")  # CRLF ends a row
            last = chunk[-1:]
            size += len(chunk)
            if time.perf_counter() - started > timeout:
                raise TimeoutError(f"export took more than {timeout} s")
    seconds = time.perf_counter() - started
    return Result(engine, "phieu CSV over HTTP" + (" (gzip)" if gzip else ""), rows - 1,
                  seconds, size / 1e6, first, memory_kb(pid, "VmHWM") / 1024, idle / 1024)


def baseline_sqlite(path: Path, timeout: float) -> Result:
    sql = BASELINE_SQL
    started = time.perf_counter()
    shell = shutil.which("sqlite3")
    if shell:
        out = subprocess.run([shell, "-csv", "-header", str(path), sql], capture_output=True,
                             timeout=timeout, check=True).stdout
        method, rows, size = "sqlite3 -csv (shell)", out.count(b"\n") - 1, len(out)
    else:
        import sqlite3

        class Sink:
            size = 0

            def write(self, text: str) -> None:
                Sink.size += len(text.encode())

        with sqlite3.connect(path) as db:
            cursor = db.execute(sql)
            writer = csv.writer(Sink())
            rows = 0
            while batch := cursor.fetchmany(10_000):
                writer.writerows(batch)
                rows += len(batch)
        method, size = "Python sqlite3 + csv", Sink.size
    return Result("SQLite", method, rows, time.perf_counter() - started, size / 1e6)


async def baseline_postgres(url: str, timeout: float) -> Result:
    import asyncpg

    conn = await asyncpg.connect(url)
    rows, size = 0, 0

    async def sink(data: bytes) -> None:
        nonlocal rows, size
        rows += data.count(b"\n")
        size += len(data)

    try:
        started = time.perf_counter()
        await asyncio.wait_for(conn.copy_from_query(
            BASELINE_SQL, output=sink, format="csv",
            header=True), timeout)
        seconds = time.perf_counter() - started
    finally:
        await conn.close()
    return Result("PostgreSQL", "COPY (SELECT …) TO STDOUT CSV", rows - 1, seconds, size / 1e6)


def run_engine(engine: str, url: str, args: argparse.Namespace) -> list[Result]:
    server = Server(url, args.timeout)
    try:
        analyst = set_up(server)["analyst"]
        started = time.perf_counter()
        if engine == "SQLite":
            load_sqlite(Path(url.removeprefix("sqlite:///")), args.rows)
        else:
            asyncio.run(load_postgres(url, args.rows))
        print(f"{engine}: loaded {args.rows:,} responses in {time.perf_counter() - started:.1f} s",
              flush=True)
        results = [measure_export(server, analyst, engine, False, args.timeout)]
        if args.gzip:
            results.append(measure_export(server, analyst, engine, True, args.timeout))
    finally:
        server.stop()
    if engine == "SQLite":
        results.append(baseline_sqlite(Path(url.removeprefix("sqlite:///")), args.timeout))
    else:
        results.append(asyncio.run(baseline_postgres(url, args.timeout)))
    return results


def report(results: list[Result]) -> None:
    head = (f"{'engine':<11} {'method':<32} {'rows':>10} {'s':>7} {'rows/s':>10} {'MB':>7} "
            f"{'1st byte':>9} {'peak RSS':>9} {'idle RSS':>9}")
    print("\n" + head + "\n" + "-" * len(head))
    for r in results:
        first = f"{r.first_byte_ms:.0f} ms" if r.first_byte_ms is not None else "-"
        peak = f"{r.peak_mb:.0f} MB" if r.peak_mb is not None else "-"
        idle = f"{r.idle_mb:.0f} MB" if r.idle_mb is not None else "-"
        print(f"{r.engine:<11} {r.method:<32} {r.rows:>10,} {r.seconds:>7.2f} {r.rate:>10,.0f} "
              f"{r.megabytes:>7.1f} {first:>9} {peak:>9} {idle:>9}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--postgres-url",
                        default="postgresql://postgres@127.0.0.1:5432/phieu_bench_export")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--gzip", action="store_true", help="also time a gzip-encoded export")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per measurement")
    args = parser.parse_args()
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="phieu-bench-") as folder:
        results += run_engine("SQLite", f"sqlite:///{folder}/bench.db", args)
    if not args.skip_postgres:
        asyncio.run(reset_postgres(args.postgres_url))
        results += run_engine("PostgreSQL", args.postgres_url, args)
    report(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
