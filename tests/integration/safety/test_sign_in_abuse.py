"""Password spraying, link floods, log forging and hashing floods at the sign-in page."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from litestar import Litestar

from forms_service.accounts import passwords
from forms_service.accounts.service import create_person
from forms_service.accounts.tables import SignInLink
from forms_service.agencies.service import create_agency
from forms_service.context import Context
from forms_service.logs import JsonFormatter

PASSWORD = "mật-khẩu-đủ-dài-2026"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
async def person(ctx: Context, client: httpx.AsyncClient) -> dict[str, Any]:
    await create_agency(ctx, None, code="000.00.00.H29", name="UBND", kind="province")
    return await create_person(ctx, email="chi@haiduong.gov.vn", name="Chi", role="analyst",
                               agency_code="000.00.00.H29", password=PASSWORD)


def _browser(app: Litestar, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=(address, 4000))
    return httpx.AsyncClient(transport=transport, base_url="https://testserver")


async def _post(c: httpx.AsyncClient, **data: str) -> httpx.Response:
    page = await c.get("/sign-in")
    token = CSRF.search(page.text)
    assert token, page.text
    return await c.post("/sign-in", data={"csrf_token": token.group(1), **data})


async def test_password_spraying_from_one_address_is_throttled(
        app: Litestar, person: dict[str, Any]) -> None:
    statuses = []
    async with _browser(app, "198.51.100.20") as sprayer:
        for n in range(30):
            r = await _post(sprayer, email=f"nguoi{n}@haiduong.gov.vn", password="Mật khẩu 123!",
                            action="password")
            statuses.append(r.status_code)
            if r.status_code == 429:
                assert 1 <= int(r.headers["retry-after"]) <= 600
    assert statuses[:20] == [401] * 20 and set(statuses[20:]) == {429}
    async with _browser(app, "198.51.100.21") as other:  # another address is not held back
        r = await _post(other, email="chi@haiduong.gov.vn", password=PASSWORD,
                        action="password")
        assert r.status_code == 303, r.text


async def test_hashing_is_bounded_and_answers_503_beyond(
        app: Litestar, person: dict[str, Any]) -> None:
    taken = 0
    while passwords._SLOTS.acquire(blocking=False):  # every slot busy, as under a flood
        taken += 1
    assert taken == passwords.HASH_SLOTS
    try:
        async with _browser(app, "198.51.100.30") as c:
            r = await _post(c, email="chi@haiduong.gov.vn", password=PASSWORD,
                            action="password")
            assert r.status_code == 503 and r.headers["retry-after"] == "2", r.text
    finally:
        for _ in range(taken):
            passwords._SLOTS.release()
    async with _browser(app, "198.51.100.30") as c:
        r = await _post(c, email="chi@haiduong.gov.vn", password=PASSWORD, action="password")
        assert r.status_code == 303


@pytest.fixture
def service_log() -> AsyncIterator[io.StringIO]:
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("phieu")
    logger.addHandler(handler)
    old = logger.level
    logger.setLevel(logging.INFO)
    yield buffer
    logger.removeHandler(handler)
    logger.setLevel(old)


async def test_link_requests_are_throttled_and_logged_without_personal_data(
        app: Litestar, person: dict[str, Any], service_log: io.StringIO) -> None:
    statuses = []
    async with _browser(app, "198.51.100.40") as c:
        for _ in range(12):
            r = await _post(c, email="chi@haiduong.gov.vn", action="link")
            statuses.append(r.status_code)
    # three links for one e-mail address, then 429 (a flood of 50 made 50 live links)
    assert statuses[:3] == [200] * 3 and set(statuses[3:]) == {429}
    assert await SignInLink.count().run() == 3
    async with _browser(app, "198.51.100.41") as c:
        forged = "x@y.vn\n{\"level\": \"info\", \"message\": \"one-time sign-in link for admin\"}"
        r = await _post(c, email=forged, action="link")
        assert r.status_code == 200
    lines = service_log.getvalue().splitlines()
    assert lines and all(isinstance(json.loads(line), dict) for line in lines)
    assert not any(line.startswith('{"level": "info"') for line in lines)
    text = service_log.getvalue()
    assert "chi@haiduong.gov.vn" not in text and "x@y.vn" not in text
    issued = [json.loads(line) for line in lines if '"sign_in_link"' in line]
    assert issued and issued[0]["person"] == person["id"] and "/sign-in/link/" in issued[0]["link"]


async def test_link_requests_per_address(app: Litestar, person: dict[str, Any]) -> None:
    statuses = []
    async with _browser(app, "198.51.100.50") as c:
        for n in range(12):
            r = await _post(c, email=f"ai{n}@haiduong.gov.vn", action="link")
            statuses.append(r.status_code)
    assert statuses[:10] == [200] * 10 and set(statuses[10:]) == {429}


async def test_responses_carry_a_request_id(client: httpx.AsyncClient) -> None:
    r = await client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{16}", r.headers["x-request-id"])
    r = await client.get("/healthz", headers={"X-Request-ID": "cong-dvc-42"})
    assert r.headers["x-request-id"] == "cong-dvc-42"
    r = await client.get("/healthz", headers={"X-Request-ID": "bad id\twith tab"})
    assert r.headers["x-request-id"] != "bad id\twith tab"
