"""Faults: concurrent duplicates, a locked or unreachable database."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sqlite3
import threading
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from forms_service.app import create_app
from forms_service.responses.tables import Response
from forms_service.settings import Settings
from tests.integration.conftest import Api


def _answer(dossier: str) -> dict[str, object]:
    return {"form": "hai-long", "service": "1.001193", "dossier": dossier,
            "answers": {"overall": 3}}


async def test_100_concurrent_submissions_for_one_dossier_store_one(
    api: Api, province: dict[str, str]
) -> None:
    async def submit() -> int:
        r = await api.call("POST", "/api/v1/responses", province["portal"],
                           json=_answer("HS-RACE"))
        return r.status_code

    statuses = await asyncio.gather(*(submit() for _ in range(100)))
    assert sorted(statuses) == [201] + [409] * 99
    assert await Response.count().run() == 1


async def test_locked_sqlite_answers_503_then_recovers(
    api: Api, province: dict[str, str], settings: Settings
) -> None:
    if not settings.is_sqlite:
        pytest.skip("SQLite locking test")
    from forms_service.db import sqlite_path

    threads_before = set(threading.enumerate())
    app = create_app(settings.with_(sqlite_busy_timeout_seconds=1))
    ctx = app.state.ctx
    await ctx.db.start()
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    headers = {"Authorization": f"Bearer {province['portal']}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        blocker = sqlite3.connect(sqlite_path(settings.database_url), isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        try:
            r = await client.post("/api/v1/responses", json=_answer("HS-1"), headers=headers)
            assert r.status_code == 503
            assert r.json()["error"] == "database_unavailable"
            assert r.headers["retry-after"]
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        r = await client.post("/api/v1/responses", json=_answer("HS-1"), headers=headers)
        assert r.status_code == 201
    await ctx.db.stop()
    # the failed BEGIN IMMEDIATE closed its connection: no connection thread is left
    await asyncio.sleep(0.1)
    leaked = [t for t in set(threading.enumerate()) - threads_before if not t.daemon]
    assert leaked == []


class TcpProxy:
    """A TCP proxy to the database that the test can cut and restore.

    It runs its own event loop in a thread, so it keeps forwarding while the
    service under test blocks its loop (Piccolo reads the server version
    synchronously when an engine is built).
    """

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()

    def _run(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=10)

    def start(self) -> None:
        async def listen() -> None:
            self.server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)

        self._run(listen())

    def cut(self) -> None:
        async def stop() -> None:
            if self.server is not None:
                self.server.close()
                self.server = None
            for writer in list(self.writers):
                writer.close()
            self.writers.clear()

        self._run(stop())

    def close(self) -> None:
        self.cut()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self.writers |= {writer, up_writer}

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            with contextlib.suppress(Exception):
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


@pytest.fixture
async def proxied(settings: Settings) -> AsyncIterator[tuple[TcpProxy, Settings]]:
    if settings.is_sqlite:
        pytest.skip("PostgreSQL outage test: set PHIEU_TEST_DATABASE_URL=postgresql://…")
    parts = urlsplit(settings.database_url)
    proxy = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5432)
    proxy.start()
    netloc = f"{parts.username or 'postgres'}@127.0.0.1:{proxy.port}"
    url = parts._replace(netloc=netloc).geturl()
    yield proxy, settings.with_(database_url=url)
    proxy.close()


@pytest.mark.postgres
async def test_postgres_outage_answers_503_then_recovers(
    api: Api, province: dict[str, str], proxied: tuple[TcpProxy, Settings]
) -> None:
    proxy, proxied_settings = proxied
    app = create_app(proxied_settings)
    ctx = app.state.ctx
    await ctx.db.start()
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    headers = {"Authorization": f"Bearer {province['portal']}"}
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            r = await client.post("/api/v1/responses", json=_answer("HS-1"), headers=headers)
            assert r.status_code == 201
            proxy.cut()
            for dossier in ("HS-2", "HS-3"):
                r = await client.post("/api/v1/responses", json=_answer(dossier),
                                      headers=headers)
                assert r.status_code == 503, r.text
                assert r.json()["error"] == "database_unavailable"
            r = await client.get("/healthz")
            assert r.status_code == 503
            proxy.start()
            for _ in range(20):
                r = await client.post("/api/v1/responses", json=_answer("HS-2"), headers=headers)
                if r.status_code == 201:
                    break
                await asyncio.sleep(0.25)
            assert r.status_code == 201, r.text
    finally:
        with contextlib.suppress(Exception):
            await ctx.db.stop()
