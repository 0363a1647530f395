"""The OpenAPI document tells the truth: what .ci/fuzz-api (schemathesis) holds the service to.

The fuzzing itself runs in CI against a real server; these tests pin the
fixes it led to, cheaply.
"""

from __future__ import annotations

import re

import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute

from forms_service.openapi import PERIOD
from tests.integration.conftest import Api


async def _document(api: Api) -> dict:
    r = await api.client.get("/schema/openapi.json")
    assert r.status_code == 200
    return dict(r.json())


async def test_only_the_json_api_is_documented(api: Api) -> None:
    """HTML pages (form pages, workspace, public pages) stay out of the document."""
    paths = (await _document(api))["paths"]
    assert all(path.startswith("/api/v1/") or path == "/healthz" for path in paths), sorted(
        p for p in paths if not p.startswith("/api/v1/"))


async def test_options_lists_every_method_of_the_path(app: Litestar, api: Api) -> None:
    checked = 0
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or not route.path.startswith("/api/v1"):
            continue
        path = re.sub(r"\{(\w+):(\w+)\}", lambda m: "1" if m.group(2) == "int" else "x",
                      route.path)
        r = await api.client.options(path)
        assert r.status_code == 204, (route.path, r.text)
        allowed = {m.strip() for m in r.headers["allow"].split(",")}
        assert allowed == set(route.methods) - {"HEAD"} | {"OPTIONS"}, route.path
        checked += 1
    assert checked > 20
    r = await api.client.options("/api/v1/forms")
    assert r.headers["allow"] == "GET, OPTIONS, POST"


async def test_documented_formats_are_the_checked_ones(
    api: Api, province: dict[str, str]
) -> None:
    document = await _document(api)
    parameters = {p["name"]: p["schema"] for p in
                  document["paths"]["/api/v1/analytics/satisfaction"]["get"]["parameters"]}
    period = parameters["period"]["oneOf"][0]["pattern"]
    assert PERIOD.strip("^$") in period
    for value, accepted in (("2023", True), ("2023-Q3", True), ("2023-07", True),
                            ("", True), ("0999", False), ("2023-Q5", False),
                            ("2023-13", False), ("23", False)):
        assert bool(re.fullmatch(period, value)) == accepted, value
        r = await api.call("GET", "/api/v1/analytics/satisfaction", province["analyst"],
                           params={"period": value})
        assert (r.status_code == 200) == accepted, (value, r.text)
    stats = document["components"]["schemas"]["DossierStatsIn"]["properties"]
    assert stats["cost_saving_vnd"]["oneOf"][0]["minimum"] == 0
    r = await api.call("POST", "/api/v1/services/1.001193/dossier-stats", province["designer"],
                       json={"period": "2023-Q3", "online_dossiers": 1, "total_dossiers": 2,
                             "cost_saving_vnd": -1})
    assert r.status_code == 400 and r.json()["errors"][0]["path"] == "/cost_saving_vnd"
    portals = document["paths"]["/api/v1/agencies/{code}/portals"]["post"]["responses"]
    assert {"200", "201"} <= set(portals)
    export = document["paths"]["/api/v1/exports/responses"]["get"]["responses"]["200"]
    assert "text/csv" in export["content"]


@pytest.mark.parametrize("number", ["99999999999999999999999999", "-99999999999999999999"])
async def test_a_huge_number_in_the_path_is_400(
    api: Api, province: dict[str, str], number: str
) -> None:
    r = await api.call("GET", f"/api/v1/forms/hai-long/versions/{number}", province["designer"])
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "out_of_range"
