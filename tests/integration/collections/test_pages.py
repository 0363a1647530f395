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
