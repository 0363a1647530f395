"""Tenancy within an agency: people limited to a unit and its sub-units.

API keys are agency-wide; the unit scope is a person's.  In one agency with
units SO-A (and its sub-unit XA-A1) and SO-B, a person limited to SO-A reads
and handles only the cases of answers given at SO-A or XA-A1 (or assigned to
one of them), and reads only their figures; another case is no such case for
them (404, as another agency's), figures that cannot be limited to a unit are
refused (403), and a person of the agency without unit sees both units.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from forms_service.responses.tables import Response
from tests.integration.cases.setup import AGENCY, SLUG, answer, province
from tests.integration.conftest import Api

UNITS = ({"code": "SO-A", "name": "Sở Alpha", "kind": "department"},
         {"code": "XA-A1", "name": "Xã Alpha Một", "kind": "commune", "parent": "SO-A"},
         {"code": "SO-B", "name": "Sở Beta", "kind": "department"})


async def _agency(api: Api) -> dict[str, Any]:
    """The agency, its three units and answers credited to them: SO-A one dissatisfied,
    XA-A1 one dissatisfied and one satisfied, SO-B one dissatisfied and two satisfied."""
    keys = await province(api)
    for body in UNITS:
        r = await api.call("POST", "/api/v1/units", keys["designer"], json=body)
        assert r.status_code == 201, r.text
    ids = {row["code"]: row["id"] for row in await api.ctx.db.raw("SELECT id, code FROM unit")}
    given = {"SO-A": [1], "XA-A1": [1, 5], "SO-B": [1, 5, 5]}
    cases: dict[str, int] = {}
    number = 0
    for unit, ratings in given.items():
        for overall in ratings:
            number += 1
            response = await answer(api, keys["portal"], f"HS-{number}", overall=overall)
            await Response.update({Response.unit: ids[unit]}).where(
                Response.id == response).run()
            if overall == 1:
                [case] = await api.ctx.db.raw(
                    "SELECT id FROM feedback_case WHERE response = {}", response)
                cases[unit] = int(case["id"])
    assert set(cases) == set(given)
    return {"keys": keys, "cases": cases, "units": ids}


def _listed(page: str, cases: dict[str, int]) -> set[str]:
    return {unit for unit, case in cases.items() if f'href="/cases/{case}"' in page}


async def test_a_person_limited_to_a_unit_handles_only_its_cases(
        api: Api, sign_in: Any) -> None:
    data = await _agency(api)
    cases = data["cases"]
    limited = await sign_in("analyst", AGENCY, unit="SO-A", locale="en")
    other_unit = await sign_in("designer", AGENCY, unit="SO-B", locale="en")
    whole = await sign_in("analyst", AGENCY, locale="en")

    # the inbox: the unit and its sub-unit, the other unit, or both
    for person, expected in ((limited, {"SO-A", "XA-A1"}), (other_unit, {"SO-B"}),
                             (whole, {"SO-A", "XA-A1", "SO-B"})):
        r = await person.get("/cases")
        assert r.status_code == 200, r.text
        assert _listed(r.text, cases) == expected
    # counts are of the cases in scope too
    r = await limited.get("/cases")
    assert "new: 2" in r.text
    # even filtered by the other unit's code, nothing of it
    r = await limited.get("/cases", params={"unit": "SO-B"})
    assert _listed(r.text, cases) == set()

    # another unit's case: no such case, to read, move or annotate
    outside = f"/cases/{cases['SO-B']}"
    assert (await limited.get(outside)).status_code == 404
    for body in ({"kind": "transition", "action": "acknowledge"},
                 {"kind": "note", "text": "Không được phép"}):
        r = await limited.post(outside, data={"csrf_token": limited.csrf_token, **body})
        assert r.status_code == 404, r.text
    rows = await api.ctx.db.raw("SELECT state FROM feedback_case WHERE id = {}",
                                cases["SO-B"])
    assert rows[0]["state"] == "new"
    assert not await api.ctx.db.raw("SELECT id FROM case_note WHERE \"case\" = {}",
                                    cases["SO-B"])

    # its own: moved and annotated; assigned within the subtree, not outside it
    own = f"/cases/{cases['SO-A']}"
    assert (await limited.get(own)).status_code == 200
    r = await limited.post(own, data={"csrf_token": limited.csrf_token,
                                      "kind": "transition", "action": "acknowledge"})
    assert r.status_code == 303, r.text
    r = await limited.post(own, data={"csrf_token": limited.csrf_token,
                                      "kind": "transition", "action": "assign", "unit": "SO-B"})
    assert r.status_code == 403 and "outside your units" in r.text
    r = await limited.post(own, data={"csrf_token": limited.csrf_token,
                                      "kind": "transition", "action": "assign",
                                      "unit": "XA-A1"})
    assert r.status_code == 303, r.text
    [row] = await api.ctx.db.raw("SELECT state, assigned_unit FROM feedback_case WHERE id = {}",
                                 cases["SO-A"])
    assert (row["state"], row["assigned_unit"]) == ("assigned", data["units"]["XA-A1"])

    # a case of the other unit assigned to a unit of SO-A's subtree comes into view
    r = await whole.post(outside, data={"csrf_token": whole.csrf_token,
                                        "kind": "transition", "action": "acknowledge"})
    assert r.status_code == 303, r.text
    r = await whole.post(outside, data={"csrf_token": whole.csrf_token,
                                        "kind": "transition", "action": "assign",
                                        "unit": "XA-A1"})
    assert r.status_code == 303, r.text
    assert (await limited.get(outside)).status_code == 200
    assert _listed((await limited.get("/cases")).text, cases) == {"SO-A", "XA-A1", "SO-B"}

    # the scope follows the person's unit: cleared, the whole agency at once
    from forms_service.accounts.service import set_unit

    await set_unit(api.ctx, "designer-2@test.phieu.vn", None)
    r = await other_unit.get("/cases")
    assert _listed(r.text, cases) == {"SO-A", "XA-A1", "SO-B"}

    # API keys stay agency-wide
    r = await api.call("GET", "/api/v1/cases", data["keys"]["analyst"])
    assert r.status_code == 200 and len(r.json()["items"]) == 3


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


async def test_a_person_limited_to_a_unit_reads_only_its_figures(
        api: Api, sign_in: Any) -> None:
    await _agency(api)
    limited = await sign_in("analyst", AGENCY, unit="SO-A", locale="en")
    whole = await sign_in("analyst", AGENCY, locale="en")
    designer = await sign_in("designer", AGENCY, unit="SO-B", locale="en")

    # satisfaction by unit: its units only (the sub-unit's answers under its own row)
    async def unit_rows(person: Any) -> dict[str, tuple[str, str]]:
        r = await person.get("/dashboard/export/unit-satisfaction.json",
                             params={"group_by": "unit"})
        assert r.status_code == 200, r.text
        return {row["key"].split("/")[1]: (row["satisfied"], row["n"])
                for row in json.loads(r.text)["rows"]}

    assert await unit_rows(limited) == {"SO-A": (0, 1), "XA-A1": (1, 2)}
    assert await unit_rows(designer) == {"SO-B": (2, 3)}
    assert await unit_rows(whole) == {"SO-A": (0, 1), "XA-A1": (1, 2), "SO-B": (2, 3)}

    # the form's results: the answers of its units
    async def answered(person: Any) -> int:
        r = await person.get("/dashboard/export/results.json", params={"form": SLUG})
        assert r.status_code == 200, r.text
        return int(json.loads(r.text)["responses"])

    assert (await answered(limited), await answered(designer), await answered(whole)) == (
        3, 3, 6)
    r = await limited.get("/dashboard/results", params={"form": SLUG})
    assert r.status_code == 200, r.text

    # the raw answers, browsed and exported: its units' only
    r = await limited.get("/dashboard/responses/export/csv", params={"form": SLUG})
    assert r.status_code == 200, r.text
    assert len(_csv(r.text)) == 3
    r = await whole.get("/dashboard/responses/export/csv", params={"form": SLUG})
    assert len(_csv(r.text)) == 6
    for person, shown in ((limited, 3), (whole, 6)):
        r = await person.get("/dashboard/responses", params={"form": SLUG})
        assert r.status_code == 200, r.text
        assert r.text.count('<th scope="row" class="num"') == shown

    # figures over the whole agency: refused, saying why, rather than leaked
    for path, params in (("/dashboard/export/satisfaction.csv", {}),
                         ("/dashboard/export/response-rates.csv", {"group_by": "service"}),
                         ("/dashboard/export/indices.csv", {"group_by": "agency"}),
                         ("/dashboard/export/case-handling.csv", {}),
                         ("/dashboard/satisfaction", {})):
        r = await limited.get(path, params=params)
        assert r.status_code == 403, (path, r.status_code, r.text[:300])
        assert "limited to a unit" in r.text
        r = await whole.get(path, params=params)
        assert r.status_code == 200, (path, r.text[:300])

    # the dashboard opens on the figures by unit, and lists only the pages it can show
    r = await limited.get("/dashboard")
    assert r.status_code == 303
    assert r.headers["location"] == "/dashboard/response-rates?group_by=unit"
    r = await limited.get("/dashboard/response-rates")
    assert r.status_code == 200, r.text
    assert "Sở Alpha" in r.text and "Sở Beta" not in r.text
    assert "Unit: Sở Alpha (SO-A) and its sub-units" in r.text
    assert 'href="/dashboard/satisfaction"' not in r.text
    r = await limited.get("/dashboard/indices")
    assert r.status_code == 200, r.text
    r = await whole.get("/dashboard/response-rates", params={"group_by": "unit"})
    assert "Sở Alpha" in r.text and "Sở Beta" in r.text


async def test_a_case_goes_only_to_a_person_who_can_see_it(api: Api, sign_in: Any) -> None:
    data = await _agency(api)
    designer, case = data["keys"]["designer"], data["cases"]["XA-A1"]
    await sign_in("analyst", AGENCY, unit="SO-A")
    await sign_in("designer", AGENCY, unit="SO-B")
    await sign_in("analyst", AGENCY)
    people = {row["unit"]: row["id"] for row in await api.ctx.db.raw(
        "SELECT p.id, u.code AS unit FROM person p LEFT JOIN unit u ON u.id = p.unit")}
    path = f"/api/v1/cases/{case}/transitions"
    r = await api.call("POST", path, designer, json={"action": "acknowledge"})
    assert r.status_code == 200, r.text
    # limited to SO-B, they could not see a case answered at XA-A1 (under SO-A)
    r = await api.call("POST", path, designer, json={"action": "assign",
                                                     "person": people["SO-B"]})
    assert r.status_code == 400 and r.json()["error"] == "person_outside_unit", r.text
    assert "could not see it" in r.json()["message"] or "không thể thấy" in r.json()["message"]
    [row] = await api.ctx.db.raw("SELECT state, assigned_person FROM feedback_case "
                                 "WHERE id = {}", case)
    assert (row["state"], row["assigned_person"]) == ("acknowledged", None)
    # limited to SO-A, whose subtree holds XA-A1; or not limited at all
    for unit in ("SO-A", None):
        r = await api.call("POST", path, designer, json={"action": "assign",
                                                         "person": people[unit]})
        assert r.status_code == 200, r.text
        assert r.json()["state"] == "assigned"
