"""NUL and other C0 controls are refused at the boundary with a 400, alike on
SQLite and PostgreSQL (where a NUL in text used to escape as a 500)."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import pytest

from forms_service.context import Context
from tests.integration.conftest import Api
from tests.integration.embed_setup import H29, SERVICE, portal_key

NUL = "\u0000"


def refused(r: httpx.Response) -> None:
    assert r.status_code == 400, (r.status_code, r.text[:300])
    assert "control_character" in r.text or "NUL" in r.text or "điều khiển" in r.text, r.text


@pytest.mark.parametrize("path", [
    "/f/a%00b", "/public/a%00b", "/public/a%00b.json", "/api/v1/forms/a%00b",
    "/api/v1/responses?form=a%00b", "/api/v1/analytics/satisfaction?agency=x%00y",
    "/api/v1/services?agency=x%01", "/public?period=2025%1b",
])
async def test_addresses_with_a_control_are_refused(
        api: Api, province: dict[str, str], path: str) -> None:
    r = await api.call("GET", path, province["analyst"])
    refused(r)
    assert r.json()["error"] == "control_character"


async def test_api_key_id_in_the_path(api: Api) -> None:
    r = await api.call("DELETE", "/api/v1/api-keys/ab%00cd", api.admin)
    refused(r)


async def test_json_bodies_with_a_control_are_refused(api: Api, province: dict[str, str]) -> None:
    designer = province["designer"]
    for body in ({"code": "000.00.00.X01", "name": f"Sở{NUL}", "kind": "province"},):
        refused(await api.call("POST", "/api/v1/agencies", api.admin, json=body))
    refused(await api.call("POST", "/api/v1/services", designer, json={
        "code": "1.000001", "name": f"Thủ tục{NUL}", "audience": "citizen",
        "delivery": "full_online"}))
    refused(await api.call("POST", "/api/v1/api-keys", designer, json={
        "role": "portal", "name": "cổng\u0007", "agency": H29}))
    # the escape written with a capital hex digit, and after a literal backslash
    raw = b'{"role": "portal", "name": "c\\\\\\u001B", "agency": "000.00.00.H29"}'
    refused(await api.call("POST", "/api/v1/api-keys", designer, content=raw,
                           headers={"content-type": "application/json"}))
    portal = await portal_key(api)
    refused(await api.call("POST", "/api/v1/embed-tokens", portal.key, json={
        "form": f"hai{NUL}long", "service": SERVICE, "dossier": "HS-1"}))
    # a literal backslash followed by "u0000" is ordinary text
    r = await api.call("POST", "/api/v1/api-keys", designer, json={
        "role": "portal", "name": "c\\u0000", "agency": H29})
    assert r.status_code == 201, r.text


async def test_answers_with_a_control_are_refused_and_tab_newline_kept(
        api: Api, province: dict[str, str]) -> None:
    definition = {
        "type": "object", "title": "Góp ý", "additionalProperties": False,
        "properties": {"y_kien": {"type": "string", "title": "Ý kiến", "maxLength": 500,
                                  "x-widget": "textarea"}},
    }
    await api.published_form(province["designer"], "gop-y", definition=definition,
                             access="open")
    portal = await api.make_key("portal", H29)
    body: dict[str, Any] = {"form": "gop-y", "service": SERVICE, "dossier": "HS-9",
                            "answers": {"y_kien": f"a{NUL}b"}}
    refused(await api.call("POST", "/api/v1/responses", portal, json=body))
    body["answers"] = {"y_kien": "dòng 1\r\n\tdòng 2"}
    r = await api.call("POST", "/api/v1/responses", portal, json=body)
    assert r.status_code == 201, r.text
    # the form page's post too
    r = await api.client.post("/f/gop-y", data={"y_kien": f"x{NUL}y"})
    assert r.status_code == 400, r.text
    r = await api.call("GET", "/api/v1/exports/responses?form=gop-y&format=csv",
                       province["analyst"])
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and NUL not in r.text


async def test_sign_in_with_a_control_in_the_email_is_refused(
        client: httpx.AsyncClient, app: Any, ctx: Context) -> None:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as c:
        page = await c.get("/sign-in")
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        r = await c.post("/sign-in", data={"csrf_token": token, "email": f"a{NUL}@b.vn",
                                           "password": "x" * 12, "action": "password"})
        assert r.status_code == 400, r.text
        r = await c.post("/sign-in", data={"csrf_token": token, "email": f"a{NUL}@b.vn",
                                           "action": "link"})
        assert r.status_code == 400, r.text


async def test_a_token_whose_kid_holds_a_nul_is_invalid(
        api: Api, province: dict[str, str]) -> None:
    portal = await portal_key(api)
    token = portal.token(headers={"kid": f"ab{NUL}"})
    r = await api.client.get(f"/f/hai-long?t={token}")
    assert r.status_code == 401, r.text
    r = await api.call("POST", "/api/v1/responses", json={
        "form": "hai-long", "token": token, "answers": {}})
    assert r.status_code == 401 and r.json()["error"] == "token_invalid", r.text

