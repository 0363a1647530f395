"""A ranking shows, ranks and grades the same one-decimal scores, in the API and the dashboard."""

from __future__ import annotations

import re
from typing import Any

from tests.integration.conftest import Api
from tests.integration.reports_setup import get


async def test_a_grade_boundary_is_not_split_by_hidden_decimals(
    api: Api, sign_in: Any
) -> None:
    scores = {"000.00.00.H01": 90.0, "000.00.00.H02": 89.96, "000.00.00.H03": 89.94}
    for index, code in enumerate(scores):
        await api.agency(code, f"UBND tỉnh {index}", "province")
    r = await api.call("POST", "/api/v1/analytics/quality-scores", api.admin, json={
        "period": "2024", "scores": [{"agency": c, "score": s} for c, s in scores.items()]})
    assert r.status_code == 201, r.text
    analyst = await api.make_key("analyst")
    body = await get(api, analyst, "/api/v1/analytics/rankings", period="2024")
    rows = body["blocks"][0]["rows"]
    assert [(r["agency"], r["rank"], r["score"], r["grade"]) for r in rows] == [
        ("000.00.00.H01", 1, 90.0, "A"), ("000.00.00.H02", 1, 90.0, "A"),
        ("000.00.00.H03", 3, 89.9, "B")]
    person = await sign_in("analyst", None)
    page = await person.get("/dashboard/rankings", params={"period": "2024"})
    assert page.status_code == 200
    cells = re.findall(r'<tr data-key="([^"]+)"><td class="num">(\d+)</td><th scope="row">'
                       r'[^<]*</th><td>([A-E])</td><td class="num">([^<]+)</td>', page.text)
    assert cells == [("000.00.00.H01", "1", "A", "90,0"), ("000.00.00.H02", "1", "A", "90,0"),
                     ("000.00.00.H03", "3", "B", "89,9")]
