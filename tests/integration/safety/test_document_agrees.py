"""Where the OpenAPI document and the code used to disagree, and dashboard
downloads that left no trace in ``export_audit``."""

from __future__ import annotations

import re
from typing import Any

from forms_service.exports.tables import ExportAudit
from forms_service.patterns import NAME, TEXT
from tests.integration.conftest import Api

H29 = "000.00.00.H29"


async def test_integral_floats_are_integers(api: Api, province: dict[str, str]) -> None:
    r = await api.call("POST", "/api/v1/services/1.001193/dossier-stats", province["designer"],
                       json={"period": "2025-Q1", "online_dossiers": 55007.0,
                             "total_dossiers": 60000.0, "cost_saving_vnd": 1000.0})
    assert r.status_code in (200, 201), r.text
    assert r.json()["online_dossiers"] == 55007
    r = await api.call("POST", "/api/v1/services/1.001193/dossier-stats", province["designer"],
                       json={"period": "2025-Q2", "online_dossiers": 5.5,
                             "total_dossiers": 6})
    assert r.status_code == 400, r.text


async def test_a_name_of_nel_characters_is_refused_by_document_and_code(
        api: Api) -> None:
    assert re.search(NAME, "\u0085\u0085") is None
    assert re.search(NAME, "\ufeff") is None
    assert re.search(NAME, "Sở Tư pháp") is not None
    assert re.search(NAME, "Sở\u0001") is None
    r = await api.call("POST", "/api/v1/agencies", api.admin,
                       json={"code": "000.00.00.X01", "name": "\u0085\u0085", "kind": "province"})
    assert r.status_code == 400, r.text
    r = await api.call("POST", "/api/v1/agencies", api.admin,
                       json={"code": "000.00.00.X02", "name": "\ufeff", "kind": "province"})
    assert r.status_code == 400, r.text


async def test_the_document_states_where_controls_are_refused(api: Api) -> None:
    document = (await api.client.get("/schema/openapi.json")).json()
    key_name = document["components"]["schemas"]["ApiKeyIn"]["properties"]["name"]
    assert key_name["pattern"] == TEXT
    note = document["components"]["schemas"]["DossierStatsIn"]["properties"]["savings_note"]
    assert any(branch.get("pattern") == TEXT for branch in note["oneOf"]
               if branch.get("type") == "string")
    operation = document["paths"]["/api/v1/responses"]["get"]
    form = next(p for p in operation["parameters"] if p["name"] == "form")
    assert "\\u0000-\\u001f" in form["schema"]["pattern"]


async def test_dashboard_downloads_are_audited(sign_in: Any) -> None:
    analyst = await sign_in("analyst", H29)
    before = await ExportAudit.count().run()
    r = await analyst.get("/dashboard/export/satisfaction.csv")
    assert r.status_code == 200, r.text
    rows = await ExportAudit.select().order_by(ExportAudit.id).run()
    assert len(rows) == before + 1
    audit = rows[-1]
    assert audit["dataset"] == "satisfaction" and audit["format"] == "csv"
    assert audit["key_id"] == f"person:{analyst.person['id']}" and audit["completed"]
