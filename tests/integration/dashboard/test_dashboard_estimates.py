"""Dashboard pages of the estimates: weighted beside unweighted, the p-chart, sample sizes."""

from __future__ import annotations

from typing import Any

import pytest

from analytics import format_percent, p_chart
from forms_service.reports.aggregates import rebuild_aggregates
from tests.integration.conftest import Api
from tests.integration.dashboard.test_dashboard import _rows
from tests.integration.reports_setup import H29, get, ratings, submit
from tests.integration.weighting_setup import A, B, served_province


@pytest.fixture
async def served(api: Api, province: dict[str, str]) -> dict[str, str]:
    return await served_province(api, province)


async def test_weighted_beside_unweighted_with_a_plain_sentence(
        api: Api, served: dict[str, str], sign_in: Any) -> None:
    analyst = await sign_in("analyst", H29)
    r = await analyst.get("/dashboard/weighting", params={"margins": "channel"})
    assert r.status_code == 200, r.text
    whole = _rows(r.text, "weighted-table")
    # 26 answers, 18 satisfied; weighted to 50 at the counter and 10 online:
    # counter answers weigh 50/16, online ones 1: (8 * 50/16 + 10) / 60 = 35/60
    assert whole["unweighted"][1] == "69,2%" and whole["unweighted"][3] == "26"
    assert whole["weighted"][1] == "58,3%"
    assert "Tỷ lệ không trọng số" in r.text and "58,3%" in r.text.split(
        'id="weighting-explanation"')[1].split("</p>")[0]
    services = _rows(r.text, "weighted-services-table")
    body = await get(api, served["analyst"], "/api/v1/analytics/satisfaction",
                     weights="dossiers", margins="channel", locale="vi")
    for row in body["rows"]:
        assert services[row["key"]][2:5] == [row["rate_text"], str(row["returned"]),
                                             row["weighted_rate_text"]]
    assert services[f"{H29}/{A}"][4] == "62,5%" and services[f"{H29}/{B}"][4] == "50,0%"
    strata = _rows(r.text, "strata-table")
    assert strata["channel:in_person"][2:4] == ["50", "16"]
    assert 'href="/dashboard/export/weighting.csv?margins=channel"' in r.text
    english = await sign_in("analyst", H29, locale="en")
    page = await english.get("/dashboard/weighting", params={"margins": "channel"})
    assert "The unweighted rate counts every answer alike" in page.text


async def test_weighting_page_download_and_bad_margins(
        api: Api, served: dict[str, str], sign_in: Any) -> None:
    analyst = await sign_in("analyst", H29)
    r = await analyst.get("/dashboard/export/weighting.csv", params={"margins": "channel"})
    assert r.status_code == 200 and "0.58333" in r.text
    bad = await analyst.get("/dashboard/weighting", params={"margins": "age"})
    assert bad.status_code == 400 and "margins" in bad.text


async def test_without_dossiers_the_page_says_so(
        api: Api, province: dict[str, str], sign_in: Any) -> None:
    r = await api.call("POST", "/api/v1/responses", province["portal"], json={
        "form": "hai-long", "service": A, "dossier": "HS-NO-EVENTS", "answers": {"overall": 3}})
    assert r.status_code == 201
    analyst = await sign_in("analyst", H29)
    page = await analyst.get("/dashboard/weighting")
    assert page.status_code == 200, page.text
    assert "POST /api/v1/dossier-events" in page.text


@pytest.fixture
async def quarters(api: Api, ctx: Any) -> dict[str, str]:
    """Answers of 2025: 20 of 40 satisfied in Q1, 25/40 in Q2, 38/40 in Q3, 8/10 in Q4."""
    from tests.integration.reports_setup import agency_with_keys

    keys = await agency_with_keys(api, H29, "UBND tỉnh Hải Dương")
    await api.service(keys["designer"], A)
    await api.published_form(keys["designer"], "hai-long", template="quick-rating")
    for month, (yes, n) in {"2025-02": (20, 40), "2025-05": (25, 40), "2025-08": (38, 40),
                            "2025-11": (8, 10)}.items():
        ids = await submit(api, keys["portal"], "hai-long", A, ratings(yes, n - yes))
        await ctx.db.raw(f"UPDATE response SET month = {{}} WHERE id IN "
                         f"({', '.join('{}' for _ in ids)})", month, *ids)
    await rebuild_aggregates(ctx.db)
    return keys


async def test_trend_page_draws_the_p_chart_with_gaps(
        api: Api, quarters: dict[str, str], sign_in: Any) -> None:
    analyst = await sign_in("analyst", H29)
    r = await analyst.get("/dashboard/trend", params={"period": "2025"})
    assert r.status_code == 200, r.text
    table = _rows(r.text, "control-table")
    assert list(table) == [f"{y}-Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4)]
    # the reference: the p-chart of the quarters with at least 30 answers (centre
    # 83/120 = 69.2%, limits 69.2% ± 3 * 7.3% for 40 answers: 47.3% to 91.1%)
    chart = p_chart([0, 0, 0, 0, 20, 25, 38, 8], [0, 0, 0, 0, 40, 40, 40, 10], min_n=30)
    assert chart.centre == pytest.approx(83 / 120)
    upper = format_percent(chart.points[6].upper, "vi")
    assert (table["2025-Q3"][2], table["2025-Q3"][4]) == ("95,0%", upper) == ("95,0%", "91,1%")
    assert table["2025-Q3"][3] == "47,3%"
    assert table["2025-Q3"][5] == "Ngoài giới hạn kiểm soát"
    assert table["2025-Q1"][5] == table["2025-Q2"][5] == "Trong kiểm soát"
    assert table["2025-Q4"][5] == table["2024-Q1"][5] == "Quá ít câu trả lời"
    svg = r.text.split('id="trend-p-chart"')[1].split("</svg>")[0]
    assert svg.count('class="marker') == 3  # the three quarters with enough answers
    assert svg.count('class="gap"') == 5 and 'data-period="2025-Q4"' in svg
    note = r.text.split('id="control-gaps"')[1].split("</figcaption>")[0]
    assert "2025-Q4 (n = 10)" in note
    changes = _rows(r.text, "change-table")
    body = await get(api, quarters["analyst"], "/api/v1/analytics/change", period="2025-Q4",
                     locale="vi")
    [row] = body["rows"]
    assert changes[row["key"]][1:3] == ["95,0% (40)", "80,0% (10)"]
    assert changes[row["key"]][6] == row["verdict_text"] == "Chưa thấy thay đổi rõ rệt"
    download = await analyst.get("/dashboard/export/p-chart.csv",
                                 params={"period": "2025-Q4", "periods": "8"})
    assert download.status_code == 200 and "2025-Q3" in download.text


async def test_sample_size_page(api: Api, served: dict[str, str], sign_in: Any) -> None:
    analyst = await sign_in("analyst", H29)
    r = await analyst.get("/dashboard/sample-size", params={"period": "2025-Q1"})
    assert r.status_code == 200, r.text
    body = await get(api, served["analyst"], "/api/v1/analytics/sample-size",
                     period="2025-Q1")
    figures = r.text.split('id="sample-figures"')[1].split("</dl>")[0]
    assert f'data-key="proportion">{body["sample_size"]}<' in figures
    assert f'data-key="sipas">{body["sipas_sample_size"]}<' in figures
    allocation = _rows(r.text, "allocation-table")
    assert {k: v[3] for k, v in allocation.items()} == {
        a["key"]: str(a["sample_size"]) for a in body["allocation"]}
    # typed as people type: 5%, 95%, 0,5 and 10.000 dossiers
    typed = await analyst.get("/dashboard/sample-size", params={
        "margin_of_error": "5%", "confidence_level": "95%", "expected_rate": "0,5",
        "population": "10.000"})
    assert typed.status_code == 200, typed.text
    assert 'data-key="sipas">385<' in typed.text and 'data-key="proportion">370<' in typed.text
    units = await analyst.get("/dashboard/sample-size", params={"group_by": "unit"})
    assert units.status_code == 200 and "Cỡ mẫu theo đơn vị" in units.text
    bad = await analyst.get("/dashboard/sample-size", params={"margin_of_error": "nhiều"})
    assert bad.status_code == 400 and "margin_of_error" in bad.text
