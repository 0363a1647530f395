"""Invitations delivered from the outbox to a local HTTP receiver, beside a bare loop.

On PostgreSQL (``--postgres``; its tables are dropped and migrated again), the run

1. starts a receiver in a process of its own (uvicorn, a tiny ASGI app that
   answers 200 and counts idempotency keys);
2. writes ``--messages`` SMS invitations into the outbox in one transaction
   (sealed with AES-GCM, as the selection writes them);
3. delivers them with ``--workers`` ``phieu worker`` processes (claims with
   ``FOR UPDATE SKIP LOCKED``, one ``UPDATE`` per outcome), timed from start
   to the last message marked ``sent``, process start-up included;
4. posts the same JSON bodies with the same headers to the same receiver from
   a bare loop (httpx, the same number of processes' worth of concurrency,
   no database): the floor of delivering them over HTTP at all;

checks that the receiver saw each key exactly once for each, and prints
messages per second of both and their ratio.

Usage::

    python -m benchmarks.invitations [--messages 5000] [--workers 2]
        [--concurrency 8] [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-secret-0123456789abcdef"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/phieu_invitations"

_keys: Counter[str] = Counter()


async def receiver_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The receiver: 200 to every POST, the count of keys at GET /count."""
    if scope["type"] != "http":
        return
    if scope["method"] == "GET":
        body = json.dumps({"keys": len(_keys), "posts": sum(_keys.values()),
                           "repeated": sum(1 for n in _keys.values() if n > 1)}).encode()
        _keys.clear() if scope["path"] == "/reset" else None
    else:
        more = True
        while more:
            message = await receive()
            more = message.get("more_body", False)
        headers = dict(scope["headers"])
        _keys[headers.get(b"idempotency-key", b"").decode()] += 1
        body = b'{"status":"ok"}'
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _env(url: str, receiver: str, concurrency: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHIEU_")}
    env.update({"PHIEU_DATABASE_URL": url, "PHIEU_SECRET_KEY": SECRET,
                "PHIEU_SMS_GATEWAY_URL": receiver, "PHIEU_OUTBOX_BATCH": "200",
                "PHIEU_OUTBOX_CONCURRENCY": str(concurrency), "PYTHONPATH": str(ROOT)})
    return env


async def _prepare(url: str, count: int) -> list[dict[str, Any]]:
    from forms_service.db import connect, migrate
    from forms_service.outbox.queue import enqueue, sealer
    from forms_service.piccolo_app import TABLES
    from forms_service.settings import Settings

    db = connect(Settings(database_url=url, secret_key=SECRET), TABLES)
    await db.start()
    try:
        for table in (*reversed(TABLES), ):
            await db.engine.run_ddl(f'DROP TABLE IF EXISTS "{table._meta.tablename}" CASCADE')
        await db.engine.run_ddl('DROP TABLE IF EXISTS "migration"')
        await migrate(db)
        seal = sealer(db)
        bodies = []
        async with db.write_transaction():
            for number in range(count):
                payload = {"to": f"8491{number:07d}",
                           "text": f"UBND tinh Hai Duong moi Ong/Ba danh gia: "
                                   f"https://phieu.example/s/{number:020d}"}
                key = f"bench-{number:07d}"
                await enqueue(db, channel="sms", kind="invitation", key=key, payload=payload,
                              seal=seal)
                bodies.append({"key": key, **payload})
        return bodies
    finally:
        await db.stop()


async def _sent(url: str) -> int:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        return int(await connection.fetchval(
            "SELECT count(*) FROM outbox_message WHERE status = 'sent'"))
    finally:
        await connection.close()


async def _outbox(url: str, receiver: str, count: int, workers: int, concurrency: int) -> float:
    started = time.perf_counter()
    processes = [subprocess.Popen([sys.executable, "-m", "forms_service.cli", "worker"],
                                  env=_env(url, receiver, concurrency), cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for _ in range(workers)]
    try:
        while await _sent(url) < count:
            await asyncio.sleep(0.05)
        return time.perf_counter() - started
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


async def _bare(receiver: str, bodies: list[dict[str, Any]], concurrency: int) -> float:
    gate = asyncio.Semaphore(concurrency)
    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=10) as client:
        async def post(body: dict[str, Any]) -> None:
            async with gate:
                r = await client.post(receiver, headers={"Idempotency-Key": body["key"]},
                                      json={"id": body["key"], "channel": "sms",
                                            "kind": "invitation", "to": body["to"],
                                            "text": body["text"], "template": None,
                                            "params": {}})
                r.raise_for_status()
        await asyncio.gather(*(post(body) for body in bodies))
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8, help="per worker")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    args = parser.parse_args()
    port = _free_port()
    receiver = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "benchmarks.invitations:receiver_app", "--port",
         str(port), "--log-level", "warning", "--no-access-log"], cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(f"{base}/count", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        bodies = asyncio.run(_prepare(args.postgres, args.messages))
        httpx.get(f"{base}/reset")
        outbox = asyncio.run(_outbox(args.postgres, f"{base}/send", args.messages,
                                     args.workers, args.concurrency))
        seen = httpx.get(f"{base}/reset").json()
        assert seen["keys"] == args.messages and seen["repeated"] == 0, seen
        bare = asyncio.run(_bare(f"{base}/send", bodies, args.workers * args.concurrency))
        seen_bare = httpx.get(f"{base}/reset").json()
        assert seen_bare["keys"] == args.messages, seen_bare
    finally:
        receiver.terminate()
        receiver.wait(timeout=10)
    n = args.messages
    print(f"{n:,} SMS invitations to a local HTTP receiver, PostgreSQL, "
          f"{args.workers} worker process(es) x {args.concurrency} in flight")
    print(f"  outbox (phieu worker, start-up included): {n / outbox:8,.0f} messages/s "
          f"({outbox:.2f} s), each key once at the receiver")
    print(f"  bare loop (httpx, no database):           {n / bare:8,.0f} messages/s "
          f"({bare:.2f} s)")
    print(f"  outbox / bare loop: {bare / outbox:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
