"""Satisfaction weighted to the dossiers returned: API, non-response view, export, errors."""

from __future__ import annotations

import csv
import io
import math

import pytest

from tests.integration.conftest import Api
from tests.integration.dossiers_setup import AGENCY, lifecycle, send

PATH = "/api/v1/analytics/weighting"


async def _answer(api: Api, portal: str, dossier: str, overall: int) -> None:
    r = await api.call("POST", "/api/v1/responses", portal, json={
        "form": "hai-long", "service": "1.001193", "dossier": dossier,
        "answers": {"overall": overall}})
    assert r.status_code == 201, r.text


@pytest.fixture
async def served(api: Api, province: dict[str, str]) -> dict[str, str]:
    """March 2025: 30 dossiers returned at the counter, 6 answered (3 satisfied);
    10 returned online, all answered and satisfied."""
    key = await api.make_key("integration", AGENCY)
    events = []
    for i in range(30):
        events += lifecycle(f"HS-Q-{i}")
    for i in range(10):
        events += lifecycle(f"HS-O-{i}", channel="online")
    await send(api, key, events)
    for i in range(6):
        await _answer(api, province["portal"], f"HS-Q-{i}", 3 if i < 3 else 1)
    for i in range(10):
        await _answer(api, province["portal"], f"HS-O-{i}", 3)
    return province


def _wilson(p: float, n: float, z: float = 1.959963984540054) -> tuple[float, float]:
    # Wilson (1927) score interval written out, with the effective size for n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


async def test_weighted_rate_beside_the_unweighted_one(api: Api, served: dict[str, str]) -> None:
    r = await api.call("GET", PATH, served["analyst"],
                       params={"period": "2025-Q1", "margins": "service,channel",
                               "weights": "dossiers", "locale": "vi"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["returned"], body["n"], body["satisfied"]) == (40, 16, 13)
    assert body["rate"] == pytest.approx(13 / 16)
    # counter answers weigh 30/6 = 5, online ones 10/10 = 1: (15 + 10) / 40
    assert body["weighted_rate"] == pytest.approx(25 / 40)
    # Kish: n * sum(w^2) / (sum w)^2 = 16 * (6 * 25 + 10) / 40^2
    assert body["design_effect"] == pytest.approx(1.6)
    assert body["n_effective"] == pytest.approx(10.0)
    low, high = _wilson(0.625, 10.0)
    assert (body["weighted_ci_low"], body["weighted_ci_high"]) == (
        pytest.approx(low), pytest.approx(high))
    assert body["weighted_verdict"] == "insufficient_data"  # 10 effective answers < 30
    assert body["converged"] and body["interval_method"] == "wilson-effective-n"
    assert body["weighted_rate_text"] == "62,5%" and body["rate_text"] == "81,3%"
    channels = {s["key"]: s for s in body["strata"] if s["margin"] == "channel"}
    assert channels["in_person"]["returned"] == 30 and channels["in_person"]["answers"] == 6
    assert channels["in_person"]["response_rate"] == pytest.approx(0.2)
    assert channels["in_person"]["weight"] == pytest.approx(5.0)
    assert channels["online"]["weight"] == pytest.approx(1.0)
    assert not any(s["too_few"] for s in body["strata"])


async def test_strata_with_too_few_answers_are_flagged(api: Api, served: dict[str, str]) -> None:
    r = await api.call("GET", PATH, served["analyst"],
                       params={"margins": "channel", "min_answers": "7"})
    assert r.status_code == 200, r.text
    body = r.json()
    counter = next(s for s in body["strata"] if s["key"] == "in_person")
    assert counter["too_few"] and counter["pooled_with"] == ["online"]
    # pooled into one stratum, every answer weighs 40 / 16 and the rate is unweighted
    assert body["weighted_rate"] == pytest.approx(13 / 16)
    assert body["design_effect"] == pytest.approx(1.0)


async def test_a_period_without_dossiers_has_no_weighted_rate(
        api: Api, served: dict[str, str]) -> None:
    r = await api.call("GET", PATH, served["analyst"], params={"period": "2024"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["n"] == 0 and body["weighted_rate"] is None and body["strata"] == []


async def test_export_carries_weighted_and_unweighted(api: Api, served: dict[str, str]) -> None:
    r = await api.call("GET", "/api/v1/exports/weighting", served["analyst"],
                       params={"format": "csv", "period": "2025-03"})
    assert r.status_code == 200, r.text
    text = r.content.decode("utf-8-sig")
    first = text.split("\r\n\r\n")[0] if "\r\n\r\n" in text else text
    rows = list(csv.reader(io.StringIO(first, newline="")))
    flat = [cell for row in rows for cell in row]
    assert "0.625" in flat and "0.8125" in flat


@pytest.mark.parametrize(("params", "words"), [
    ({"margins": "service,age"}, "margins"),
    ({"margins": "channel,channel"}, "margins"),
    ({"weights": "people"}, "weights must be dossiers"),
    ({"min_answers": "0"}, "min_answers"),
    ({"trim_ratio": "0.5"}, "trim_ratio"),
    ({"period": "2025-Q9"}, "period"),
])
async def test_bad_parameters_are_400_in_both_languages(
        api: Api, province: dict[str, str], params: dict[str, str], words: str) -> None:
    r = await api.call("GET", PATH, province["analyst"], params=params,
                       headers={"Accept-Language": "en"})
    assert r.status_code == 400, r.text
    assert words in r.json()["message"], r.json()
    vi = await api.call("GET", PATH, province["analyst"], params=params,
                        headers={"Accept-Language": "vi"})
    assert vi.status_code == 400 and vi.json()["message"] != r.json()["message"]


async def test_another_agencys_key_is_refused(api: Api, served: dict[str, str]) -> None:
    await api.agency("000.00.00.G14", "Bộ Tư pháp")
    other = await api.make_key("analyst", "000.00.00.G14")
    r = await api.call("GET", PATH, other, params={"agency": AGENCY})
    assert r.status_code == 403, r.text
    own = await api.call("GET", PATH, other)
    assert own.status_code == 200 and own.json()["n"] == 0


async def test_sample_size_from_the_dossiers_returned(api: Api, served: dict[str, str]) -> None:
    r = await api.call("GET", "/api/v1/analytics/sample-size", served["analyst"],
                       params={"period": "2025-Q1"})
    assert r.status_code == 200, r.text
    body = r.json()
    # 40 dossiers returned; Cochran with the finite-population correction at p = 0.9:
    # n0 = 1.96^2 * 0.09 / 0.05^2 = 138.3, n = 138.3 / (1 + 137.3 / 40) = 31.2 -> 32
    assert (body["population"], body["sample_size"]) == (40, 32)
    assert body["sipas_sample_size"] == 37  # 40 / (1 + 40 * 0.0025) = 36.4 -> 37
    assert [(a["key"], a["sample_size"]) for a in body["allocation"]] == [
        ("000.00.00.H29/1.001193", 32)]
    given = await api.call("GET", "/api/v1/analytics/sample-size", served["analyst"],
                           params={"population": "10000", "expected_rate": "0.5"})
    assert given.json()["sipas_sample_size"] == 385 and given.json()["sample_size"] == 370
    # no dossiers returned in 2024 and no population given: the size for a large population
    empty = await api.call("GET", "/api/v1/analytics/sample-size", served["analyst"],
                           params={"period": "2024"})
    assert empty.status_code == 200, empty.text
    assert empty.json()["population"] == 0 and empty.json()["sipas_sample_size"] is None
    assert empty.json()["sample_size"] == 139 and empty.json()["allocation"] == []
