"""Two ``phieu serve`` workers sharing state through a real Redis: rate limits
counted together, a revoked key refused by both within a second, and
compiled versions dropped by every process when a form is published."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from forms_service.broadcast import Broadcast
from forms_service.context import CompiledForms
from tests.integration.commands.test_cli import free_port, phieu
from tests.integration.safety.conftest import RedisTarget

H29 = "000.00.00.H29"


@pytest.fixture
def two_workers(env: dict[str, str], tmp_path: Path,
                redis_target: RedisTarget) -> Iterator[tuple[str, str]]:
    env = dict(env, PHIEU_REDIS_URL=redis_target.url, PHIEU_REDIS_PREFIX=redis_target.prefix,
               PHIEU_RATE_LIMIT_IP="10")
    phieu("migrate", env=env, cwd=tmp_path)
    phieu("agencies", "create", "--code", H29, "--name", "UBND tỉnh Hải Dương",
          "--kind", "province", env=env, cwd=tmp_path)
    admin = phieu("keys", "create", "--role", "admin", env=env,
                  cwd=tmp_path).stdout.strip().splitlines()[-1]
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "forms_service.cli", "serve", "--port", str(port),
         "--workers", "2"], env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        time.sleep(1.0)  # both workers up and listening for invalidations
        yield base, admin
    finally:
        process.terminate()
        process.wait(timeout=15)


def _fresh(method: str, url: str, **kwargs: object) -> httpx.Response:
    """One request on a connection of its own (the two workers share the socket)."""
    with httpx.Client(timeout=10) as client:
        return client.request(method, url, **kwargs)  # type: ignore[arg-type]


def test_limits_and_revocations_are_shared_by_two_workers(
        two_workers: tuple[str, str]) -> None:
    base, admin = two_workers
    auth = {"Authorization": f"Bearer {admin}"}
    designer = _fresh("POST", f"{base}/api/v1/api-keys", headers=auth,
                      json={"role": "designer", "name": "thiết kế", "agency": H29}).json()["key"]
    mine = {"Authorization": f"Bearer {designer}"}
    assert _fresh("POST", f"{base}/api/v1/services", headers=mine, json={
        "code": "1.001193", "name": "Thủ tục", "audience": "citizen",
        "delivery": "full_online"}).status_code == 201
    assert _fresh("POST", f"{base}/api/v1/forms", headers=mine, json={
        "slug": "mo", "template": "quick-rating", "access": "open"}).status_code == 201
    assert _fresh("POST", f"{base}/api/v1/forms/mo/publish", headers=mine).status_code == 200

    # first visits from one address (each claiming another one: not believed),
    # counted once across both workers: 10 a minute
    statuses = [_fresh("GET", f"{base}/f/mo", headers={"X-Forwarded-For": f"198.51.100.{n}"})
                .status_code for n in range(30)]
    assert statuses.count(200) == 10 and statuses.count(429) == 20, statuses

    # a key both workers have cached stops working in both within a second
    portal = _fresh("POST", f"{base}/api/v1/api-keys", headers=auth,
                    json={"role": "portal", "name": "cổng", "agency": H29}).json()
    theirs = {"Authorization": f"Bearer {portal['key']}"}
    assert all(_fresh("GET", f"{base}/api/v1/agencies", headers=theirs).status_code == 200
               for _ in range(20))
    assert _fresh("DELETE", f"{base}/api/v1/api-keys/{portal['id']}",
                  headers=auth).status_code == 200
    time.sleep(1.0)
    after = [_fresh("GET", f"{base}/api/v1/agencies", headers=theirs).status_code
             for _ in range(20)]
    assert after == [401] * 20, after


async def test_published_versions_are_dropped_by_every_process(
        redis_target: RedisTarget) -> None:
    forms = [CompiledForms(), CompiledForms()]
    definition = {"type": "object", "properties": {}}
    broadcasts = [Broadcast(redis_target.url, redis_target.prefix,
                            {"versions": cache.forget}) for cache in forms]
    for cache in forms:
        cache.get(7, definition)
        cache.get(8, definition)
    for broadcast in broadcasts:
        await broadcast.start()
    try:
        await asyncio.wait_for(asyncio.gather(*(b.listening.wait() for b in broadcasts)), 5)
        await broadcasts[0].publish("versions", "7,8")
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline and forms[1].cached(7) is not None:
            await asyncio.sleep(0.01)
        assert forms[1].cached(7) is None and forms[1].cached(8) is None
    finally:
        for broadcast in broadcasts:
            await broadcast.stop()
