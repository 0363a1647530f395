"""A form's results for one unit (with the units merged into it) or one officer:
counted from the answers credited to them, against a hand count."""

from __future__ import annotations

from typing import Any

from forms_service.i18n import vietnam_today
from tests.integration.conftest import Api
from tests.integration.dossiers_setup import AGENCY, lifecycle, organisation, send

URL = "/api/v1/forms/hai-long/results"

# (dossier, overall answer, unit, counter, officer)
ANSWERS = [
    ("HS-1", 3, "TTHCC", "Q01", "CB01"),
    ("HS-2", 2, "TTHCC", "Q01", "CB01"),
    ("HS-3", 1, "TTHCC", "Q02", "CB02"),
    ("HS-4", 2, "XA-AN", None, "CB02"),
    ("HS-5", 3, "XA-CU", None, "CB02"),  # a commune merged into XA-AN
    ("HS-6", 1, None, None, None),  # an answer without a dossier's events
]


async def _answered(api: Api, keys: dict[str, str]) -> None:
    await organisation(api, keys["designer"])
    r = await api.call("POST", "/api/v1/units", keys["designer"], json={
        "code": "XA-CU", "name": "UBND xã Cũ", "kind": "commune",
        "closed_on": "2025-07-01", "successor": "XA-AN"})
    assert r.status_code == 201, r.text
    integration = await api.make_key("integration", AGENCY)
    for dossier, overall, unit, counter, officer in ANSWERS:
        r = await api.call("POST", "/api/v1/responses", keys["portal"], json={
            "form": "hai-long", "service": "1.001193", "dossier": dossier,
            "answers": {"overall": overall}})
        assert r.status_code == 201, r.text
        if unit is not None:
            staff = {k: v for k, v in (("unit", unit), ("counter", counter),
                                       ("officer", officer)) if v is not None}
            await send(api, integration, lifecycle(dossier, **staff))


def _counts(body: dict[str, Any]) -> dict[Any, int]:
    [overall] = [q for q in body["questions"] if q["key"] == "overall"]
    return {c["value"]: c["count"] for c in overall["choices"] if c["count"]}


async def test_results_by_unit_follow_the_succession_and_by_officer(
        api: Api, province: dict[str, str]) -> None:
    await _answered(api, province)
    analyst = province["analyst"]
    everyone = (await api.call("GET", URL, analyst)).json()
    assert everyone["responses"] == 6
    r = await api.call("GET", URL, analyst, params={"unit": "TTHCC"})
    assert r.status_code == 200, r.text
    assert r.json()["responses"] == 3 and _counts(r.json()) == {3: 1, 2: 1, 1: 1}
    assert r.json()["filters"]["unit"] == "TTHCC"
    # the merged commune's answers count for its successor, not the other way round
    r = await api.call("GET", URL, analyst, params={"unit": "XA-AN"})
    assert r.json()["responses"] == 2 and _counts(r.json()) == {2: 1, 3: 1}
    r = await api.call("GET", URL, analyst, params={"unit": "XA-CU"})
    assert r.json()["responses"] == 1 and _counts(r.json()) == {3: 1}
    this_year = str(vietnam_today().year)  # the answers' year, not their dossiers'
    r = await api.call("GET", URL, analyst, params={"officer": "CB02", "period": this_year})
    assert r.status_code == 200, r.text
    assert r.json()["responses"] == 3 and _counts(r.json()) == {1: 1, 2: 1, 3: 1}
    r = await api.call("GET", URL, analyst, params={"officer": "CB01", "unit": "XA-AN"})
    assert r.json()["responses"] == 0


async def test_unknown_staff_and_officer_figures_for_the_agency_alone(
        api: Api, province: dict[str, str]) -> None:
    await _answered(api, province)
    r = await api.call("GET", URL, province["analyst"], params={"unit": "KHONG-CO"})
    assert r.status_code == 400
    assert "KHONG-CO" in r.json()["message"]
    r = await api.call("GET", URL, province["analyst"], params={"officer": "CB99",
                                                                 "locale": "en"})
    assert r.status_code == 400
    assert r.json()["message"] == ("There is no officer CB99 in this form's agency: give the "
                                   "code of one of its officers.")
    national = await api.make_key("analyst", None)
    r = await api.call("GET", URL, national, params={"unit": "TTHCC"})
    assert r.status_code == 200 and r.json()["responses"] == 3
    r = await api.call("GET", URL, national, params={"officer": "CB01"})
    assert r.status_code == 403
