"""Ingestion of signed submissions over HTTP, beside a bare endpoint, in one run.

For each database (a SQLite file in a temporary folder; the PostgreSQL
database ``phieu_bench_ingestion``, dropped and created again) and each
number of worker processes, the run

1. starts a real ``phieu serve [--workers N]`` process on a free port and
   sets it up through its HTTP API: an agency, a service, a portal key (with
   its signing secret) and the published ``sipas`` form (seven questions,
   five required, a free-text comment on about one answer in four);
2. signs one context token per request, each for its own dossier (so every
   answer is accepted), and builds every request in advance: ``POST
   /api/v1/responses`` with ``{"form", "token", "answers"}``, answered with
   201 after the token check (signature, key, expiry, form, agency,
   service), the validation of the answers and the insert with its
   aggregate counts;
3. drives it from a separate load-generator process (an asyncio HTTP/1.1
   client on keep-alive connections, ``--connections`` of them, bounded by
   ``--requests`` and ``--duration``; a protocol per connection on uvloop,
   so that it takes as little as it can of the CPU the server needs), after
   a warm-up;
4. does the same against the bare endpoint (``benchmarks/bare_app.py``): a
   Litestar app under the same uvicorn settings whose handler only parses the
   same JSON bodies into the same struct.

It prints requests, requests/s, p50 and p99 latency and errors for every
variant (medians over ``--repeat`` rounds, bare and Phiếu alternating) and
the ratio to the bare endpoint with as many workers, and checks at the end
that the database holds exactly as many responses as it answered 201.

Usage::

    python -m benchmarks.ingestion [--database sqlite --database postgresql]
        [--workers 1 --workers 2] [--connections 32] [--requests 20000]
        [--duration 15] [--repeat 3]

By default SQLite runs with one worker and PostgreSQL with one and two.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import functools
import json
import os
import pickle
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import httpx

from benchmarks.bench_data import admin_key, call_api, free_port, reset_postgres

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-ingestion-secret-0123456789abcdef"
AGENCY = "000.00.00.H29"
SERVICE = "1.001193"
FORM = "sipas"
PG_URL = "postgresql://postgres@127.0.0.1:5432/phieu_bench_ingestion"
SCALE = ("access", "procedure", "civil_servant", "result", "overall")
COMMENTS = (
    "Cán bộ hướng dẫn tận tình, thủ tục nhanh gọn.",
    "Thời gian chờ ở bộ phận một cửa còn lâu, đề nghị bố trí thêm quầy.",
    "Trang dịch vụ công đôi khi chậm vào buổi sáng.",
)


# ---------------------------------------------------------------- servers


class Server:
    """A server process (``phieu serve`` or the bare app) on a free port."""

    def __init__(self, command: list[str], env: dict[str, str], timeout: float = 120) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = env
        self.process = subprocess.Popen(
            [*command, "--port", str(self.port)], env=env, cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{command} exited with {self.process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{command} did not start")

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server's processes (its session: workers too)."""
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[3]) == self.process.pid:  # the session id
                total += int(fields[11]) + int(fields[12])  # utime + stime
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def phieu_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHIEU_")}
    return env | {"PHIEU_DATABASE_URL": database_url, "PHIEU_SECRET_KEY": SECRET}


def phieu_server(database_url: str, workers: int) -> Server:
    server = Server([sys.executable, "-m", "forms_service.cli", "serve",
                     "--workers", str(workers)], phieu_env(database_url))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # up once the database answers too
        try:
            if httpx.get(f"{server.base}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError("phieu serve did not become healthy")


def bare_server(workers: int) -> Server:
    return Server([sys.executable, "-m", "benchmarks.bare_app", "--workers", str(workers)],
                  dict(os.environ))


# ---------------------------------------------------------------- set-up


@dataclass
class Portal:
    key_id: str
    secret: str


def set_up(server: Server) -> Portal:
    """Agency, service, portal key and the published form, through the API."""
    admin = admin_key(server.env, ROOT)
    call = functools.partial(call_api, server.base)

    call("POST", "/api/v1/agencies", admin,
         {"code": AGENCY, "name": "UBND tỉnh Hải Dương", "kind": "province"})
    designer = call("POST", "/api/v1/api-keys", admin,
                    {"agency": AGENCY, "role": "designer", "name": "bench"})["key"]
    portal = call("POST", "/api/v1/api-keys", admin,
                  {"agency": AGENCY, "role": "portal", "name": "cổng DVC"})
    call("POST", "/api/v1/services", designer,
         {"code": SERVICE, "name": "Đăng ký khai sinh", "audience": "citizen",
          "delivery": "full_online"})
    call("POST", "/api/v1/forms", designer, {"slug": FORM, "template": FORM})
    call("POST", "/api/v1/forms/sipas/publish", designer)
    return Portal(key_id=portal["id"], secret=portal["signing_secret"])


def build_requests(portal: Portal, count: int, port: int, tag: str,
                   rng: random.Random) -> list[bytes]:
    """``count`` complete HTTP requests, each with a token for its own dossier."""
    from forms_service.credentials.tokens import sign_token

    head = (f"POST /api/v1/responses HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: application/json\r\nAccept: application/json\r\n"
            "Content-Length: {}\r\n\r\n")
    requests = []
    for i in range(count):
        token, _ = sign_token(portal.secret, portal.key_id, form=FORM, service=SERVICE,
                              agency=AGENCY, dossier=f"000.00.29.H29-{tag}-{i:07d}",
                              channel=rng.choice(("web", "web", "mobile", "kiosk")),
                              ttl=dt.timedelta(hours=6))
        answers: dict[str, Any] = {name: rng.choice((5, 5, 4, 4, 4, 3, 2)) for name in SCALE}
        if rng.random() < 0.3:
            answers["feedback"] = rng.randint(1, 5)
        if rng.random() < 0.25:
            answers["comment"] = rng.choice(COMMENTS)
        body = json.dumps({"form": FORM, "token": token, "answers": answers},
                          ensure_ascii=False).encode()
        requests.append(head.format(len(body)).encode() + body)
    return requests


# ---------------------------------------------------------------- load generator


@dataclass
class Load:
    port: int
    requests: list[bytes]
    connections: int
    duration: float
    warmup: int


@dataclass
class Outcome:
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)  # measured requests
    warm_statuses: dict[int, int] = field(default_factory=dict)
    failures: int = 0  # broken connections
    server_cpu: float = 0.0  # seconds, warm-up included
    client_cpu: float = 0.0  # the load generator's, seconds, warm-up included


class _Connection(asyncio.Protocol):
    """One keep-alive connection of the load generator: sends the next request once
    the previous response has arrived in full (status line, headers, body)."""

    def __init__(self, load: Load, indices: Iterator[int], stop_at: float,
                 outcome: Outcome, record: bool, closed: asyncio.Future[None]) -> None:
        self.requests = load.requests
        self.indices = indices
        self.stop_at = stop_at
        self.outcome = outcome
        self.statuses = outcome.statuses if record else outcome.warm_statuses
        self.record = record
        self.closed = closed
        self.buffer = b""
        self.started = 0.0
        self.transport: asyncio.Transport | None = None
        self.finished = False  # stopped on purpose: a close is not a failure

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is no subclass
        self._send()

    def _send(self) -> None:
        assert self.transport is not None
        index = next(self.indices, None)
        if index is None:
            self._stop()
            return
        self.started = time.perf_counter()
        self.transport.write(self.requests[index])

    def _stop(self) -> None:
        self.finished = True
        assert self.transport is not None
        self.transport.close()

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return
        head = self.buffer[:end].lower()
        at = head.find(b"\r\ncontent-length:")
        length = 0
        if at >= 0:
            line_end = head.find(b"\r\n", at + 2)
            length = int(head[at + 17:line_end if line_end >= 0 else None])
        if len(self.buffer) < end + 4 + length:
            return  # the rest of the body is on its way
        finished = time.perf_counter()
        status = int(head[9:12])
        self.buffer = self.buffer[end + 4 + length:]
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if self.record:
            self.outcome.latencies.append(finished - self.started)
        if finished > self.stop_at:
            self._stop()
        else:
            self._send()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.finished:
            self.outcome.failures += 1
        if not self.closed.done():
            self.closed.set_result(None)


async def _drive(load: Load) -> Outcome:
    outcome = Outcome()
    loop = asyncio.get_running_loop()

    async def connections(indices: Iterator[int], count: int, stop_at: float,
                          record: bool) -> None:
        closed = [loop.create_future() for _ in range(count)]
        for future in closed:
            try:
                await loop.create_connection(
                    lambda future=future: _Connection(load, indices, stop_at, outcome,
                                                      record, future),
                    "127.0.0.1", load.port)
            except OSError:
                outcome.failures += 1
                future.set_result(None)
        await asyncio.gather(*closed)

    # warm-up (fills the server's caches and pools), not counted
    await connections(iter(range(load.warmup)), min(load.connections, 8),
                      time.perf_counter() + 120, False)
    # the measured requests, shared by every connection
    started = time.perf_counter()
    await connections(iter(range(load.warmup, len(load.requests))), load.connections,
                      started + load.duration, True)
    outcome.seconds = time.perf_counter() - started
    return outcome


def client_main(path: str) -> int:
    """The load generator's own process: read the load from ``path``, drive it, and
    write the outcome over it (a file, not stdout: uvloop may leave stdout non-blocking,
    and a full pipe would cut a large outcome short)."""
    load: Load = pickle.loads(Path(path).read_bytes())
    cpu = time.process_time()
    outcome = _event_loop_run(_drive(load))
    Path(path).write_text(json.dumps({
        "seconds": outcome.seconds, "latencies": outcome.latencies,
        "statuses": outcome.statuses, "warm_statuses": outcome.warm_statuses,
        "failures": outcome.failures, "client_cpu": time.process_time() - cpu,
    }))
    return 0


def run_load(load: Load, timeout: float, server: Server) -> Outcome:
    with tempfile.NamedTemporaryFile(suffix=".load", delete=False) as handle:
        handle.write(pickle.dumps(load))
    try:
        cpu = server.cpu_seconds()
        subprocess.run(
            [sys.executable, "-m", "benchmarks.ingestion", "--client", handle.name],
            cwd=ROOT, timeout=timeout, check=True,
        )
        cpu = server.cpu_seconds() - cpu
        data = json.loads(Path(handle.name).read_text())
    finally:
        os.unlink(handle.name)
    return Outcome(seconds=data["seconds"], latencies=data["latencies"],
                   statuses={int(k): v for k, v in data["statuses"].items()},
                   warm_statuses={int(k): v for k, v in data["warm_statuses"].items()},
                   failures=data["failures"], server_cpu=cpu, client_cpu=data["client_cpu"])


# ---------------------------------------------------------------- measurement


@dataclass
class Figures:
    variant: str
    workers: int
    requests: int
    rate: float
    p50_ms: float
    p99_ms: float
    errors: int
    created: int  # 201s, warm-up included
    cpu_ms: float  # server CPU time per request (all its processes)
    client_ms: float  # the load generator's CPU time per request


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def figures(variant: str, workers: int, outcome: Outcome, created_status: int = 201) -> Figures:
    done = len(outcome.latencies)
    errors = sum(n for status, n in outcome.statuses.items() if status != created_status)
    handled = max(1, done + sum(outcome.warm_statuses.values()))  # warm-up included
    return Figures(
        variant=variant, workers=workers, requests=done, rate=done / outcome.seconds,
        p50_ms=percentile(outcome.latencies, 0.50) * 1000,
        p99_ms=percentile(outcome.latencies, 0.99) * 1000,
        errors=errors + outcome.failures,
        created=outcome.statuses.get(created_status, 0)
        + outcome.warm_statuses.get(created_status, 0),
        cpu_ms=outcome.server_cpu * 1000 / handled,
        client_ms=outcome.client_cpu * 1000 / handled,
    )


def stored_responses(database_url: str) -> int:
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM response").fetchone()[0])

    async def count() -> int:
        import asyncpg

        conn = await asyncpg.connect(database_url)
        try:
            return int(await conn.fetchval("SELECT COUNT(*) FROM response"))
        finally:
            await conn.close()

    return asyncio.run(count())


def median_figures(rounds: list[Figures]) -> Figures:
    pick = statistics.median
    return Figures(
        variant=rounds[0].variant, workers=rounds[0].workers,
        requests=int(pick(r.requests for r in rounds)), rate=pick(r.rate for r in rounds),
        p50_ms=pick(r.p50_ms for r in rounds), p99_ms=pick(r.p99_ms for r in rounds),
        errors=sum(r.errors for r in rounds), created=sum(r.created for r in rounds),
        cpu_ms=pick(r.cpu_ms for r in rounds), client_ms=pick(r.client_ms for r in rounds),
    )


def run_database(name: str, url: str, workers: list[int], args: argparse.Namespace,
                 rng: random.Random) -> tuple[list[list[Figures]], int, int]:
    """Every round for one database: (rounds per variant, 201s answered, rows stored)."""
    per_round = args.requests + args.warmup
    results: dict[tuple[str, int], list[Figures]] = {}
    created = 0
    portal: Portal | None = None
    for round_no in range(args.repeat):
        for count in workers:
            bare = bare_server(count)
            try:
                load = Load(bare.port, build_requests(
                    portal or Portal("0" * 12, "x" * 43), per_round, bare.port,
                    f"bare{round_no}w{count}", rng), args.connections, args.duration, args.warmup)
                outcome = run_load(load, args.duration + 180, bare)
            finally:
                bare.stop()
            results.setdefault(("bare", count), []).append(figures("bare", count, outcome))
            server = phieu_server(url, count)
            try:
                if portal is None:
                    portal = set_up(server)
                load = Load(server.port, build_requests(
                    portal, per_round, server.port, f"r{round_no}w{count}", rng),
                    args.connections, args.duration, args.warmup)
                outcome = run_load(load, args.duration + 180, server)
            finally:
                server.stop()
            result = figures(name, count, outcome)
            created += result.created
            results.setdefault((name, count), []).append(result)
            print(f"  round {round_no + 1}, {count} worker(s): bare "
                  f"{results[('bare', count)][-1].rate:,.0f} req/s, {name} "
                  f"{result.rate:,.0f} req/s (p99 {result.p99_ms:.1f} ms, "
                  f"{result.errors} errors)", flush=True)
    return list(results.values()), created, stored_responses(url)


def report(rows: list[tuple[Figures, Figures | None]]) -> None:
    head = (f"{'variant':<22} {'workers':>7} {'requests':>9} {'req/s':>8} {'p50 ms':>7} "
            f"{'p99 ms':>7} {'errors':>7} {'÷ bare':>7} {'CPU ms/req':>10} {'load gen':>8}")
    print("\n" + head + "\n" + "-" * len(head))
    for result, bare in rows:
        ratio = f"{result.rate / bare.rate:.0%}" if bare is not None else "-"
        print(f"{result.variant:<22} {result.workers:>7} {result.requests:>9,} "
              f"{result.rate:>8,.0f} {result.p50_ms:>7.1f} {result.p99_ms:>7.1f} "
              f"{result.errors:>7} {ratio:>7} {result.cpu_ms:>10.2f} {result.client_ms:>8.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--client", help=argparse.SUPPRESS)
    parser.add_argument("--database", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument("--workers", action="append", type=int,
                        help="worker processes (repeat for several; default: SQLite 1, "
                        "PostgreSQL 1 and 2)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--requests", type=int, default=20_000,
                        help="at most this many measured requests per variant and round")
    parser.add_argument("--duration", type=float, default=15,
                        help="at most this many seconds per variant and round")
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3, help="rounds; medians are reported")
    parser.add_argument("--postgres-url", default=PG_URL)
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args(argv)
    if args.client:
        return client_main(args.client)
    rng = random.Random(args.seed)
    databases = args.database or ["sqlite", "postgresql"]
    rows: list[tuple[Figures, Figures | None]] = []
    checks: list[str] = []
    ok = True
    print(f"{args.connections} connections, at most {args.requests:,} requests or "
          f"{args.duration:g} s per variant and round (after {args.warmup} warm-up requests), "
          f"{args.repeat} round(s), medians; uvicorn {_uvicorn_flavour()}", flush=True)
    for name in databases:
        with tempfile.TemporaryDirectory(prefix="phieu-bench-") as folder:
            if name == "sqlite":
                url, label = f"sqlite:///{folder}/bench.db", "Phiếu SQLite"
                workers = args.workers or [1]
            else:
                asyncio.run(reset_postgres(args.postgres_url))
                url, label = args.postgres_url, "Phiếu PostgreSQL"
                workers = args.workers or [1, 2]
            print(f"{label}:", flush=True)
            variants, created, stored = run_database(label, url, workers, args, rng)
        medians = {(v[0].variant, v[0].workers): median_figures(v) for v in variants}
        for count in workers:
            bare = medians[("bare", count)]
            rows.append((bare, None))
            rows.append((medians[(label, count)], bare))
        same = created == stored
        ok &= same
        checks.append(f"{label}: {created:,} answered 201, {stored:,} stored"
                      + ("" if same else "  ← MISMATCH"))
    report(rows)
    print("\n" + "\n".join(checks))
    return 0 if ok else 1


def _event_loop_run(main: Coroutine[Any, Any, Outcome]) -> Outcome:
    """``asyncio.run`` on uvloop where it is installed (as it is for the server): the
    load generator then takes less of the machine's CPU from the server it measures."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover - installed with the service outside Windows
        return asyncio.run(main)
    return uvloop.run(main)


def _uvicorn_flavour() -> str:
    import uvicorn

    loop = "uvloop" if _has("uvloop") else "asyncio"
    http = "httptools" if _has("httptools") else "h11"
    return f"{uvicorn.__version__} ({loop}, {http})"


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


if __name__ == "__main__":
    raise SystemExit(main())
