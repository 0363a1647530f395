"""The workspace pages of nomination rounds: an agency ticks and submits its
nominations in a plain HTML form, the office sees them side by side, checks
the evidence, honours services and publishes the list."""

from __future__ import annotations

from typing import Any

from tests.integration.collections.nominations_setup import (
    BASE,
    BUSINESS,
    CITIZEN,
    G14,
    H29,
    MINISTRY,
    PARTIAL,
    YEAR,
    make_round,
    nomination_fixture,
)
from tests.integration.conftest import Api
from tests.integration.reports_setup import ratings, submit


async def test_an_agency_nominates_in_the_workspace(api: Api, sign_in: Any) -> None:
    ev = await nomination_fixture(api)
    cid = (await make_round(api, ev.office)).json()["id"]
    person = await sign_in("designer", H29, name="Nguyễn Thị Thư")
    r = await person.get(f"/collections/{cid}")
    assert r.status_code == 303 and r.headers["location"] == f"/nominations/{cid}"
    r = await person.get(f"/nominations/{cid}")
    assert r.status_code == 303 and r.headers["location"] == f"/nominations/{cid}/{H29}"
    page = f"/nominations/{cid}/{H29}"
    r = await person.get(page)
    assert r.status_code == 200, r.text
    assert f'value="{CITIZEN[0]}"' in r.text and f'name="pick" value="{PARTIAL}"' not in r.text
    assert "Xuất sắc" in r.text  # the report's verdict, in Vietnamese
    base = {"csrf_token": person.csrf_token, "revision": "0"}
    # six citizen services: refused with the reason, what was typed kept
    r = await person.post(page, data={**base, "action": "draft", "pick": CITIZEN,
                                      f"cost:{CITIZEN[0]}": "12.500"})
    assert r.status_code == 400 and 'role="alert"' in r.text and "tối đa 5" in r.text
    assert 'value="12500"' in r.text
    r = await person.post(page, data={**base, "action": "draft", "pick": [CITIZEN[0]],
                                      f"cost:{CITIZEN[0]}": "mười nghìn"})
    assert r.status_code == 400 and "cost_saving_vnd" in r.text
    r = await person.post(page, data={
        **base, "action": "draft", "pick": [CITIZEN[0], BUSINESS[0]],
        f"cost:{CITIZEN[0]}": "12.500", f"days:{CITIZEN[0]}": "1,5",
        f"note:{CITIZEN[0]}": "Không phải đến trụ sở", f"hours:{BUSINESS[0]}": "3"})
    assert r.status_code == 303, r.text
    r = await person.get(r.headers["location"])
    assert "Đã lưu bản nháp." in r.text and 'value="12500"' in r.text
    stored = (await api.call("GET", f"{BASE}/{cid}/nominations/{H29}", ev.key(H29))).json()
    assert stored["nominations"][0]["cost_saving_vnd"] == 12500
    assert stored["nominations"][0]["time_saving_days"] == 1.5
    assert stored["nominations"][1]["time_saving_hours"] == 3
    r = await person.post(page, data={
        **base, "revision": "1", "action": "submit", "pick": [CITIZEN[0], BUSINESS[0]],
        f"cost:{CITIZEN[0]}": "12500", f"note:{CITIZEN[0]}": "Không phải đến trụ sở"})
    assert r.status_code == 303, r.text
    r = await person.get(r.headers["location"] + "&lang=en")
    assert "The nominations were submitted to the national office." in r.text
    assert 'name="pick"' not in r.text and 'id="frozen"' in r.text
    # another agency's people never see it
    other = await sign_in("designer", G14)
    assert (await other.get(page)).status_code == 404
    r = await other.post(page, data={"csrf_token": other.csrf_token, "action": "draft",
                                     "pick": [CITIZEN[1]]})
    assert r.status_code == 404


async def test_the_office_compares_honours_and_publishes_in_the_workspace(
        api: Api, sign_in: Any) -> None:
    ev = await nomination_fixture(api)
    cid = (await make_round(api, ev.office)).json()["id"]
    for agency, items in ((H29, [CITIZEN[0], BUSINESS[0]]), (G14, [MINISTRY[0]])):
        await api.call("PUT", f"{BASE}/{cid}/nominations/{agency}/draft", ev.key(agency),
                       json={"nominations": [{"service": code} for code in items]})
        await api.call("POST", f"{BASE}/{cid}/nominations/{agency}/submit", ev.key(agency))
    office = await sign_in("analyst", None, name="Trần Văn Quốc")
    page = f"/nominations/{cid}"
    r = await office.get(page)
    assert r.status_code == 200 and 'id="nominations"' in r.text
    assert r.text.count("<tr data-agency=") == 3 and "Cần chấp nhận trước" in r.text
    r = await office.get(page, params={"audience": "business"})
    assert r.text.count("<tr data-agency=") == 1
    r = await office.get(page, params={"group": "ministries"})
    assert r.text.count("<tr data-agency=") == 1 and f'data-agency="{G14}"' in r.text
    r = await office.get(page, params={"sort": "online_dossiers"})
    assert r.text.index(f'data-service="{MINISTRY[0]}"') < r.text.index(
        f'data-service="{CITIZEN[0]}"') < r.text.index(f'data-service="{BUSINESS[0]}"')
    await submit(api, ev.key(H29, "portal"), "hai-long", CITIZEN[0], ratings(5, 0))
    r = await office.get(page, params={"check": "1"})
    assert "Khác" in r.text and "30 → 35" in r.text
    # review on the agency's page, then honour and publish
    r = await office.post(f"{page}/{H29}", data={"csrf_token": office.csrf_token,
                                                 "action": "accept"})
    assert r.status_code == 303, r.text
    r = await office.post(page, data={"csrf_token": office.csrf_token, "action": "honour",
                                      "agency": G14, "service": MINISTRY[0]})
    assert r.status_code == 409 and 'role="alert"' in r.text  # not accepted yet
    r = await office.post(page, data={"csrf_token": office.csrf_token, "action": "honour",
                                      "agency": H29, "service": CITIZEN[0],
                                      "back": "?audience=citizen"})
    assert r.status_code == 303
    assert r.headers["location"] == f"{page}?audience=citizen&done=honour"
    r = await office.post(page, data={"csrf_token": office.csrf_token, "action": "publish"})
    assert r.status_code == 303
    r = await office.get(r.headers["location"])
    assert f"/public/honours/{YEAR}" in r.text and "Trần Văn Quốc" in r.text
    r = await api.call("GET", f"/public/honours/{YEAR}.json")
    assert r.status_code == 200 and r.json()["count"] == 1
    # an agency's people cannot honour or publish
    person = await sign_in("analyst", H29)
    r = await person.post(page, data={"csrf_token": person.csrf_token, "action": "unpublish"})
    assert r.status_code == 403


async def test_the_office_makes_a_round_on_the_new_collection_page(
        api: Api, sign_in: Any) -> None:
    ev = await nomination_fixture(api)
    office = await sign_in("analyst", None, name="Trần Văn Quốc")
    r = await office.get("/collections/new")
    assert r.status_code == 200
    assert '<option value="nomination">' in r.text and 'id="year"' in r.text
    # without script both groups show, each with a legend naming its kind
    assert "Dành cho phiếu khảo sát" in r.text
    assert "Dành cho đợt đề xuất dịch vụ xuất sắc" in r.text
    assert f'value="{YEAR}"' in r.text and 'name="per_audience"' in r.text

    # every problem beside its field; the questionnaire's field is ignored
    bad = {"csrf_token": office.csrf_token, "title": "", "kind": "nomination",
           "form": "no-such-form", "year": "20x5", "per_audience": "11", "scope": "list",
           "deadline_date": "2024-02-30", "deadline_time": "", "before_days": "7, 2",
           "after_every_days": "7", "contact": ""}
    r = await office.post("/collections/new", data=bad)
    assert r.status_code == 400 and 'role="alert"' in r.text
    for name in ("year", "per_audience", "agencies", "deadline_date", "contact"):
        assert f'id="{name}-error1"' in r.text, name
    assert 'id="form-error1"' not in r.text and 'id="title-error1"' not in r.text
    assert "Hãy nhập năm có các dịch vụ được đề xuất" in r.text
    assert 'value="20x5"' in r.text  # what was typed is kept
    r = await office.post("/collections/new?lang=en", data=bad | {"year": "1999"})
    assert "Give the year whose services are nominated" in r.text
    assert "Write a whole number from 1 to 10" in r.text
    assert await api.ctx.db.raw("SELECT id FROM collection") == []

    good = bad | {"year": str(YEAR), "per_audience": "3", "agencies": [G14, H29],
                  "deadline_date": "2031-03-15", "deadline_time": "17:00",
                  "before_days": "10, 3", "after_every_days": "",
                  "contact": "Cục Chuyển đổi số quốc gia, 024 3943 7216"}
    r = await office.post("/collections/new", data=good)
    assert r.status_code == 303, r.text
    [row] = await api.ctx.db.raw("SELECT id FROM collection")
    assert r.headers["location"] == f"/nominations/{row['id']}?done=made"
    r = await office.get(r.headers["location"] + "&lang=vi")
    assert r.status_code == 200 and "Đã tạo đợt đề xuất" in r.text
    made = (await api.call("GET", f"{BASE}/{row['id']}", ev.office)).json()
    assert made["kind"] == "nomination" and made["year"] == YEAR and made["form"] is None
    assert made["title"] == f"Đề xuất dịch vụ công trực tuyến xuất sắc năm {YEAR}"
    assert made["per_audience"] == 3 and made["agencies"] == "list" and made["asked"] == 2
    assert made["deadline"] == "2031-03-15T17:00:00+07:00"
    assert made["reminders"] == {"before_days": [10, 3], "after_every_days": None}
    assert made["contact"] == "Cục Chuyển đổi số quốc gia, 024 3943 7216"
    # the agencies asked see the round and nominate as with a round made by the API
    person = await sign_in("designer", H29, name="Nguyễn Thị Thư")
    r = await person.get(f"/nominations/{row['id']}/{H29}")
    assert r.status_code == 200 and f'value="{CITIZEN[0]}"' in r.text

    # a second round for the year: the clear refusal beside the year, in either language
    r = await office.post("/collections/new?lang=vi", data=good | {"title": "Đợt thứ hai"})
    assert r.status_code == 400 and 'id="year-error1"' in r.text
    assert f"Đã có đợt đề xuất cho năm {YEAR}: mỗi năm một đợt." in r.text
    r = await office.post("/collections/new?lang=en", data=good)
    assert f"There is already a nomination round for {YEAR}: one round a year." in r.text
    assert r.text.index('id="year-error1"') < r.text.index('id="year"')
    # a title of its own, the default number per audience, every agency
    r = await office.post("/collections/new", data=good | {
        "year": str(YEAR - 1), "title": "Đợt đề xuất bổ sung", "per_audience": "",
        "scope": "all", "agencies": []})
    assert r.status_code == 303, r.text
    cid = int(r.headers["location"].split("/")[2].split("?")[0])
    made = (await api.call("GET", f"{BASE}/{cid}", ev.office)).json()
    assert made["title"] == "Đợt đề xuất bổ sung" and made["per_audience"] == 5
    assert made["year"] == YEAR - 1 and made["asked"] == 6
    assert len(await api.ctx.db.raw("SELECT id FROM nomination_round")) == 2

    # the round's fields are ignored for a questionnaire
    r = await office.post("/collections/new", data=good | {
        "kind": "form", "form": "hai-long", "title": "Khảo sát", "year": "x", "per_audience": "99"})
    assert r.status_code == 303 and r.headers["location"].startswith("/collections/"), r.text
    # an agency may not make a round; without the session's token nothing is made
    r = await person.post("/collections/new", data=good | {
        "year": str(YEAR + 1), "csrf_token": person.csrf_token})
    assert r.status_code == 403
    r = await office.post("/collections/new", data={k: v for k, v in good.items()
                                                     if k != "csrf_token"} | {
                                                         "year": str(YEAR + 1)})
    assert r.status_code == 403
    assert len(await api.ctx.db.raw("SELECT id FROM nomination_round")) == 2
