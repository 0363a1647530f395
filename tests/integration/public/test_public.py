"""Public results pages: opt-in, suppression of small groups, caching, JSON twins."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.integration.conftest import Api
from tests.integration.reports_setup import H26, H29, agency_with_keys, get, ratings, submit

EVIL = "<script>alert('x')</script> Thủ tục"


async def _service(api: Api, key: str, code: str, name: str) -> None:
    r = await api.call("POST", "/api/v1/services", key, json={
        "code": code, "name": name, "audience": "citizen", "delivery": "full_online"})
    assert r.status_code == 201, r.text


@pytest.fixture
async def published(api: Api) -> dict[str, str]:
    """H29 publishes: service A has 10 answers (9 satisfied), B has 9, C (an evil name) 12.

    H26 has answers too but does not publish.
    """
    keys = await agency_with_keys(api, H29, "UBND tỉnh Hải Dương")
    await _service(api, keys["designer"], "1.000001", "Đăng ký khai sinh")
    await _service(api, keys["designer"], "1.000002", "Cấp phiếu lý lịch tư pháp")
    await _service(api, keys["designer"], "1.000003", EVIL)
    await api.published_form(keys["designer"], "hai-long")
    await submit(api, keys["portal"], "hai-long", "1.000001", ratings(9, 1))
    await submit(api, keys["portal"], "hai-long", "1.000002", ratings(8, 1))
    await submit(api, keys["portal"], "hai-long", "1.000003", ratings(12, 0))
    for period, online, total in (("2025-Q1", 40, 100), ("2025-Q2", 60, 100),
                                  ("2025-Q3", 5, 9)):
        r = await api.call("POST", "/api/v1/services/1.000001/dossier-stats", keys["designer"],
                           json={"period": period, "online_dossiers": online,
                                 "total_dossiers": total})
        assert r.status_code in (200, 201), r.text
    r = await api.call("PUT", f"/api/v1/agencies/{H29}/publication", keys["designer"],
                       json={"publish_results": True})
    assert r.status_code == 200, r.text
    assert r.json()["publish_results"] is True
    other = await agency_with_keys(api, H26, "UBND tỉnh Hà Nam")
    await _service(api, other["designer"], "2.000001", "Đăng ký kết hôn")
    await api.published_form(other["designer"], "ha-nam")
    await submit(api, other["portal"], "ha-nam", "2.000001", ratings(20, 0))
    keys["other_designer"] = other["designer"]
    return keys


def _rows(html: str, table: str) -> dict[str, list[str]]:
    """Cells of each body row of table ``table``, keyed by the row's data attribute."""
    section = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    out = {}
    for match in re.finditer(r'<tr data-\w+="([^"]*)"[^>]*>(.*?)</tr>', section, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", match.group(2), re.S)
        out[match.group(1)] = [re.sub(r"<[^>]+>", "", c).strip() for c in cells]
    return out


async def test_a_published_agency_shows_aggregates_and_suppresses_small_groups(
    api: Api, published: dict[str, str]
) -> None:
    r = await api.client.get(f"/public/{H29}")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    html = r.text
    rows = _rows(html, "satisfaction-table")
    # 10 answers: shown; 9 answers: suppressed (minimum 10)
    assert rows["1.000001"][1:4] == ["10", "9", "90,0%"]
    assert rows["1.000002"][1:5] == ["—", "—", "—", "—"]
    assert "ít hơn 10 ý kiến" in rows["1.000002"][5]
    assert rows["1.000003"][1:4] == ["12", "12", "100,0%"]
    # the name is escaped everywhere, in the table and in the chart
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html
    # never a comment or a single answer
    assert "Chờ lâu" not in html
    online = _rows(html, "online-table")
    assert online["2025-Q1"][1:4] == ["100", "40", "40,0%"]
    assert online["2025-Q3"][1:4] == ["—", "—", "—"]
    assert '<svg' in html and 'role="img"' in html


async def test_the_json_twin_has_the_numbers_of_the_page(
    api: Api, published: dict[str, str]
) -> None:
    page = await api.client.get(f"/public/{H29}")
    r = await api.client.get(f"/public/{H29}.json")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["agency"] == H29 and body["min_answers"] == 10
    by_code = {row["service"]: row for row in body["satisfaction"]}
    shown, hidden = by_code["1.000001"], by_code["1.000002"]
    assert shown["suppressed"] is False
    assert (shown["n"], shown["satisfied"], shown["rate"]) == (10, 9, 0.9)
    assert hidden == {"service": "1.000002", "name": "Cấp phiếu lý lịch tư pháp",
                      "suppressed": True}
    rows = _rows(page.text, "satisfaction-table")
    for code, row in by_code.items():
        if not row["suppressed"]:
            assert rows[code][3] == row["rate_text"]
            assert rows[code][4] == row["ci_text"]
            assert rows[code][5] == row["verdict_text"]
    quarters = {row["period"]: row for row in body["online_rate"]}
    assert quarters["2025-Q2"]["online_share"] == 0.6
    assert quarters["2025-Q3"] == {"period": "2025-Q3", "suppressed": True, "target": 0.5}
    # the numbers equal the analytics API's
    api_body = await get(api, published["analyst"], "/api/v1/analytics/satisfaction",
                         group_by="service", agency=H29)
    api_rows = {row["service"]: row for row in api_body["rows"]}
    assert api_rows["1.000001"]["ci_low"] == shown["ci_low"]
    assert api_rows["1.000001"]["verdict"] == shown["verdict"]


async def test_suppression_follows_the_configured_minimum(
    api: Api, published: dict[str, str], ctx: Any
) -> None:
    ctx.settings = ctx.settings.with_(public_min_answers=9)
    body = (await api.client.get(f"/public/{H29}.json")).json()
    assert not any(row["suppressed"] for row in body["satisfaction"])
    assert body["min_answers"] == 9


async def test_agencies_that_do_not_publish_are_not_shown(
    api: Api, published: dict[str, str]
) -> None:
    for path in (f"/public/{H26}", f"/public/{H26}.json", "/public/NOPE", "/public/NOPE.json"):
        r = await api.client.get(path)
        assert r.status_code == 404, path
    index = await api.client.get("/public")
    assert index.status_code == 200
    assert H29 in index.text and H26 not in index.text
    assert "UBND tỉnh Hà Nam" not in index.text
    listing = (await api.client.get("/public.json")).json()
    assert [a["agency"] for a in listing["agencies"]] == [H29]
    # opting out removes the pages
    r = await api.call("PUT", f"/api/v1/agencies/{H29}/publication", api.admin,
                       json={"publish_results": False})
    assert r.status_code == 200 and r.json()["publish_results"] is False
    assert (await api.client.get(f"/public/{H29}")).status_code == 404


async def test_only_the_agency_or_an_admin_may_publish(
    api: Api, published: dict[str, str]
) -> None:
    url = f"/api/v1/agencies/{H26}/publication"
    r = await api.call("PUT", url, published["designer"], json={"publish_results": True})
    assert r.status_code == 403
    r = await api.call("PUT", url, published["analyst"], json={"publish_results": True})
    assert r.status_code == 403
    r = await api.call("PUT", url, published["other_designer"], json={"publish_results": "yes"})
    assert r.status_code == 400
    r = await api.call("PUT", "/api/v1/agencies/NOPE/publication", api.admin,
                       json={"publish_results": True})
    assert r.status_code == 404
    r = await api.call("PUT", url, None, json={"publish_results": True})
    assert r.status_code == 401
    assert (await api.client.get(f"/public/{H26}")).status_code == 404


async def test_pages_are_cacheable_with_etags(api: Api, published: dict[str, str]) -> None:
    for path in (f"/public/{H29}", f"/public/{H29}.json", "/public", "/public.json"):
        first = await api.client.get(path)
        etag = first.headers["etag"]
        # httpx asks for gzip: larger bodies come compressed, with their own ETag
        assert re.fullmatch(r'"[0-9a-f]{32}(-gzip)?"', etag)
        plain = await api.client.get(path, headers={"Accept-Encoding": "identity"})
        assert plain.headers["etag"] == etag.replace("-gzip", "")
        assert plain.content == first.content
        assert first.headers["cache-control"] == "public, max-age=300"
        assert "set-cookie" not in first.headers
        again = await api.client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304, path
        assert again.content == b""
        assert again.headers["etag"] == etag
        other = await api.client.get(path, headers={"If-None-Match": '"0000"'})
        assert other.status_code == 200
    # a new answer changes the numbers, and so the ETag
    before = (await api.client.get(f"/public/{H29}.json")).headers["etag"]
    await submit(api, published["portal"], "hai-long", "1.000002", ratings(1, 0))
    after = await api.client.get(f"/public/{H29}.json", headers={"If-None-Match": before})
    assert after.status_code == 200
    assert next(r for r in after.json()["satisfaction"]
                if r["service"] == "1.000002")["suppressed"] is False


async def test_english_pages_and_bad_periods(api: Api, published: dict[str, str]) -> None:
    r = await api.client.get(f"/public/{H29}?lang=en")
    assert r.status_code == 200
    assert '<html lang="en">' in r.text
    assert _rows(r.text, "satisfaction-table")["1.000001"][3] == "90.0%"
    assert "fewer than 10 answers" in r.text
    r = await api.client.get(f"/public/{H29}.json?period=2025-13")
    assert r.status_code == 400
    assert "2023-Q3" in r.json()["message"]
    r = await api.client.get(f"/public/{H29}?period=nope")
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("text/html")
    r = await api.client.get(f"/public/{H29}.json?period=2020")
    assert r.status_code == 200
    assert r.json()["satisfaction"] == [] and r.json()["period"] == "2020"


async def test_rankings_in_the_style_of_the_appendix(api: Api) -> None:
    codes = []
    for index, score in enumerate((95, 95, 85, 70, 40), start=1):
        code = f"G{index:02d}"
        await api.agency(code, f"Bộ số {index}", "ministry")
        codes.append({"agency": code, "score": score})
    r = await api.call("POST", "/api/v1/analytics/quality-scores", api.admin,
                       json={"period": "2023", "scores": codes})
    assert r.status_code == 201, r.text
    r = await api.client.get("/public/rankings", follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == "/public/rankings/2023"
    page = await api.client.get("/public/rankings/2023")
    assert page.status_code == 200, page.text
    rows = _rows(page.text, "ranking-ministry")
    assert [rows[c][:3] for c in ("G01", "G02", "G03", "G05")] == [
        ["1", "Bộ số 1", "A"], ["1", "Bộ số 2", "A"], ["3", "Bộ số 3", "B"],
        ["5", "Bộ số 5", "E"]]
    assert "Mức độ A: 2/5 (40%)" in page.text
    assert "Mức độ D: 0/5 (0%)" in page.text
    body = (await api.client.get("/public/rankings/2023.json")).json()
    block = body["blocks"][0]
    assert block["distribution_lines"][0] == "Mức độ A: 2/5 (40%)"
    assert [row["rank"] for row in block["rows"]] == [1, 1, 3, 4, 5]
    assert (await api.client.get("/public/rankings/2019")).status_code == 404
    assert (await api.client.get("/public/rankings/2019.json")).status_code == 404
    english = await api.client.get("/public/rankings/2023?lang=en")
    assert "Grade A: 2/5 (40%)" in english.text


async def test_the_demo_publishes_its_province_and_the_appendix(api: Api, ctx: Any) -> None:
    from forms_service.demo import DEMO_AGENCY, seed_demo

    await seed_demo(ctx)
    body = (await api.client.get(f"/public/{DEMO_AGENCY[0]}.json")).json()
    assert len(body["satisfaction"]) == 11
    assert all(not row["suppressed"] and 0 < row["rate"] <= 1 for row in body["satisfaction"])
    assert len(body["online_rate"]) == 8
    # units with enough answers are shown (successors only), officers never
    assert {row["unit"] for row in body["units"]} >= {"STP", "CA", "XA-NS"}
    assert not {"XA-AP", "XA-TL"} & {row["unit"] for row in body["units"]}
    assert any(not row["suppressed"] for row in body["units"]) and "CB001" not in str(body)
    page = await api.client.get("/public/rankings/2023")
    assert "Mức độ A: 2/20 (10%)" in page.text and "Mức độ B: 43/63 (68%)" in page.text
    assert len(_rows(page.text, "ranking-ministry")) == 20
    assert len(_rows(page.text, "ranking-province")) == 63
