"""A person's unit: who may have one, which units, the subtree it covers, and
``phieu people unit`` as a real process."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from forms_service.accounts.service import create_person, person_by_email, set_unit
from forms_service.errors import InvalidInput
from forms_service.organisation.scope import unit_subtree
from tests.integration.accounts.test_accounts_cli import phieu
from tests.integration.conftest import Api

H29, G14 = "000.00.00.H29", "000.00.00.G14"


async def _units(api: Api) -> dict[str, int]:
    """H29: SO-A with XA-A1 under it and XA-A2 under that, SO-B, and SO-C closed into
    SO-A; G14: SO-X."""
    await api.agency(H29, "UBND tỉnh Hải Dương")
    await api.agency(G14, "Bộ Tư pháp", kind="ministry")
    for agency, body in (
            (H29, {"code": "SO-A", "name": "Sở A", "kind": "department"}),
            (H29, {"code": "XA-A1", "name": "Xã A1", "kind": "commune", "parent": "SO-A"}),
            (H29, {"code": "XA-A2", "name": "Thôn A2", "kind": "other", "parent": "XA-A1"}),
            (H29, {"code": "SO-B", "name": "Sở B", "kind": "department"}),
            (H29, {"code": "SO-C", "name": "Sở C", "kind": "department"}),
            (G14, {"code": "SO-X", "name": "Vụ X", "kind": "department"})):
        r = await api.call("POST", "/api/v1/units", api.admin, json=body,
                           params={"agency": agency})
        assert r.status_code == 201, r.text
    ids = {row["code"]: int(row["id"])
           for row in await api.ctx.db.raw("SELECT id, code FROM unit")}
    await api.ctx.db.raw("UPDATE unit SET active = {}, closed_on = {}, successor = {} "
                         "WHERE id = {}", False, dt.date(2025, 7, 1), ids["SO-A"], ids["SO-C"])
    return ids


async def test_the_subtree_of_a_unit(api: Api) -> None:
    ids = await _units(api)
    assert await unit_subtree(api.ctx.db, ids["SO-A"]) == frozenset(
        {ids["SO-A"], ids["XA-A1"], ids["XA-A2"], ids["SO-C"]})
    assert await unit_subtree(api.ctx.db, ids["XA-A1"]) == frozenset(
        {ids["XA-A1"], ids["XA-A2"]})
    assert await unit_subtree(api.ctx.db, ids["SO-B"]) == frozenset({ids["SO-B"]})
    assert await unit_subtree(api.ctx.db, 999_999) == frozenset()


async def _refused(work: Any, words: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        await work
    assert words in str(caught.value), str(caught.value)


async def test_who_may_be_limited_to_which_unit(api: Api) -> None:
    ids = await _units(api)
    ctx = api.ctx
    person = await create_person(ctx, email="an@haiduong.gov.vn", name="Lê Văn An",
                                 role="analyst", agency_code=H29, password=None,
                                 unit_code="SO-A")
    assert (person["unit"], person["unit_id"], person["unit_name"]) == (
        "SO-A", ids["SO-A"], "Sở A")
    # only designers and analysts of an agency
    await _refused(create_person(ctx, email="ad@phieu.vn", name="Quản trị", role="admin",
                                 agency_code=None, password=None, unit_code="SO-A"),
                   "Only a designer or an analyst of an agency")
    await _refused(create_person(ctx, email="tw@phieu.vn", name="Văn phòng", role="analyst",
                                 agency_code=None, password=None, unit_code="SO-A"),
                   "Only a designer or an analyst of an agency")
    # a unit of the person's own agency, existing and active
    await _refused(create_person(ctx, email="b@haiduong.gov.vn", name="B", role="designer",
                                 agency_code=H29, password=None, unit_code="SO-X"),
                   "has no unit with code SO-X")
    await _refused(create_person(ctx, email="c@haiduong.gov.vn", name="C", role="designer",
                                 agency_code=H29, password=None, unit_code="SO-C"),
                   "closed or deactivated")
    # nothing was stored by the refusals
    rows = await ctx.db.raw("SELECT email FROM person ORDER BY email")
    assert [r["email"] for r in rows] == ["an@haiduong.gov.vn"]
    # changed, refused, cleared
    assert (await set_unit(ctx, "an@haiduong.gov.vn", "XA-A1"))["unit"] == "XA-A1"
    await _refused(set_unit(ctx, "an@haiduong.gov.vn", "NOPE"), "has no unit with code NOPE")
    assert (await person_by_email(ctx, "an@haiduong.gov.vn"))["unit"] == "XA-A1"
    assert (await set_unit(ctx, "an@haiduong.gov.vn", None))["unit"] is None


async def test_the_account_page_shows_the_unit(api: Api, sign_in: Any) -> None:
    await _units(api)
    limited = await sign_in("designer", H29, unit="XA-A1", locale="en")
    r = await limited.get("/account")
    assert r.status_code == 200 and "Xã A1 (XA-A1)" in r.text
    assert "this unit and its sub-units only" in r.text
    whole = await sign_in("designer", H29, locale="en")
    assert "Every unit of the agency" in (await whole.get("/account")).text


def test_people_unit_on_the_command_line(env: dict[str, str], tmp_path: Path) -> None:
    def run(*args: str) -> Any:
        return phieu(*args, env=env, cwd=tmp_path)

    assert run("agencies", "create", "--code", "H29", "--name", "UBND tỉnh Hải Dương",
               "--kind", "province").returncode == 0
    units = tmp_path / "units.csv"
    units.write_text("code,name,kind\nSO-A,Sở A,department\n", encoding="utf-8")
    r = run("units", "import", "--agency", "H29", str(units))
    assert r.returncode == 0, r.stderr
    r = run("people", "create", "--email", "an@haiduong.gov.vn", "--name", "Lê Văn An",
            "--role", "analyst", "--agency", "H29", "--link-only", "--unit", "SO-A")
    assert r.returncode == 0, r.stderr
    assert "limited to unit SO-A and its sub-units" in r.stdout
    r = run("people", "unit", "--email", "an@haiduong.gov.vn", "--unit", "SO-Z")
    assert r.returncode != 0 and "has no unit with code SO-Z" in r.stderr
    r = run("people", "unit", "--email", "an@haiduong.gov.vn", "--clear")
    assert r.returncode == 0 and "sees the whole agency" in r.stdout, r.stderr


async def test_the_people_api_sets_and_clears_a_unit(api: Api) -> None:
    ids = await _units(api)
    body = {"email": "An@HaiDuong.gov.vn", "name": "Lê Văn An", "role": "analyst",
            "agency": H29, "unit": "SO-A"}
    r = await api.call("POST", "/api/v1/people", api.admin, json=body)
    assert r.status_code == 201, r.text
    person = r.json()
    assert (person["email"], person["unit"], person["unit_name"]) == (
        "an@haiduong.gov.vn", "SO-A", "Sở A")
    assert "password_hash" not in person and "unit_id" not in person
    # only administrators manage people
    analyst = await api.make_key("analyst", H29)
    for method, path, payload in (("GET", "/api/v1/people", None),
                                  ("POST", "/api/v1/people", {**body, "email": "x@y.vn"}),
                                  ("PATCH", f"/api/v1/people/{person['id']}", {"unit": None})):
        r = await api.call(method, path, analyst,
                           **({"json": payload} if payload is not None else {}))
        assert r.status_code == 403, (method, r.text)
    # refusals say what to fix, and store nothing
    for change, words in ((
            {"email": "b@haiduong.gov.vn", "unit": "SO-X"}, ("unknown_unit", "SO-X")),
            ({"email": "c@phieu.vn", "role": "admin", "agency": None},
             ("unit_not_allowed", "quản trị viên"))):
        r = await api.call("POST", "/api/v1/people", api.admin, json={**body, **change})
        assert r.status_code == 400 and r.json()["error"] == words[0], r.text
        assert words[1] in r.json()["message"]
    r = await api.call("POST", "/api/v1/people", api.admin, json={**body, "colour": 1})
    assert r.status_code == 400, r.text
    r = await api.call("PATCH", f"/api/v1/people/{person['id']}", api.admin,
                       json={"unit": "SO-C"})
    assert r.status_code == 400 and r.json()["error"] == "unit_inactive", r.text
    r = await api.call("PATCH", "/api/v1/people/999999", api.admin, json={"unit": None})
    assert r.status_code == 404
    # changed, listed, cleared
    r = await api.call("PATCH", f"/api/v1/people/{person['id']}", api.admin,
                       json={"unit": "XA-A2"})
    assert r.status_code == 200 and r.json()["unit"] == "XA-A2", r.text
    r = await api.call("GET", "/api/v1/people", api.admin, params={"agency": H29})
    assert [(p["email"], p["unit"]) for p in r.json()] == [("an@haiduong.gov.vn", "XA-A2")]
    r = await api.call("PATCH", f"/api/v1/people/{person['id']}", api.admin,
                       json={"unit": None, "active": False})
    assert r.status_code == 200 and (r.json()["unit"], r.json()["active"]) == (None, False)
    [row] = await api.ctx.db.raw("SELECT unit, active FROM person WHERE id = {}",
                                 person["id"])
    assert row["unit"] is None and not row["active"]
    assert ids


async def test_the_people_page_limits_a_person_to_a_unit(api: Api, sign_in: Any) -> None:
    await _units(api)
    analyst = await create_person(api.ctx, email="an@haiduong.gov.vn", name="Lê Văn An",
                                  role="analyst", agency_code=H29, password=None)
    admin = await sign_in("admin", locale="en")
    r = await admin.get("/people")
    assert r.status_code == 200 and "an@haiduong.gov.vn" in r.text
    assert 'href="/people"' in r.text and "Choose an agency" in r.text
    r = await admin.get("/people", params={"agency": H29})
    assert r.status_code == 200
    assert f'action="/people/{analyst["id"]}/unit"' in r.text
    assert "— Xã A1 (XA-A1)" in r.text and "SO-X" not in r.text and "SO-C" not in r.text
    page = f"/people/{analyst['id']}/unit"
    r = await admin.post(page, data={"csrf_token": admin.csrf_token, "agency": H29,
                                     "unit": "XA-A1"})
    assert r.status_code == 303 and r.headers["location"] == f"/people?agency={H29}&done=unit"
    assert (await person_by_email(api.ctx, "an@haiduong.gov.vn"))["unit"] == "XA-A1"
    r = await admin.get(r.headers["location"])
    assert "The unit was saved." in r.text
    assert '<option value="XA-A1" selected>' in r.text
    r = await admin.post(page, data={"csrf_token": admin.csrf_token, "agency": H29,
                                     "unit": "SO-X"})
    assert r.status_code == 400 and "has no unit with code SO-X" in r.text
    r = await admin.post(page, data={"agency": H29, "unit": ""})  # no CSRF token
    assert r.status_code == 403
    r = await admin.post(page, data={"csrf_token": admin.csrf_token, "agency": H29,
                                     "unit": ""})
    assert r.status_code == 303
    assert (await person_by_email(api.ctx, "an@haiduong.gov.vn"))["unit"] is None
    # only administrators
    designer = await sign_in("designer", H29)
    assert (await designer.get("/people")).status_code == 403
    assert 'href="/people"' not in (await designer.get("/account")).text
    r = await designer.post(page, data={"csrf_token": designer.csrf_token, "unit": "SO-A"})
    assert r.status_code == 403
    assert (await person_by_email(api.ctx, "an@haiduong.gov.vn"))["unit"] is None
