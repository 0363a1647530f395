"""Nomination rounds of excellent services (seed 000) through the API: who makes
a round, the agency's nominations within the limits, the states and who may
take each step, agency isolation, the evidence frozen at submission, the
office's side-by-side view, honours and the published honour list."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from forms_service.settings import Settings
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
    pick,
    stats,
)
from tests.integration.conftest import Api
from tests.integration.outbox.smtp_server import self_signed, start_server
from tests.integration.reports_setup import ratings, submit


@pytest.fixture
def smtp(tmp_path: Path) -> Any:
    controller, inbox = start_server("plain", *self_signed(tmp_path))
    try:
        yield f"smtp+plain://127.0.0.1:{controller.port}", inbox
    finally:
        controller.stop()


async def _round(api: Api, office: str) -> int:
    r = await make_round(api, office)
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


async def _submitted(api: Api, ev: Any, cid: int, agency: str,
                     items: list[dict[str, Any]]) -> dict[str, Any]:
    r = await api.call("PUT", f"{BASE}/{cid}/nominations/{agency}/draft", ev.key(agency),
                       json={"nominations": items})
    assert r.status_code == 200, r.text
    r = await api.call("POST", f"{BASE}/{cid}/nominations/{agency}/submit", ev.key(agency))
    assert r.status_code == 200, r.text
    return dict(r.json())


async def test_the_office_makes_one_round_a_year(api: Api) -> None:
    ev = await nomination_fixture(api)
    r = await make_round(api, ev.office, per_audience=5)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["kind"] == "nomination" and body["form"] is None and body["year"] == YEAR
    assert body["asked"] == 6 and body["published"] is False and body["per_audience"] == 5
    assert body["title"] == f"Đề xuất dịch vụ công trực tuyến xuất sắc năm {YEAR}"
    r = await make_round(api, api.admin)
    assert r.status_code == 409 and str(YEAR) in r.json()["message"]
    for role in ("designer", "analyst", "portal"):
        r = await make_round(api, ev.key(G14, role), year=YEAR + 1)
        assert r.status_code == 403, (role, r.text)
    for change, named in (({"year": 1999}, "year"), ({"contact": ""}, "contact"),
                          ({"agencies": ["NOPE"]}, "NOPE"), ({"deadline": "31/8"}, "deadline")):
        r = await make_round(api, ev.office, **(change | ({"year": YEAR + 2}
                                                          if "year" not in change else {})))
        assert r.status_code in (400, 422), (change, r.text)
        assert named in r.text, (change, r.text)
    assert len(await api.ctx.db.raw("SELECT id FROM nomination_round")) == 1
    # the round is a collection: listed for the office and for the agencies it asks
    r = await api.call("GET", "/api/v1/collections", ev.key(H29))
    assert [item["kind"] for item in r.json()["items"]] == ["nomination"]
    # the questionnaire's own endpoints say where nominations go
    r = await api.call("PUT", f"/api/v1/collections/{body['id']}/replies/{H29}/draft",
                       ev.key(H29), json={"answers": {}})
    assert r.status_code == 400 and "nomination" in r.text


async def test_two_rounds_made_at_the_same_moment_make_one(api: Api) -> None:
    ev = await nomination_fixture(api)
    answers = await asyncio.gather(*(make_round(api, ev.office, title=f"Đợt {n}")
                                     for n in range(3)))
    assert sorted(r.status_code for r in answers) == [201, 409, 409], [r.text for r in answers]
    for r in answers:
        if r.status_code == 409:
            assert r.json()["error"] == "round_exists", r.text
            assert str(YEAR) in r.json()["message"]
    assert len(await api.ctx.db.raw("SELECT id FROM nomination_round")) == 1
    assert len(await api.ctx.db.raw("SELECT id FROM collection")) == 1


async def test_a_round_made_while_another_is_being_made_is_refused_plainly(
        api: Api, settings: Settings) -> None:
    """PostgreSQL: another transaction holds an uncommitted round for the year,
    so the check before the insert sees nothing and the unique key refuses the
    insert once that transaction commits: the same 409 as the plain case."""
    if settings.is_sqlite:
        pytest.skip("SQLite makes one write at a time; set PHIEU_TEST_DATABASE_URL=postgresql://…")
    import asyncpg

    ev = await nomination_fixture(api)
    other = await asyncpg.connect(settings.database_url.replace("postgresql+", "postgres"))
    try:
        transaction = other.transaction()
        await transaction.start()
        held = await other.fetchval(
            "INSERT INTO collection (title, kind, form, form_version, scope, deadline, "
            "reminders, sealed_contact, created_by, created_at) VALUES ('Đợt song song', "
            "'nomination', NULL, NULL, 'all', now(), '{}', '', 'other', now()) RETURNING id")
        await other.execute("INSERT INTO nomination_round (collection, year, per_audience, "
                            "published, published_at) VALUES ($1, $2, 5, false, NULL)",
                            held, YEAR)
        made = asyncio.create_task(make_round(api, ev.office))
        for _ in range(200):  # until the request waits for the held transaction
            if made.done() or await other.fetchval(
                    "SELECT count(*) FROM pg_locks WHERE NOT granted"):
                break
            await asyncio.sleep(0.05)
        assert not made.done(), made.result().text
        await transaction.commit()
        r = await asyncio.wait_for(made, 30)
    finally:
        await other.close()
    assert r.status_code == 409, r.text
    assert r.json()["error"] == "round_exists"
    assert r.json()["message"] == f"Đã có đợt đề xuất cho năm {YEAR}: mỗi năm một đợt."
    plain = await make_round(api, ev.office)  # the same answer as a plain second round
    assert (plain.status_code, plain.json()) == (r.status_code, r.json())
    # nothing of the refused round is kept
    assert [row["collection"] for row in await api.ctx.db.raw(
        "SELECT collection FROM nomination_round")] == [held]
    assert len(await api.ctx.db.raw("SELECT id FROM collection")) == 1


async def test_the_agency_sees_its_candidates_with_their_evidence(api: Api) -> None:
    ev = await nomination_fixture(api)
    cid = await _round(api, ev.office)
    r = await api.call("GET", f"{BASE}/{cid}/nominations/{H29}", ev.key(H29, "analyst"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["state"] == "not_started" and body["nominations"] == [] and body["frozen"] is None
    offered = {c["service"]: c for c in body["candidates"]}
    assert set(offered) == {*CITIZEN, PARTIAL, *BUSINESS}
    first = offered[CITIZEN[0]]
    assert first["suggested"] and first["audience"] == "citizen"
    assert first["evidence"]["online_dossiers"] == 910 and first["evidence"]["online_rank"] == 1
    assert first["evidence"]["satisfaction"]["n"] == 30
    assert first["evidence"]["satisfaction"]["verdict"] == "excellent"
    assert first["evidence"]["savings"]["cost_saving_vnd"] == 50000
    assert offered[PARTIAL]["delivery"] == "partial_online" and not offered[PARTIAL]["suggested"]
    assert offered[BUSINESS[0]]["evidence"]["satisfaction"]["verdict"] == "below"


async def test_nominations_are_kept_within_the_limits(api: Api) -> None:
    ev = await nomination_fixture(api)
    cid = await _round(api, ev.office)
    draft = f"{BASE}/{cid}/nominations/{H29}/draft"
    cases = [
        ([pick(code) for code in CITIZEN], "5"),  # six citizen services
        ([pick(PARTIAL)], "toàn trình"),
        ([pick(MINISTRY[0])], MINISTRY[0]),  # another agency's service
        ([pick("9.999999")], "9.999999"),
        ([pick(CITIZEN[0]), pick(CITIZEN[0])], CITIZEN[0]),
        ([pick(CITIZEN[0], cost_saving_vnd=-1)], "cost_saving_vnd"),
        ([pick(CITIZEN[0], time_saving_hours=1e12)], "time_saving_hours"),
        ([pick(CITIZEN[0], note="x" * 2001)], "note"),
        ([pick(CITIZEN[0], colour="red")], "colour"),
    ]
    for items, named in cases:
        r = await api.call("PUT", draft, ev.key(H29), json={"nominations": items})
        assert r.status_code in (400, 422), (items[:1], r.text)
        assert named in r.text, (named, r.text)
    assert (await api.call("GET", f"{BASE}/{cid}/nominations/{H29}", ev.key(H29))).json()[
        "revision"] == 0
    chosen = ([pick(code, cost_saving_vnd=20000, time_saving_days=1.5,
                    note="Không phải đi lại") for code in CITIZEN[:5]]
              + [pick(code, time_saving_hours=4) for code in BUSINESS[:5]])
    r = await api.call("PUT", draft, ev.key(H29), json={"nominations": chosen})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["state"] == "draft" and body["revision"] == 1 and len(body["nominations"]) == 10
    assert body["nominations"][0] | {} == {
        "service": CITIZEN[0], "name": f"Thủ tục {CITIZEN[0]}", "audience": "citizen",
        "cost_saving_vnd": 20000, "time_saving_hours": None, "time_saving_days": 1.5,
        "note": "Không phải đi lại"}
    assert body["history"][-1]["details"]["changed"] == sorted(
        [*CITIZEN[:5], *BUSINESS[:5]])
    r = await api.call("PUT", draft, ev.key(H29, "analyst"),
                       json={"nominations": chosen[:1], "revision": 0})
    assert r.status_code == 409, r.text


async def test_states_and_who_may_take_each_step(api: Api) -> None:
    ev = await nomination_fixture(api)
    cid = await _round(api, ev.office)
    own = f"{BASE}/{cid}/nominations/{H29}"
    reply = f"/api/v1/collections/{cid}/replies/{H29}"
    # nothing to submit yet; an agency cannot review; the office cannot nominate
    r = await api.call("POST", f"{own}/submit", ev.key(H29))
    assert r.status_code == 409, r.text
    r = await api.call("PUT", f"{own}/draft", ev.office, json={"nominations": []})
    assert r.status_code == 403
    r = await api.call("PUT", f"{own}/draft", ev.key(H29, "portal"), json={"nominations": []})
    assert r.status_code in (403, 404)
    r = await api.call("PUT", f"{own}/draft", ev.key(H29), json={"nominations": []})
    assert r.status_code == 200 and r.json()["state"] == "draft"
    r = await api.call("POST", f"{own}/submit", ev.key(H29))
    assert r.status_code == 400 and "ít nhất một dịch vụ" in r.json()["message"], r.text
    r = await api.call("POST", f"{reply}/accept", ev.office)
    assert r.status_code == 409  # a draft is not reviewed
    r = await api.call("PUT", f"{own}/draft", ev.key(H29),
                       json={"nominations": [pick(CITIZEN[0]), pick(BUSINESS[0])]})
    assert r.status_code == 200
    r = await api.call("POST", f"{own}/submit", ev.office)
    assert r.status_code == 403
    r = await api.call("POST", f"{own}/submit", ev.key(H29, "analyst"))
    assert r.status_code == 200 and r.json()["state"] == "submitted", r.text
    r = await api.call("PUT", f"{own}/draft", ev.key(H29), json={"nominations": []})
    assert r.status_code == 409  # submitted: no more drafts until changes are asked
    r = await api.call("POST", f"{reply}/accept", ev.key(H29, "analyst"))
    assert r.status_code == 403
    honour = {"agency": H29, "service": CITIZEN[0]}
    r = await api.call("POST", f"{BASE}/{cid}/honours", ev.office, json=honour)
    assert r.status_code == 409 and "chấp nhận" in r.json()["message"], r.text
    r = await api.call("POST", f"{reply}/request-changes", ev.office,
                       json={"comment": "Đề nghị bổ sung số liệu tiết kiệm chi phí."})
    assert r.status_code == 200 and r.json()["state"] == "changes_requested"
    r = await api.call("PUT", f"{own}/draft", ev.key(H29), json={"nominations": [
        pick(CITIZEN[0], cost_saving_vnd=30000), pick(BUSINESS[0])]})
    assert r.status_code == 200 and r.json()["state"] == "changes_requested"
    r = await api.call("POST", f"{own}/submit", ev.key(H29))
    assert r.status_code == 200 and r.json()["state"] == "submitted"
    r = await api.call("POST", f"{reply}/accept", ev.office)
    assert r.status_code == 200 and r.json()["state"] == "accepted"
    r = await api.call("PUT", f"{own}/draft", ev.key(H29), json={"nominations": []})
    assert r.status_code == 409
    steps = [step["action"] for step in (await api.call("GET", own, ev.office)).json()["history"]]
    assert steps == ["draft", "draft", "submit", "request_changes", "draft", "submit", "accept"]
    # honours and publication: the office only
    r = await api.call("POST", f"{BASE}/{cid}/publish", ev.office)
    assert r.status_code == 409  # nothing honoured yet
    for key in (ev.key(H29), ev.key(H29, "analyst")):
        r = await api.call("POST", f"{BASE}/{cid}/honours", key, json=honour)
        assert r.status_code == 403
        r = await api.call("POST", f"{BASE}/{cid}/publish", key)
        assert r.status_code == 403
    r = await api.call("POST", f"{BASE}/{cid}/honours", ev.office,
                       json={"agency": H29, "service": CITIZEN[3]})
    assert r.status_code == 400 and CITIZEN[3] in r.text  # not nominated
    r = await api.call("POST", f"{BASE}/{cid}/honours", ev.office, json=honour)
    assert r.status_code == 200 and r.json()["honoured"] == 1
    r = await api.call("POST", f"{BASE}/{cid}/honours", ev.office, json=honour)
    assert r.status_code == 200 and r.json()["honoured"] == 1  # once
    r = await api.call("POST", f"{BASE}/{cid}/publish", ev.office)
    assert r.status_code == 200 and r.json()["published"] is True
    assert r.json()["published_at"] is not None
    r = await api.call("POST", f"{BASE}/{cid}/publish", ev.office)
    assert r.status_code == 409
    r = await api.call("POST", f"{BASE}/{cid}/unpublish", ev.office)
    assert r.status_code == 200 and r.json()["published"] is False
    assert [(s["action"], s["details"]) for s in r.json()["history"]] == [
        ("honour", honour), ("publish", None), ("unpublish", None)]


async def test_an_agency_never_sees_another_agencys_nominations(api: Api) -> None:
    ev = await nomination_fixture(api)
    cid = await _round(api, ev.office)
    await _submitted(api, ev, cid, H29, [pick(CITIZEN[0]), pick(BUSINESS[1])])
    r = await api.call("PUT", f"{BASE}/{cid}/nominations/{G14}/draft", ev.key(G14),
                       json={"nominations": [pick(MINISTRY[0])]})
    assert r.status_code == 200
    for key in (ev.key(G14), ev.key(G14, "analyst")):
        r = await api.call("GET", f"{BASE}/{cid}/nominations/{H29}", key)
        assert r.status_code == 404, r.text
        r = await api.call("GET", f"/api/v1/collections/{cid}/replies/{H29}", key)
        assert r.status_code == 404
        r = await api.call("GET", f"{BASE}/{cid}/nominations", key)
        assert r.status_code == 403
        r = await api.call("PUT", f"{BASE}/{cid}/nominations/{H29}/draft", key,
                           json={"nominations": []})
        assert r.status_code == 404
    r = await api.call("GET", f"{BASE}/{cid}/nominations/{G14}", ev.key(H29))
    assert r.status_code == 404
    # the office sees every reply, the draft included, and the sent ones side by side
    r = await api.call("GET", f"{BASE}/{cid}/nominations/{G14}", ev.office)
    assert r.status_code == 200 and r.json()["nominations"][0]["service"] == MINISTRY[0]
    r = await api.call("GET", f"{BASE}/{cid}/nominations", ev.office)
    assert [(row["agency"], row["service"]) for row in r.json()["items"]] == [
        (H29, CITIZEN[0]), (H29, BUSINESS[1])]
    await api.call("POST", f"{BASE}/{cid}/nominations/{G14}/submit", ev.key(G14))
    r = await api.call("GET", f"{BASE}/{cid}/nominations", ev.office)
    # ministries before provinces, as in the office's letters
    assert [row["agency"] for row in r.json()["items"]] == [G14, H29, H29]


async def test_the_evidence_is_frozen_at_submission(api: Api) -> None:
    ev = await nomination_fixture(api)
    cid = await _round(api, ev.office)
    body = await _submitted(api, ev, cid, H29, [pick(CITIZEN[0]), pick(CITIZEN[1])])
    frozen = body["frozen"]["evidence"]
    assert frozen[CITIZEN[0]]["online_dossiers"] == 910
    assert frozen[CITIZEN[0]]["satisfaction"]["n"] == 30
    # later answers and dossier figures change the current evidence, not the frozen one
    await submit(api, ev.key(H29, "portal"), "hai-long", CITIZEN[0], ratings(0, 20))
    await stats(api, ev.key(H29), CITIZEN[1], 5000, 5000, "Q3")
    body = (await api.call("GET", f"{BASE}/{cid}/nominations/{H29}", ev.key(H29))).json()
    assert body["frozen"]["evidence"] == frozen
    current = {c["service"]: c["evidence"] for c in body["candidates"]}
    assert current[CITIZEN[0]]["satisfaction"]["n"] == 50
    assert current[CITIZEN[1]]["online_dossiers"] == 5800
    r = await api.call("GET", f"{BASE}/{cid}/nominations", ev.office)
    assert r.json()["items"][0]["evidence"] == frozen[CITIZEN[0]]
    assert r.json()["items"][0]["differences"] is None  # not checked unless asked
    # the office checks the evidence against the data: the differences are named
    r = await api.call("GET", f"{BASE}/{cid}/nominations", ev.office, params={"check": "true"})
    rows = {row["service"]: row for row in r.json()["items"]}
    changed = {d["field"]: d for d in rows[CITIZEN[0]]["differences"]}
    assert changed["satisfaction.n"] == {"field": "satisfaction.n", "frozen": 30, "current": 50}
    assert changed["satisfaction.verdict"]["frozen"] == "excellent"
    assert "online_dossiers" not in changed
    changed = {d["field"]: d for d in rows[CITIZEN[1]]["differences"]}
    assert changed["online_dossiers"] == {"field": "online_dossiers", "frozen": 800,
                                          "current": 5800}
    assert changed["online_rank"] == {"field": "online_rank", "frozen": 2, "current": 1}
    # a new submission freezes the evidence anew
    reply = f"/api/v1/collections/{cid}/replies/{H29}"
    await api.call("POST", f"{reply}/request-changes", ev.office, json={"comment": "Cập nhật"})
    r = await api.call("POST", f"{BASE}/{cid}/nominations/{H29}/submit", ev.key(H29))
    assert r.json()["frozen"]["evidence"][CITIZEN[0]]["satisfaction"]["n"] == 50
    r = await api.call("GET", f"{BASE}/{cid}/nominations", ev.office, params={"check": "true"})
    assert all(row["differences"] == [] for row in r.json()["items"])


async def test_the_office_filters_and_sorts_by_each_criterion(api: Api) -> None:
    ev = await nomination_fixture(api)
    cid = await _round(api, ev.office)
    await _submitted(api, ev, cid, H29, [
        pick(CITIZEN[0], cost_saving_vnd=1000), pick(CITIZEN[2], cost_saving_vnd=9000,
                                                     time_saving_days=1),
        pick(BUSINESS[0], time_saving_hours=30), pick(BUSINESS[3])])
    await _submitted(api, ev, cid, G14, [pick(MINISTRY[0]), pick(MINISTRY[1],
                                                                 cost_saving_vnd=5000)])
    url = f"{BASE}/{cid}/nominations"

    async def services(**params: Any) -> list[str]:
        r = await api.call("GET", url, ev.office, params=params)
        assert r.status_code == 200, r.text
        return [row["service"] for row in r.json()["items"]]

    assert await services(audience="business") == [MINISTRY[1], BUSINESS[0], BUSINESS[3]]
    assert await services(group="ministries") == MINISTRY
    assert await services(group="provinces", audience="citizen") == [CITIZEN[0], CITIZEN[2]]
    assert await services(agency=G14) == MINISTRY
    assert await services(verdict="excellent") == [CITIZEN[0]]
    assert await services(verdict="below") == [BUSINESS[0]]
    assert await services(sort="online_dossiers") == [
        MINISTRY[0], CITIZEN[0], CITIZEN[2], BUSINESS[0], BUSINESS[3], MINISTRY[1]]
    assert (await services(sort="online_dossiers", order="asc"))[0] == MINISTRY[1]
    assert await services(sort="online_rank", order="asc") == [
        MINISTRY[0], MINISTRY[1], CITIZEN[0], BUSINESS[0], CITIZEN[2], BUSINESS[3]]
    assert (await services(sort="satisfaction"))[:2] == [CITIZEN[0], BUSINESS[0]]
    assert (await services(sort="lower_bound"))[:2] == [CITIZEN[0], BUSINESS[0]]
    assert await services(sort="cost_saving") == [
        CITIZEN[2], MINISTRY[1], CITIZEN[0], MINISTRY[0], BUSINESS[0], BUSINESS[3]]
    assert (await services(sort="time_saving"))[:2] == [BUSINESS[0], CITIZEN[2]]
    for bad in ({"sort": "colour"}, {"audience": "everyone"}, {"verdict": "great"},
                {"order": "up"}):
        r = await api.call("GET", url, ev.office, params=bad)
        assert r.status_code == 400, (bad, r.text)


async def test_the_published_honour_list_and_its_json_twin(api: Api) -> None:
    ev = await nomination_fixture(api)
    cid = await _round(api, ev.office)
    await _submitted(api, ev, cid, H29, [
        pick(CITIZEN[0], cost_saving_vnd=20000, time_saving_days=2,
             note="Liên hệ anh Nguyễn Văn A, 0912 345 678"), pick(BUSINESS[0])])
    await _submitted(api, ev, cid, G14, [pick(MINISTRY[0])])
    page = f"/public/honours/{YEAR}"
    r = await api.call("GET", f"{page}.json")
    assert r.status_code == 404  # nothing published yet
    r = await api.call("GET", page)
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    for agency in (H29, G14):
        await api.call("POST", f"/api/v1/collections/{cid}/replies/{agency}/accept", ev.office)
    for agency, service in ((H29, CITIZEN[0]), (H29, BUSINESS[0]), (G14, MINISTRY[0])):
        r = await api.call("POST", f"{BASE}/{cid}/honours", ev.office,
                           json={"agency": agency, "service": service})
        assert r.status_code == 200, r.text
    r = await api.call("POST", f"{BASE}/{cid}/publish", ev.office)
    assert r.status_code == 200
    r = await api.call("GET", f"{page}.json")
    assert r.status_code == 200 and r.headers["etag"], r.text
    body = r.json()
    assert body["year"] == YEAR and body["count"] == 3 and body["locale"] == "vi"
    citizen, business = body["audiences"]
    assert citizen["audience"] == "citizen" and citizen["title"] == "Dịch vụ dành cho người dân"
    assert [(g["group"], [a["agency"] for a in g["agencies"]]) for g in citizen["groups"]] == [
        ("ministry", [G14]), ("province", [H29])]
    service = citizen["groups"][1]["agencies"][0]["services"][0]
    assert citizen["groups"][1]["agencies"][0]["name"] == "Hải Dương"
    assert service["service"] == CITIZEN[0] and service["online_dossiers"] == 910
    assert service["satisfaction_verdict"] == "excellent"
    assert service["cost_saving_vnd"] == 20000 and service["time_saving_days"] == 2
    assert business["count"] == 1
    assert "0912" not in r.text and "Nguyễn Văn A" not in r.text  # no free text, no person
    r = await api.call("GET", f"{page}.json", params={"lang": "en"})
    assert r.json()["audiences"][0]["title"] == "Services for citizens"
    assert r.json()["title"] == f"Excellent online public services of {YEAR}"
    r = await api.call("GET", page)
    assert r.status_code == 200 and f"{page}.json" in r.text
    assert r.text.index("Bộ Tư pháp") < r.text.index("Hải Dương") and "0912" not in r.text
    r = await api.call("GET", page, params={"lang": "en"})
    assert "Services for businesses" in r.text
    assert (await api.call("GET", "/public.json")).json()["honour_years"] == [YEAR]
    assert f'href="/public/honours/{YEAR}"' in (await api.call("GET", "/public")).text
    for bad in ("20x5", "1999", "2025.xml"):
        r = await api.call("GET", f"/public/honours/{bad}")
        assert r.status_code == 404
    await api.call("POST", f"{BASE}/{cid}/unpublish", ev.office)
    assert (await api.call("GET", f"{page}.json")).status_code == 404
    assert (await api.call("GET", "/public.json")).json()["honour_years"] == []


async def test_a_round_is_late_reminded_and_tracked_like_any_collection(
        api: Api, ctx: Any, smtp: tuple[str, Any]) -> None:
    import datetime as dt

    from forms_service.accounts.service import create_person
    from forms_service.collections.reminders import send_collection_reminders
    from tests.integration.collections.test_reminders import _deliver

    url, inbox = smtp
    ev = await nomination_fixture(api)
    await create_person(ctx, email="de.xuat@moj.gov.vn", name="Cán bộ Bộ Tư pháp",
                        role="designer", agency_code=G14, password=None, locale="vi")
    r = await make_round(api, ev.office, deadline="2030-08-31", agencies=[G14, H29],
                         reminders={"before_days": [7], "after_every_days": None})
    cid = r.json()["id"]
    deadline = dt.datetime(2030, 8, 31, 23, 59, 59, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert await send_collection_reminders(ctx, deadline - dt.timedelta(days=7)) == 1
    assert await _deliver(ctx, url) == {"sent": 1}
    [mail] = inbox.messages
    assert mail["To"] == "de.xuat@moj.gov.vn"
    assert f"/collections/{cid}" in mail.get_body(("plain",)).get_content()
    # submitted after the deadline: taken, and late
    await api.call("PUT", f"{BASE}/{cid}/nominations/{G14}/draft", ev.key(G14),
                   json={"nominations": [pick(MINISTRY[0])]})
    await ctx.db.raw("UPDATE collection SET deadline = {} WHERE id = {}",
                     dt.datetime(2020, 1, 1, tzinfo=dt.UTC), cid)
    r = await api.call("POST", f"{BASE}/{cid}/nominations/{G14}/submit", ev.key(G14))
    assert r.status_code == 200 and r.json()["late"] is True
    status = (await api.call("GET", f"/api/v1/collections/{cid}/status", ev.office)).json()
    assert status["not_sent_sentence"] == "Các đơn vị chưa gửi: Hải Dương."
    rows = (await api.call("GET", f"{BASE}/{cid}/nominations", ev.office)).json()["items"]
    assert [row["late"] for row in rows] == [True]
    # a round has no questionnaire to synthesise
    r = await api.call("GET", "/api/v1/analytics/collection", ev.office,
                       params={"collection": cid})
    assert r.status_code == 400 and "nomination" in r.text
