"""Open forms: no token, one answer per page nonce, rate limits per nonce and address."""

from __future__ import annotations

import time

import httpx
from litestar import Litestar

from forms_service.embedding.nonce import issue_nonce
from forms_service.responses.tables import Response
from tests.integration.conftest import SECRET, Api
from tests.integration.embed_setup import error_code, hidden_fields

ANSWERS = {"heard_from": ["tv", "zalo"], "submission": "self", "overall": "4"}


async def _open_form(api: Api, province: dict[str, str]) -> None:
    await api.published_form(province["designer"], "truyen-thong", template="communication",
                             access="open")


async def _nonce(client: httpx.AsyncClient, query: str = "") -> str:
    r = await client.get("/f/truyen-thong" + query)
    assert r.status_code == 200, r.text
    return hidden_fields(r.text)["_n"]


async def test_open_form_takes_one_answer_per_page(api: Api, province: dict[str, str]) -> None:
    await _open_form(api, province)
    r = await api.client.get("/f/truyen-thong?channel=kiosk")
    fields = hidden_fields(r.text)
    assert "_t" not in fields and fields["_c"] == "kiosk"
    r = await api.client.post("/f/truyen-thong", data=fields | ANSWERS)
    assert r.status_code == 303, r.text
    rows = await Response.select(Response.channel, Response.dossier_hash,
                                 Response.service).run()
    assert len(rows) == 1 and rows[0]["channel"] == "kiosk" and rows[0]["service"] is None
    assert rows[0]["dossier_hash"] and fields["_n"].split(".")[0] not in rows[0]["dossier_hash"]
    # the same page again (a double submit, a replay): already answered, nothing changes
    r = await api.client.post("/f/truyen-thong", data=fields | ANSWERS | {"overall": "1"})
    assert r.status_code == 409 and error_code(r.text) == "already_answered"
    assert await Response.count().run() == 1
    # the next citizen at the same kiosk gets a new page and answers
    again = await _nonce(api.client)
    r = await api.client.post("/f/truyen-thong", data={"_n": again} | ANSWERS)
    assert r.status_code == 303
    assert await Response.count().run() == 2


async def test_open_form_needs_a_genuine_fresh_nonce(api: Api, province: dict[str, str]) -> None:
    await _open_form(api, province)
    nonce = await _nonce(api.client)
    ident, issued, mac = nonce.split(".")
    stale = issue_nonce(SECRET, "truyen-thong", now=time.time() - 2 * 86400)
    elsewhere = issue_nonce(SECRET, "hai-long")
    for bad in (None, "", "abc", f"{ident}.{issued}.{mac[:-2]}xx", f"{ident}x.{issued}.{mac}",
                stale, elsewhere):
        data = dict(ANSWERS) | ({"_n": bad} if bad is not None else {})
        r = await api.client.post("/f/truyen-thong", data=data)
        assert r.status_code == 400 and error_code(r.text) == "form_expired", bad
    assert await Response.count().run() == 0


async def test_token_forms_are_not_open(api: Api, province: dict[str, str]) -> None:
    nonce = issue_nonce(SECRET, "hai-long")
    r = await api.client.post("/f/hai-long", data={"_n": nonce, "overall": "3"})
    assert r.status_code == 401 and error_code(r.text) == "token_required"


async def test_rate_limit_per_nonce(api: Api, province: dict[str, str]) -> None:
    await _open_form(api, province)
    nonce = await _nonce(api.client)
    limit = api.ctx.settings.rate_limit_form_per_minute
    statuses = []
    for _ in range(limit):
        r = await api.client.post("/f/truyen-thong", data={"_n": nonce} | ANSWERS)
        statuses.append(r.status_code)
    assert statuses == [303] + [409] * (limit - 1)
    r = await api.client.post("/f/truyen-thong", data={"_n": nonce} | ANSWERS)
    assert r.status_code == 429 and error_code(r.text) == "too_many_requests"
    assert 1 <= int(r.headers["retry-after"]) <= 60
    assert "Quá nhiều lượt gửi" in r.text
    r = await api.client.post("/f/truyen-thong", data={"_n": nonce} | ANSWERS,
                              headers={"Accept": "application/json"})
    assert r.status_code == 429 and r.json()["error"] == "too_many_requests"
    # another page from the same address is not held back
    r = await api.client.post("/f/truyen-thong", data={"_n": await _nonce(api.client)} | ANSWERS)
    assert r.status_code == 303


async def test_two_hundred_citizens_behind_one_address(
    app: Litestar, api: Api, province: dict[str, str]
) -> None:
    """Each citizen's own browser (its own cookies), one address for all."""
    await _open_form(api, province)
    transport = httpx.ASGITransport(app=app)
    for _ in range(200):
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            nonce = await _nonce(c)
            r = await c.post("/f/truyen-thong", data={"_n": nonce} | ANSWERS)
            assert r.status_code == 303, r.text
    assert await Response.count().run() == 200


async def test_rate_limit_per_address(app: Litestar, api: Api, province: dict[str, str]) -> None:
    await _open_form(api, province)
    api.ctx.settings = api.ctx.settings.with_(rate_limit_ip_per_minute=4)
    for _ in range(4):  # first visits: a client that drops its visitor cookie each time
        api.client.cookies.clear()
        r = await api.client.get("/f/truyen-thong")
        assert r.status_code == 200
    api.client.cookies.clear()
    r = await api.client.get("/f/truyen-thong")
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    transport = httpx.ASGITransport(app=app, client=("10.1.2.3", 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        assert (await other.get("/f/truyen-thong")).status_code == 200
