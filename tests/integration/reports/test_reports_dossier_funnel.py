"""Response rates, timeliness and online rates from dossiers, against a hand count."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from analytics import proportion_ci, proportion_difference
from tests.integration.conftest import Api
from tests.integration.dossier_reports_setup import S1, S2, dossier_fixture, untie_units
from tests.integration.reports_setup import H29, get

RATES = "/api/v1/analytics/response-rates"
TIMELINESS = "/api/v1/analytics/timeliness"
ONLINE = "/api/v1/analytics/online-rate"


@pytest.fixture
async def fixture(api: Api) -> AsyncIterator[dict]:
    yield await dossier_fixture(api)
    await untie_units()


def _funnel(rows: list[dict]) -> dict[str, tuple[int, int, int, int]]:
    return {r["key"]: (r["returned"], r["offered"], r["opened"], r["answered"]) for r in rows}


async def test_funnel_by_service_matches_the_hand_count(api: Api, fixture: dict) -> None:
    body = await get(api, fixture["keys"]["analyst"], RATES, group_by="service")
    assert body["definition"] == "AAPOR RR1"
    assert _funnel(body["rows"]) == {f"{H29}/{S1}": (16, 14, 11, 7),
                                     f"{H29}/{S2}": (10, 2, 1, 1)}
    s1 = body["rows"][0]
    wilson = proportion_ci(7, 16)
    assert s1["response_rate"] == 7 / 16
    assert (s1["response_ci_low"], s1["response_ci_high"]) == (wilson.ci_low, wilson.ci_high)
    assert s1["contact_rate"] == 14 / 16 and s1["open_rate"] == 11 / 16
    assert s1["cooperation_rate"] == 7 / 14


async def test_funnel_by_unit_follows_succession(api: Api, fixture: dict) -> None:
    rows = (await get(api, fixture["keys"]["analyst"], RATES, group_by="unit"))["rows"]
    # XA-A was closed: its dossiers count under XA-B; R4 has no unit
    assert _funnel(rows) == {f"{H29}/TTPVHCC": (10, 8, 6, 4), f"{H29}/XA-B": (11, 8, 6, 4)}
    assert {r["label"] for r in rows} == {"Trung tâm Phục vụ hành chính công",
                                          "UBND xã Tân Hưng"}


async def test_funnel_by_channel_officer_and_period(api: Api, fixture: dict) -> None:
    analyst = fixture["keys"]["analyst"]
    rows = (await get(api, analyst, RATES, group_by="channel", locale="en"))["rows"]
    assert _funnel(rows) == {f"{H29}/in_person": (10, 8, 6, 4), f"{H29}/online": (11, 8, 6, 4),
                             f"{H29}/postal": (5, 0, 0, 0)}
    postal = next(r for r in rows if r["key"].endswith("postal"))
    assert postal["response_rate"] == 0.0 and postal["cooperation_rate"] is None
    assert postal["response_rate_text"] == "0.0%"
    rows = (await get(api, analyst, RATES, group_by="officer"))["rows"]
    assert _funnel(rows) == {f"{H29}/CB01": (10, 8, 6, 4), f"{H29}/CB02": (11, 8, 6, 4)}
    rows = (await get(api, analyst, RATES, group_by="service", period="2026-Q1"))["rows"]
    assert _funnel(rows) == {f"{H29}/{S1}": (16, 14, 11, 7)}
    rows = (await get(api, analyst, RATES, group_by="service,quarter"))["rows"]
    assert [(r["period"], r["key"], r["returned"]) for r in rows] == [
        ("2026-Q1", f"{H29}/{S1}", 16), ("2026-Q2", f"{H29}/{S2}", 10)]


async def test_timeliness_matches_the_hand_count(api: Api, fixture: dict) -> None:
    rows = (await get(api, fixture["keys"]["analyst"], TIMELINESS, group_by="service"))["rows"]
    s1, s2 = rows
    assert (s1["on_time"], s1["late"], s1["on_time_rated"], s1["on_time_satisfied"],
            s1["late_rated"], s1["late_satisfied"]) == (13, 3, 6, 5, 1, 0)
    assert s1["on_time_share"] == 13 / 16
    newcombe = proportion_difference(5, 6, 0, 1)
    assert s1["difference"] == pytest.approx(5 / 6)
    assert (s1["difference_ci_low"], s1["difference_ci_high"]) == (newcombe.ci_low,
                                                                   newcombe.ci_high)
    assert (s2["on_time"], s2["late"], s2["late_rated"], s2["late_satisfied"]) == (7, 3, 1, 1)
    assert s2["on_time_rate"] is None and s2["difference"] is None  # nothing answered on time
    units = (await get(api, fixture["keys"]["analyst"], TIMELINESS, group_by="unit"))["rows"]
    assert {r["key"]: (r["on_time"], r["late"]) for r in units} == {
        f"{H29}/TTPVHCC": (7, 3), f"{H29}/XA-B": (8, 3)}


@pytest.mark.parametrize(("path", "params", "message"), [
    (RATES, {"group_by": "form"}, "group_by"),
    (RATES, {"group_by": "unit,week"}, "group_by"),
    (TIMELINESS, {"group_by": "officer"}, "group_by"),
    (RATES, {"period": "2026-13"}, "period"),
    (RATES, {"confidence_level": "2"}, "confidence_level"),
])
async def test_bad_parameters_are_a_400_saying_what_to_write(
        api: Api, fixture: dict, path: str, params: dict, message: str) -> None:
    for lang in ("en", "vi"):
        r = await api.call("GET", path, fixture["keys"]["analyst"], params=params,
                           headers={"Accept-Language": lang})
        assert r.status_code == 400, r.text
        if lang == "en":
            assert message in r.text


async def test_online_rate_counts_events_where_a_period_has_them(api: Api, fixture: dict) -> None:
    designer = fixture["keys"]["designer"]
    for period, online, total, own in (("2026-Q1", 90, 100, 10), ("2025-Q4", 30, 100, 5)):
        r = await api.call("POST", f"/api/v1/services/{S1}/dossier-stats", designer,
                           json={"period": period, "online_dossiers": online,
                                 "total_dossiers": total, "self_submitted_dossiers": own})
        assert r.status_code == 201, r.text
    body = await get(api, fixture["keys"]["analyst"], ONLINE, locale="vi")
    assert body["self_baseline"] == 0.182
    rows = {r["period"]: r for r in body["rows"]}
    # 2025-Q4 has no dossier events: the recorded statistics
    assert (rows["2025-Q4"]["source"], rows["2025-Q4"]["online"], rows["2025-Q4"]["total"]) == (
        "statistics", 30, 100)
    # 2026-Q1: R1 (10 in person) and R2 (6 online, self): the events win over the statistics
    q1 = rows["2026-Q1"]
    assert (q1["source"], q1["total"], q1["online"], q1["self_submitted"]) == ("events", 16, 6, 6)
    assert q1["online_share"] == 6 / 16 and q1["self_share"] == 1.0
    # 2026-Q2: R3 (5 online, assisted) and R4 (5 postal)
    q2 = rows["2026-Q2"]
    assert (q2["source"], q2["total"], q2["online"], q2["self_submitted"]) == ("events", 10, 5, 0)
    assert q2["gap_points"] == pytest.approx((0.5 - 0.5) * 100)
    months = (await get(api, fixture["keys"]["analyst"], ONLINE, interval="month",
                        group_by="service"))["rows"]
    assert [(r["period"], r["service"], r["online"], r["total"], r["source"]) for r in months] \
        == [("2026-01", S1, 0, 10, "events"), ("2026-02", S1, 6, 6, "events"),
            ("2026-04", S2, 5, 10, "events")]
