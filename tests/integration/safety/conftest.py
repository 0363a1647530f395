"""Redis for the tests of shared state: ``PHIEU_TEST_REDIS_URL`` (``.ci/run``
sets it and ``PHIEU_TEST_REQUIRE_REDIS=1``, so an unreachable Redis fails
the run there); without it those tests are skipped with the reason.

Each test gets a key prefix of its own and removes its keys afterwards,
nothing else in the Redis database.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class RedisTarget:
    url: str
    prefix: str


def _required() -> bool:
    return os.environ.get("PHIEU_TEST_REQUIRE_REDIS", "") in {"1", "true", "yes"}


@pytest.fixture
async def redis_target() -> AsyncIterator[RedisTarget]:
    url = os.environ.get("PHIEU_TEST_REDIS_URL")
    if not url:
        if _required():
            pytest.fail("PHIEU_TEST_REQUIRE_REDIS is set but PHIEU_TEST_REDIS_URL is not")
        pytest.skip("shared-state test: set PHIEU_TEST_REDIS_URL=redis://… to run it "
                    "against a real Redis")
    import redis.asyncio as redis_asyncio

    client = redis_asyncio.Redis.from_url(url, socket_connect_timeout=2)
    try:
        await client.ping()
    except Exception as exc:
        await client.aclose()
        if _required():
            pytest.fail(f"Redis is required here but unreachable at {url}: {exc}")
        pytest.skip(f"Redis unreachable at {url}: {exc}")
    prefix = f"phieu-test:{secrets.token_hex(6)}:"
    try:
        yield RedisTarget(url, prefix)
    finally:
        keys = [key async for key in client.scan_iter(match=prefix + "*", count=500)]
        if keys:
            await client.delete(*keys)
        await client.aclose()
