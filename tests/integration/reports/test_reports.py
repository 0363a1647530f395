"""Satisfaction report through HTTP: numbers from responses submitted to the API.

Expected counts are worked out by hand from the answers submitted; intervals
come from scipy's own Wilson interval (``binomtest(...).proportion_ci``),
not from the analytics package under test.
"""

from __future__ import annotations

import math

import pytest
from scipy import stats

from forms_service.reports.aggregates import rebuild_aggregates
from tests.integration.conftest import Api
from tests.integration.reports_setup import H26, H29, agency_with_keys, get, ratings, submit

PATH = "/api/v1/analytics/satisfaction"
A, B, C = "1.001193", "2.001610", "1.005198"


@pytest.fixture
async def survey(api: Api) -> dict[str, str]:
    """H29 with three services and the quick-rating form, 96 responses.

    A (citizen, full online): 57 of 61 satisfied; B (business, full online):
    24 of 30; C (business, partial online): 5 of 5.
    """
    keys = await agency_with_keys(api, H29, "UBND tỉnh Hải Dương")
    await api.service(keys["designer"], A)
    await api.service(keys["designer"], B, audience="business")
    await api.service(keys["designer"], C, audience="business", delivery="partial_online")
    await api.published_form(keys["designer"], "hai-long", template="quick-rating")
    await submit(api, keys["portal"], "hai-long", A, ratings(57, 4))
    await submit(api, keys["portal"], "hai-long", B, ratings(24, 6))
    await submit(api, keys["portal"], "hai-long", C, ratings(5, 0))
    return keys


def wilson(x: int, n: int) -> tuple[float, float]:
    ci = stats.binomtest(x, n).proportion_ci(confidence_level=0.95, method="wilson")
    return ci.low, ci.high


async def test_by_service_counts_rates_intervals_and_verdicts(
    api: Api, survey: dict[str, str]
) -> None:
    body = await get(api, survey["analyst"], PATH)
    assert body["group_by"] == ["service"] and body["agency"] == H29
    rows = {row["service"]: row for row in body["rows"]}
    assert set(rows) == {A, B, C}
    for code, (x, n) in {A: (57, 61), B: (24, 30), C: (5, 5)}.items():
        row = rows[code]
        assert (row["n"], row["satisfied"]) == (n, x)
        assert row["rate"] == x / n
        low, high = wilson(x, n)
        assert math.isclose(row["ci_low"], low, rel_tol=1e-9)
        assert math.isclose(row["ci_high"], high, rel_tol=1e-9)
        assert 0 <= row["pvalue"] <= 1 and row["key"] == f"{H29}/{code}"
        assert "rate_text" not in row
    assert rows[A]["pvalue"] == pytest.approx(stats.binom.sf(56, 61, 0.9), rel=1e-12)
    assert rows[A]["verdict"] == "meets_point_estimate"  # 93.4% but not shown above 90%
    assert rows[B]["verdict"] == "below"
    assert rows[C]["verdict"] == "insufficient_data" and rows[C]["pvalue_adjusted"] is None
    assert rows[A]["service_name"] == f"Thủ tục {A}"
    # C's 5 of 5 is shrunk below A's 57 of 61: ranked by shrunk rate, not raw rate
    assert rows[A]["rank"] == 1 and rows[C]["shrunk_rate"] < rows[C]["rate"]
    assert [row["rank"] for row in body["rows"]] == sorted(row["rank"] for row in body["rows"])
    assert body["versions"] == [
        {"form": "hai-long", "version": 1, "question": "overall", "satisfied": [2, 3]}]


async def test_group_by_audience_agency_and_form(api: Api, survey: dict[str, str]) -> None:
    rows = (await get(api, survey["analyst"], PATH, group_by="audience"))["rows"]
    assert {r["audience"]: (r["satisfied"], r["n"]) for r in rows} == {
        "citizen": (57, 61), "business": (29, 35)}
    assert {r["label"] for r in rows} == {"Người dân", "Doanh nghiệp"}
    rows = (await get(api, survey["analyst"], PATH, group_by="agency"))["rows"]
    assert [(r["agency"], r["satisfied"], r["n"]) for r in rows] == [(H29, 86, 96)]
    assert rows[0]["label"] == "UBND tỉnh Hải Dương"
    rows = (await get(api, survey["analyst"], PATH, group_by="form"))["rows"]
    assert [(r["key"], r["version"], r["n"]) for r in rows] == [("hai-long/v1", 1, 96)]
    rows = (await get(api, survey["analyst"], PATH, group_by="audience,service"))["rows"]
    # keys follow the order of group_by
    assert {r["key"] for r in rows} == {f"citizen|{H29}/{A}", f"business|{H29}/{B}",
                                        f"business|{H29}/{C}"}


async def test_each_version_counts_with_its_own_mapping(api: Api, survey: dict[str, str]) -> None:
    definition = (await api.call("GET", "/api/v1/forms/hai-long", survey["designer"])).json()
    new = definition["definition"]
    new["x-survey"]["satisfaction"]["satisfied"] = [3]  # only "Rất hài lòng" from v2 on
    r = await api.call("PUT", "/api/v1/forms/hai-long/draft", survey["designer"],
                       json={"definition": new})
    assert r.status_code == 200, r.text
    r = await api.call("POST", "/api/v1/forms/hai-long/publish", survey["designer"])
    assert r.status_code == 200, r.text
    # under v2 an answer 2 is no longer satisfied
    await submit(api, survey["portal"], "hai-long", A, [{"overall": 2}] * 4 + [{"overall": 3}])
    body = await get(api, survey["analyst"], PATH, group_by="form")
    assert {r["key"]: (r["satisfied"], r["n"]) for r in body["rows"]} == {
        "hai-long/v1": (86, 96), "hai-long/v2": (1, 5)}
    assert [(v["version"], v["satisfied"]) for v in body["versions"]] == [(1, [2, 3]), (2, [3])]
    rows = (await get(api, survey["analyst"], PATH, form="hai-long"))["rows"]
    assert {r["service"]: (r["satisfied"], r["n"]) for r in rows}[A] == (58, 66)


async def test_periods_month_quarter_year(api: Api, survey: dict[str, str], ctx) -> None:
    db = ctx.db
    ids = [row["id"] for row in await db.raw("SELECT id FROM response ORDER BY id")]
    # spread the 96 responses over three months of two years, then rebuild
    for index, month in ((0, "2024-11"), (1, "2025-02"), (2, "2025-03")):
        chosen = ids[index::3]
        await db.raw(f"UPDATE response SET month = {{}} WHERE id IN "
                     f"({', '.join('{}' for _ in chosen)})", month, *chosen)
    await rebuild_aggregates(db)
    expected = {}
    for month in ("2024-11", "2025-02", "2025-03"):
        rows = await db.raw("SELECT COUNT(*) AS n, SUM(CASE WHEN satisfied THEN 1 ELSE 0 END) "
                            "AS yes FROM response WHERE month = {}", month)
        expected[month] = (int(rows[0]["yes"]), int(rows[0]["n"]))
    body = await get(api, survey["analyst"], PATH, group_by="agency,month")
    assert {r["period"]: (r["satisfied"], r["n"]) for r in body["rows"]} == expected
    assert body["group_by"] == ["agency", "month"]
    body = await get(api, survey["analyst"], PATH, group_by="agency,quarter")
    q1 = tuple(map(sum, zip(expected["2025-02"], expected["2025-03"], strict=True)))
    assert {r["period"]: (r["satisfied"], r["n"]) for r in body["rows"]} == {
        "2024-Q4": expected["2024-11"], "2025-Q1": q1}
    body = await get(api, survey["analyst"], PATH, group_by="agency,year")
    assert {r["period"]: (r["satisfied"], r["n"]) for r in body["rows"]} == {
        "2024": expected["2024-11"], "2025": q1}
    # ranks restart within each period
    body = await get(api, survey["analyst"], PATH, group_by="service,quarter")
    for period in ("2024-Q4", "2025-Q1"):
        assert min(r["rank"] for r in body["rows"] if r["period"] == period) == 1
    for period, want in (("2025-Q1", q1), ("2025-03", expected["2025-03"]),
                         ("2024", expected["2024-11"]), ("2023", None)):
        rows = (await get(api, survey["analyst"], PATH, group_by="agency", period=period))["rows"]
        assert [(r["satisfied"], r["n"]) for r in rows] == ([want] if want else [])


async def test_locale_adds_formatted_texts(api: Api, survey: dict[str, str]) -> None:
    vi = {r["service"]: r for r in (await get(api, survey["analyst"], PATH, locale="vi"))["rows"]}
    assert vi[A]["rate_text"] == "93,4%" and vi[A]["rate"] == 57 / 61
    low, high = wilson(57, 61)
    assert vi[A]["ci_text"] == f"{low * 100:.1f}% – {high * 100:.1f}%".replace(".", ",")
    assert vi[A]["verdict_text"] == "Đạt ngưỡng, chưa khẳng định được"
    en = {r["service"]: r for r in (await get(api, survey["analyst"], PATH, locale="en"))["rows"]}
    assert en[A]["rate_text"] == "93.4%" and en[B]["rate_text"] == "80.0%"
    assert en[C]["verdict_text"] == "Insufficient data"


async def test_threshold_level_and_method_change_the_answer(
    api: Api, survey: dict[str, str]
) -> None:
    rows = {r["service"]: r for r in (await get(
        api, survey["analyst"], PATH, threshold=0.8, confidence_level=0.9,
        method="clopper-pearson"))["rows"]}
    assert rows[A]["verdict"] == "excellent"  # 57/61 is clearly above 80%
    exact = stats.binomtest(57, 61).proportion_ci(confidence_level=0.9, method="exact")
    assert math.isclose(rows[A]["ci_low"], exact.low, rel_tol=1e-9)
    assert rows[A]["pvalue"] == pytest.approx(stats.binom.sf(56, 61, 0.8), rel=1e-12)
    rows = {r["service"]: r for r in (await get(api, survey["analyst"], PATH, min_n=3))["rows"]}
    assert rows[C]["verdict"] == "meets_point_estimate"


async def test_tenancy(api: Api, survey: dict[str, str]) -> None:
    other = await agency_with_keys(api, H26, "UBND tỉnh Hà Nam", roles=("analyst",))
    r = await api.call("GET", PATH, other["analyst"], params={"agency": H29})
    assert r.status_code == 403 and r.json()["error"] == "forbidden"
    mine = await get(api, other["analyst"], PATH)
    assert mine["agency"] == H26 and mine["rows"] == []
    national = await api.make_key("analyst")
    everyone = await get(api, national, PATH, group_by="agency")
    assert everyone["agency"] is None and [r["agency"] for r in everyone["rows"]] == [H29]
    assert len((await get(api, national, PATH, agency=H29))["rows"]) == 3
    r = await api.call("GET", PATH, national, params={"agency": "000.00.00.X99"})
    assert r.status_code == 404
    for role in ("portal", "designer"):
        r = await api.call("GET", PATH, survey[role])
        assert r.status_code == 403, role
    r = await api.call("GET", PATH)
    assert r.status_code == 401


@pytest.mark.parametrize(("params", "words"), [
    ({"group_by": "colour"}, "group_by"),
    ({"group_by": "service,month,year"}, "group_by"),
    ({"group_by": "quarter"}, "group_by"),
    ({"period": "2023-Q5"}, "2023-Q5"),
    ({"period": "2023-13"}, "period"),
    ({"threshold": "1.5"}, "threshold"),
    ({"threshold": "0"}, "threshold"),
    ({"threshold": "abc"}, "threshold"),
    ({"confidence_level": "0.3"}, "confidence_level"),
    ({"confidence_level": "0.9999"}, "confidence_level"),
    ({"method": "wald"}, "wald"),
    ({"locale": "fr"}, "locale"),
    ({"min_n": "-1"}, "min_n"),
    ({"form": "nope"}, "nope"),
])
async def test_bad_parameters_are_400_with_a_message(
    api: Api, params: dict[str, str], words: str
) -> None:
    keys = await agency_with_keys(api, H29, "UBND tỉnh Hải Dương", roles=("analyst",))
    r = await api.call("GET", PATH, keys["analyst"], params=params,
                       headers={"Accept-Language": "en"})
    assert r.status_code in (400, 404), r.text
    assert words in r.json()["message"], r.json()
    vi = await api.call("GET", PATH, keys["analyst"], params=params,
                        headers={"Accept-Language": "vi"})
    assert vi.status_code == r.status_code and vi.json()["message"] != r.json()["message"]


async def test_openapi_documents_the_analytics_bodies(api: Api) -> None:
    r = await api.call("GET", "/schema/openapi.json")
    assert r.status_code == 200
    spec = r.json()
    for name in ("satisfaction", "excellence", "online-rate", "communication", "rankings"):
        assert f"/api/v1/analytics/{name}" in spec["paths"], name
    row = spec["components"]["schemas"]["SatisfactionRowOut"]["properties"]
    assert {"rate", "ci_low", "ci_high", "pvalue", "pvalue_adjusted", "verdict", "rank",
            "shrunk_rate", "rate_text"} <= set(row)
    parameters = {p["name"] for p in
                  spec["paths"]["/api/v1/analytics/satisfaction"]["get"]["parameters"]}
    assert {"group_by", "agency", "form", "period", "threshold", "confidence_level", "method",
            "locale"} <= parameters
