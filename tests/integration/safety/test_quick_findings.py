"""Inputs that used to answer 500: a token payload beyond ASCII, a sign-in
``next`` beyond Latin-1, a designer import nested 100,000 levels deep."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from tests.integration.conftest import Api
from tests.integration.embed_setup import portal_key


def _with_e_acute(token: str) -> str:
    head, body, signature = token.split(".")
    return f"{head}.{body[:5]}é{body[5:]}.{signature}"


async def test_a_token_with_a_non_ascii_payload_is_invalid(
        api: Api, province: dict[str, str]) -> None:
    portal = await portal_key(api)
    token = _with_e_acute(portal.token())
    r = await api.client.get("/f/hai-long", params={"t": token})
    assert r.status_code == 401, r.text
    assert "token_invalid" in r.text
    r = await api.call("POST", "/api/v1/responses", json={
        "form": "hai-long", "token": token, "answers": {"overall": 5}})
    assert r.status_code == 401, r.text
    assert r.json()["error"] == "token_invalid"
    # and in the header segment
    head, body, signature = portal.token().split(".")
    r = await api.call("POST", "/api/v1/responses", json={
        "form": "hai-long", "token": f"{head}ế.{body}.{signature}", "answers": {}})
    assert r.status_code == 401 and r.json()["error"] == "token_invalid", r.text
    assert base64  # the segments stay base64url text


@pytest.mark.parametrize("next_path", ["/／/x", "/。/x", "/dashboard/đ"])
async def test_sign_in_with_a_non_latin1_next_goes_to_the_dashboard(
        sign_in: Any, next_path: str) -> None:
    person = await sign_in("analyst", "000.00.00.H29")
    r = await person.get("/sign-in", params={"next": next_path})
    assert r.status_code == 303, r.text
    assert r.headers["location"] == "/dashboard"


async def test_password_sign_in_with_a_non_latin1_next(
        client: httpx.AsyncClient, app: Any, ctx: Any) -> None:
    from forms_service.accounts.service import create_person
    from forms_service.agencies.service import create_agency

    await create_agency(ctx, None, code="000.00.00.H29", name="UBND", kind="province")
    await create_person(ctx, email="chi@haiduong.gov.vn", name="Chi", role="analyst",
                        agency_code="000.00.00.H29", password="mật-khẩu-đủ-dài-2026")
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as c:
        page = await c.get("/sign-in")
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        r = await c.post("/sign-in", data={
            "csrf_token": token, "email": "chi@haiduong.gov.vn",
            "password": "mật-khẩu-đủ-dài-2026", "action": "password", "next": "/／/x"})
        assert r.status_code == 303, r.text
        assert r.headers["location"] == "/dashboard"


async def _designer_post(designer: Any, path: str, content: bytes, **fields: str) -> Any:
    files = {"file": ("sau.json", content, "application/json")}
    return await designer.post(path, data={"csrf_token": designer.csrf_token, **fields},
                               files=files)


@pytest.mark.parametrize("depth", [100_000, 33])
async def test_deeply_nested_imports_are_refused_with_a_message(
        sign_in: Any, depth: int) -> None:
    designer = await sign_in("designer", "000.00.00.H29", locale="en")
    deep = b"[" * depth + b"]" * depth
    r = await _designer_post(designer, "/designer/new", deep, slug="sau", start="import")
    assert r.status_code == 400, r.text[:300]
    assert "nested too deeply" in r.text
    r = await designer.post("/designer/new", data={
        "csrf_token": designer.csrf_token, "slug": "khao-sat", "start": "blank",
        "title": "Khảo sát", "question": "Thế nào?", "widget": "rating", "access": "token"})
    assert r.status_code == 303, r.text
    r = await _designer_post(designer, "/designer/forms/khao-sat/import", deep)
    assert r.status_code == 400, r.text[:300]
    assert "nested too deeply" in r.text


async def test_an_import_with_a_nul_is_refused(sign_in: Any) -> None:
    designer = await sign_in("designer", "000.00.00.H29", locale="en")
    content = b'{"type": "object", "title": "a\\u0000b", "properties": {}}'
    r = await _designer_post(designer, "/designer/new", content, slug="nul", start="import")
    assert r.status_code == 400, r.text[:300]
    assert "control character" in r.text
