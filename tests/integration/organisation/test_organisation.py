"""Units, counters and officers through the API: create, list, update, deactivate,
import with one result per row, succession, and who may do what."""

from __future__ import annotations

from tests.integration.conftest import Api
from tests.integration.dossiers_setup import AGENCY, organisation


async def test_create_list_update_deactivate(api: Api, province: dict[str, str]) -> None:
    designer = province["designer"]
    await organisation(api, designer)
    r = await api.call("GET", "/api/v1/units", province["analyst"])
    assert r.status_code == 200
    assert [(u["code"], u["kind"], u["active"]) for u in r.json()] == [
        ("TTHCC", "centre", True), ("XA-AN", "commune", True)]
    r = await api.call("GET", "/api/v1/counters/Q01", designer)
    assert r.json() == {"code": "Q01", "name": "Quầy 1", "unit": "TTHCC", "active": True,
                        "agency": AGENCY, "field": None}
    # the field (lĩnh vực) a counter serves, set and changed like its other fields
    r = await api.call("PATCH", "/api/v1/counters/Q01", designer, json={"field": " Hộ  tịch "})
    assert r.status_code == 200 and r.json()["field"] == "Hộ tịch", r.text
    r = await api.call("PATCH", "/api/v1/counters/Q01", designer, json={"field": "x" * 121})
    assert r.status_code == 400
    r = await api.call("PATCH", "/api/v1/officers/CB01", designer,
                       json={"unit": "XA-AN", "name": "  Nguyễn   Văn An "})
    assert r.status_code == 200 and r.json()["unit"] == "XA-AN"
    assert r.json()["name"] == "Nguyễn Văn An"
    r = await api.call("POST", "/api/v1/officers/CB01/deactivate", designer)
    assert r.status_code == 200 and r.json()["active"] is False
    r = await api.call("GET", "/api/v1/officers", designer, params={"active": "true"})
    assert [o["code"] for o in r.json()] == ["CB02"]
    r = await api.call("POST", "/api/v1/units", designer,
                       json={"code": "TTHCC", "name": "Trùng mã"})
    assert r.status_code == 409
    r = await api.call("POST", "/api/v1/counters", designer,
                       json={"code": "Q09", "name": "Quầy 9", "unit": "KHONG-CO"},
                       headers={"Accept-Language": "vi"})
    assert r.status_code == 400 and "KHONG-CO" in r.json()["message"]
    r = await api.call("PATCH", "/api/v1/units/KHONG-CO", designer, json={"name": "x"})
    assert r.status_code == 404
    r = await api.call("PATCH", "/api/v1/units/TTHCC", designer, json={"parent": "TTHCC"},
                       headers={"Accept-Language": "en"})
    assert r.status_code == 400 and "circle" in r.json()["message"]


async def test_units_close_with_a_successor_and_no_circles(
        api: Api, province: dict[str, str]) -> None:
    designer = province["designer"]
    await organisation(api, designer)
    r = await api.call("POST", "/api/v1/units", designer, json={
        "code": "XA-MOI", "name": "UBND xã An Bình mới", "kind": "commune"})
    assert r.status_code == 201
    r = await api.call("PATCH", "/api/v1/units/XA-AN", designer,
                       json={"successor": "XA-MOI", "closed_on": "2025-07-01"})
    assert r.status_code == 200, r.text
    assert r.json()["successor"] == "XA-MOI" and r.json()["active"] is False
    assert r.json()["closed_on"] == "2025-07-01"
    r = await api.call("PATCH", "/api/v1/units/XA-MOI", designer, json={"successor": "XA-AN"})
    assert r.status_code == 400, r.text
    r = await api.call("PATCH", "/api/v1/units/TTHCC", designer, json={"parent": "XA-MOI"})
    assert r.status_code == 200
    r = await api.call("PATCH", "/api/v1/units/XA-MOI", designer, json={"parent": "TTHCC"})
    assert r.status_code == 400


async def test_import_keeps_the_good_rows_and_reports_each_bad_one(
        api: Api, province: dict[str, str]) -> None:
    designer = province["designer"]
    csv = ("code,name,kind,parent\n"
           "SO-TP,Sở Tư pháp,department,\n"
           "PHONG-1,Phòng Hành chính,department,SO-TP\n"
           ",Không có mã,other,\n"
           "PHONG-2,Phòng 2,bureau,\n"
           "PHONG-3,Phòng 3,department,KHONG-CO\n"
           "SO-TP,Sở Tư pháp tỉnh,department,\n")
    r = await api.call("POST", "/api/v1/units/import", designer, json={"csv": csv},
                       headers={"Accept-Language": "en"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["created"], body["updated"], body["rejected"]) == (2, 1, 3)
    results = body["results"]
    assert [x["result"] for x in results] == [
        "created", "created", "error", "error", "error", "updated"]
    assert [(x["row"], x.get("field")) for x in results if x["result"] == "error"] == [
        (3, "code"), (4, "kind"), (5, "parent")]
    assert all(x["message"] for x in results if x["result"] == "error")
    r = await api.call("GET", "/api/v1/units/PHONG-1", designer)
    assert r.json()["parent"] == "SO-TP"
    r = await api.call("GET", "/api/v1/units/SO-TP", designer)
    assert r.json()["name"] == "Sở Tư pháp tỉnh"
    rows = [{"code": "CB-9", "name": "Lê Văn Chín", "unit": "SO-TP"},
            {"code": "CB-10", "name": "Phạm Thị Mười", "unit": "KHONG-CO"},
            {"code": "CB-11"},
            {"code": "CB-12", "name": "Đỗ Mười Hai", "email": "x@y.vn"},
            "not an object"]
    r = await api.call("POST", "/api/v1/officers/import", designer, json={"rows": rows},
                       headers={"Accept-Language": "vi"})
    assert r.status_code == 400  # a row that is not an object is refused with the body
    r = await api.call("POST", "/api/v1/officers/import", designer, json={"rows": rows[:4]},
                       headers={"Accept-Language": "vi"})
    body = r.json()
    assert [x["result"] for x in body["results"]] == ["created", "error", "error", "error"]
    assert [x["field"] for x in body["results"][1:]] == ["unit", "name", "email"]
    assert "KHONG-CO" in body["results"][1]["message"]
    r = await api.call("POST", "/api/v1/counters/import", designer, json={})
    assert r.status_code == 400


async def test_designers_change_analysts_read_integration_and_portal_keys_do_not(
        api: Api, province: dict[str, str]) -> None:
    await organisation(api, province["designer"])
    body = {"code": "X1", "name": "Đơn vị X"}
    for role in ("analyst", "portal"):
        r = await api.call("POST", "/api/v1/units", province[role], json=body)
        assert r.status_code == 403, role
        r = await api.call("POST", "/api/v1/units/TTHCC/deactivate", province[role])
        assert r.status_code == 403, role
    integration = await api.make_key("integration", AGENCY)
    r = await api.call("GET", "/api/v1/units", integration)
    assert r.status_code == 403
    r = await api.call("GET", "/api/v1/units", province["portal"])
    assert r.status_code == 200
    national = await api.make_key("analyst")
    r = await api.call("GET", "/api/v1/units", national, params={"agency": AGENCY})
    assert r.status_code == 200 and len(r.json()) == 2
    r = await api.call("POST", "/api/v1/units", national, json=body, params={"agency": AGENCY})
    assert r.status_code == 403
