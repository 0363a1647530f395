"""The workspace page /organisation: who sees it, who changes it, imports."""

from __future__ import annotations

from typing import Any

from tests.integration.conftest import Api
from tests.integration.dossiers_setup import AGENCY, organisation


async def test_designers_add_import_and_deactivate_analysts_read(
        api: Api, province: dict[str, str], sign_in: Any) -> None:
    await organisation(api, province["designer"])
    designer = await sign_in("designer", AGENCY, locale="en")
    page = await designer.get("/organisation")
    assert page.status_code == 200
    for text in ("Trung tâm Phục vụ hành chính công", "Quầy 1", "Nguyễn Văn An", "Add the unit"):
        assert text in page.text
    r = await designer.post("/organisation", data={
        "csrf_token": designer.csrf_token, "action": "add", "kind": "unit", "code": "PHONG-1",
        "name": "Phòng Một cửa", "kind_of_unit": "department", "parent": "TTHCC"})
    assert r.status_code == 303 and r.headers["location"] == "/organisation?done=unit"
    page = await designer.get("/organisation")
    assert "— Phòng Một cửa" in page.text and "The unit was added." not in page.text
    r = await designer.post("/organisation", data={
        "csrf_token": designer.csrf_token, "action": "add", "kind": "counter", "code": "Q9",
        "name": "Quầy 9", "unit": "KHONG-CO"})
    assert r.status_code == 400 and "KHONG-CO" in r.text
    r = await designer.post("/organisation", data={
        "csrf_token": designer.csrf_token, "action": "import", "kind": "officer",
        "csv": "code,name,unit\nCB-7,Lê Bảy,PHONG-1\nCB-8,,PHONG-1\n"})
    assert r.status_code == 200
    assert "Import results" in r.text and "CB-7" in r.text and "rejected" in r.text
    r = await designer.post("/organisation", data={
        "csrf_token": designer.csrf_token, "action": "deactivate", "kind": "officer",
        "code": "CB-7"})
    assert r.status_code == 303
    officers = await api.call("GET", "/api/v1/officers", province["designer"])
    assert {o["code"]: o["active"] for o in officers.json()}["CB-7"] is False
    # without the session's token nothing changes
    r = await designer.post("/organisation", data={"action": "deactivate", "kind": "unit",
                                                   "code": "TTHCC"})
    assert r.status_code == 403
    analyst = await sign_in("analyst", AGENCY)
    page = await analyst.get("/organisation")
    assert page.status_code == 200 and "Quầy 1" in page.text and "Thêm đơn vị" not in page.text
    r = await analyst.post("/organisation", data={
        "csrf_token": analyst.csrf_token, "action": "deactivate", "kind": "unit",
        "code": "TTHCC"})
    assert r.status_code == 403
    other = await sign_in("designer", "000.00.00.G14")
    page = await other.get("/organisation")
    assert page.status_code == 200 and "Quầy 1" not in page.text
    r = await other.get("/organisation", params={"agency": AGENCY})
    assert r.status_code == 403


async def test_a_counter_is_added_with_the_field_it_serves(
        api: Api, province: dict[str, str], sign_in: Any) -> None:
    await organisation(api, province["designer"])
    designer = await sign_in("designer", AGENCY, locale="en")
    page = await designer.get("/organisation")
    assert 'id="counter-field"' in page.text
    r = await designer.post("/organisation", data={
        "csrf_token": designer.csrf_token, "action": "add", "kind": "counter", "code": "Q7",
        "name": "Quầy 7", "unit": "TTHCC", "field": "Đất đai"})
    assert r.status_code == 303, r.text
    r = await api.call("GET", "/api/v1/counters/Q7", province["designer"])
    assert r.json()["field"] == "Đất đai"
