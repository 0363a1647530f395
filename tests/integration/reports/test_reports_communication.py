"""Communication effectiveness (seed 002) through HTTP."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from scipy import stats

from tests.integration.conftest import Api
from tests.integration.reports_setup import H26, H29, agency_with_keys, get, submit

PATH = "/api/v1/analytics/communication"


def answers(channels: list[str], submission: str, overall: int, count: int) -> list[dict]:
    return [{"heard_from": channels, "submission": submission, "overall": overall}] * count


@pytest.fixture
async def campaign(api: Api) -> dict[str, object]:
    """50 respondents of the communication survey (satisfied = 4 or 5).

    10 heard through tv only (self, 5); 10 through tv and zalo (self, 4);
    20 through zalo only (with help, 2); 10 through the community digital
    team (self, 5). The first 20 (tv only, tv + zalo) answered before 2025.
    """
    keys = await agency_with_keys(api, H29, "UBND tỉnh Hải Dương")
    await api.service(keys["designer"], "1.001193")
    await api.published_form(keys["designer"], "truyen-thong", template="communication",
                             access="open")
    ids = await submit(api, keys["portal"], "truyen-thong", "1.001193",
                       answers(["tv"], "self", 5, 10) + answers(["tv", "zalo"], "self", 4, 10)
                       + answers(["zalo"], "with_help", 2, 20)
                       + answers(["community_digital_team"], "self", 5, 10))
    return {"keys": keys, "ids": ids}


def wilson(x: int, n: int) -> tuple[float, float]:
    ci = stats.binomtest(x, n).proportion_ci(method="wilson")
    return ci.low, ci.high


async def test_reach_and_outcomes_by_channel(api: Api, campaign: dict, ctx) -> None:
    analyst = campaign["keys"]["analyst"]
    body = await get(api, analyst, PATH, locale="vi")
    assert body["n"] == 50 and body["outcomes"] == ["self_submitted", "satisfied"]
    reach = {r["channel"]: r for r in body["reach"]}
    assert [r["channel"] for r in body["reach"]] == ["zalo", "tv", "community_digital_team"]
    assert {c: r["reached"] for c, r in reach.items()} == {
        "zalo": 30, "tv": 20, "community_digital_team": 10}
    assert reach["tv"]["share"] == 0.4 and reach["tv"]["share_text"] == "40,0%"
    low, high = wilson(20, 50)
    assert math.isclose(reach["tv"]["ci_low"], low) and math.isclose(reach["tv"]["ci_high"], high)
    assert reach["tv"]["label"] == "Truyền hình"
    effects = {(e["channel"], e["outcome"]): e for e in body["effects"]}
    tv = effects[("tv", "self_submitted")]
    assert (tv["reached"]["successes"], tv["reached"]["n"]) == (20, 20)
    assert (tv["not_reached"]["successes"], tv["not_reached"]["n"]) == (10, 30)
    assert tv["difference"]["difference"] == pytest.approx(1 - 10 / 30)
    table = [[20, 0], [10, 20]]
    chi2, pvalue, _, _ = stats.chi2_contingency(table, correction=False)
    assert tv["chi_square"] == pytest.approx(chi2) and tv["chi_square_pvalue"] == pytest.approx(
        pvalue)
    assert tv["cramers_v"] == pytest.approx(math.sqrt(chi2 / 50))
    zalo = effects[("zalo", "satisfied")]
    assert (zalo["reached"]["successes"], zalo["reached"]["n"]) == (10, 30)
    assert (zalo["not_reached"]["successes"], zalo["not_reached"]["n"]) == (20, 20)
    assert zalo["difference"]["difference"] < 0 and zalo["difference"]["ci_high"] < 0
    assert body["before_after"] == []
    en = await get(api, analyst, PATH, locale="en")
    assert {r["channel"]: r["label"] for r in en["reach"]}["tv"] == "Television"


async def test_before_and_after_a_campaign(api: Api, campaign: dict, ctx) -> None:
    early = campaign["ids"][:20]
    await ctx.db.raw(
        f"UPDATE response SET submitted_at = {{}} WHERE id IN ({', '.join('{}' for _ in early)})",
        dt.datetime(2024, 6, 1, tzinfo=dt.UTC), *early)
    body = await get(api, campaign["keys"]["analyst"], PATH, campaign_start="2025-01-01")
    assert body["campaign_start"] == "2025-01-01"
    result = {c["outcome"]: c for c in body["before_after"]}
    own = result["self_submitted"]
    assert (own["before"]["successes"], own["before"]["n"]) == (20, 20)
    assert (own["after"]["successes"], own["after"]["n"]) == (10, 30)
    assert own["difference"]["difference"] == pytest.approx(10 / 30 - 1)
    assert own["difference"]["pvalue"] < 0.001
    satisfied = result["satisfied"]
    assert (satisfied["before"]["successes"], satisfied["after"]["successes"]) == (20, 10)


async def test_filters_scope_and_parameters(api: Api, campaign: dict) -> None:
    analyst = campaign["keys"]["analyst"]
    assert (await get(api, analyst, PATH, form="truyen-thong"))["n"] == 50
    assert (await get(api, analyst, PATH, period="2019"))["n"] == 0
    national = await api.make_key("analyst")
    assert (await get(api, national, PATH))["n"] == 50
    other = await agency_with_keys(api, H26, "UBND tỉnh Hà Nam", roles=("analyst",))
    mine = await get(api, other["analyst"], PATH)
    assert (mine["n"], mine["reach"], mine["effects"]) == (0, [], [])
    r = await api.call("GET", PATH, other["analyst"], params={"agency": H29})
    assert r.status_code == 403
    r = await api.call("GET", PATH, other["analyst"], params={"form": "truyen-thong"})
    assert r.status_code == 404
    for params in ({"campaign_start": "2025-13-01"}, {"campaign_start": "soon"},
                   {"confidence_level": "0.2"}, {"period": "23"}):
        r = await api.call("GET", PATH, analyst, params=params)
        assert r.status_code == 400, (params, r.text)
        assert r.json()["message"]
