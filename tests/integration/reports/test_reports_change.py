"""Change between quarters, trend over four quarters and the p-chart, through HTTP."""

from __future__ import annotations

import pytest

from analytics import change_table, p_chart, trend_test
from analytics.change import ChangeInput
from forms_service.reports.aggregates import rebuild_aggregates
from tests.integration.conftest import Api
from tests.integration.reports_setup import H29, agency_with_keys, get, ratings, submit

A, B = "1.001193", "2.001610"
# satisfied of answers, per quarter of 2025
RISING = {"2025-02": (20, 40), "2025-05": (25, 40), "2025-08": (30, 40), "2025-11": (38, 40)}
FLAT = {"2025-08": (20, 31), "2025-11": (20, 31)}


@pytest.fixture
async def quarters(api: Api, ctx) -> dict[str, str]:
    keys = await agency_with_keys(api, H29, "UBND tỉnh Hải Dương")
    await api.service(keys["designer"], A)
    await api.service(keys["designer"], B)
    await api.published_form(keys["designer"], "hai-long", template="quick-rating")
    for service, plan in ((A, RISING), (B, FLAT)):
        for month, (yes, n) in plan.items():
            ids = await submit(api, keys["portal"], "hai-long", service, ratings(yes, n - yes))
            await ctx.db.raw(f"UPDATE response SET month = {{}} WHERE id IN "
                             f"({', '.join('{}' for _ in ids)})", month, *ids)
    await rebuild_aggregates(ctx.db)
    return keys


async def test_change_quarter_on_quarter(api: Api, quarters: dict[str, str]) -> None:
    body = await get(api, quarters["analyst"], "/api/v1/analytics/change", period="2025-Q4")
    assert body["before"] == "2025-Q3" and body["adjust"] == "bh"
    rows = {r["key"].split("/")[1]: r for r in body["rows"]}
    expected = change_table([ChangeInput(A, 30, 40, 38, 40), ChangeInput(B, 20, 31, 20, 31)])
    assert rows[A]["difference"] == pytest.approx(expected[0].difference)
    assert rows[A]["ci_low"] == pytest.approx(expected[0].ci_low)
    assert rows[A]["pvalue_adjusted"] == pytest.approx(expected[0].adjusted_pvalue)
    assert (rows[A]["verdict"], rows[B]["verdict"]) == ("improved", "no_detectable_change")


async def test_change_year_on_year_without_last_year(api: Api, quarters: dict[str, str]) -> None:
    body = await get(api, quarters["analyst"], "/api/v1/analytics/change", period="2025-Q4",
                     compare="year")
    assert body["before"] == "2024-Q4"
    assert all(not r["tested"] and r["verdict"] == "no_detectable_change"
               for r in body["rows"])


async def test_trend_and_p_chart(api: Api, quarters: dict[str, str]) -> None:
    body = await get(api, quarters["analyst"], "/api/v1/analytics/trend", period="2025-Q4",
                     periods="4", min_n="45")
    assert body["periods"] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    rows = {r["key"].split("/")[1]: r for r in body["rows"]}
    reference = trend_test([20, 25, 30, 38], [40, 40, 40, 40])
    assert rows[A]["slope"] == pytest.approx(reference.slope)
    assert rows[A]["pvalue"] == pytest.approx(reference.pvalue)
    assert rows[B]["periods"] == 2 and rows[B]["pvalue"] is None  # fewer than four periods
    chart = p_chart([20, 25, 50, 58], [40, 40, 71, 71], min_n=45)
    assert body["centre"] == pytest.approx(chart.centre)
    assert [p["gap"] for p in body["chart"]] == [True, True, False, False]
    assert body["chart"][0]["rate"] == pytest.approx(0.5) and body["chart"][0]["upper"] is None
    assert body["chart"][3]["upper"] == pytest.approx(chart.points[3].upper)


@pytest.mark.parametrize(("path", "params", "words"), [
    ("change", {}, "period"),
    ("change", {"period": "2025-Q4", "compare": "week"}, "compare"),
    ("trend", {"period": "2025-Q4", "periods": "3"}, "periods"),
    ("trend", {"period": "2025-Q7"}, "period"),
    ("sample-size", {"margin_of_error": "5"}, "margin_of_error"),
    ("sample-size", {"margin_of_error": "0.0001"}, "margin_of_error"),
    ("sample-size", {"population": "100", "allocation": "equal"}, "allocation"),
    ("trend", {"period": "1000-Q1"}, "1000 to 9999"),
    ("change", {"period": "1000", "compare": "year"}, "1000 to 9999"),
])
async def test_bad_parameters_are_400_in_both_languages(
        api: Api, province: dict[str, str], path: str, params: dict[str, str],
        words: str) -> None:
    url = f"/api/v1/analytics/{path}"
    r = await api.call("GET", url, province["analyst"], params=params,
                       headers={"Accept-Language": "en"})
    assert r.status_code == 400, r.text
    assert words in r.json()["message"], r.json()
    vi = await api.call("GET", url, province["analyst"], params=params,
                        headers={"Accept-Language": "vi"})
    assert vi.status_code == 400 and vi.json()["message"] != r.json()["message"]
