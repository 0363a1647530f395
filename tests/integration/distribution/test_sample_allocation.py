"""POST /api/v1/forms/{slug}/distribution/sample: a quarter's sample shared across the
services, stored in the rule, and the invitations held to each service's share."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from forms_service.i18n import VIETNAM
from tests.integration.conftest import Api
from tests.integration.distribution.setup import integration_key, note, put_rule, returned, send

A, B = "1.001193", "2.001610"
PATH = "/api/v1/forms/hai-long/distribution/sample"


@pytest.fixture
async def last_year(api: Api, province: dict[str, str]) -> dict[str, str]:
    """Returned in 2025-Q1: 78 dossiers of service A, 2 of service B."""
    await api.service(province["designer"], B)
    assert (await put_rule(api, province["designer"])).status_code == 200
    key = await integration_key(api)
    at = dt.datetime(2025, 2, 10, 9, 0, tzinfo=VIETNAM)
    await send(api, key, [returned(None, at=at) for _ in range(78)]
               + [returned(None, at=at, service=B) for _ in range(2)])
    return province


async def test_the_allocation_becomes_the_rule_and_holds_the_invitations(
        api: Api, last_year: dict[str, str]) -> None:
    r = await api.call("POST", PATH, last_year["designer"], json={"period": "2025-Q1"})
    assert r.status_code == 200, r.text
    # 80 dossiers returned. Cochran's size for a 5-point margin at 95%, p = 0.9:
    # n0 = 1.96^2 * 0.09 / 0.05^2 = 138.3; with the finite-population correction
    # n = 138.3 / (1 + 137.3 / 80) = 50.9 -> 51. Proportional shares 51 * 78/80 = 49.725
    # and 51 * 2/80 = 1.275: 49 and 1, the last answer to the larger remainder (A).
    assert r.json()["service_samples"] == {A: 50, B: 1}
    assert r.json()["channels"] == ["email", "sms"]  # the rest of the rule is kept
    stored = await api.call("GET", "/api/v1/forms/hai-long/distribution",
                            last_year["analyst"])
    assert stored.json()["service_samples"] == {A: 50, B: 1}
    key = await integration_key(api)
    results = await send(api, key, [returned("b1@example.vn", service=B),
                                    returned("b2@example.vn", service=B),
                                    returned("a1@example.vn"), returned("a2@example.vn")])
    assert [note(r) for r in results] == ["invited", "sample_full", "invited", "invited"]
    assert "1" in results[1]["notes"][0]["message"]


async def test_neyman_and_a_wider_margin(api: Api, last_year: dict[str, str]) -> None:
    r = await api.call("POST", PATH, last_year["designer"], json={
        "period": "2025-Q1", "margin_of_error": 0.15, "expected_rate": 0.5,
        "allocation": "neyman"})
    assert r.status_code == 200, r.text
    # n0 = 1.96^2 * 0.25 / 0.15^2 = 42.7; n = 42.7 / (1 + 41.7 / 80) = 28.06 -> 29. With
    # fewer than 30 rated answers each service takes the expected rate, so Neyman's shares
    # are the proportional ones: 29 * 78/80 = 28.275 and 0.725 -> 28 and 1
    assert r.json()["service_samples"] == {A: 28, B: 1}
    # a population larger than the dossiers returned: no service is asked for more
    # answers than it served
    capped = await api.call("POST", PATH, last_year["designer"], json={
        "period": "2025-Q1", "population": 10000, "expected_rate": 0.5})
    assert capped.status_code == 200, capped.text
    assert capped.json()["service_samples"] == {A: 78, B: 2}


async def _rule(api: Api, key: str) -> dict[str, Any]:
    return dict((await api.call("GET", "/api/v1/forms/hai-long/distribution", key)).json())


@pytest.mark.parametrize(("body", "words"), [
    ({}, "period is required"),
    ({"period": "2025-Q1", "size": 3}, "size is not a parameter"),
    ({"period": "2024"}, "No dossiers were returned in 2024"),
    ({"period": "2025-Q1", "margin_of_error": 5}, "margin_of_error"),
    ({"period": "2025-Q1", "allocation": "equal"}, "allocation"),
    ([1, 2], "object"),
])
async def test_bad_bodies_are_400_and_change_nothing(
        api: Api, last_year: dict[str, str], body: Any, words: str) -> None:
    before = await _rule(api, last_year["designer"])
    r = await api.call("POST", PATH, last_year["designer"], json=body,
                       headers={"Accept-Language": "en"})
    assert r.status_code == 400, r.text
    assert words in r.json()["message"], r.json()
    vi = await api.call("POST", PATH, last_year["designer"], json=body,
                        headers={"Accept-Language": "vi"})
    assert vi.status_code == 400 and vi.json()["message"] != r.json()["message"]
    assert await _rule(api, last_year["designer"]) == before


async def test_who_may_apply(api: Api, last_year: dict[str, str]) -> None:
    r = await api.call("POST", PATH, last_year["analyst"], json={"period": "2025-Q1"})
    assert r.status_code == 403, r.text
    await api.agency("000.00.00.G14", "Bộ Tư pháp")
    other = await api.make_key("designer", "000.00.00.G14")
    r = await api.call("POST", PATH, other, json={"period": "2025-Q1"})
    assert r.status_code == 404, r.text


async def test_without_a_rule_yet(api: Api, province: dict[str, str]) -> None:
    r = await api.call("POST", PATH, province["designer"], json={"period": "2025-Q1"})
    assert r.status_code == 404 and "PUT" in r.json()["message"]


async def test_service_samples_are_checked(api: Api, province: dict[str, str]) -> None:
    r = await put_rule(api, province["designer"], service_samples={A: 0})
    assert r.status_code == 400 and "service_samples" in r.json()["message"]
    r = await put_rule(api, province["designer"], service_samples={A: 12},
                       quarterly_sample=40)
    assert r.status_code == 200 and r.json()["service_samples"] == {A: 12}
