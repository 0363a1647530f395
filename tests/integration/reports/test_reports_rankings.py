"""Quality rankings through HTTP: the seed-003 appendix imported and reproduced."""

from __future__ import annotations

import json
from typing import Any

import pytest

from forms_service.reports.demo import QUALITY_SCORES, appendix_agencies
from tests.integration.conftest import Api
from tests.integration.reports_setup import H26, H29, agency_with_keys, get, ratings, submit

RANKINGS = "/api/v1/analytics/rankings"
IMPORT = "/api/v1/analytics/quality-scores"
# Seed 003, appendix I.1(a) and I.2(a) (the percent sign written without a space).
LINES = {
    "ministry": ["Mức độ A: 2/20 (10%)", "Mức độ B: 4/20 (20%)", "Mức độ C: 10/20 (50%)",
                 "Mức độ D: 0/20 (0%)", "Mức độ E: 4/20 (20%)"],
    "province": ["Mức độ A: 9/63 (14%)", "Mức độ B: 43/63 (68%)", "Mức độ C: 10/63 (16%)",
                 "Mức độ D: 1/63 (2%)", "Mức độ E: 0/63 (0%)"],
}


@pytest.fixture
async def appendix(api: Api) -> dict[str, Any]:
    """The 83 agencies of the appendix, registered and scored for 2023 through the API."""
    data = json.loads(QUALITY_SCORES.read_text(encoding="utf-8"))
    entries = appendix_agencies(data)
    for code, name, kind, _ in entries:
        await api.agency(code, name, kind)
    body = {"period": "2023", "source": "BTTTT 2023",
            "scores": [{"agency": code, "score": score} for code, _, _, score in entries]}
    r = await api.call("POST", IMPORT, api.admin, json=body)
    assert r.status_code == 201, r.text
    assert r.json() == {"period": "2023", "source": "BTTTT 2023", "imported": 83,
                        "replaced": 0}
    return {"data": data, "entries": entries, "body": body}


async def test_imported_scores_reproduce_the_appendix(api: Api, appendix: dict) -> None:
    analyst = await api.make_key("analyst")
    body = await get(api, analyst, RANKINGS, period="2023")
    assert body["source"] == "imported" and body["locale"] == "vi"
    blocks = {block["kind"]: block for block in body["blocks"]}
    assert list(blocks) == ["ministry", "province"]
    for kind, key in (("ministry", "ministries"), ("province", "provinces")):
        block, published = blocks[kind], appendix["data"][key]
        assert block["count"] == len(published)
        assert [(r["rank"], r["grade"]) for r in block["rows"]] == [
            (item["rank"], item["grade"]) for item in published]
        names = [name for _, name, k, _ in appendix["entries"] if k == kind]
        assert [r["name"] for r in block["rows"]] == names
        assert block["distribution_lines"] == LINES[kind]
        assert sum(d["count"] for d in block["distribution"]) == len(published)
    assert round(blocks["ministry"]["mean_score"]) == 70
    assert round(blocks["province"]["mean_score"]) == 83
    assert blocks["ministry"]["title"] == "Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ"
    top = blocks["province"]["rows"][6]
    assert (top["rank"], top["agency"], top["name"], top["grade"]) == (
        4, H29, "UBND tỉnh Hải Dương", "A")


async def test_rankings_locale_kind_and_who_reads(api: Api, appendix: dict) -> None:
    keys = await agency_with_keys(api, "000.00.00.H99", "Sở Tư pháp", roles=("analyst",
                                                                             "designer"))
    en = await get(api, keys["analyst"], RANKINGS, period="2023", locale="en", kind="ministry")
    assert [b["kind"] for b in en["blocks"]] == ["ministry"]
    assert en["blocks"][0]["distribution_lines"][0] == "Grade A: 2/20 (10%)"
    assert en["blocks"][0]["title"] == "Ministries and government agencies"
    assert (await get(api, keys["analyst"], RANKINGS, period="2022"))["blocks"] == []
    r = await api.call("GET", RANKINGS, keys["designer"], params={"period": "2023"})
    assert r.status_code == 403
    for params in ({}, {"period": "2023-Q9"}, {"period": "2023", "source": "rumour"},
                   {"period": "2023", "kind": "village"}):
        r = await api.call("GET", RANKINGS, keys["analyst"], params=params)
        assert r.status_code == 400, params
        assert r.json()["message"]


async def test_import_replaces_and_refuses_bad_input(api: Api, appendix: dict) -> None:
    body = appendix["body"]
    again = dict(body, scores=[{"agency": "G14", "score": 95.0}])
    r = await api.call("POST", IMPORT, api.admin, json=again)
    assert r.status_code == 201 and r.json()["replaced"] == 1
    analyst = await api.make_key("analyst")
    rows = (await get(api, analyst, RANKINGS, period="2023", kind="ministry"))["blocks"][0]
    assert [(r["rank"], r["agency"], r["grade"]) for r in rows["rows"][:1]] == [(1, "G14", "A")]
    designer = (await agency_with_keys(api, "000.00.00.H98", "Sở Nội vụ",
                                       roles=("designer",)))["designer"]
    r = await api.call("POST", IMPORT, designer, json=body)
    assert r.status_code == 403
    cases = [
        (dict(body, scores=[{"agency": "NOPE", "score": 50}]), "NOPE"),
        (dict(body, scores=[{"agency": "G14", "score": 50}, {"agency": "G14", "score": 60}]),
         "G14"),
        (dict(body, scores=[{"agency": "G14", "score": 101}]), "score"),
        (dict(body, period="2023-Q7"), "2023-Q7"),
        (dict(body, scores=[]), "scores"),
        ({"period": "2023"}, "scores"),
    ]
    for payload, words in cases:
        r = await api.call("POST", IMPORT, api.admin, json=payload,
                           headers={"Accept-Language": "en"})
        assert r.status_code == 400, (payload, r.text)
        assert words in r.json()["message"], r.json()


async def test_rankings_from_satisfaction(api: Api) -> None:
    first = await agency_with_keys(api, H29, "UBND tỉnh Hải Dương")
    second = await agency_with_keys(api, H26, "UBND tỉnh Hà Nam")
    for keys, good, bad in ((first, 27, 3), (second, 30, 10)):
        await api.service(keys["designer"], "1.001193")
        slug = f"hai-long-{good}"
        await api.published_form(keys["designer"], slug, template="quick-rating")
        await submit(api, keys["portal"], slug, "1.001193", ratings(good, bad))
    national = await api.make_key("analyst")
    month = (await api.ctx.db.raw("SELECT month FROM response LIMIT 1"))[0]["month"]
    body = await get(api, national, RANKINGS, period=month[:4], source="satisfaction")
    rows = body["blocks"][0]["rows"]
    assert [(r["rank"], r["agency"], r["score"], r["grade"]) for r in rows] == [
        (1, H29, 90.0, "A"), (2, H26, 75.0, "C")]
    body = await get(api, national, RANKINGS, period=month[:4], source="satisfaction",
                     min_n=35)
    assert [r["agency"] for r in body["blocks"][0]["rows"]] == [H26]
    r = await api.call("GET", RANKINGS, first["analyst"],
                       params={"period": month[:4], "source": "satisfaction"},
                       headers={"Accept-Language": "en"})
    assert r.status_code == 403 and "national key" in r.json()["message"]
