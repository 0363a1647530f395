"""Dashboard pages through HTTP: roles and agencies, numbers equal to the API's, escaping."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest

from forms_service.i18n import vietnam_today
from tests.integration.conftest import Api
from tests.integration.reports_setup import H26, H29, agency_with_keys, get, ratings, submit

EVIL = "<script>alert('x')</script> Cấp phép"


def _rows(html: str, table: str) -> dict[str, list[str]]:
    section = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    out = {}
    for match in re.finditer(r'<tr data-key="([^"]*)"[^>]*>(.*?)</tr>', section, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", match.group(2), re.S)
        out[match.group(1)] = [re.sub(r"<[^>]+>", "", c).strip() for c in cells]
    return out


@pytest.fixture
async def data(api: Api) -> dict[str, str]:
    """H29 with two services (one with a hostile name) and answers; H26 with its own."""
    keys = await agency_with_keys(api, H29, "UBND tỉnh Hải Dương")
    for code, name in (("1.000001", "Đăng ký khai sinh"), ("1.000002", EVIL)):
        r = await api.call("POST", "/api/v1/services", keys["designer"], json={
            "code": code, "name": name, "audience": "citizen", "delivery": "full_online"})
        assert r.status_code == 201, r.text
    await api.published_form(keys["designer"], "hai-long")
    await submit(api, keys["portal"], "hai-long", "1.000001", ratings(28, 3))
    await submit(api, keys["portal"], "hai-long", "1.000002", ratings(6, 6))
    r = await api.call("POST", "/api/v1/services/1.000001/dossier-stats", keys["designer"],
                       json={"period": "2025-Q1", "online_dossiers": 45, "total_dossiers": 100})
    assert r.status_code in (200, 201), r.text
    other = await agency_with_keys(api, H26, "UBND tỉnh Hà Nam")
    keys["other_analyst"] = other["analyst"]
    return keys


async def test_an_analyst_sees_the_numbers_of_the_api(
    api: Api, data: dict[str, str], sign_in: Any
) -> None:
    analyst = await sign_in("analyst", H29)
    r = await analyst.get("/dashboard/satisfaction")
    assert r.status_code == 200, r.text
    html = r.text
    body = await get(api, data["analyst"], "/api/v1/analytics/satisfaction",
                     group_by="service", locale="vi")
    rows = _rows(html, "satisfaction-table")
    assert len(rows) == len(body["rows"]) == 2
    for row in body["rows"]:
        cells = rows[row["key"]]
        assert cells[0] == str(row["rank"])
        assert cells[2:] == [str(row["n"]), str(row["satisfied"]), row["rate_text"],
                             row["ci_text"], row["verdict_text"]]
    # a chart with its accessible name, and the threshold written out
    assert '<svg' in html and 'role="img"' in html and "ngưỡng 90%" in html
    # downloads keep the page's filters
    assert 'href="/dashboard/export/satisfaction.csv"' in html
    # the hostile name is text, in the table and in the chart
    assert "<script>alert" not in html
    assert html.count("&lt;script&gt;alert(") >= 2


async def test_filters_reach_the_report(api: Api, data: dict[str, str], sign_in: Any) -> None:
    analyst = await sign_in("analyst", H29, locale="en")
    r = await analyst.get("/dashboard/satisfaction",
                          params={"threshold": "0.8", "group_by": "audience", "form": "hai-long"})
    assert r.status_code == 200, r.text
    body = await get(api, data["analyst"], "/api/v1/analytics/satisfaction",
                     group_by="audience", threshold=0.8, form="hai-long", locale="en")
    rows = _rows(r.text, "satisfaction-table")
    assert rows["citizen"][4] == body["rows"][0]["rate_text"]
    assert "." in body["rows"][0]["rate_text"]  # English number format
    assert "threshold 80%" in r.text
    bad = await analyst.get("/dashboard/satisfaction", params={"group_by": "nonsense"},
                            headers={"Accept": "text/html"})
    assert bad.status_code == 400
    assert "group_by" in bad.text


@pytest.mark.parametrize("path", [
    "/dashboard", "/dashboard/satisfaction", "/dashboard/trend", "/dashboard/online-rate",
    "/dashboard/communication", "/dashboard/rankings",
])
async def test_every_page_renders_for_analysts_and_designers(
    data: dict[str, str], sign_in: Any, path: str
) -> None:
    for role in ("analyst", "designer"):
        person = await sign_in(role, H29)
        r = await person.get(path)
        assert r.status_code == 200, (role, r.text[:500])
        assert '<main id="main"' in r.text
        assert r.headers["cache-control"] == "no-store"


async def test_another_agency_is_refused(data: dict[str, str], sign_in: Any) -> None:
    for role in ("analyst", "designer"):
        person = await sign_in(role, H26)
        r = await person.get(f"/dashboard/satisfaction?agency={H29}",
                             headers={"Accept": "text/html"})
        assert r.status_code == 403
        r = await person.get(f"/dashboard/export/satisfaction.csv?agency={H29}")
        assert r.status_code == 403
        # their own agency has no answers: an empty page, not another agency's numbers
        own = await person.get("/dashboard/satisfaction")
        assert own.status_code == 200
        assert "Đăng ký khai sinh" not in own.text


async def test_national_readers_pick_an_agency(
    api: Api, data: dict[str, str], sign_in: Any
) -> None:
    for role in ("analyst", "admin"):
        person = await sign_in(role, None)
        r = await person.get("/dashboard")
        assert r.status_code == 200
        assert f'<option value="{H29}"' in r.text and f'<option value="{H26}"' in r.text
        r = await person.get(f"/dashboard?agency={H29}")
        assert r.status_code == 200
        assert f'<option value="{H29}" selected' in r.text
        assert "Đăng ký khai sinh" in r.text
        assert (await person.get("/dashboard?agency=NOPE",
                                 headers={"Accept": "text/html"})).status_code == 404


async def test_anonymous_visitors_are_sent_to_sign_in(api: Api) -> None:
    r = await api.client.get("/dashboard/satisfaction?period=2025", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/sign-in?next=%2Fdashboard%2Fsatisfaction")
    r = await api.client.get("/dashboard/export/satisfaction.csv", follow_redirects=False)
    assert r.status_code == 303
    # an API key is not a session
    r = await api.call("GET", "/dashboard", api.admin)
    assert r.status_code == 303


async def test_downloads_carry_the_numbers_of_the_page(
    api: Api, data: dict[str, str], sign_in: Any
) -> None:
    analyst = await sign_in("analyst", H29)
    year = str(vietnam_today().year)  # the answers are submitted now
    r = await analyst.get("/dashboard/export/satisfaction.csv", params={"period": year})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    name = rf'attachment; filename="phieu-satisfaction-{year}-' + r'\d{4}-\d\d-\d\d\.csv"'
    assert re.fullmatch(name, r.headers["content-disposition"])
    # the file of /api/v1/exports/satisfaction, byte for byte
    exported = await api.call("GET", "/api/v1/exports/satisfaction", data["analyst"],
                              params={"period": year, "locale": "vi"})
    assert exported.status_code == 200
    assert r.content == exported.content
    table = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    body = await get(api, data["analyst"], "/api/v1/analytics/satisfaction", group_by="service",
                     period=year, locale="vi")
    # localized headers, formatted columns beside the raw ones
    assert [(row["Khóa"], int(row["Số trả lời"]), row["Tỷ lệ (định dạng)"])
            for row in table] == [
        (row["key"], row["n"], row["rate_text"]) for row in body["rows"]]
    evil = next(row for row in table if row["Khóa"].endswith("1.000002"))
    assert evil["Nhóm"] == EVIL
    r = await analyst.get("/dashboard/export/online-rate.json")
    assert r.status_code == 200
    row = r.json()["rows"][0]
    assert row["online"] == 45 and row["online_share"] == 0.45
    r = await analyst.get("/dashboard/export/satisfaction.xlsx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    r = await analyst.get("/dashboard/export/nothing.csv")
    assert r.status_code == 404
    r = await analyst.get("/dashboard/export/satisfaction.pdf")
    assert r.status_code == 404


async def test_every_report_of_the_registry_downloads_with_its_parameters(
    api: Api, data: dict[str, str], sign_in: Any
) -> None:
    """A report without a page of its own downloads too, with the query's parameters."""
    analyst = await sign_in("analyst", H29)
    r = await analyst.get("/dashboard/export/excellence.json?year=2025")
    assert r.status_code == 200, r.text
    assert r.headers["content-disposition"].startswith(
        'attachment; filename="phieu-excellence-all-periods-')
    body = await get(api, data["analyst"], "/api/v1/analytics/excellence", year=2025,
                     locale="vi")
    assert r.json() == body
    r = await analyst.get("/dashboard/export/excellence.csv")
    assert r.status_code == 400 and "year" in r.json()["message"]
    r = await analyst.get("/dashboard/export/online-rate.json?method=jeffreys&interval=year")
    assert r.status_code == 200 and r.json()["rows"][0]["period"] == "2025"
    r = await analyst.get("/dashboard/export/satisfaction.csv?threshold=many")
    assert r.status_code == 400


async def test_online_rate_and_communication_pages_show_their_tables(
    api: Api, data: dict[str, str], sign_in: Any
) -> None:
    analyst = await sign_in("analyst", H29)
    r = await analyst.get("/dashboard/online-rate")
    body = await get(api, data["analyst"], "/api/v1/analytics/online-rate", locale="vi")
    rows = _rows(r.text, "online-table")
    row = body["rows"][0]
    assert rows[f"{H29}@2025-Q1"][2:6] == ["100", "45", row["online_share_text"],
                                          row["online_ci_text"]]
    assert "chỉ tiêu 50%" in r.text
    r = await analyst.get("/dashboard/communication?campaign_start=2020-01-01")
    assert r.status_code == 200
    r = await analyst.get("/dashboard/communication?campaign_start=yesterday",
                          headers={"Accept": "text/html"})
    assert r.status_code == 400
