"""Crash safety: a server killed with SIGKILL under load loses no acknowledged answer.

A real ``phieu serve`` process takes a concurrent load of answers, each for
its own dossier, and is killed with SIGKILL in the middle of it.  After a
restart on the same database, every answer that got a 201 is stored exactly
once, with the id it was given; answers that got no reply may or may not be
stored, but none twice; the aggregates count exactly the stored rows; and
the service takes answers again.

On SQLite the database is a file of the test's own; with
``PHIEU_TEST_DATABASE_URL`` pointing to PostgreSQL it is a database of its
own beside the test database (``<name>_crash``), created and dropped here.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from forms_service.credentials.keyed import dossier_hash
from forms_service.settings import Settings

ROOT = Path(__file__).resolve().parents[3]
SECRET = "crash-test-secret-0123456789abcdef"
AGENCY = "000.00.00.H29"
CONCURRENCY = 16


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``phieu serve`` as a process of its own."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "forms_service.cli", "serve", "--port", str(self.port)],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"phieu serve exited: {self.process.stderr.read()!r}")
            try:
                if httpx.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.kill()
        raise AssertionError("phieu serve did not start within 60 s")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        if self.process.stderr is not None:
            self.process.stderr.close()


@dataclass
class Database:
    url: str

    async def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.url.startswith("sqlite:///"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///")) as conn:
                return list(conn.execute(sql).fetchall())
        import asyncpg

        conn = await asyncpg.connect(self.url)
        try:
            return [tuple(row) for row in await conn.fetch(sql)]
        finally:
            await conn.close()


def _postgres_admin(url: str, statement: str) -> None:
    async def run() -> None:
        import asyncpg

        conn = await asyncpg.connect(url.rsplit("/", 1)[0] + "/postgres")
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    asyncio.run(run())


@pytest.fixture
def database(settings: Settings, tmp_path: Path) -> Iterator[Database]:
    if settings.is_sqlite:
        yield Database(f"sqlite:///{tmp_path / 'crash.db'}")
        return
    name = settings.database_url.rsplit("/", 1)[1].split("?")[0] + "_crash"
    url = settings.database_url.rsplit("/", 1)[0] + "/" + name
    _postgres_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _postgres_admin(url, f'CREATE DATABASE "{name}"')
    try:
        yield Database(url)
    finally:
        _postgres_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def server_env(database: Database) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHIEU_")}
    return env | {"PHIEU_DATABASE_URL": database.url, "PHIEU_SECRET_KEY": SECRET}


def _set_up(server: Server) -> str:
    """An agency, a service and a published form; the portal key."""
    admin = subprocess.run(
        [sys.executable, "-m", "forms_service.cli", "keys", "create", "--role", "admin"],
        env=server.env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    ).stdout.strip().splitlines()[-1]

    def call(path: str, key: str, body: dict[str, Any] | None = None) -> Any:
        r = httpx.post(server.base + path, json=body, timeout=30,
                       headers={"Authorization": f"Bearer {key}"})
        assert r.status_code in (200, 201), r.text
        return r.json()

    call("/api/v1/agencies", admin, {"code": AGENCY, "name": "UBND tỉnh Hải Dương",
                                     "kind": "province"})
    designer = call("/api/v1/api-keys", admin,
                    {"agency": AGENCY, "role": "designer", "name": "crash"})["key"]
    portal = call("/api/v1/api-keys", admin,
                  {"agency": AGENCY, "role": "portal", "name": "crash"})["key"]
    call("/api/v1/services", designer, {"code": "1.001193", "name": "Đăng ký khai sinh",
                                        "audience": "citizen", "delivery": "full_online"})
    call("/api/v1/forms", designer, {"slug": "hai-long", "template": "quick-rating"})
    call("/api/v1/forms/hai-long/publish", designer)
    return str(portal)


@dataclass
class Load:
    """What each answer sent got back: an id (201), another status, or no reply."""

    acknowledged: dict[str, int] = field(default_factory=dict)  # dossier → response id
    other: dict[str, int] = field(default_factory=dict)
    unanswered: set[str] = field(default_factory=set)
    sent: int = 0


async def _drive(base: str, portal: str, load: Load, stop: asyncio.Event) -> None:
    async def worker(number: int) -> None:
        async with httpx.AsyncClient(base_url=base, timeout=10, headers={
                "Authorization": f"Bearer {portal}"}) as client:
            for i in range(10_000):
                if stop.is_set():
                    return
                dossier = f"000.00.29.H29-CRASH-{number:02d}-{i:05d}"
                load.sent += 1
                body = {"form": "hai-long", "service": "1.001193", "dossier": dossier,
                        "answers": {"overall": 1 + i % 3, "reason": "Chờ lâu"}
                        if i % 3 == 0 else {"overall": 1 + i % 3}}
                try:
                    r = await client.post("/api/v1/responses", json=body)
                except httpx.HTTPError:
                    load.unanswered.add(dossier)
                    await asyncio.sleep(0.05)  # the server is gone; the loop is stopping
                    continue
                if r.status_code == 201:
                    load.acknowledged[dossier] = r.json()["id"]
                else:
                    load.other[dossier] = r.status_code

    await asyncio.gather(*(worker(n) for n in range(CONCURRENCY)))


async def _load_and_kill(server: Server, portal: str) -> Load:
    load = Load()
    stop = asyncio.Event()
    driving = asyncio.create_task(_drive(server.base, portal, load, stop))
    deadline = time.monotonic() + 20
    while len(load.acknowledged) < 100 and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    server.process.send_signal(signal.SIGKILL)  # in the middle of the load
    await asyncio.sleep(0.5)
    stop.set()
    await driving
    server.kill()
    return load


@pytest.fixture
async def first_server(server_env: dict[str, str]) -> AsyncIterator[Server]:
    server = await asyncio.to_thread(Server, server_env)
    try:
        yield server
    finally:
        server.kill()


async def test_sigkill_under_load_loses_and_duplicates_no_acknowledged_answer(
    first_server: Server, database: Database, server_env: dict[str, str]
) -> None:
    portal = await asyncio.to_thread(_set_up, first_server)
    load = await _load_and_kill(first_server, portal)
    assert len(load.acknowledged) >= 50, "the load did not get going before the kill"
    assert not load.other, f"unexpected answers under load: {load.other}"
    assert load.unanswered, "the server was killed after the load ended"

    restarted = await asyncio.to_thread(Server, server_env)
    try:
        stored = await database.query("SELECT id, dossier_hash FROM response")
        by_hash: dict[str, list[int]] = {}
        for response_id, digest in stored:
            by_hash.setdefault(digest, []).append(response_id)
        assert all(len(ids) == 1 for ids in by_hash.values()), "an answer was stored twice"
        for dossier, response_id in load.acknowledged.items():
            digest = dossier_hash(SECRET, AGENCY, dossier)
            assert by_hash.get(digest) == [response_id], f"{dossier} (201, id {response_id})"
        sent = {dossier_hash(SECRET, AGENCY, d) for d in [*load.acknowledged, *load.unanswered]}
        assert set(by_hash) <= sent, "a row no request sent"
        # the aggregates count exactly the stored rows
        counted = await database.query(
            "SELECT COALESCE(SUM(responses), 0) FROM response_aggregate WHERE span = 'month'")
        assert counted[0][0] == len(stored)

        # and the service takes answers again, and still refuses a second one
        headers = {"Authorization": f"Bearer {portal}"}
        async with httpx.AsyncClient(base_url=restarted.base, timeout=10,
                                     headers=headers) as client:
            fresh = {"form": "hai-long", "service": "1.001193",
                     "dossier": "000.00.29.H29-AFTER", "answers": {"overall": 3}}
            r = await client.post("/api/v1/responses", json=fresh)
            assert r.status_code == 201, r.text
            again = next(iter(load.acknowledged))
            r = await client.post("/api/v1/responses", json=fresh | {"dossier": again})
            assert r.status_code == 409
            assert r.json()["error"] == "already_answered"
    finally:
        restarted.kill()
