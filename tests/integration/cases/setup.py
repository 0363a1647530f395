"""Set-up of the case tests: a province with a form that has a satisfaction measure,
a problems question (several answers) and an open comment."""

from __future__ import annotations

import copy
from typing import Any

from tests.integration.conftest import Api
from tests.integration.definitions import SATISFACTION

AGENCY = "000.00.00.H29"
SLUG = "hai-long-ca"
SERVICE = "1.001193"
CASES = "/api/v1/cases"


def definition() -> dict[str, Any]:
    d = copy.deepcopy(SATISFACTION)
    d["properties"]["problems"] = {
        "title": "Ông/Bà gặp vấn đề gì?", "type": "array", "x-widget": "checkboxes",
        "uniqueItems": True,
        "items": {"type": "string", "oneOf": [{"const": "slow", "title": "Chậm"},
                                              {"const": "rude", "title": "Thái độ"},
                                              {"const": "unclear", "title": "Khó hiểu"}]}}
    d["properties"]["comment"] = {"title": "Góp ý khác", "type": "string", "maxLength": 2000,
                                  "x-widget": "textarea"}
    return d


async def province(api: Api) -> dict[str, str]:
    """Keys of the province (designer, analyst, portal, integration) with its form."""
    await api.agency(AGENCY, "UBND tỉnh Hải Dương")
    keys = {role: await api.make_key(role, AGENCY)
            for role in ("designer", "analyst", "portal", "integration")}
    await api.service(keys["designer"], SERVICE)
    await api.published_form(keys["designer"], SLUG, definition=definition())
    return keys


async def answer(api: Api, portal: str, dossier: str, **answers: Any) -> int:
    r = await api.call("POST", "/api/v1/responses", portal, json={
        "form": SLUG, "service": SERVICE, "dossier": dossier, "answers": answers})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


async def case_of(api: Api, response_id: int) -> dict[str, Any] | None:
    rows = await api.ctx.db.raw("SELECT * FROM feedback_case WHERE response = {}", response_id)
    return rows[0] if rows else None
