"""The workspace pages of collections: an agency fills its reply in plain HTML
forms, the office tracks and reviews, nobody sees another agency's reply."""

from __future__ import annotations

from typing import Any

from tests.integration.collections.setup import evaluation, make_collection
from tests.integration.conftest import Api

FILLED = {"agency_name": "Bộ Xây dựng", "channels_used": ["press", "agency_portal"],
          "frequency": "monthly", "has_plan": "true",
          "proposals": "Tăng kinh phí truyền thông."}


async def test_an_agency_fills_saves_and_submits_its_reply_in_the_workspace(
        api: Api, sign_in: Any) -> None:
    ev = await evaluation(api)
    cid = (await make_collection(api, ev.office)).json()["id"]
    person = await sign_in("designer", "G08", name="Nguyễn Thị Thư")
    r = await person.get("/collections")
    assert r.status_code == 200 and "Phiếu khảo sát công tác truyền thông" in r.text
    assert "Chưa bắt đầu" in r.text
    r = await person.get(f"/collections/{cid}")
    assert r.status_code == 303 and r.headers["location"] == f"/collections/{cid}/replies/G08"
    page = f"/collections/{cid}/replies/G08"
    r = await person.get(page)
    assert r.status_code == 200 and 'name="proposals"' in r.text and 'value="0"' in r.text

    r = await person.post(page, data={"csrf_token": person.csrf_token, "action": "draft",
                                      "revision": "0", "agency_name": "Bộ Xây dựng"})
    assert r.status_code == 303, r.text
    r = await person.get(r.headers["location"])
    assert "Đã lưu bản nháp." in r.text and 'value="Bộ Xây dựng"' in r.text
    assert "Nguyễn Thị Thư" in r.text  # who changed what
    # an incomplete submission shows what is missing, the draft kept
    r = await person.post(page, data={"csrf_token": person.csrf_token, "action": "submit",
                                      "revision": "1", "agency_name": "Bộ Xây dựng"})
    assert r.status_code == 422 and 'id="e-proposals"' in r.text
    assert 'role="alert"' in r.text
    r = await person.post(page, data={"csrf_token": person.csrf_token, "action": "submit",
                                      "revision": "2", **FILLED})
    assert r.status_code == 303, r.text
    r = await person.get(r.headers["location"] + "&lang=en")
    assert "The reply was submitted to the national office." in r.text
    assert 'name="proposals"' not in r.text and "Tăng kinh phí truyền thông." in r.text
    # without the session's token nothing changes
    r = await person.post(page, data={"action": "draft", **FILLED})
    assert r.status_code == 403


async def test_the_office_tracks_and_reviews_in_the_workspace(api: Api, sign_in: Any) -> None:
    ev = await evaluation(api)
    cid = (await make_collection(api, ev.office)).json()["id"]
    base = f"/api/v1/collections/{cid}/replies/G08"
    await api.call("PUT", f"{base}/draft", ev.key("G08"), json={"answers": {
        "agency_name": "Bộ Xây dựng", "channels_used": ["press"], "frequency": "monthly",
        "has_plan": True, "proposals": "Tăng kinh phí."}})
    await api.call("POST", f"{base}/submit", ev.key("G08"))
    office = await sign_in("analyst", None, name="Trần Văn Quốc")
    r = await office.get(f"/collections/{cid}")
    assert r.status_code == 200
    assert ("Các đơn vị chưa gửi: Bộ Giáo dục và Đào tạo; Bộ Tư pháp; Bình Dương; Đắk Nông; "
            "Hải Dương.") in r.text
    assert r.text.index("Bộ Giáo dục và Đào tạo</a>") < r.text.index("Bộ Xây dựng</a>")
    page = f"/collections/{cid}/replies/G08"
    r = await office.get(page)
    assert "Báo in, báo điện tử" in r.text and 'name="comment"' in r.text
    r = await office.post(page, data={"csrf_token": office.csrf_token,
                                      "action": "request_changes", "comment": ""})
    assert r.status_code == 400 and "comment" in r.text
    r = await office.post(page, data={"csrf_token": office.csrf_token,
                                      "action": "request_changes",
                                      "comment": "Bổ sung số cán bộ."})
    assert r.status_code == 303
    r = await office.get(page)
    assert "Đề nghị chỉnh sửa" in r.text and "Bổ sung số cán bộ." in r.text
    assert "Trần Văn Quốc" in r.text


async def test_an_agency_never_sees_another_agencys_reply_page(api: Api, sign_in: Any) -> None:
    ev = await evaluation(api)
    cid = (await make_collection(api, ev.office)).json()["id"]
    await api.call("PUT", f"/api/v1/collections/{cid}/replies/G08/draft", ev.key("G08"),
                   json={"answers": {"proposals": "Nội bộ Bộ Xây dựng"}})
    other = await sign_in("analyst", "G14")
    r = await other.get(f"/collections/{cid}/replies/G08")
    assert r.status_code == 404 and "Nội bộ" not in r.text
    r = await other.post(f"/collections/{cid}/replies/G08", data={
        "csrf_token": other.csrf_token, "action": "draft", "proposals": "ghi đè"})
    assert r.status_code == 404
    only = (await make_collection(api, ev.office, agencies=["G08"])).json()["id"]
    r = await other.get(f"/collections/{only}")
    assert r.status_code == 404
    r = await other.get("/collections")
    assert f'href="/collections/{only}"' not in r.text


async def test_the_office_makes_a_collection_in_the_workspace(api: Api, sign_in: Any) -> None:
    ev = await evaluation(api)
    office = await sign_in("analyst", None, name="Trần Văn Quốc")
    r = await office.get("/collections")
    assert r.status_code == 200 and 'href="/collections/new"' in r.text
    r = await office.get("/collections/new")
    assert r.status_code == 200 and 'name="csrf_token"' in r.text
    assert 'value="agency-communication" selected' in r.text
    assert 'value="G14"' in r.text and "Bộ Tư pháp" in r.text

    # every problem at once, each beside its field, what was typed kept
    bad = {"csrf_token": office.csrf_token, "title": "  ", "kind": "form",
           "form": "no-such-form", "scope": "list", "deadline_date": "2023-02-30",
           "deadline_time": "", "before_days": "7, hai", "after_every_days": "45",
           "contact": ""}
    r = await office.post("/collections/new", data=bad)
    assert r.status_code == 400
    for name in ("title", "form", "agencies", "deadline_date", "before_days", "contact"):
        assert f'id="{name}-error1"' in r.text, name
    assert 'aria-invalid="true"' in r.text and 'role="alert"' in r.text
    assert "Hãy đánh dấu ít nhất một cơ quan." in r.text
    r = await office.post("/collections/new?lang=en", data=bad | {
        "before_days": "7, 2", "deadline_date": "2023-11-30", "deadline_time": "25:00",
        "agencies": ["G14", "NOPE"]})
    assert r.status_code == 400
    assert 'id="deadline_time-error1"' in r.text and 'id="after_every_days-error1"' in r.text
    assert "names codes no agency has: NOPE" in r.text
    r = await office.post("/collections/new", data=bad | {"kind": "unknown-kind"})
    assert r.status_code == 400 and 'id="kind-error1"' in r.text
    assert await api.ctx.db.raw("SELECT id FROM collection") == []

    good = {"csrf_token": office.csrf_token, "title": "Đề cử dịch vụ công tiêu biểu 2024",
            "kind": "form", "form": "agency-communication", "scope": "list",
            "agencies": ["G14", "000.00.00.H29"], "deadline_date": "2024-03-15",
            "deadline_time": "17:00", "before_days": "10, 3", "after_every_days": "",
            "contact": "Phòng Dịch vụ công, 024 3943 7216"}
    r = await office.post("/collections/new", data=good)
    assert r.status_code == 303, r.text
    [row] = await api.ctx.db.raw("SELECT id FROM collection")
    assert r.headers["location"] == f"/collections/{row['id']}?done=made"
    r = await office.get(r.headers["location"])
    assert "The collection was made" in r.text and "Bộ Tư pháp" in r.text
    made = (await api.call("GET", f"/api/v1/collections/{row['id']}", ev.office)).json()
    assert made["agencies"] == "list" and made["asked"] == 2
    assert made["deadline"] == "2024-03-15T17:00:00+07:00"
    assert made["reminders"] == {"before_days": [10, 3], "after_every_days": None}
    assert made["contact"] == "Phòng Dịch vụ công, 024 3943 7216"
    r = await office.post("/collections/new", data=good | {"scope": "provinces",
                                                          "deadline_time": ""})
    made = (await api.call("GET", r.headers["location"].split("?")[0].replace(
        "/collections", "/api/v1/collections"), ev.office)).json()
    assert made["asked"] == 3 and made["deadline"] == "2024-03-15T23:59:59+07:00"

    # without the session's token nothing is made; an agency may not make one
    r = await office.post("/collections/new", data={k: v for k, v in good.items()
                                                     if k != "csrf_token"})
    assert r.status_code == 403
    person = await sign_in("designer", "G08", name="Nguyễn Thị Thư")
    assert (await person.get("/collections/new")).status_code == 403
    r = await person.post("/collections/new", data=good | {"csrf_token": person.csrf_token})
    assert r.status_code == 403
    assert 'href="/collections/new"' not in (await person.get("/collections")).text


async def test_the_tracking_page_offers_the_synthesis(api: Api, sign_in: Any) -> None:
    ev = await evaluation(api)
    cid = (await make_collection(api, ev.office)).json()["id"]
    office = await sign_in("analyst", None, name="Trần Văn Quốc")
    r = await office.get(f"/collections/{cid}")
    link = f"/dashboard/export/collection.xlsx?collection={cid}&amp;replies=accepted"
    assert r.status_code == 200 and link in r.text
    r = await office.get(link.replace("&amp;", "&"))
    assert r.status_code == 200, r.text
    assert r.content.startswith(b"PK")  # an XLSX workbook
    audit = await api.ctx.db.raw("SELECT dataset, format FROM export_audit")
    assert {"dataset": "collection", "format": "xlsx"} in audit
    person = await sign_in("designer", "G08", name="Nguyễn Thị Thư")
    r = await person.get(link.replace("&amp;", "&"))
    assert r.status_code == 403
