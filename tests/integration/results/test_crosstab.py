"""Cross-tabulations through the API: by a group (from the answer counts) and by
another question (from the raw answers); references from scipy."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from scipy import stats

from tests.integration.conftest import Api
from tests.integration.dossiers_setup import lifecycle, organisation
from tests.integration.dossiers_setup import send as send_events
from tests.integration.results.results_setup import ANSWERS, H29, SLUG, every_kind, send

URL = "/api/v1/analytics/crosstab"


@pytest.fixture
async def answered(api: Api, province: dict[str, str]) -> dict[str, str]:
    await api.published_form(province["designer"], SLUG, definition=every_kind())
    for i, answer in enumerate(ANSWERS * 3):
        await send(api, province["portal"], answer, f"C-{i}",
                   channel="web" if i % 3 else "kiosk")
    return province


async def test_question_by_channel(api: Api, answered: dict[str, str]) -> None:
    r = await api.call("GET", URL, answered["analyst"],
                       params={"form": SLUG, "question": "overall", "by": "channel"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert [c["value"] for c in body["columns"]] == ["kiosk", "web"]
    assert [row["value"] for row in body["rows"]] == ["5", "4", "3", "2", "1"]
    expected = Counter((a["overall"], "kiosk" if i % 3 == 0 else "web")
                       for i, a in enumerate(ANSWERS * 3))
    table = [[expected[(v, c)] for c in ("kiosk", "web")] for v in (5, 4, 3, 2, 1)]
    assert body["counts"] == table
    reference = stats.chi2_contingency(np.array(table), correction=False)
    assert body["statistic"] == pytest.approx(reference.statistic)
    assert body["pvalue"] == pytest.approx(reference.pvalue)
    assert body["cramers_v"] == pytest.approx(
        stats.contingency.association(np.array(table), method="cramer"))
    assert body["small_expected"] is True and body["exact_method"] == "monte-carlo"
    assert 0 < body["exact_pvalue"] <= 1 and body["resamples"] == 10_000
    assert "nhỏ hơn 5" in body["warning"]
    assert body["row_shares"][0][0] == pytest.approx(table[0][0] / sum(table[0]))


async def test_question_by_question_and_yes_no(api: Api, answered: dict[str, str]) -> None:
    r = await api.call("GET", URL, answered["analyst"],
                       params={"form": SLUG, "question": "again", "by": "recommend",
                               "locale": "en"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert [row["value"] for row in body["rows"]] == ["true", "false"]
    assert [c["value"] for c in body["columns"]] == [str(v) for v in range(11)]
    pairs = Counter((a["again"], a["recommend"]) for a in ANSWERS * 3 if "again" in a)
    assert body["counts"] == [[pairs[(flag, v)] for v in range(11)] for flag in (True, False)]
    assert body["n"] == sum(pairs.values())
    assert body["warning"].startswith("Some expected counts are below 5")
    r = await api.call("GET", URL, answered["analyst"],
                       params={"form": SLUG, "question": "again", "by": "overall"})
    body = r.json()
    pairs = Counter((a["again"], a["overall"]) for a in ANSWERS * 3 if "again" in a)
    assert body["counts"] == [[pairs[(flag, v)] for v in (5, 4, 3, 2, 1)]
                              for flag in (True, False)]


@pytest.mark.parametrize(("params", "word"), [
    ({"question": "reason", "by": "channel"}, "question"),
    ({"question": "heard", "by": "channel"}, "question"),
    ({"question": "overall", "by": "weather"}, "by"),
    ({"question": "overall", "by": "overall"}, "by"),
    ({"question": "overall", "by": "channel", "period": "2025-Q9"}, "2025-Q9"),
])
async def test_bad_requests_are_400(api: Api, answered: dict[str, str], params: dict[str, str],
                                    word: str) -> None:
    r = await api.call("GET", URL, answered["analyst"], params={"form": SLUG, **params},
                       headers={"Accept-Language": "en"})
    assert r.status_code == 400 and word in r.json()["message"], r.text


async def test_other_agencies_cannot_read_it(api: Api, answered: dict[str, str]) -> None:
    await api.agency("000.00.00.G14", "Bộ Tư pháp", "ministry")
    other = await api.make_key("analyst", "000.00.00.G14")
    r = await api.call("GET", URL, other,
                       params={"form": SLUG, "question": "overall", "by": "channel"})
    assert r.status_code == 404


async def test_question_by_unit_with_merged_units_under_their_successor(
        api: Api, answered: dict[str, str]) -> None:
    await organisation(api, answered["designer"])
    r = await api.call("POST", "/api/v1/units", answered["designer"], json={
        "code": "XA-CU", "name": "UBND xã Cũ", "kind": "commune", "closed_on": "2025-07-01",
        "successor": "XA-AN"})
    assert r.status_code == 201, r.text
    integration = await api.make_key("integration", H29)
    units = {}
    for i in range(len(ANSWERS * 3) - 2):  # the last two answers have no dossier events
        units[i] = ("TTHCC", "XA-AN", "XA-CU")[i % 3]
        await send_events(api, integration, lifecycle(f"C-{i}", unit=units[i]))
    r = await api.call("GET", URL, answered["analyst"],
                       params={"form": SLUG, "question": "overall", "by": "unit"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert [c["label"] for c in body["columns"]] == [
        "TTHCC Trung tâm Phục vụ hành chính công", "XA-AN UBND xã An Bình"]
    expected = Counter((a["overall"], "TTHCC" if units[i] == "TTHCC" else "XA-AN")
                       for i, a in enumerate(ANSWERS * 3) if i in units)
    table = [[expected[(v, c)] for c in ("TTHCC", "XA-AN")] for v in (5, 4, 3, 2, 1)]
    assert body["counts"] == table and body["n"] == len(units)
