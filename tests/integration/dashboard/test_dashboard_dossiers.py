"""The dashboard page of response rates, timeliness and units: numbers of the API, officers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.integration.conftest import Api
from tests.integration.dashboard.test_dashboard import _rows
from tests.integration.dossier_reports_setup import dossier_fixture, untie_units
from tests.integration.reports_setup import H29, get

PAGE = "/dashboard/response-rates"


@pytest.fixture
async def fixture(api: Api) -> AsyncIterator[dict]:
    yield await dossier_fixture(api)
    await untie_units()


async def test_the_page_shows_the_funnel_and_timeliness_of_the_api(
        api: Api, fixture: dict, sign_in: Any) -> None:
    analyst = await sign_in("analyst", H29)
    r = await analyst.get(PAGE, params={"group_by": "unit"})
    assert r.status_code == 200, r.text
    funnel = _rows(r.text, "funnel-table")
    body = await get(api, fixture["keys"]["analyst"], "/api/v1/analytics/response-rates",
                     group_by="unit", locale="vi")
    assert set(funnel) == {row["key"] for row in body["rows"]} == {
        f"{H29}/TTPVHCC", f"{H29}/XA-B"}
    for row in body["rows"]:
        assert funnel[row["key"]] == [
            row["label"], str(row["returned"]), str(row["offered"]), str(row["opened"]),
            str(row["answered"]), row["response_rate_text"], row["response_ci_text"],
            row["cooperation_rate_text"]]
    timely = _rows(r.text, "timeliness-table")
    assert timely[f"{H29}/XA-B"][1:3] == ["8", "3"]
    assert 'href="/dashboard/export/response-rates.csv?group_by=unit"' in r.text
    assert '<option value="officer"' in r.text  # the agency's analyst may group by officer
    r = await analyst.get(PAGE, params={"group_by": "officer"})
    assert r.status_code == 200 and f"{H29}/CB01" in _rows(r.text, "funnel-table")


async def test_designers_see_units_but_never_officers(
        api: Api, fixture: dict, sign_in: Any) -> None:
    designer = await sign_in("designer", H29)
    r = await designer.get(PAGE, params={"group_by": "channel"})
    assert r.status_code == 200, r.text
    assert f"{H29}/postal" in _rows(r.text, "funnel-table")
    assert '<option value="officer"' not in r.text
    for path in (PAGE, "/dashboard/export/response-rates.csv",
                 "/dashboard/export/unit-satisfaction.json"):
        r = await designer.get(path, params={"group_by": "officer"})
        assert r.status_code == 403, (path, r.text[:200])
        assert "CB01" not in r.text and "Nguyễn Văn An" not in r.text
    national = await sign_in("analyst")
    r = await national.get(PAGE, params={"group_by": "officer", "agency": H29})
    assert r.status_code == 403
    r = await national.get(PAGE, params={"group_by": "unit", "agency": H29})
    assert r.status_code == 200 and f"{H29}/XA-B" in _rows(r.text, "funnel-table")


async def test_a_bad_group_is_a_400_page(api: Api, fixture: dict, sign_in: Any) -> None:
    analyst = await sign_in("analyst", H29)
    r = await analyst.get(PAGE, params={"group_by": "form"})
    assert r.status_code == 400 and "group_by" in r.text
