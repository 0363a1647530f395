"""Answers and touches meet their dossiers in both arrival orders, and the monthly
counts follow."""

from __future__ import annotations

import asyncio
from typing import Any

from forms_service.dossiers.aggregates import rebuild
from forms_service.keys.service import authenticate
from forms_service.submissions import PortalKey, Submission, submit
from tests.integration.conftest import Api
from tests.integration.dossiers_setup import AGENCY, lifecycle, organisation, send, table
from tests.integration.embed_setup import hidden_fields, portal_key

STAFF = {"unit": "TTHCC", "counter": "Q01", "officer": "CB01"}


async def _answer(api: Api, portal: str, dossier: str, overall: int) -> int:
    r = await api.call("POST", "/api/v1/responses", portal, json={
        "form": "hai-long", "service": "1.001193", "dossier": dossier,
        "answers": {"overall": overall}})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


async def _ids(api: Api, name: str) -> dict[str, int]:
    return {r["code"]: r["id"] for r in await table(api, f"SELECT id, code FROM {name}")}


async def _staff_of(api: Api, response_id: int) -> tuple[Any, ...]:
    [row] = await api.ctx.db.raw(
        "SELECT unit, counter, officer FROM response WHERE id = {}", response_id)
    return row["unit"], row["counter"], row["officer"]


async def _month(api: Api) -> dict[str, Any]:
    rows = [r for r in await table(api, "SELECT * FROM dossier_month") if r["returned"]]
    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple((k, str(v)) for k, v in sorted(row.items()) if k != "id")

    incremental = sorted(map(key, rows))
    await rebuild(api.ctx.db)
    again = [r for r in await table(api, "SELECT * FROM dossier_month") if r["returned"]]
    assert sorted(map(key, again)) == incremental
    return {k: sum(r[k] for r in again) for k in again[0] if k not in (
        "id", "agency", "service", "unit", "officer", "channel", "submitted_by", "month")}


async def test_answers_link_in_both_orders_and_take_the_dossiers_staff(
        api: Api, province: dict[str, str]) -> None:
    await organisation(api, province["designer"])
    key = await api.make_key("integration", AGENCY)
    units, counters, officers = (await _ids(api, "unit"), await _ids(api, "counter"),
                                 await _ids(api, "officer"))
    expected = (units["TTHCC"], counters["Q01"], officers["CB01"])
    # the answer first, its dossier's events afterwards (returned late)
    first = await _answer(api, province["portal"], "HS-TRUOC", 1)
    assert await _staff_of(api, first) == (None, None, None)
    await send(api, key, lifecycle("HS-TRUOC", returned="2025-03-10T10:00:00+07:00", **STAFF))
    assert await _staff_of(api, first) == expected
    # the dossier first, the answer afterwards (returned on time)
    await send(api, key, lifecycle("HS-SAU", **STAFF))
    second = await _answer(api, province["portal"], "HS-SAU", 3)
    assert await _staff_of(api, second) == expected
    # a dossier nobody answered
    await send(api, key, lifecycle("HS-KHONG", **STAFF))
    flags = {(r["answered"], r["satisfied"]) for r in await table(
        api, "SELECT answered, satisfied FROM dossier")}
    assert {(bool(a), None if s is None else bool(s)) for a, s in flags} == {
        (True, False), (True, True), (False, None)}
    totals = await _month(api)
    assert totals["returned"] == 3 and totals["answered"] == 2
    assert totals["answered_satisfied"] == 1 and totals["answered_rated"] == 2
    assert (totals["on_time"], totals["late"]) == (2, 1)
    assert (totals["answered_on_time"], totals["answered_on_time_satisfied"]) == (1, 1)
    assert (totals["answered_late"], totals["answered_late_satisfied"]) == (1, 0)


async def test_an_answer_keeps_the_staff_it_was_given(
        api: Api, province: dict[str, str]) -> None:
    await organisation(api, province["designer"])
    key = await api.make_key("integration", AGENCY)
    await send(api, key, lifecycle("HS-QUAY", **STAFF))
    principal = await authenticate(api.ctx, f"Bearer {province['portal']}")
    stored = await submit(api.ctx, Submission(
        form="hai-long", answers={"overall": 3}, authority=PortalKey(principal),
        service="1.001193", dossier="HS-QUAY", channel="web", unit="XA-AN", counter="Q02"))
    units, counters, officers = (await _ids(api, "unit"), await _ids(api, "counter"),
                                 await _ids(api, "officer"))
    assert await _staff_of(api, stored.id) == (units["XA-AN"], counters["Q02"],
                                              officers["CB01"])
    # given before its dossier's events, too
    stored = await submit(api.ctx, Submission(
        form="hai-long", answers={"overall": 3}, authority=PortalKey(principal),
        service="1.001193", dossier="HS-QUAY-2", channel="web", officer="CB02"))
    await send(api, key, lifecycle("HS-QUAY-2", **STAFF))
    assert await _staff_of(api, stored.id) == (units["TTHCC"], counters["Q01"],
                                              officers["CB02"])


async def test_the_form_page_records_offers_and_opens_in_both_orders(
        api: Api, province: dict[str, str]) -> None:
    await organisation(api, province["designer"])
    key = await api.make_key("integration", AGENCY)
    portal = await portal_key(api)
    # offered and opened before the dossier's events arrive
    token = portal.token(dossier="HS-TRANG")
    r = await api.client.get("/f/hai-long", params={"t": token})
    assert r.status_code == 200
    r = await api.client.get("/f/hai-long", params={"t": token})  # shown again: one offer
    r = await api.client.post("/f/hai-long", data={**hidden_fields(r.text), "overall": "9"})
    assert r.status_code == 422  # not an answer yet, but the form was opened
    await send(api, key, lifecycle("HS-TRANG", **STAFF))
    # a dossier whose events came first, then offered only
    await send(api, key, lifecycle("HS-CHI-MOI", **STAFF))
    r = await api.client.get("/f/hai-long", params={"t": portal.token(dossier="HS-CHI-MOI")})
    assert r.status_code == 200
    touches = await table(api, "SELECT kind, channel FROM dossier_touch ORDER BY id")
    assert [(t["kind"], t["channel"]) for t in touches] == [
        ("offered", "embed"), ("opened", "embed"), ("offered", "embed")]
    totals = await _month(api)
    assert (totals["returned"], totals["offered"], totals["opened"], totals["answered"]) == (
        2, 2, 1, 0)
    # the answer from the page completes the funnel of the first
    r = await api.client.get("/f/hai-long", params={"t": token})
    r = await api.client.post("/f/hai-long", data={**hidden_fields(r.text), "overall": "3"})
    assert r.status_code == 303
    totals = await _month(api)
    assert (totals["offered"], totals["opened"], totals["answered"]) == (2, 1, 1)
    assert totals["answered_satisfied"] == 1


async def test_answers_and_events_arriving_together_always_meet(
        api: Api, province: dict[str, str]) -> None:
    # each answer is linked either by itself (its dossier committed first) or by the
    # events (the answer committed first), never by neither, whatever the interleaving
    await organisation(api, province["designer"])
    key = await api.make_key("integration", AGENCY)
    names = [f"HS-CUNG-{n:02d}" for n in range(24)]
    answers, _ = await asyncio.gather(
        asyncio.gather(*(_answer(api, province["portal"], name, 1 + n % 3)
                         for n, name in enumerate(names))),
        asyncio.gather(*(send(api, key, lifecycle(name, **STAFF)) for name in names)))
    units = await _ids(api, "unit")
    assert {(await _staff_of(api, a))[0] for a in answers} == {units["TTHCC"]}
    rows = await table(api, "SELECT answered FROM dossier")
    assert len(rows) == len(names) and all(bool(r["answered"]) for r in rows)
    assert (await _month(api))["answered"] == len(names)
