"""Handling cases: transitions with who and when, notes, reopening, deadlines,
overdue counts, filters, masking and the dossier timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from forms_service.cases.opening import LISTENER
from forms_service.submissions.listeners import Answered
from tests.integration.cases.setup import AGENCY, CASES, SERVICE, SLUG, answer, province
from tests.integration.conftest import Api
from tests.integration.dossiers_setup import lifecycle, organisation, send

VN = dt.timezone(dt.timedelta(hours=7))


async def _case(api: Api, response_id: int) -> int:
    [row] = await api.ctx.db.raw("SELECT id FROM feedback_case WHERE response = {}",
                                 response_id)
    return int(row["id"])


async def _move(api: Api, key: str, case: int, **body: Any) -> Any:
    return await api.call("POST", f"{CASES}/{case}/transitions", key, json=body,
                          headers={"Accept-Language": "en"})


async def test_a_case_from_new_to_closed_records_every_transition(api: Api) -> None:
    keys = await province(api)
    await organisation(api, keys["designer"])
    case = await _case(api, await answer(api, keys["portal"], "HS-1", overall=1))
    r = await _move(api, keys["analyst"], case, action="acknowledge", note="Đã nhận")
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "acknowledged" and r.json()["acknowledged_at"]
    r = await _move(api, keys["designer"], case, action="assign", unit="TTHCC")
    assert r.status_code == 200 and r.json()["assigned_unit"] == "TTHCC", r.text
    r = await _move(api, keys["analyst"], case, action="respond")
    assert r.status_code == 200 and r.json()["state"] == "responded", r.text
    r = await _move(api, keys["analyst"], case, action="close", outcome="resolved")
    body = r.json()
    assert r.status_code == 200 and body["state"] == "closed", r.text
    assert body["outcome"] == "resolved" and body["actions"] == ["reopen"]
    steps = [(t["action"], t["from_state"], t["to_state"]) for t in body["transitions"]]
    assert steps == [("acknowledge", "new", "acknowledged"), ("assign", "acknowledged", "assigned"),
                     ("respond", "assigned", "responded"), ("close", "responded", "closed")]
    analyst_id = keys["analyst"].split("_")[1]
    assert body["transitions"][0]["actor"] == analyst_id
    assert body["transitions"][1]["actor"] == keys["designer"].split("_")[1]
    assert all(t["at"] for t in body["transitions"])
    assert [n["text"] for n in body["notes"]] == ["Đã nhận"]


async def test_invalid_transitions_are_refused_clearly(api: Api) -> None:
    keys = await province(api)
    await organisation(api, keys["designer"])
    case = await _case(api, await answer(api, keys["portal"], "HS-1", overall=1))
    r = await _move(api, keys["analyst"], case, action="respond")
    assert r.status_code == 409, r.text
    assert r.json()["error"] == "invalid_transition"
    assert r.json()["message"] == ("A case that is new cannot respond; it may: "
                                   "acknowledge, close.")
    r = await _move(api, keys["analyst"], case, action="escalate")
    assert r.status_code == 400 and "/action" in r.json()["message"], r.text
    r = await _move(api, keys["analyst"], case, action="close")
    assert r.status_code == 400 and "outcome" in r.json()["message"], r.text
    r = await _move(api, keys["analyst"], case, action="close", outcome="resolved")
    assert r.status_code == 409, r.text
    await _move(api, keys["analyst"], case, action="acknowledge")
    r = await _move(api, keys["analyst"], case, action="assign")
    assert r.status_code == 400 and "either unit" in r.json()["message"], r.text
    r = await _move(api, keys["analyst"], case, action="assign", unit="KHONG-CO")
    assert r.status_code == 400 and "KHONG-CO" in r.json()["message"], r.text
    r = await _move(api, keys["analyst"], case, action="assign", person=999999)
    assert r.status_code == 400, r.text
    r = await _move(api, keys["analyst"], case, action="assign", unit="TTHCC", colour=1)
    assert r.status_code == 400 and "colour" in r.json()["message"], r.text
    r = await api.call("POST", f"{CASES}/{case}/transitions", keys["analyst"],
                       json={"action": "respond"})
    assert r.status_code == 409 and "không thể" in r.json()["message"], r.text
    # nothing of the refused calls was recorded
    rows = await api.ctx.db.raw("SELECT action FROM case_transition")
    assert [row["action"] for row in rows] == ["acknowledge"]
    r = await _move(api, keys["portal"], case, action="respond")
    assert r.status_code == 403, r.text


async def test_duplicates_close_early_and_closed_cases_reopen_within_the_window(
        api: Api) -> None:
    keys = await province(api)
    await organisation(api, keys["designer"])
    first = await _case(api, await answer(api, keys["portal"], "HS-1", overall=1))
    r = await _move(api, keys["analyst"], first, action="close", outcome="duplicate")
    assert r.status_code == 200 and r.json()["outcome"] == "duplicate", r.text
    r = await _move(api, keys["analyst"], first, action="reopen")
    assert r.status_code == 200 and r.json()["state"] == "acknowledged", r.text
    assert r.json()["reopened"] == 1 and r.json()["outcome"] is None
    await _move(api, keys["analyst"], first, action="assign", unit="XA-AN")
    await _move(api, keys["analyst"], first, action="respond")
    await _move(api, keys["analyst"], first, action="close", outcome="not_resolvable")
    r = await _move(api, keys["analyst"], first, action="reopen")
    assert r.status_code == 200 and r.json()["state"] == "assigned", r.text  # back to XA-AN
    await _move(api, keys["analyst"], first, action="respond")
    await _move(api, keys["analyst"], first, action="close", outcome="resolved")
    # closed 31 days ago: past the default 30-day window
    await api.ctx.db.raw("UPDATE feedback_case SET closed_at = {} WHERE id = {}",
                         dt.datetime.now(dt.UTC) - dt.timedelta(days=31), first)
    r = await _move(api, keys["analyst"], first, action="reopen")
    assert r.status_code == 409 and "30 days" in r.json()["message"], r.text
    r = await api.call("PUT", f"/api/v1/agencies/{AGENCY}/case-settings", keys["designer"],
                       json={"reopen_days": 60})
    assert r.status_code == 200, r.text
    r = await _move(api, keys["analyst"], first, action="reopen")
    assert r.status_code == 200, r.text


async def test_assigning_to_a_person_of_the_agency(api: Api) -> None:
    keys = await province(api)
    case = await _case(api, await answer(api, keys["portal"], "HS-1", overall=1))
    [agency] = await api.ctx.db.raw("SELECT id FROM agency WHERE code = {}", AGENCY)
    [person] = await api.ctx.db.raw(
        "INSERT INTO person (email, name, role, agency, locale, active, created_at) VALUES "
        "({}, {}, 'analyst', {}, 'vi', {}, {}) RETURNING id", "lan@hd.gov.vn",
        "Phạm Thị Lan", agency["id"], True, dt.datetime.now(dt.UTC))
    await _move(api, keys["analyst"], case, action="acknowledge")
    r = await _move(api, keys["analyst"], case, action="assign", person=person["id"])
    assert r.status_code == 200, r.text
    assert r.json()["assigned_person_name"] == "Phạm Thị Lan"
    r = await api.call("GET", CASES, keys["analyst"], params={"state": "assigned"})
    assert [c["id"] for c in r.json()["items"]] == [case]


async def test_notes_are_kept_and_masked_like_answers(api: Api) -> None:
    keys = await province(api)
    case = await _case(api, await answer(
        api, keys["portal"], "HS-1", overall=1, reason="Gọi tôi: 0912 345 678"))
    r = await api.call("POST", f"{CASES}/{case}/notes", keys["designer"],
                       json={"text": "Đã gọi 0987654321, hẹn lại"})
    assert r.status_code == 201, r.text
    r = await api.call("POST", f"{CASES}/{case}/notes", keys["designer"], json={"text": " "})
    assert r.status_code == 400, r.text
    r = await api.call("GET", f"{CASES}/{case}", keys["designer"])
    body = r.json()
    assert r.status_code == 200, r.text
    assert "0912" not in str(body["answer"]) and "0987654321" not in str(body["notes"])
    assert body["answer"]["answers"]["overall"] == 1
    audits = "SELECT unmasked FROM export_audit WHERE dataset = 'case'"
    assert await api.ctx.db.raw(audits) == []
    r = await api.call("GET", f"{CASES}/{case}", keys["designer"], params={"unmasked": "true"})
    assert r.status_code == 403, r.text
    r = await api.call("GET", f"{CASES}/{case}", keys["analyst"], params={"unmasked": "true"})
    assert r.status_code == 200, r.text
    assert r.json()["answer"]["answers"]["reason"] == "Gọi tôi: 0912 345 678"
    assert r.json()["notes"][0]["text"] == "Đã gọi 0987654321, hẹn lại"
    assert [bool(a["unmasked"]) for a in await api.ctx.db.raw(audits)] == [True]


async def test_the_case_links_its_dossier_timeline_unit_and_officer(api: Api) -> None:
    keys = await province(api)
    await organisation(api, keys["designer"])
    await send(api, keys["integration"], lifecycle("HS-77", unit="TTHCC", officer="CB01"))
    case = await _case(api, await answer(api, keys["portal"], "HS-77", overall=2))
    r = await api.call("GET", f"{CASES}/{case}", keys["analyst"])
    body = r.json()
    assert r.status_code == 200, r.text
    assert (body["service"], body["unit"], body["officer"]) == (SERVICE, "TTHCC", "CB01")
    assert body["has_dossier"] and "dossier_hash" not in body
    assert [e["status"] for e in body["dossier_timeline"]] == [
        "received", "processing", "returned"]
    assert body["dossier_timeline"][0]["unit"] == "TTHCC"
    r = await api.call("GET", CASES, keys["analyst"], params={"officer": "CB01"})
    assert [c["id"] for c in r.json()["items"]] == [case]
    r = await api.call("GET", CASES, keys["analyst"], params={"unit": "XA-AN"})
    assert r.json()["items"] == []


async def test_overdue_cases_are_flagged_counted_and_filtered(api: Api) -> None:
    keys = await province(api)
    late = await _case(api, await answer(api, keys["portal"], "HS-1", overall=1))
    fresh = await _case(api, await answer(api, keys["portal"], "HS-2", overall=1))
    await answer(api, keys["portal"], "HS-3", overall=5)
    await api.ctx.db.raw("UPDATE feedback_case SET acknowledge_due = {} WHERE id = {}",
                         dt.date(2026, 1, 5), late)
    r = await api.call("GET", CASES, keys["analyst"])
    page = r.json()
    assert r.status_code == 200, r.text
    assert page["counts"]["new"] == 2 and page["counts"]["overdue"] == 1
    assert {c["id"]: c["overdue"] for c in page["items"]} == {late: True, fresh: False}
    r = await api.call("GET", CASES, keys["analyst"], params={"overdue": "true"})
    assert [c["id"] for c in r.json()["items"]] == [late]
    r = await api.call("GET", CASES, keys["analyst"], params={"overdue": "false"})
    assert [c["id"] for c in r.json()["items"]] == [fresh]
    # acknowledged: no longer late to acknowledge; late to respond once that passes
    await _move(api, keys["analyst"], late, action="acknowledge")
    r = await api.call("GET", CASES, keys["analyst"], params={"overdue": "true"})
    assert r.json()["items"] == []
    await api.ctx.db.raw("UPDATE feedback_case SET respond_due = {} WHERE id = {}",
                         dt.date(2026, 1, 19), late)
    r = await api.call("GET", CASES, keys["analyst"], params={"overdue": "true"})
    assert [c["id"] for c in r.json()["items"]] == [late]


async def test_list_filters_and_pages(api: Api) -> None:
    keys = await province(api)
    ids = [await _case(api, await answer(api, keys["portal"], f"HS-{i}", overall=1))
           for i in range(3)]
    r = await api.call("GET", CASES, keys["analyst"], params={"limit": 2})
    page = r.json()
    assert [c["id"] for c in page["items"]] == ids[:0:-1] and page["next_before"] == ids[1]
    r = await api.call("GET", CASES, keys["analyst"], params={"limit": 2, "before": ids[1]})
    assert [c["id"] for c in r.json()["items"]] == [ids[0]]
    year = dt.datetime.now(VN).year
    for params, expected in (({"service": SERVICE}, 3), ({"service": "9.999999"}, 0),
                             ({"form": SLUG}, 3), ({"period": str(year)}, 3),
                             ({"period": str(year - 1)}, 0), ({"state": "new"}, 3),
                             ({"state": "closed"}, 0)):
        r = await api.call("GET", CASES, keys["analyst"], params=params)
        assert r.status_code == 200 and len(r.json()["items"]) == expected, (params, r.text)
    for params in ({"state": "open"}, {"period": "2026-13"}):
        r = await api.call("GET", CASES, keys["analyst"], params=params)
        assert r.status_code == 400, r.text
    r = await api.call("GET", CASES, keys["portal"])
    assert r.status_code == 403, r.text


async def test_deadlines_follow_the_agency_settings_and_days_off_across_tet(api: Api) -> None:
    await province(api)
    [agency] = await api.ctx.db.raw("SELECT id FROM agency WHERE code = {}", AGENCY)
    [form] = await api.ctx.db.raw("SELECT id FROM form WHERE slug = {}", SLUG)
    before_tet = Answered(agency=agency["id"], form=form["id"], service=None,
                          dossier_hash=None, answers={"overall": 1}, satisfied=False,
                          submitted_at=dt.datetime(2027, 2, 3, 16, 0, tzinfo=VN))

    async def deadlines() -> tuple[dt.date, dt.date]:
        [row] = await LISTENER.follow_ups(api.ctx, before_tet)
        return row.values["acknowledge_due"], row.values["respond_due"]

    # Tết 2027: Thursday 4 to Wednesday 10 February
    assert await deadlines() == (dt.date(2027, 2, 12), dt.date(2027, 2, 24))
    designer = await api.make_key("designer", AGENCY)
    r = await api.call("POST", f"/api/v1/agencies/{AGENCY}/days-off", designer,
                       json={"day": "2027-02-11", "note": "Nghỉ bù"})
    assert r.status_code == 201, r.text
    assert await deadlines() == (dt.date(2027, 2, 15), dt.date(2027, 2, 25))
    r = await api.call("PUT", f"/api/v1/agencies/{AGENCY}/case-settings", designer,
                       json={"acknowledge_days": 1, "respond_days": 5})
    assert r.status_code == 200, r.text
    assert await deadlines() == (dt.date(2027, 2, 12), dt.date(2027, 2, 18))
    r = await api.call("GET", f"/api/v1/agencies/{AGENCY}/days-off", designer)
    assert r.json() == [{"day": "2027-02-11", "note": "Nghỉ bù"}]
    r = await api.call("DELETE", f"/api/v1/agencies/{AGENCY}/days-off/2027-02-11", designer)
    assert r.status_code == 200, r.text
    assert await deadlines() == (dt.date(2027, 2, 11), dt.date(2027, 2, 17))
    # an answer before midnight UTC that is already the next day in Vietnam
    late_evening = Answered(agency=agency["id"], form=form["id"], service=None,
                            dossier_hash=None, answers={"overall": 1}, satisfied=False,
                            submitted_at=dt.datetime(2027, 2, 2, 18, 0, tzinfo=dt.UTC))
    [row] = await LISTENER.follow_ups(api.ctx, late_evening)
    assert row.values["acknowledge_due"] == dt.date(2027, 2, 11)  # opened 3 Feb in Vietnam


async def test_settings_are_checked(api: Api) -> None:
    keys = await province(api)
    path = f"/api/v1/agencies/{AGENCY}/case-settings"
    r = await api.call("GET", path, keys["analyst"])
    assert r.json()["acknowledge_days"] == 2 and r.json()["respond_days"] == 10
    for body in ({"acknowledge_days": 0}, {"respond_days": 1, "acknowledge_days": 2},
                 {"colour": 1}, {"reopen_days": "30"}):
        r = await api.call("PUT", path, keys["designer"], json=body)
        assert r.status_code == 400, (body, r.text)
    r = await api.call("PUT", path, keys["analyst"], json={"respond_days": 5})
    assert r.status_code == 403, r.text
    r = await api.call("POST", f"/api/v1/agencies/{AGENCY}/days-off", keys["designer"],
                       json={"day": "11/02/2027"})
    assert r.status_code == 400 and "/day" in r.json()["message"], r.text


async def test_two_people_acting_at_once_get_one_transition_and_one_conflict(
        api: Api) -> None:
    import asyncio

    keys = await province(api)
    case = await _case(api, await answer(api, keys["portal"], "HS-1", overall=1))
    first, second = await asyncio.gather(
        _move(api, keys["analyst"], case, action="acknowledge"),
        _move(api, keys["designer"], case, action="acknowledge"))
    assert sorted([first.status_code, second.status_code]) == [200, 409], (first.text,
                                                                           second.text)
    rows = await api.ctx.db.raw("SELECT action FROM case_transition")
    assert [row["action"] for row in rows] == ["acknowledge"]


async def test_a_purged_answer_leaves_its_case_and_figures(api: Api) -> None:
    from forms_service.privacy.purge import purge_responses

    keys = await province(api)
    response = await answer(api, keys["portal"], "HS-1", overall=1, reason="Chờ lâu")
    case = await _case(api, response)
    await api.ctx.db.raw("UPDATE response SET month = '2021-06' WHERE id = {}", response)
    await purge_responses(api.ctx, 24)
    assert await api.ctx.db.raw("SELECT id FROM response WHERE id = {}", response) == []
    [row] = await api.ctx.db.raw("SELECT response, state FROM feedback_case WHERE id = {}",
                                 case)
    assert row["response"] is None and row["state"] == "new"
    r = await api.call("GET", f"{CASES}/{case}", keys["analyst"])
    assert r.status_code == 200 and r.json()["answer"] is None, r.text
    r = await _move(api, keys["analyst"], case, action="acknowledge")
    assert r.status_code == 200, r.text
