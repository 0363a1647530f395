"""Fixtures for tests through the HTTP API on a real database."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar

from forms_service.app import create_app
from forms_service.context import Context
from forms_service.db import Database, connect, migrate
from forms_service.piccolo_app import TABLES
from forms_service.settings import Settings

SECRET = "test-secret-key-0123456789abcdef"


def _require_postgres() -> bool:
    return os.environ.get("PHIEU_TEST_REQUIRE_POSTGRES", "") in {"1", "true", "yes"}


async def _drop_everything(db: Database) -> None:
    names = [t._meta.tablename for t in reversed(TABLES)] + ["migration"]
    for name in names:
        suffix = " CASCADE" if not db.is_sqlite else ""
        await db.engine.run_ddl(f'DROP TABLE IF EXISTS "{name}"{suffix}')


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("PHIEU_TEST_DATABASE_URL")
    if not url:
        path: Path = tmp_path_factory.mktemp("db") / "phieu-test.db"
        return f"sqlite:///{path}"
    return url


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, secret_key=SECRET, key_cache_seconds=0)


@pytest.fixture(scope="session")
def _schema(settings: Settings) -> None:
    """Start every session from an empty database with all migrations applied."""

    async def prepare() -> None:
        db = connect(settings, TABLES)
        try:
            await db.start()
        except OSError as exc:
            if _require_postgres():
                pytest.fail(f"PostgreSQL is required here but unreachable: {exc}")
            pytest.skip(f"database {settings.database_url} unreachable: {exc}")
        try:
            await _drop_everything(db)
            await migrate(db)
        finally:
            await db.stop()

    asyncio.run(prepare())


async def truncate(db: Database) -> None:
    names = [t._meta.tablename for t in reversed(TABLES)]
    if db.is_sqlite:
        for name in names:
            await db.engine.run_ddl(f'DELETE FROM "{name}"')
    else:
        quoted = ", ".join(f'"{n}"' for n in names)
        await db.engine.run_ddl(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")


@pytest.fixture
async def app(settings: Settings, _schema: None) -> AsyncIterator[Litestar]:
    application = create_app(settings)
    yield application


@pytest.fixture
async def ctx(app: Litestar) -> Context:
    return app.state.ctx  # type: ignore[no-any-return]


@pytest.fixture
async def client(app: Litestar, ctx: Context) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client calling the app in the test's own event loop.

    The database is started here rather than by the app's lifespan so that
    the PostgreSQL pool lives in the same loop as the test's own queries.
    """
    await ctx.db.start()
    try:
        await truncate(ctx.db)
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c
    finally:
        await ctx.db.stop()


class Api:
    """Thin helper: JSON calls with a key, and the usual set-up steps."""

    def __init__(self, client: httpx.AsyncClient, ctx: Context) -> None:
        self.client = client
        self.ctx = ctx
        self.admin = ""

    async def call(self, method: str, path: str, key: str | None = None,
                   **kwargs: Any) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if key:
            headers["Authorization"] = f"Bearer {key}"
        return await self.client.request(method, path, headers=headers, **kwargs)

    async def make_key(self, role: str, agency: str | None = None) -> str:
        body: dict[str, Any] = {"role": role, "name": f"{role} test"}
        if agency:
            body["agency"] = agency
        r = await self.call("POST", "/api/v1/api-keys", self.admin, json=body)
        assert r.status_code == 201, r.text
        return str(r.json()["key"])

    async def agency(self, code: str, name: str = "Sở Tư pháp", kind: str = "province") -> None:
        r = await self.call("POST", "/api/v1/agencies", self.admin,
                            json={"code": code, "name": name, "kind": kind})
        assert r.status_code == 201, r.text

    async def service(self, key: str, code: str, *, audience: str = "citizen",
                      delivery: str = "full_online", agency: str | None = None) -> None:
        body = {"code": code, "name": f"Thủ tục {code}", "audience": audience,
                "delivery": delivery}
        if agency:
            body["agency"] = agency
        r = await self.call("POST", "/api/v1/services", key, json=body)
        assert r.status_code == 201, r.text

    async def published_form(self, key: str, slug: str, *, template: str | None = None,
                             definition: dict[str, Any] | None = None,
                             access: str = "token") -> dict[str, Any]:
        body: dict[str, Any] = {"slug": slug, "access": access}
        if definition is not None:
            body["definition"] = definition
        else:
            body["template"] = template or "quick-rating"
        r = await self.call("POST", "/api/v1/forms", key, json=body)
        assert r.status_code == 201, r.text
        r = await self.call("POST", f"/api/v1/forms/{slug}/publish", key)
        assert r.status_code == 200, r.text
        return dict(r.json())


@pytest.fixture
async def api(client: httpx.AsyncClient, ctx: Context) -> Api:
    from forms_service.keys.service import create_key

    helper = Api(client, ctx)
    _, helper.admin = await create_key(ctx, None, role="admin", agency=None, name="test admin")
    return helper


@pytest.fixture
async def province(api: Api) -> dict[str, str]:
    """A province with designer, analyst and portal keys, a service and a published form."""
    await api.agency("000.00.00.H29", "UBND tỉnh Hải Dương")
    keys = {role: await api.make_key(role, "000.00.00.H29")
            for role in ("designer", "analyst", "portal")}
    await api.service(keys["designer"], "1.001193")
    await api.published_form(keys["designer"], "hai-long")
    return keys


CLI_SECRET = "cli-test-secret-0123456789abcdef"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """Environment for running ``phieu`` as a process on a fresh SQLite file."""
    values = {k: v for k, v in os.environ.items() if not k.startswith("PHIEU_")}
    values["PHIEU_DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.db'}"
    values["PHIEU_SECRET_KEY"] = CLI_SECRET
    return values


class SignedInClient(httpx.AsyncClient):
    """A client on the app holding a person's session cookie.

    ``csrf_token`` is the session's token, for unsafe requests (form field
    ``csrf_token`` or header ``X-CSRF-Token``); ``person`` is the person's row.
    """

    csrf_token: str
    person: dict[str, Any]


@pytest.fixture
async def sign_in(client: httpx.AsyncClient, app: Litestar,
                  ctx: Context) -> AsyncIterator[Any]:
    """``await sign_in(role, agency)``: a new person of that role, signed in
    (``unit=CODE``: limited to that unit of the agency and its sub-units).

    The agency (a code) is registered first if it does not exist yet.  The
    client's base URL is https:// because the session cookie is ``Secure``.
    """
    from forms_service.accounts.service import create_person
    from forms_service.accounts.sessions import load_session, start_session
    from forms_service.accounts.web import SESSION_COOKIE
    from forms_service.agencies.service import create_agency
    from forms_service.agencies.tables import Agency

    opened: list[SignedInClient] = []

    async def make(role: str, agency: str | None = None, *, name: str | None = None,
                   email: str | None = None, password: str | None = None,
                   locale: str = "vi", unit: str | None = None) -> SignedInClient:
        if agency and not await Agency.exists().where(Agency.code == agency).run():
            await create_agency(ctx, None, code=agency, name=f"Cơ quan {agency}",
                                kind="province")
        person = await create_person(
            ctx, email=email or f"{role}-{len(opened) + 1}@test.phieu.vn",
            name=name or f"Người dùng {role} {len(opened) + 1}", role=role,
            agency_code=agency, password=password, locale=locale, unit_code=unit)
        token = await start_session(ctx, person["id"])
        info = await load_session(ctx, token)
        assert info is not None
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        signed = SignedInClient(transport=transport, base_url="https://testserver")
        signed.cookies.set(SESSION_COOKIE, token, path="/")
        signed.csrf_token = info.csrf_token
        signed.person = person
        opened.append(signed)
        return signed

    yield make
    for signed in opened:
        await signed.aclose()
