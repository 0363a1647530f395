"""Satisfaction indices of a form with x-survey.indices, through the API.

References are computed here from the raw answers with numpy and scipy:
each respondent's score on an element (the share of its items answered
with a satisfied answer), the element index as their mean, the overall
index as the mean of the element indices; with every element answered,
its delta-method standard error equals ``numpy.std(averages, ddof=1) /
sqrt(n)`` of the respondents' average scores; alpha from ``numpy.cov``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from scipy import stats

from analytics import grade
from tests.integration.conftest import Api
from tests.integration.dossiers_setup import lifecycle, organisation
from tests.integration.dossiers_setup import send as send_events
from tests.integration.results.results_setup import H29, send

SLUG = "sipas-thu"
_SCALE = [{"const": v, "title": f"Mức {v}"} for v in (5, 4, 3, 2, 1)]


def _likert(title: str) -> dict[str, Any]:
    return {"title": title, "type": "integer", "x-widget": "likert", "oneOf": _SCALE}


DEFINITION: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "SIPAS thử", "type": "object", "additionalProperties": False,
    "required": ["info", "way", "staff", "result"],
    "properties": {"info": _likert("Thông tin?"), "way": _likert("Cách nộp?"),
                   "staff": _likert("Công chức?"), "result": _likert("Kết quả?")},
    "x-survey": {
        "indices": {
            "access": {"title": "Tiếp cận dịch vụ", "questions": ["info", "way"],
                       "satisfied": [4, 5]},
            "staff": {"title": "Công chức", "questions": ["staff"], "satisfied": [4, 5]},
            "result": {"title": "Kết quả", "questions": ["result"], "satisfied": [4, 5]},
        },
        "translations": {"en": {"indices": {"access": "Access to the service"}}},
    },
}
ANSWERS = [(5, 4, 5, 4), (4, 4, 3, 5), (2, 3, 2, 1), (5, 5, 5, 5), (3, 4, 4, 4),
           (1, 2, 2, 3), (4, 5, 4, 2), (5, 3, 4, 4), (4, 4, 5, 5), (2, 2, 3, 4),
           (5, 5, 4, 5), (3, 3, 3, 3)]
NAMES = ("info", "way", "staff", "result")


@pytest.fixture
async def answered(api: Api, province: dict[str, str]) -> dict[str, str]:
    await api.service(province["designer"], "2.000001")
    await api.published_form(province["designer"], SLUG, definition=DEFINITION)
    for i, row in enumerate(ANSWERS):
        await send(api, province["portal"], dict(zip(NAMES, row, strict=True)), f"S-{i}",
                   slug=SLUG, service="1.001193" if i < 8 else "2.000001")
    return province


def reference(rows: list[tuple[int, ...]]) -> dict[str, Any]:
    data = np.array(rows, dtype=float)
    good = data >= 4
    access = good[:, :2].mean(axis=1)
    scores = np.column_stack([access, good[:, 2], good[:, 3]])
    averages = scores.mean(axis=1)
    cov = np.cov(data[:, :2], rowvar=False, ddof=1)
    alpha = 2 * (1 - np.trace(cov) / cov.sum())
    return {"elements": scores.mean(axis=0), "overall": averages.mean(),
            "se": np.std(averages, ddof=1) / np.sqrt(len(rows)), "alpha": alpha,
            "access": access}


async def test_element_indices_alpha_and_the_overall_index(
    api: Api, answered: dict[str, str],
) -> None:
    r = await api.call("GET", "/api/v1/analytics/indices", answered["analyst"],
                       params={"form": SLUG, "locale": "en"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["interval_method"] == "delta" and len(body["rows"]) == 1
    (row,) = body["rows"]
    ref = reference(ANSWERS)
    assert row["responses"] == len(ANSWERS) and row["key"] == SLUG
    access, staff, result = row["elements"]
    assert result["n"] == len(ANSWERS) and result["method"] == "wilson"
    assert [e["key"] for e in row["elements"]] == ["access", "staff", "result"]
    assert access["title"] == "Access to the service" and staff["title"] == "Công chức"
    assert [e["index"] for e in row["elements"]] == pytest.approx(list(ref["elements"]))
    # one-item elements: a Wilson interval; two items: the t interval of the mean score
    k = int(sum(a[2] >= 4 for a in ANSWERS))
    ci = stats.binomtest(k, len(ANSWERS)).proportion_ci(method="wilson")
    assert staff["method"] == "wilson"
    assert (staff["ci_low"], staff["ci_high"]) == pytest.approx((ci.low, ci.high))
    low, high = stats.t.interval(0.95, len(ANSWERS) - 1, loc=ref["access"].mean(),
                                 scale=stats.sem(ref["access"]))
    assert access["method"] == "t"
    assert (access["ci_low"], access["ci_high"]) == pytest.approx((max(low, 0), min(high, 1)))
    assert access["mean_score"] == pytest.approx(np.mean([a[:2] for a in ANSWERS]))
    assert access["alpha"] == pytest.approx(ref["alpha"]) and access["alpha_n"] == 12
    assert access["alpha_ci_low"] < access["alpha"] < access["alpha_ci_high"]
    assert "alpha" not in staff
    overall = row["overall"]
    assert overall["index"] == pytest.approx(ref["overall"])
    assert overall["se"] == pytest.approx(ref["se"])
    assert overall["elements"] == 3 and overall["index_text"].endswith("%")
    assert row["rank"] == 1 and row["grade"] == str(grade(100 * ref["overall"]))


async def test_services_are_ranked_and_graded(api: Api, answered: dict[str, str]) -> None:
    r = await api.call("GET", "/api/v1/analytics/indices", answered["analyst"],
                       params={"group_by": "service"})
    rows = r.json()["rows"]
    assert {row["key"] for row in rows} == {f"{H29}/1.001193", f"{H29}/2.000001"}
    by_key = {row["key"]: row for row in rows}
    first = reference(ANSWERS[:8])["overall"]
    second = reference(ANSWERS[8:])["overall"]
    assert by_key[f"{H29}/1.001193"]["overall"]["index"] == pytest.approx(first)
    assert by_key[f"{H29}/2.000001"]["overall"]["index"] == pytest.approx(second)
    assert rows[0]["overall"]["index"] >= rows[1]["overall"]["index"]
    assert [row["rank"] for row in rows] == [1, 2]
    r = await api.call("GET", "/api/v1/analytics/indices", answered["analyst"],
                       params={"group_by": "units"})
    assert r.status_code == 400
    r = await api.call("GET", "/api/v1/analytics/indices", answered["analyst"],
                       params={"period": "2019"})
    assert r.json()["rows"] == []


async def test_indices_per_period(api: Api, answered: dict[str, str]) -> None:
    from forms_service.i18n import vietnam_today

    today = vietnam_today()
    for group_by, key in (("year", f"{today.year}"),
                          ("quarter", f"{today.year}-Q{(today.month + 2) // 3}"),
                          ("month", f"{today.year}-{today.month:02d}")):
        r = await api.call("GET", "/api/v1/analytics/indices", answered["analyst"],
                           params={"group_by": group_by})
        assert r.status_code == 200, r.text
        (row,) = r.json()["rows"]
        assert row["key"] == key and "rank" not in row and row["grade"] in "ABCDE"
        assert row["overall"]["index"] == pytest.approx(reference(ANSWERS)["overall"])


async def test_units_are_ranked_with_merged_units_under_their_successor(
        api: Api, answered: dict[str, str]) -> None:
    await organisation(api, answered["designer"])
    r = await api.call("POST", "/api/v1/units", answered["designer"], json={
        "code": "XA-CU", "name": "UBND xã Cũ", "kind": "commune", "closed_on": "2025-07-01",
        "successor": "XA-AN"})
    assert r.status_code == 201, r.text
    integration = await api.make_key("integration", H29)
    for i in range(len(ANSWERS) - 1):  # the last answer has no dossier events: no unit
        unit = "TTHCC" if i < 6 else "XA-CU" if i < 9 else "XA-AN"
        await send_events(api, integration, lifecycle(
            f"S-{i}", unit=unit, service="1.001193" if i < 8 else "2.000001"))
    r = await api.call("GET", "/api/v1/analytics/indices", answered["analyst"],
                       params={"group_by": "unit", "form": SLUG})
    assert r.status_code == 200, r.text
    rows = {row["key"]: row for row in r.json()["rows"]}
    assert set(rows) == {f"{H29}/TTHCC", f"{H29}/XA-AN"}
    assert rows[f"{H29}/TTHCC"]["responses"] == 6
    assert rows[f"{H29}/XA-AN"]["responses"] == 5
    assert rows[f"{H29}/TTHCC"]["overall"]["index"] == pytest.approx(
        reference(ANSWERS[:6])["overall"])
    assert rows[f"{H29}/XA-AN"]["overall"]["index"] == pytest.approx(
        reference(ANSWERS[6:11])["overall"])
    assert sorted(row["rank"] for row in rows.values()) == [1, 2]
