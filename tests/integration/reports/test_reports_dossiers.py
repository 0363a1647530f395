"""Excellence nominations (seed 000) and online rates (seeds 001/002) through HTTP."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from scipy import stats

from forms_service.i18n import local_month
from tests.integration.conftest import Api
from tests.integration.reports_setup import H26, H29, agency_with_keys, get, ratings, submit

EXCELLENCE = "/api/v1/analytics/excellence"
ONLINE = "/api/v1/analytics/online-rate"
YEAR = int(local_month(dt.datetime.now(dt.UTC))[:4])  # responses are stored this year


async def stats_for(api: Api, key: str, code: str, period: str, online: int, total: int,
                    self_submitted: int = 0, **extra: Any) -> None:
    body = {"period": period, "online_dossiers": online, "total_dossiers": total,
            "self_submitted_dossiers": self_submitted, **extra}
    r = await api.call("POST", f"/api/v1/services/{code}/dossier-stats", key, json=body)
    assert r.status_code in (200, 201), r.text


@pytest.fixture
async def nominees(api: Api) -> dict[str, str]:
    """Seven full-online citizen services (online 900 … 300), a partial one, three business.

    C1 and C7 have 30 of 30 satisfied answers (shown above 90%); C6 recorded
    savings; C2 also recorded a month inside a quarter it recorded whole.
    """
    keys = await agency_with_keys(api, H29, "UBND tỉnh Hải Dương")
    designer = keys["designer"]
    for i, online in enumerate((900, 800, 700, 600, 500, 400, 300), start=1):
        await api.service(designer, f"1.00000{i}")
        await stats_for(api, designer, f"1.00000{i}", f"{YEAR}-Q1", online // 2, 500)
        await stats_for(api, designer, f"1.00000{i}", f"{YEAR}-Q2", online - online // 2, 500)
    await stats_for(api, designer, "1.000002", f"{YEAR}-02", 100, 100)  # inside Q1: not added
    await stats_for(api, designer, "1.000006", f"{YEAR}-Q3", 0, 10,
                    savings_note="Giảm 2 ngày đi lại", cost_saving_vnd=50000)
    await stats_for(api, designer, "1.000001", f"{YEAR - 1}-Q4", 5000, 5000)  # another year
    await api.service(designer, "1.000008", delivery="partial_online")
    await stats_for(api, designer, "1.000008", f"{YEAR}-Q1", 5000, 6000)
    for code, delivery, online in (("2.000001", "full_online", 100),
                                   ("2.000002", "full_online", 0),
                                   ("2.000003", "partial_online", 50)):
        await api.service(designer, code, audience="business", delivery=delivery)
        await stats_for(api, designer, code, f"{YEAR}-Q1", online, 200)
    await api.published_form(designer, "hai-long", template="quick-rating")
    await submit(api, keys["portal"], "hai-long", "1.000001", ratings(30, 0))
    await submit(api, keys["portal"], "hai-long", "1.000007", ratings(30, 0))
    await submit(api, keys["portal"], "hai-long", "2.000002", ratings(20, 10))
    return keys


async def test_nominations_follow_the_criteria(api: Api, nominees: dict[str, str]) -> None:
    body = await get(api, nominees["analyst"], EXCELLENCE, year=YEAR, locale="vi")
    assert body["agency"] == H29 and body["year"] == YEAR
    citizen = body["citizen"]
    assert [c["service"] for c in citizen] == [f"1.00000{i}" for i in range(1, 6)]
    assert [c["position"] for c in citizen] == [1, 2, 3, 4, 5]
    assert all(c["delivery"] == "full_online" for c in citizen + body["business"])
    first = citizen[0]
    assert first["criteria"] == ["most_online_dossiers", "satisfaction_excellent"]
    evidence = first["evidence"]
    assert (evidence["online_dossiers"], evidence["total_dossiers"]) == (900, 1000)
    assert evidence["online_rank"] == 1 and evidence["online_share"] == 0.9
    sat = evidence["satisfaction"]
    assert (sat["n"], sat["satisfied"], sat["verdict"]) == (30, 30, "excellent")
    assert sat["pvalue"] == pytest.approx(0.9 ** 30, rel=1e-9)
    assert citizen[1]["evidence"]["online_dossiers"] == 800  # the month in Q1 is not added
    assert [c["service"] for c in body["business"]] == ["2.000001"]
    excluded = {c["service"]: c for c in body["excluded"]}
    assert {code: c["reason"] for code, c in excluded.items()} == {
        "1.000006": "below_selected", "1.000007": "below_selected",
        "1.000008": "not_full_online", "2.000002": "no_criterion",
        "2.000003": "not_full_online",
    }
    assert excluded["1.000006"]["criteria"] == ["savings"]
    savings = excluded["1.000006"]["evidence"]["savings"]
    assert savings == {"note": "Giảm 2 ngày đi lại", "cost_saving_vnd": 50000,
                       "time_saving_hours": None}
    assert excluded["1.000007"]["criteria"] == ["satisfaction_excellent"]
    assert excluded["1.000008"]["evidence"]["online_rank"] is None
    assert excluded["2.000002"]["evidence"]["satisfaction"]["verdict"] == "below"
    assert excluded["1.000006"]["reason_text"] == "Xếp sau các dịch vụ đã chọn"
    assert first["criteria_text"][1] == "Mức độ hài lòng vượt ngưỡng xuất sắc"


async def test_nominations_per_audience_and_year(api: Api, nominees: dict[str, str]) -> None:
    body = await get(api, nominees["analyst"], EXCELLENCE, year=YEAR, per_audience=2)
    assert [c["service"] for c in body["citizen"]] == ["1.000001", "1.000002"]
    assert "criteria_text" not in body["citizen"][0]
    last_year = await get(api, nominees["analyst"], EXCELLENCE, year=YEAR - 1)
    assert [c["service"] for c in last_year["citizen"]] == ["1.000001"]
    assert last_year["citizen"][0]["evidence"]["satisfaction"]["n"] == 0


async def test_nominations_scope_and_parameters(api: Api, nominees: dict[str, str]) -> None:
    national = await api.make_key("analyst")
    r = await api.call("GET", EXCELLENCE, national, params={"year": YEAR})
    assert r.status_code == 400 and "agency" in r.json()["message"]
    assert (await get(api, national, EXCELLENCE, year=YEAR, agency=H29))["citizen"]
    other = await agency_with_keys(api, H26, "UBND tỉnh Hà Nam", roles=("analyst",))
    r = await api.call("GET", EXCELLENCE, other["analyst"], params={"year": YEAR, "agency": H29})
    assert r.status_code == 403
    for params in ({"year": 99}, {"year": YEAR, "per_audience": 0},
                   {"year": YEAR, "threshold": 2}, {}):
        r = await api.call("GET", EXCELLENCE, nominees["analyst"], params=params)
        assert r.status_code == 400, (params, r.text)


@pytest.fixture
async def dossiers(api: Api) -> dict[str, str]:
    keys = await agency_with_keys(api, H29, "UBND tỉnh Hải Dương")
    other = await agency_with_keys(api, H26, "UBND tỉnh Hà Nam", roles=("designer", "analyst"))
    await api.service(keys["designer"], "1.000001")
    await api.service(keys["designer"], "1.000002")
    await api.service(other["designer"], "1.000003")
    await stats_for(api, keys["designer"], "1.000001", "2023-Q1", 300, 1000, 60)
    await stats_for(api, keys["designer"], "1.000001", "2023-Q2", 600, 1000, 150)
    await stats_for(api, keys["designer"], "1.000002", "2023-01", 50, 100, 10)
    await stats_for(api, keys["designer"], "1.000002", "2023-02", 50, 100, 10)
    await stats_for(api, other["designer"], "1.000003", "2023-Q1", 500, 500, 400)
    return {"analyst": keys["analyst"], "other": other["analyst"]}


def wilson(x: int, n: int) -> tuple[float, float]:
    ci = stats.binomtest(x, n).proportion_ci(method="wilson")
    return ci.low, ci.high


async def test_online_rate_per_agency_and_quarter(api: Api, dossiers: dict[str, str]) -> None:
    body = await get(api, dossiers["analyst"], ONLINE, locale="vi")
    assert body["target"] == 0.5 and body["interval"] == "quarter"
    rows = {row["period"]: row for row in body["rows"]}
    assert set(rows) == {"2023-Q1", "2023-Q2"}
    q1, q2 = rows["2023-Q1"], rows["2023-Q2"]
    assert (q1["agency"], q1["online"], q1["total"], q1["self_submitted"]) == (H29, 400, 1200, 80)
    assert q1["online_share"] == 400 / 1200 and q1["meets_target"] is False
    assert q1["gap_points"] == pytest.approx(50 - 100 * 400 / 1200)
    assert q1["self_share"] == 0.2
    low, high = wilson(400, 1200)
    assert math.isclose(q1["online_ci_low"], low) and math.isclose(q1["online_ci_high"], high)
    assert q2["online_share"] == 0.6 and q2["gap_points"] == pytest.approx(-10)
    assert q2["meets_target"] is True and q2["target_text"] == "Đạt chỉ tiêu"
    assert q1["online_share_text"] == "33,3%" and q1["self_share_text"] == "20,0%"
    assert q1["gap_points_text"] == "16,7"


async def test_online_rate_intervals_grouping_and_scope(
    api: Api, dossiers: dict[str, str]
) -> None:
    year = (await get(api, dossiers["analyst"], ONLINE, interval="year"))["rows"]
    assert [(r["period"], r["online"], r["total"]) for r in year] == [("2023", 1000, 2200)]
    months = (await get(api, dossiers["analyst"], ONLINE, interval="month"))["rows"]
    assert [(r["period"], r["online"]) for r in months] == [("2023-01", 50), ("2023-02", 50)]
    per_service = (await get(api, dossiers["analyst"], ONLINE, group_by="service"))["rows"]
    assert {(r["service"], r["period"]): r["online"] for r in per_service} == {
        ("1.000001", "2023-Q1"): 300, ("1.000001", "2023-Q2"): 600, ("1.000002", "2023-Q1"): 100}
    only_q2 = (await get(api, dossiers["analyst"], ONLINE, period="2023-Q2"))["rows"]
    assert [r["period"] for r in only_q2] == ["2023-Q2"]
    national = await api.make_key("analyst")
    everyone = (await get(api, national, ONLINE, period="2023-Q1", target=0.9))["rows"]
    assert {r["agency"]: (r["online_share"], r["meets_target"]) for r in everyone} == {
        H29: (400 / 1200, False), H26: (1.0, True)}
    assert (await get(api, dossiers["other"], ONLINE))["agency"] == H26
    r = await api.call("GET", ONLINE, dossiers["other"], params={"agency": H29})
    assert r.status_code == 403
    for params in ({"interval": "week"}, {"target": "1.5"}, {"period": "2023-Q0"},
                   {"group_by": "form"}, {"confidence_level": "1"}):
        r = await api.call("GET", ONLINE, dossiers["analyst"], params=params)
        assert r.status_code == 400, (params, r.text)
