"""Satisfaction by unit and officer; who may see officer figures."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from analytics import group_rate_columns, proportion_ci
from forms_service.responses.tables import Response
from tests.integration.conftest import Api
from tests.integration.dossier_reports_setup import S1, dossier_fixture, untie_units
from tests.integration.reports_setup import H26, H29, get, ratings, submit

UNITS = "/api/v1/analytics/unit-satisfaction"
RATES = "/api/v1/analytics/response-rates"
OFFICER_PATHS = [(UNITS, "officer"), (RATES, "officer")]
ALL_PATHS = [UNITS, RATES, "/api/v1/analytics/timeliness"]


@pytest.fixture
async def served(api: Api) -> AsyncIterator[dict]:
    """The organisation of the fixture and five answers credited to units and officers."""
    data = await dossier_fixture(api)
    keys, ids = data["keys"], data["ids"]
    await api.published_form(keys["designer"], "hai-long")
    centre = await submit(api, keys["portal"], "hai-long", S1, ratings(2, 1))
    closed = await submit(api, keys["portal"], "hai-long", S1, ratings(1, 0))
    commune = await submit(api, keys["portal"], "hai-long", S1, ratings(0, 1))
    for response_ids, unit, officer in ((centre, "TTPVHCC", "CB01"), (closed, "XA-A", "CB02"),
                                        (commune, "XA-B", "CB02")):
        await Response.update({Response.unit: ids[unit], Response.officer: ids[officer]}) \
            .where(Response.id.is_in(response_ids)).run()
    yield data
    await untie_units()


async def test_satisfaction_by_unit_follows_succession(api: Api, served: dict) -> None:
    body = await get(api, served["keys"]["analyst"], UNITS, locale="vi")
    rows = {r["key"]: r for r in body["rows"]}
    assert {k: (r["satisfied"], r["n"]) for k, r in rows.items()} == {
        f"{H29}/TTPVHCC": (2, 3), f"{H29}/XA-B": (1, 2)}  # XA-A's answer counts under XA-B
    centre = rows[f"{H29}/TTPVHCC"]
    wilson = proportion_ci(2, 3)
    assert (centre["ci_low"], centre["ci_high"]) == (wilson.ci_low, wilson.ci_high)
    expected = group_rate_columns([2, 1], [3, 2])
    assert centre["shrunk_rate"] == pytest.approx(float(expected.shrunk_rate[0]))
    assert [r["rank"] for r in body["rows"]] == sorted(r["rank"] for r in body["rows"])
    assert centre["rate_text"] == "66,7%"


async def test_satisfaction_by_officer_for_the_agency_analyst_and_admin(
        api: Api, served: dict) -> None:
    for key in (served["keys"]["analyst"], api.admin):
        rows = (await get(api, key, UNITS, group_by="officer", agency=H29))["rows"]
        assert {r["key"]: (r["satisfied"], r["n"]) for r in rows} == {
            f"{H29}/CB01": (2, 3), f"{H29}/CB02": (1, 2)}
        assert {r["label"] for r in rows} == {"Nguyễn Văn An", "Trần Thị Bình"}


@pytest.mark.parametrize(("path", "group_by"), OFFICER_PATHS)
async def test_officer_figures_are_refused_outside_the_agency_analysts(
        api: Api, served: dict, path: str, group_by: str) -> None:
    national = await api.make_key("analyst")
    refused = {
        "designer": served["keys"]["designer"], "portal": served["keys"]["portal"],
        "integration": served["keys"]["integration"],
        "other agency": served["other"]["analyst"], "national analyst": national,
    }
    for who, key in refused.items():
        r = await api.call("GET", path, key, params={"group_by": group_by, "agency": H29})
        assert r.status_code == 403, (who, r.text)
        assert "CB01" not in r.text and "Nguyễn Văn An" not in r.text
    r = await api.call("GET", path, national, params={"group_by": group_by, "agency": H29},
                       headers={"Accept-Language": "vi"})
    assert r.status_code == 403 and "cán bộ" in r.json()["message"]
    # the national office still reads units
    r = await api.call("GET", path, national, params={"group_by": "unit", "agency": H29})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("path", ALL_PATHS)
async def test_other_agencies_designers_and_portals_are_refused(
        api: Api, served: dict, path: str) -> None:
    for role in ("designer", "portal", "integration"):
        assert (await api.call("GET", path, served["keys"][role])).status_code == 403, role
    other = served["other"]["analyst"]
    r = await api.call("GET", path, other, params={"agency": H29})
    assert r.status_code == 403 and "TTPVHCC" not in r.text
    # its own agency has no dossiers: no rows, nothing of H29
    body = await get(api, other, path, agency=H26)
    assert body["rows"] == [] and H29 not in str(body)


async def test_public_pages_show_units_with_suppression_and_never_officers(
        api: Api, served: dict) -> None:
    r = await api.call("PUT", f"/api/v1/agencies/{H29}/publication", served["keys"]["designer"],
                       json={"publish_results": True})
    assert r.status_code == 200, r.text
    body = (await api.client.get(f"/public/{H29}.json")).json()
    # 3 and 2 answers: below the minimum of 10, names only
    assert body["units"] == [
        {"unit": "TTPVHCC", "name": "Trung tâm Phục vụ hành chính công", "suppressed": True},
        {"unit": "XA-B", "name": "UBND xã Tân Hưng", "suppressed": True}]
    page = await api.client.get(f"/public/{H29}")
    assert page.status_code == 200 and 'data-unit="XA-B"' in page.text
    for text in (page.text, str(body)):
        for officer in ("CB01", "CB02", "Nguyễn Văn An", "Trần Thị Bình"):
            assert officer not in text
    # the closed unit is not listed: its answer counts under its successor
    assert "XA-A" not in page.text and "Tân An" not in page.text
