"""A PostgreSQL database that refuses connections (``ALLOW_CONNECTIONS false``,
its backends terminated) answers 503 with Retry-After to every request, under
load, loses no acknowledged answer, and serves again once restored.

Runs on a database of its own beside the test database (``<name>_outage``),
created and dropped here.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from forms_service.app import create_app
from forms_service.db import connect, migrate
from forms_service.keys.service import create_key
from forms_service.piccolo_app import TABLES
from forms_service.settings import Settings

pytestmark = pytest.mark.postgres


def _url_of(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


async def _admin(settings: Settings, sql: str, *args: Any) -> Any:
    import asyncpg

    connection = await asyncpg.connect(settings.database_url.replace("postgresql+", "postgres"))
    try:
        return await connection.execute(sql, *args)
    finally:
        await connection.close()


@pytest.fixture
async def outage_db(settings: Settings) -> AsyncIterator[Settings]:
    if settings.is_sqlite:
        pytest.skip("PostgreSQL outage test: set PHIEU_TEST_DATABASE_URL=postgresql://…")
    name = urlsplit(settings.database_url).path.lstrip("/") + "_outage"
    await _admin(settings, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await _admin(settings, f'CREATE DATABASE "{name}"')
    own = settings.with_(database_url=_url_of(settings.database_url, name))
    db = connect(own, TABLES)
    await db.start()
    await migrate(db)
    await db.stop()
    try:
        yield own
    finally:
        await _admin(settings, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        await _admin(settings, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _refuse(settings: Settings, name: str, refuse: bool) -> None:
    await _admin(settings, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(not refuse).lower()}')
    if refuse:
        await _admin(settings, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE datname = $1 AND pid <> pg_backend_pid()", name)


async def test_an_outage_answers_503_with_retry_after_and_loses_nothing(
        settings: Settings, outage_db: Settings) -> None:
    name = urlsplit(outage_db.database_url).path.lstrip("/")
    app = create_app(outage_db)
    ctx = app.state.ctx
    await ctx.db.start()
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            _, admin = await create_key(ctx, None, role="admin", agency=None, name="admin")
            auth = {"Authorization": f"Bearer {admin}"}
            r = await client.post("/api/v1/agencies", headers=auth, json={
                "code": "000.00.00.H29", "name": "UBND", "kind": "province"})
            assert r.status_code == 201, r.text
            keys = {}
            for role in ("designer", "portal", "analyst"):
                r = await client.post("/api/v1/api-keys", headers=auth, json={
                    "role": role, "name": role, "agency": "000.00.00.H29"})
                keys[role] = {"Authorization": f"Bearer {r.json()['key']}"}
            r = await client.post("/api/v1/services", headers=keys["designer"], json={
                "code": "1.001193", "name": "Thủ tục", "audience": "citizen",
                "delivery": "full_online"})
            assert r.status_code == 201, r.text
            r = await client.post("/api/v1/forms", headers=keys["designer"], json={
                "slug": "hai-long", "template": "quick-rating", "access": "open"})
            assert r.status_code == 201, r.text
            r = await client.post("/api/v1/forms/hai-long/publish", headers=keys["designer"])
            assert r.status_code == 200, r.text

            counter = iter(range(1_000_000))
            acknowledged: list[str] = []
            statuses: list[tuple[str, int, str | None]] = []

            async def submit() -> None:
                dossier = f"HS-{next(counter)}"
                r = await client.post("/api/v1/responses", headers=keys["portal"], json={
                    "form": "hai-long", "service": "1.001193", "dossier": dossier,
                    "answers": {"overall": 3}})
                statuses.append(("submit", r.status_code, r.headers.get("retry-after")))
                if r.status_code == 201:
                    acknowledged.append(dossier)

            async def other(path: str, headers: dict[str, str] | None = None) -> None:
                r = await client.get(path, headers=headers or {})
                statuses.append((path, r.status_code, r.headers.get("retry-after")))

            async def load(rounds: int) -> None:
                for _ in range(rounds):
                    await asyncio.gather(
                        *(submit() for _ in range(8)),
                        other("/api/v1/forms", keys["designer"]),
                        other("/api/v1/responses?form=hai-long", keys["analyst"]),
                        other("/f/hai-long"), other("/public"), other("/healthz"))

            await load(2)
            assert {s for _, s, _ in statuses} <= {200, 201}, statuses
            statuses.clear()

            await _refuse(settings, name, True)
            try:
                await load(6)
            finally:
                await _refuse(settings, name, False)
            during = list(statuses)
            assert during, "nothing was sent during the outage"
            bad = [s for s in during if s[1] not in (200, 201, 503)]
            assert bad == [], bad
            unavailable = [s for s in during if s[1] == 503]
            assert unavailable, during
            assert all(retry for _, _, retry in unavailable), unavailable

            statuses.clear()
            for _ in range(50):  # the pool reconnects on its own
                await load(1)
                if {s for _, s, _ in statuses[-13:]} <= {200, 201}:
                    break
                await asyncio.sleep(0.2)
            assert {s for _, s, _ in statuses[-13:]} <= {200, 201}, statuses[-13:]
            stored = await ctx.db.raw("SELECT count(*) AS n FROM response")
            assert stored[0]["n"] == len(acknowledged)
    finally:
        with contextlib.suppress(Exception):
            await ctx.db.stop()
