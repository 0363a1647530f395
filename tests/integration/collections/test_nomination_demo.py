"""The demo's 2025 nomination round: a few agencies' nominations through the
service's own steps, one accepted with honoured services, the list published."""

from __future__ import annotations

from typing import Any

from tests.integration.conftest import Api


async def test_the_demo_round_has_nominations_honours_and_a_published_list(
        api: Api, ctx: Any) -> None:
    from forms_service.demo import DEMO_AGENCY, seed_demo

    await seed_demo(ctx)
    [row] = await ctx.db.raw("SELECT collection, year, published FROM nomination_round")
    assert row["year"] == 2025 and bool(row["published"])
    cid = row["collection"]
    r = await api.call("GET", f"/api/v1/nomination-rounds/{cid}/nominations", api.admin)
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    states = {item["agency"]: item["state"] for item in items}
    assert states == {"G14": "accepted", DEMO_AGENCY[0]: "accepted",
                      "000.00.00.H26": "submitted"}
    own = [item for item in items if item["agency"] == DEMO_AGENCY[0]]
    assert 2 <= len([i for i in own if i["audience"] == "citizen"]) <= 5
    assert all(i["evidence"]["online_dossiers"] > 0 for i in own)
    assert sum(item["honoured"] for item in items) == 4
    late = [item for item in items if item["agency"] == "000.00.00.H26"]
    assert late and all(item["late"] for item in late)
    body = (await api.client.get("/public/honours/2025.json")).json()
    assert body["count"] == 4
    assert [g["group"] for g in body["audiences"][0]["groups"]] == ["ministry", "province"]
    assert (await api.client.get("/public/honours/2025")).status_code == 200
