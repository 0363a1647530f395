"""Collections through the API: who makes them, who is asked, the replies'
steps and who may take each, lateness, and the tracking."""

from __future__ import annotations

import datetime as dt

from forms_service.i18n import VIETNAM
from tests.integration.collections.setup import ANSWERS, evaluation, in_days, make_collection
from tests.integration.conftest import Api

BASE = "/api/v1/collections"


async def test_the_office_makes_a_collection_of_every_ministry_and_province(api: Api) -> None:
    ev = await evaluation(api)
    r = await make_collection(api, ev.office, deadline="2030-11-30",
                              reminders={"before_days": [2, 7], "after_every_days": 7})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["asked"] == 6 and body["states"]["not_started"] == 6  # not the "other" body
    assert body["form"] == "agency-communication" and body["form_version"] == 1
    # a date is the end of that day in Vietnam time
    assert body["deadline"] == "2030-11-30T23:59:59+07:00"
    assert body["reminders"] == {"before_days": [7, 2], "after_every_days": 7}
    assert body["contact"].startswith("Trung tâm")
    # the contact is sealed at rest
    [row] = await api.ctx.db.raw("SELECT sealed_contact FROM collection")
    assert "Trung tâm" not in row["sealed_contact"]

    r = await make_collection(api, api.admin, agencies="ministries")
    assert r.status_code == 201 and r.json()["asked"] == 3
    r = await make_collection(api, ev.office, agencies=["G14", "000.00.00.H29"])
    assert r.status_code == 201 and r.json()["agencies"] == "list" and r.json()["asked"] == 2


async def test_only_the_national_office_makes_collections(api: Api) -> None:
    ev = await evaluation(api)
    for role in ("designer", "analyst", "portal"):
        r = await make_collection(api, ev.key("G14", role))
        assert r.status_code == 403, (role, r.text)
    r = await make_collection(api, None)
    assert r.status_code == 401
    assert await api.ctx.db.raw("SELECT id FROM collection") == []


async def test_bad_collections_are_refused_with_what_to_fix(api: Api) -> None:
    ev = await evaluation(api)
    cases = [
        ({"agencies": ["G14", "NOPE"]}, "NOPE"),
        ({"agencies": []}, "agencies"),
        ({"deadline": "30/11/2023"}, "deadline"),
        ({"form": "khong-co"}, "khong-co"),
        ({"contact": ""}, "contact"),
        ({"title": "  "}, "title"),
        ({"reminders": {"before_days": [0]}}, "before_days"),
        ({"reminders": {"before_days": [7], "after_every_days": 99}}, "after_every_days"),
    ]
    for change, named in cases:
        r = await make_collection(api, ev.office, **change)
        assert r.status_code in (400, 422), (change, r.text)
        assert named in r.text, (change, r.text)
    # Vietnamese by default
    r = await api.call("POST", BASE, ev.office, json={
        "title": "T", "form": "agency-communication", "agencies": ["NOPE"],
        "deadline": "2030-01-01", "contact": "x"})
    assert r.status_code == 400 and "NOPE" in r.json()["message"]
    assert r.json()["message"] != "agencies names codes no agency has: NOPE."
    assert await api.ctx.db.raw("SELECT id FROM collection") == []


async def test_a_reply_goes_from_draft_to_accepted_with_every_step_recorded(api: Api) -> None:
    ev = await evaluation(api)
    cid = (await make_collection(api, ev.office)).json()["id"]
    reply = f"{BASE}/{cid}/replies/G08"
    designer, analyst = ev.key("G08"), ev.key("G08", "analyst")

    r = await api.call("PUT", f"{reply}/draft", designer,
                       json={"answers": {"agency_name": "Bộ Xây dựng"}})
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "draft" and r.json()["revision"] == 1
    r = await api.call("PUT", f"{reply}/draft", analyst,
                       json={"answers": ANSWERS, "revision": 1})
    assert r.status_code == 200 and r.json()["revision"] == 2
    # a stale revision is refused, nothing lost
    r = await api.call("PUT", f"{reply}/draft", designer,
                       json={"answers": {"agency_name": "ghi đè"}, "revision": 1})
    assert r.status_code == 409 and r.json()["error"] == "stale_revision", r.text
    r = await api.call("GET", reply, designer)
    assert r.json()["answers"] == ANSWERS

    # the office cannot review a draft; the agency submits
    r = await api.call("POST", f"{reply}/accept", ev.office)
    assert r.status_code == 409 and r.json()["error"] == "wrong_state"
    r = await api.call("POST", f"{reply}/submit", analyst)
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "submitted" and r.json()["late"] is False
    # submitted: no more drafts until the office asks for changes
    r = await api.call("PUT", f"{reply}/draft", designer, json={"answers": ANSWERS})
    assert r.status_code == 409

    r = await api.call("POST", f"{reply}/request-changes", ev.office, json={"comment": ""})
    assert r.status_code == 400 and "comment" in r.text
    r = await api.call("POST", f"{reply}/request-changes", ev.office,
                       json={"comment": "Bổ sung số cán bộ làm công tác truyền thông."})
    assert r.status_code == 200 and r.json()["state"] == "changes_requested"
    r = await api.call("PUT", f"{reply}/draft", designer,
                       json={"answers": ANSWERS | {"staff": 4}})
    assert r.status_code == 200 and r.json()["state"] == "changes_requested"
    r = await api.call("POST", f"{reply}/submit", designer)
    assert r.status_code == 200 and r.json()["state"] == "submitted"
    r = await api.call("POST", f"{reply}/accept", api.admin)
    assert r.status_code == 200 and r.json()["state"] == "accepted"
    r = await api.call("POST", f"{reply}/submit", designer)
    assert r.status_code == 409

    history = r = (await api.call("GET", reply, designer)).json()["history"]
    assert [(h["action"], h["from_state"], h["to_state"]) for h in history] == [
        ("draft", "not_started", "draft"), ("draft", "draft", "draft"),
        ("submit", "draft", "submitted"),
        ("request_changes", "submitted", "changes_requested"),
        ("draft", "changes_requested", "changes_requested"),
        ("submit", "changes_requested", "submitted"), ("accept", "submitted", "accepted")]
    assert history[0]["details"] == {"changed": ["agency_name"]}
    assert history[1]["details"] == {"changed": ["channels_used", "frequency", "has_plan",
                                                 "proposals"]}
    assert history[4]["details"] == {"changed": ["staff"]}
    assert history[3]["comment"] == "Bổ sung số cán bộ làm công tác truyền thông."
    assert history[0]["by"] == "API key " + designer.split("_")[1]
    # the comment is sealed at rest
    rows = await api.ctx.db.raw("SELECT sealed_comment FROM collection_event "
                                "WHERE action = 'request_changes'")
    assert "Bổ sung" not in rows[0]["sealed_comment"]


async def test_who_may_take_each_step(api: Api) -> None:
    ev = await evaluation(api)
    cid = (await make_collection(api, ev.office)).json()["id"]
    reply = f"{BASE}/{cid}/replies/G08"
    # nobody but the agency's designers and analysts writes its reply
    for key in (ev.office, api.admin, ev.key("G08", "portal"), ev.key("G14"),
                ev.key("G14", "analyst")):
        r = await api.call("PUT", f"{reply}/draft", key, json={"answers": ANSWERS})
        assert r.status_code in (403, 404), r.text
    r = await api.call("PUT", f"{reply}/draft", ev.key("G08"), json={"answers": ANSWERS})
    assert r.status_code == 200
    for key in (ev.office, ev.key("G14"), ev.key("G08", "portal")):
        r = await api.call("POST", f"{reply}/submit", key)
        assert r.status_code in (403, 404), r.text
    r = await api.call("POST", f"{reply}/submit", ev.key("G08", "analyst"))
    assert r.status_code == 200
    # the agency does not review itself, nor does another agency
    for key in (ev.key("G08"), ev.key("G08", "analyst"), ev.key("G14", "analyst")):
        for step, body in (("accept", None), ("request-changes", {"comment": "x"})):
            r = await api.call("POST", f"{reply}/{step}", key, json=body)
            assert r.status_code in (403, 404), (step, r.text)
    [row] = await api.ctx.db.raw("SELECT state FROM collection_request r JOIN agency a "
                                 "ON a.id = r.agency WHERE a.code = 'G08'")
    assert row["state"] == "submitted"


async def test_an_agency_sees_only_its_own_reply(api: Api) -> None:
    ev = await evaluation(api)
    cid = (await make_collection(api, ev.office)).json()["id"]
    only_hd = (await make_collection(api, ev.office, agencies=["000.00.00.H29"])).json()["id"]
    r = await api.call("PUT", f"{BASE}/{cid}/replies/G08/draft", ev.key("G08"),
                       json={"answers": {"proposals": "Bí mật của Bộ Xây dựng"}})
    assert r.status_code == 200
    other = ev.key("G14")
    r = await api.call("GET", f"{BASE}/{cid}/replies/G08", other)
    assert r.status_code == 404 and "Bí mật" not in r.text
    r = await api.call("GET", f"{BASE}/{cid}/status", other)
    assert r.status_code == 403
    # a collection that does not ask the agency does not exist for it
    r = await api.call("GET", f"{BASE}/{only_hd}", other)
    assert r.status_code == 404
    r = await api.call("GET", BASE, other)
    assert [item["id"] for item in r.json()["items"]] == [cid]
    assert r.json()["items"][0]["asked"] == 1
    assert r.json()["items"][0]["states"]["draft"] == 0  # not G08's draft
    r = await api.call("GET", BASE, ev.key("G14", "portal"))  # a portal is asked nothing
    assert r.status_code == 200 and r.json()["items"] == []
    # the office sees everything
    r = await api.call("GET", f"{BASE}/{cid}/replies/G08", ev.office)
    assert r.json()["answers"] == {"proposals": "Bí mật của Bộ Xây dựng"}
    r = await api.call("GET", BASE, ev.office)
    assert len(r.json()["items"]) == 2


async def test_a_submission_after_the_deadline_is_taken_and_marked_late(api: Api) -> None:
    ev = await evaluation(api)
    cid = (await make_collection(api, ev.office, deadline=in_days(-1))).json()["id"]
    for code in ("G08", "G06"):
        await api.call("PUT", f"{BASE}/{cid}/replies/{code}/draft", ev.key(code),
                       json={"answers": ANSWERS})
    r = await api.call("POST", f"{BASE}/{cid}/replies/G08/submit", ev.key("G08"))
    assert r.status_code == 200 and r.json()["late"] is True
    assert r.json()["history"][-1]["late"] is True
    # the deadline is a moment in Vietnam time: one minute ahead is not late
    soon = (dt.datetime.now(VIETNAM) + dt.timedelta(minutes=1)).replace(tzinfo=None)
    cid2 = (await make_collection(api, ev.office, deadline=soon.isoformat())).json()["id"]
    await api.call("PUT", f"{BASE}/{cid2}/replies/G08/draft", ev.key("G08"),
                   json={"answers": ANSWERS})
    r = await api.call("POST", f"{BASE}/{cid2}/replies/G08/submit", ev.key("G08"))
    assert r.status_code == 200 and r.json()["late"] is False


async def test_incomplete_answers_are_not_submitted(api: Api) -> None:
    ev = await evaluation(api)
    cid = (await make_collection(api, ev.office)).json()["id"]
    reply = f"{BASE}/{cid}/replies/G08"
    r = await api.call("POST", f"{reply}/submit", ev.key("G08"))
    assert r.status_code == 409  # nothing saved yet
    r = await api.call("PUT", f"{reply}/draft", ev.key("G08"),
                       json={"answers": {"agency_name": "Bộ Xây dựng", "khong_co": 1}})
    assert r.status_code == 400 and "khong_co" in r.text
    await api.call("PUT", f"{reply}/draft", ev.key("G08"),
                   json={"answers": {"agency_name": "Bộ Xây dựng"}})
    r = await api.call("POST", f"{reply}/submit", ev.key("G08"),
                       headers={"Accept-Language": "en"})
    assert r.status_code == 422, r.text
    assert {e["path"] for e in r.json()["errors"]} >= {"/proposals", "/frequency"}
    r = await api.call("GET", reply, ev.key("G08"))
    assert r.json()["state"] == "draft" and r.json()["answers"] == {"agency_name": "Bộ Xây dựng"}


async def test_the_status_lists_every_agency_in_a_letters_order(api: Api) -> None:
    ev = await evaluation(api)
    cid = (await make_collection(api, ev.office)).json()["id"]
    await api.call("PUT", f"{BASE}/{cid}/replies/G14/draft", ev.key("G14"),
                   json={"answers": ANSWERS})
    r = await api.call("POST", f"{BASE}/{cid}/replies/G14/submit", ev.key("G14"))
    assert r.status_code == 200
    await api.call("PUT", f"{BASE}/{cid}/replies/000.00.00.H29/draft",
                   ev.key("000.00.00.H29"), json={"answers": ANSWERS})
    r = await api.call("GET", f"{BASE}/{cid}/status", ev.office)
    assert r.status_code == 200, r.text
    body = r.json()
    assert [(a["agency"], a["state"]) for a in body["agencies"]] == [
        ("G06", "not_started"), ("G14", "submitted"), ("G08", "not_started"),
        ("000.00.00.H09", "not_started"), ("000.00.00.H16", "not_started"),
        ("000.00.00.H29", "draft")]
    assert body["agencies"][1]["submitted_at"] is not None
    assert body["not_sent_sentence"] == (
        "Các đơn vị chưa gửi: Bộ Giáo dục và Đào tạo; Bộ Xây dựng; Bình Dương; Đắk Nông; "
        "Hải Dương.")
    assert body["not_sent"] == ["G06", "G08", "000.00.00.H09", "000.00.00.H16",
                                "000.00.00.H29"]
