"""Change and trend per unit that served (``group_by=unit``), through HTTP."""

from __future__ import annotations

import pytest

from analytics import change_table, trend_test
from analytics.change import ChangeInput
from tests.integration.conftest import Api
from tests.integration.dossiers_setup import organisation
from tests.integration.reports_setup import H29, agency_with_keys, get, ratings, submit

A = "1.001193"
# satisfied of answers, per unit and month of 2025
CENTRE = {"2025-02": (20, 40), "2025-05": (25, 40), "2025-08": (30, 40), "2025-11": (38, 40)}
COMMUNE = {"2025-08": (20, 31), "2025-11": (20, 31)}


@pytest.fixture
async def units(api: Api) -> dict[str, str]:
    keys = await agency_with_keys(api, H29, "UBND tỉnh Hải Dương")
    await api.service(keys["designer"], A)
    await api.published_form(keys["designer"], "hai-long", template="quick-rating")
    await organisation(api, keys["designer"])
    ids = {row["code"]: row["id"] for row in await api.ctx.db.raw("SELECT id, code FROM unit")}
    for unit, plan in (("TTHCC", CENTRE), ("XA-AN", COMMUNE)):
        for month, (yes, n) in plan.items():
            made = await submit(api, keys["portal"], "hai-long", A, ratings(yes, n - yes))
            # the answers were credited to the unit that served, in that month
            await api.ctx.db.raw(
                f"UPDATE response SET month = {{}}, unit = {{}} WHERE id IN "
                f"({', '.join('{}' for _ in made)})", month, ids[unit], *made)
    return keys


async def test_change_per_unit(api: Api, units: dict[str, str]) -> None:
    body = await get(api, units["analyst"], "/api/v1/analytics/change", period="2025-Q4",
                     group_by="unit")
    assert body["group_by"] == "unit" and body["before"] == "2025-Q3"
    rows = {r["key"]: r for r in body["rows"]}
    assert set(rows) == {f"{H29}/TTHCC", f"{H29}/XA-AN"}
    assert rows[f"{H29}/TTHCC"]["label"] == "Trung tâm Phục vụ hành chính công"
    expected = change_table([ChangeInput("c", 30, 40, 38, 40), ChangeInput("x", 20, 31, 20, 31)])
    centre, commune = rows[f"{H29}/TTHCC"], rows[f"{H29}/XA-AN"]
    assert (centre["n_before"], centre["satisfied_after"]) == (40, 38)
    assert centre["difference"] == pytest.approx(expected[0].difference)
    assert centre["ci_low"] == pytest.approx(expected[0].ci_low)
    assert centre["pvalue_adjusted"] == pytest.approx(expected[0].adjusted_pvalue)
    assert (centre["verdict"], commune["verdict"]) == ("improved", "no_detectable_change")


async def test_trend_per_unit(api: Api, units: dict[str, str]) -> None:
    body = await get(api, units["analyst"], "/api/v1/analytics/trend", period="2025-Q4",
                     group_by="unit", min_n="45")
    rows = {r["key"]: r for r in body["rows"]}
    reference = trend_test([20, 25, 30, 38], [40, 40, 40, 40])
    assert rows[f"{H29}/TTHCC"]["slope"] == pytest.approx(reference.slope)
    assert rows[f"{H29}/TTHCC"]["pvalue"] == pytest.approx(reference.pvalue)
    assert rows[f"{H29}/XA-AN"]["periods"] == 2 and rows[f"{H29}/XA-AN"]["pvalue"] is None
    assert [p["n"] for p in body["chart"]] == [40, 40, 71, 71]
    assert [p["gap"] for p in body["chart"]] == [True, True, False, False]


async def test_group_by_is_checked(api: Api, units: dict[str, str]) -> None:
    for path in ("change", "trend"):
        r = await api.call("GET", f"/api/v1/analytics/{path}", units["analyst"],
                           params={"period": "2025-Q4", "group_by": "officer"},
                           headers={"Accept-Language": "en"})
        assert r.status_code == 400, r.text
        assert "group_by must be service or unit" in r.json()["message"]


async def test_sample_allocated_across_units(api: Api, province: dict[str, str]) -> None:
    from tests.integration.dossiers_setup import AGENCY, lifecycle, organisation, send

    await organisation(api, province["designer"])
    key = await api.make_key("integration", AGENCY)
    events = []
    for i in range(30):
        events += lifecycle(f"HS-T-{i}", unit="TTHCC")
    for i in range(10):
        events += lifecycle(f"HS-X-{i}", unit="XA-AN")
    await send(api, key, events)
    body = await get(api, province["analyst"], "/api/v1/analytics/sample-size",
                     period="2025-Q1", group_by="unit", margin_of_error="0.1",
                     expected_rate="0.5")
    # 40 dossiers; n0 = 1.96^2 * 0.25 / 0.01 = 96.04, n = 96.04 / (1 + 95.04 / 40) = 28.4
    # -> 29, shared 3:1 -> 21.75 and 7.25: 22 and 7
    assert body["group_by"] == "unit" and body["sample_size"] == 29
    assert [(a["key"], a["sample_size"]) for a in body["allocation"]] == [
        (f"{AGENCY}/TTHCC", 22), (f"{AGENCY}/XA-AN", 7)]
