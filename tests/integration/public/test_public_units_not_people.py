"""Units, never people, on the public pages: an agency's page names its units with
their figures, and no officer, nor anyone who signs in or handles a case."""

from __future__ import annotations

import json
from typing import Any

from tests.integration.conftest import Api


async def test_public_pages_show_units_and_no_person(api: Api, ctx: Any) -> None:
    from forms_service.accounts.service import create_person
    from forms_service.demo import DEMO_AGENCY, seed_demo

    await seed_demo(ctx)
    code = DEMO_AGENCY[0]
    # a person limited to a unit, and a case assigned to them: still nobody public
    [unit] = await ctx.db.raw("SELECT u.id, u.code FROM unit u JOIN agency a ON a.id = u.agency "
                              "WHERE a.code = {} AND u.active ORDER BY u.id LIMIT 1", code)
    person = await create_person(ctx, email="tran.thi.hoa@haiduong.gov.vn",
                                 name="Trần Thị Hoà Riêng", role="analyst", agency_code=code,
                                 password=None, unit_code=unit["code"])
    await ctx.db.raw("UPDATE feedback_case SET assigned_person = {}, state = 'assigned'",
                     person["id"])
    officers = await ctx.db.raw("SELECT code, name FROM officer")
    people = await ctx.db.raw("SELECT email, name FROM person")
    assert officers and len(people) >= 4
    private = ({o["name"] for o in officers} | {o["code"] for o in officers}
               | {p["name"] for p in people} | {p["email"] for p in people})

    body = (await api.client.get(f"/public/{code}.json")).json()
    shown = {row["unit"] for row in body["units"]}
    assert shown, "the agency's units are published"
    pages = {
        "json": json.dumps(body, ensure_ascii=False),
        "page": (await api.client.get(f"/public/{code}")).text,
        "english": (await api.client.get(f"/public/{code}?lang=en")).text,
        "index": (await api.client.get("/public/")).text,
    }
    names = {row["name"] for row in body["units"]}
    assert all(name in pages["page"] for name in names)
    for where, text in pages.items():
        leaked = sorted(value for value in private if value and value in text)
        assert not leaked, (where, leaked)
