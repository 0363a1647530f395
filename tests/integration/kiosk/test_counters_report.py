"""The counters report: satisfaction by counter, officer and channel, with and
without flagged kiosk answers; officer figures only inside the agency."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from analytics import proportion_ci
from forms_service.kiosk.tables import CounterDuty
from tests.integration.conftest import Api
from tests.integration.kiosk_setup import answer, bound_kiosk, kiosk_agency

REPORT = "/api/v1/analytics/counters"


@pytest.fixture
async def answered(api: Api, province: dict[str, str]) -> dict[str, str]:
    keys = await kiosk_agency(api, province)
    first = await bound_kiosk(api, keys["designer"], counter="Q01")
    second = await bound_kiosk(api, keys["designer"], counter="Q02")
    await api.call("PUT", "/api/v1/counters/Q01/on-duty", keys["integration"],
                   json={"officer": "CB01"})
    await api.call("PUT", "/api/v1/counters/Q02/on-duty", keys["integration"],
                   json={"officer": "CB02"})
    start = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    # the shifts began before the answers
    await CounterDuty.update({CounterDuty.since: start - dt.timedelta(hours=1)}).where(
        CounterDuty.id > 0).run()
    # Q01: 3 very satisfied, 2 satisfied, 1 not, spread out (no burst)
    values = [3, 3, 3, 2, 2, 1]
    r = await first.send([answer(i + 1, v, at=start + dt.timedelta(minutes=5 * i))
                          for i, v in enumerate(values)])
    assert r.json()["stored"] == 6
    # Q02: 8 answers within a minute, the last 3 flagged as a burst (all very satisfied)
    r = await second.send([answer(i + 1, 3 if i >= 5 else 1,
                                  at=start + dt.timedelta(seconds=i)) for i in range(8)])
    assert [bool(x.get("flags")) for x in r.json()["results"]] == [False] * 5 + [True] * 3
    # a portal answer, channel web, served by nobody known
    r = await api.call("POST", "/api/v1/responses", keys["portal"], json={
        "form": "hai-long", "service": "1.001193", "dossier": "HS-1", "answers": {"overall": 3}})
    assert r.status_code == 201, r.text
    return keys


async def test_by_counter_with_and_without_flagged(api: Api, answered: dict[str, str]) -> None:
    r = await api.call("GET", REPORT, answered["analyst"], params={"locale": "vi"})
    assert r.status_code == 200, r.text
    rows = {row["key"]: row for row in r.json()["rows"]}
    assert set(rows) == {"Q01", "Q02"}
    q1, q2 = rows["Q01"], rows["Q02"]
    assert (q1["n"], q1["satisfied"], q1["very_satisfied"], q1["satisfied_only"],
            q1["not_satisfied"]) == (6, 5, 3, 2, 1)
    ci = proportion_ci(5, 6)
    assert q1["ci_low"] == pytest.approx(ci.ci_low) and q1["ci_high"] == pytest.approx(ci.ci_high)
    assert q1["label"] == "Quầy 1" and q1["rate_text"] == "83,3%"
    assert (q2["n"], q2["satisfied"], q2["flagged"]) == (8, 3, 3)
    assert (q2["n_unflagged"], q2["satisfied_unflagged"], q2["rate_unflagged"]) == (5, 0, 0.0)
    # shrunk rates pull both towards the pooled rate
    assert q2["rate"] < q2["shrunk_rate"] < q1["shrunk_rate"] < q1["rate"]


async def test_by_channel_and_by_officer(api: Api, answered: dict[str, str]) -> None:
    r = await api.call("GET", REPORT, answered["analyst"], params={"group_by": "channel"})
    rows = {row["key"]: row["n"] for row in r.json()["rows"]}
    assert rows == {"kiosk": 14, "web": 1}
    r = await api.call("GET", REPORT, answered["analyst"], params={"group_by": "officer,month"})
    assert r.status_code == 200, r.text
    # the month each answer arrived (Vietnam time)
    months = await api.ctx.db.raw("SELECT DISTINCT month FROM response")
    assert len(months) == 1
    month = months[0]["month"]
    assert {(row["key"], row["period"], row["n"]) for row in r.json()["rows"]} == {
        ("CB01", month, 6), ("CB02", month, 8)}


async def test_officer_figures_stay_inside_the_agency(api: Api,
                                                      answered: dict[str, str]) -> None:
    national = await api.make_key("analyst")
    r = await api.call("GET", REPORT, national, params={"group_by": "officer",
                                                        "agency": "000.00.00.H29"})
    assert r.status_code == 403, r.text
    r = await api.call("GET", REPORT, national, params={"group_by": "counter"})
    assert r.status_code == 200 and len(r.json()["rows"]) == 2, r.text
    for role in ("designer", "portal"):
        r = await api.call("GET", REPORT, answered[role], params={"group_by": "officer"})
        assert r.status_code == 403, role
    r = await api.call("GET", REPORT, api.admin, params={"group_by": "officer",
                                                         "agency": "000.00.00.H29"})
    assert r.status_code == 200 and len(r.json()["rows"]) == 2, r.text
    r = await api.call("GET", REPORT, answered["analyst"], params={"group_by": "desk"})
    assert r.status_code == 400


async def test_by_field_and_officer_per_month(api: Api, answered: dict[str, str]) -> None:
    """The field (lĩnh vực) of an answer: its service's, else its counter's."""
    for counter, field in (("Q01", "Hộ tịch"), ("Q02", "Đất đai")):
        r = await api.call("PATCH", f"/api/v1/counters/{counter}", answered["designer"],
                           json={"field": field})
        assert r.status_code == 200, r.text
    r = await api.call("POST", "/api/v1/services", answered["designer"], json={
        "code": "2.000815", "name": "Chứng thực bản sao", "audience": "citizen",
        "delivery": "partial_online", "field": "Chứng thực"})
    assert r.status_code == 201 and r.json()["field"] == "Chứng thực", r.text
    r = await api.call("POST", "/api/v1/responses", answered["portal"], json={
        "form": "hai-long", "service": "2.000815", "dossier": "HS-2", "answers": {"overall": 1}})
    assert r.status_code == 201, r.text
    r = await api.call("GET", REPORT, answered["analyst"], params={"group_by": "field"})
    assert r.status_code == 200, r.text
    # the first portal answer's service has no field and no counter: not in any field
    assert {row["key"]: (row["n"], row["not_satisfied"]) for row in r.json()["rows"]} == {
        "Hộ tịch": (6, 1), "Đất đai": (8, 5), "Chứng thực": (1, 1)}
    r = await api.call("GET", REPORT, answered["analyst"],
                       params={"group_by": "field,officer,month", "locale": "en"})
    assert r.status_code == 200, r.text
    assert r.json()["group_by"] == ["field", "officer", "month"]
    month = (await api.ctx.db.raw("SELECT DISTINCT month FROM response"))[0]["month"]
    # the web answer names no officer: only the kiosks' answers, by field and officer
    assert {(row["key"], row["label"], row["period"], row["very_satisfied"],
             row["satisfied_only"], row["not_satisfied"]) for row in r.json()["rows"]} == {
        ("Hộ tịch / CB01", "Hộ tịch / Nguyễn Văn An", month, 3, 2, 1),
        ("Đất đai / CB02", "Đất đai / Trần Thị Bình", month, 3, 0, 5),
    }
    for bad in ("officer,field", "field,month,officer", "field,unit", "field,field"):
        r = await api.call("GET", REPORT, answered["analyst"], params={"group_by": bad},
                           headers={"Accept-Language": "vi"})
        assert r.status_code == 400 and "field,officer" in r.json()["message"], bad
    national = await api.make_key("analyst")
    r = await api.call("GET", REPORT, national, params={"group_by": "field,officer",
                                                        "agency": "000.00.00.H29"})
    assert r.status_code == 403
    r = await api.call("GET", REPORT, national, params={"group_by": "field",
                                                        "agency": "000.00.00.H29"})
    assert r.status_code == 200 and len(r.json()["rows"]) == 3


async def test_the_dashboard_download_keeps_officers_from_designers(
        api: Api, answered: dict[str, str], sign_in: Any) -> None:
    await api.call("PATCH", "/api/v1/counters/Q01", answered["designer"],
                   json={"field": "Hộ tịch"})
    designer = await sign_in("designer", "000.00.00.H29")
    for group_by in ("officer", "field,officer", "field,officer,month"):
        r = await designer.get("/dashboard/export/counters.csv", params={"group_by": group_by})
        assert r.status_code == 403, (group_by, r.text[:200])
        assert "CB01" not in r.text
    r = await designer.get("/dashboard/export/counters.csv", params={"group_by": "field"})
    assert r.status_code == 200 and "Hộ tịch" in r.text
    analyst = await sign_in("analyst", "000.00.00.H29")
    r = await analyst.get("/dashboard/export/counters.csv",
                          params={"group_by": "field,officer,month"})
    assert r.status_code == 200 and "Hộ tịch / CB01" in r.text
