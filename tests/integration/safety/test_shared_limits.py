"""Rate limits: one flooding client behind a shared address does not lock out
its neighbours; limits counted in Redis by every process; in-process counting
when Redis is down, never refusing citizens for it; forwarded headers
believed only from listed proxies."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from litestar import Litestar

from forms_service.app import create_app
from forms_service.limits import Limiter, RedisCounter, client_address, parse_proxies
from forms_service.responses.tables import Response
from forms_service.settings import Settings
from tests.integration.conftest import Api
from tests.integration.embed_setup import hidden_fields
from tests.integration.safety.conftest import RedisTarget

ANSWERS = {"heard_from": ["tv"], "submission": "self", "overall": "4"}


async def _open_form(api: Api, province: dict[str, str]) -> None:
    await api.published_form(province["designer"], "truyen-thong", template="communication",
                             access="open")


async def _answer(client: httpx.AsyncClient) -> int:
    r = await client.get("/f/truyen-thong")
    if r.status_code != 200:
        return r.status_code
    r = await client.post("/f/truyen-thong", data={"_n": hidden_fields(r.text)["_n"]} | ANSWERS)
    return r.status_code


async def _served(settings: Settings) -> AsyncIterator[Litestar]:
    app = create_app(settings)
    await app.state.ctx.db.start()
    try:
        yield app
    finally:
        await app.state.ctx.db.stop()


async def _flood_beside_citizens(app: Litestar) -> None:
    """All from one address (a one-stop centre): the flooder keeps its cookie and is
    held back by its own allowance; every citizen, with a browser of their own, answers."""
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 4000))
    flooder_statuses: list[int] = []
    citizens: list[int] = []
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as flooder:
        for _ in range(200):
            for _ in range(3):  # the flood: three answers for every honest one
                flooder_statuses.append(await _answer(flooder))
            async with httpx.AsyncClient(transport=transport,
                                         base_url="http://testserver") as citizen:
                citizens.append(await _answer(citizen))
    assert citizens == [303] * 200
    assert 429 in flooder_statuses
    limit = app.state.ctx.settings.rate_limit_visitor_per_minute
    stored = await Response.count().run()
    assert stored - 200 <= limit // 2  # each flooded answer costs a page and a post
    assert app.state.ctx.limiter.refusals["form_visitor"] > 0


async def test_two_hundred_honest_citizens_answer_while_one_client_floods(
        settings: Settings, api: Api, province: dict[str, str]) -> None:
    await _open_form(api, province)
    async for app in _served(settings):
        await _flood_beside_citizens(app)


async def test_the_same_with_limits_counted_in_redis(
        settings: Settings, api: Api, province: dict[str, str],
        redis_target: RedisTarget) -> None:
    await _open_form(api, province)
    async for app in _served(settings.with_(redis_url=redis_target.url,
                                            redis_prefix=redis_target.prefix)):
        await _flood_beside_citizens(app)
        assert app.state.ctx.limiter.shared


async def test_limits_are_shared_through_redis(redis_target: RedisTarget) -> None:
    """Two limiters (two processes) on one Redis count together."""
    one = Limiter(RedisCounter(redis_target.url, redis_target.prefix))
    two = Limiter(RedisCounter(redis_target.url, redis_target.prefix))
    results = [await (one if i % 2 else two).hit("t", "k", 10) for i in range(14)]
    assert results[:10] == [None] * 10
    assert all(isinstance(wait, int) and 1 <= wait <= 60 for wait in results[10:])
    assert one.shared and two.shared
    await one.redis.close()  # type: ignore[union-attr]
    await two.redis.close()  # type: ignore[union-attr]


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


async def test_redis_down_counts_in_process_and_never_refuses_for_it(
        settings: Settings, api: Api, province: dict[str, str]) -> None:
    await _open_form(api, province)
    down = settings.with_(redis_url="redis://127.0.0.1:1/0", redis_prefix="phieu-test-down:")
    caught = _Records()
    logging.getLogger("phieu.limits").addHandler(caught)
    async for app in _served(down):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            assert await _answer(c) == 303
            assert not app.state.ctx.limiter.shared
            statuses = [await _answer(c) for _ in range(40)]
        assert 429 in statuses  # limits still hold, counted in this process
    logging.getLogger("phieu.limits").removeHandler(caught)
    assert any("Redis unreachable" in record.getMessage() for record in caught.records)


def test_forwarded_headers_are_believed_only_from_listed_proxies() -> None:
    headers = [(b"x-forwarded-for", b"198.51.100.9, 10.0.0.7")]
    loopback = {"client": ("127.0.0.1", 5000), "headers": headers}
    assert client_address(loopback, ()) == "127.0.0.1"  # default: no proxy is trusted
    proxies = parse_proxies("127.0.0.1, 10.0.0.0/8")
    assert client_address(loopback, proxies) == "198.51.100.9"
    stranger = {"client": ("203.0.113.5", 5000), "headers": headers}
    assert client_address(stranger, proxies) == "203.0.113.5"
    with pytest.raises(ValueError, match="not an address"):
        parse_proxies("10.0.0.0/8, proxy.local")


async def test_rotating_forwarded_for_from_loopback_is_still_limited(
        settings: Settings, api: Api, province: dict[str, str]) -> None:
    await _open_form(api, province)
    async for app in _served(settings.with_(rate_limit_ip_per_minute=5)):
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 4000))
        statuses = []
        for n in range(12):  # no cookies kept: first visits, each claiming another address
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
                r = await c.get("/f/truyen-thong",
                                headers={"X-Forwarded-For": f"198.51.100.{n}"})
                statuses.append(r.status_code)
        assert statuses.count(200) == 5 and statuses.count(429) == 7
