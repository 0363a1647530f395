"""Invitation links /s/{code}: the form with the dossier's context, one answer per
dossier across channels, opened and answered in the funnel, expiry, opt-out."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import httpx

from tests.integration.conftest import Api
from tests.integration.distribution.setup import integration_key, note, put_rule, returned, send
from tests.integration.embed_setup import portal_key


async def _invite(api: Api, province: dict[str, str], contact: str = "chi@example.vn",
                  **event: Any) -> tuple[str, dict[str, Any]]:
    if (await api.call("GET", "/api/v1/forms/hai-long/distribution",
                       province["designer"])).status_code == 404:
        assert (await put_rule(api, province["designer"])).status_code == 200
    key = await integration_key(api)
    body = returned(contact, **event)
    [result] = await send(api, key, [body])
    assert note(result) == "invited", result
    [row] = await api.ctx.db.raw("SELECT code FROM invitation ORDER BY id DESC LIMIT 1")
    return str(row["code"]), body


async def test_the_link_opens_the_form_and_the_answer_counts(
        api: Api, province: dict[str, str], client: httpx.AsyncClient) -> None:
    code, _ = await _invite(api, province)
    assert len(f"/s/{code}") <= 30
    page = await client.get(f"/s/{code}")
    assert page.status_code == 200, page.text
    assert f'action="/s/{code}"' in page.text and "token" not in page.text.lower()
    [touch] = await api.ctx.db.raw("SELECT kind, channel FROM dossier_touch")
    assert touch == {"kind": "opened", "channel": "invitation"}
    r = await client.post(f"/s/{code}", data={"overall": "3", "_lang": "vi"})
    assert r.status_code == 303, r.text
    assert r.headers["location"].startswith("/f/hai-long/thanks?r=")
    [response] = await api.ctx.db.raw("SELECT channel, dossier_hash FROM response")
    assert response["channel"] == "email"
    [dossier] = await api.ctx.db.raw("SELECT opened, answered, dossier_hash FROM dossier")
    assert bool(dossier["opened"]) and bool(dossier["answered"])
    assert dossier["dossier_hash"] == response["dossier_hash"]
    [invitation] = await api.ctx.db.raw("SELECT status, answered_at FROM invitation")
    assert invitation["status"] == "answered"
    again = await client.get(f"/s/{code}")
    assert again.status_code == 409 and "đã" in again.text


async def test_answered_on_the_portal_then_the_link_says_already_answered(
        api: Api, province: dict[str, str], client: httpx.AsyncClient) -> None:
    code, _ = await _invite(api, province, dossier="HS-PORTAL-1")
    portal = await portal_key(api, "000.00.00.H29")
    r = await client.post("/f/hai-long", data={
        "_t": portal.token(form="hai-long", svc="1.001193", dossier="HS-PORTAL-1"),
        "overall": "3"})
    assert r.status_code == 303, r.text
    page = await client.get(f"/s/{code}", headers={"Accept-Language": "en"})
    assert page.status_code == 409
    assert "already" in page.text.lower()
    r = await client.post(f"/s/{code}", data={"overall": "1"})
    assert r.status_code == 409
    assert len(await api.ctx.db.raw("SELECT id FROM response")) == 1


async def test_invalid_answers_show_the_form_again(api: Api, province: dict[str, str],
                                                   client: httpx.AsyncClient) -> None:
    code, _ = await _invite(api, province)
    r = await client.post(f"/s/{code}", data={"overall": "9"})
    assert r.status_code == 422
    assert f'action="/s/{code}"' in r.text
    assert await api.ctx.db.raw("SELECT id FROM response") == []


async def test_expired_and_unknown_links(api: Api, province: dict[str, str],
                                         client: httpx.AsyncClient) -> None:
    code, _ = await _invite(api, province)
    await api.ctx.db.raw("UPDATE invitation SET expires_at = {}",
                         dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    r = await client.get(f"/s/{code}", headers={"Accept-Language": "en"})
    assert r.status_code == 410 and "expired" in r.text
    r = await client.get("/s/AAAAAAAAAAAAAAAAAAAA")
    assert r.status_code == 404
    r = await client.get("/s/not-a-code!")
    assert r.status_code == 404


async def test_opt_out_stops_every_future_invitation(api: Api, province: dict[str, str],
                                                     client: httpx.AsyncClient) -> None:
    await put_rule(api, province["designer"], channels=["sms"])
    code, _ = await _invite(api, province, contact="0912345678")
    ask = await client.get(f"/s/{code}/stop")
    assert ask.status_code == 200
    assert re.search(rf'<form method="post" action="/s/{code}/stop">', ask.text)
    # a mail client's one-click unsubscribe (RFC 8058) posts the same
    done = await client.post(f"/s/{code}/stop", content=b"List-Unsubscribe=One-Click",
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert done.status_code == 200
    key = await integration_key(api)
    [result] = await send(api, key, [returned("+84 912 345 678")])
    assert note(result) == "opted_out"
    assert (await client.get("/s/AAAAAAAAAAAAAAAAAAAA/stop")).status_code == 404
