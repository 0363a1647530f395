"""POST /api/v1/dossier-events on a real database: results per event, idempotence,
concurrency, order, the dossier record and its monthly counts."""

from __future__ import annotations

import asyncio
from typing import Any

from forms_service.credentials.keyed import dossier_hash
from forms_service.dossiers.aggregates import rebuild
from tests.integration.conftest import SECRET, Api
from tests.integration.dossiers_setup import (
    AGENCY,
    DOSSIER_STATE,
    EVENTS,
    event,
    lifecycle,
    organisation,
    send,
    table,
)


async def _setup(api: Api, province: dict[str, str]) -> str:
    await organisation(api, province["designer"])
    return await api.make_key("integration", AGENCY)


def _months(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keep = [{k: v for k, v in row.items() if k != "id"} for row in rows if row["returned"]]
    return sorted(keep, key=lambda r: tuple(str(v) for v in r.values()))


async def _rebuilt_equals_incremental(api: Api) -> list[dict[str, Any]]:
    incremental = _months(await table(api, "SELECT * FROM dossier_month"))
    await rebuild(api.ctx.db)
    assert _months(await table(api, "SELECT * FROM dossier_month")) == incremental
    return incremental


async def test_a_batch_is_stored_and_folded_into_its_dossier(
        api: Api, province: dict[str, str]) -> None:
    key = await _setup(api, province)
    body = await send(api, key, lifecycle("HS-1", unit="TTHCC", counter="Q01",
                                          officer="CB01"))
    assert body["stored"] == 3 and body["duplicate"] == 0 and body["rejected"] == 0
    assert [r["result"] for r in body["results"]] == ["stored"] * 3
    assert [r["index"] for r in body["results"]] == [0, 1, 2]
    [dossier] = await table(api, DOSSIER_STATE)
    assert dossier["dossier_hash"] == dossier_hash(SECRET, AGENCY, "HS-1")
    assert dossier["status"] == "returned" and dossier["channel"] == "in_person"
    assert bool(dossier["on_time"]) is True and dossier["month"] == "2025-03"
    units = {r["code"]: r["id"] for r in await table(api, "SELECT id, code FROM unit")}
    assert dossier["unit"] == units["TTHCC"]
    [month] = await _rebuilt_equals_incremental(api)
    assert (month["returned"], month["on_time"], month["late"], month["answered"]) == (1, 1, 0, 0)
    assert month["unit"] == units["TTHCC"] and month["channel"] == "in_person"


async def test_a_replay_is_a_duplicate_and_changes_nothing(
        api: Api, province: dict[str, str]) -> None:
    key = await _setup(api, province)
    batch = lifecycle("HS-1") + lifecycle("HS-2", returned="2025-03-09T10:00:00+07:00")
    await send(api, key, batch)
    before = (await table(api, DOSSIER_STATE), await table(api, "SELECT * FROM dossier_month"),
              await table(api, "SELECT id, event_id, stored_at FROM dossier_event"))
    again = await send(api, key, list(reversed(batch)))
    assert again["stored"] == 0 and again["duplicate"] == 6
    assert {r["result"] for r in again["results"]} == {"duplicate"}
    after = (await table(api, DOSSIER_STATE), await table(api, "SELECT * FROM dossier_month"),
             await table(api, "SELECT id, event_id, stored_at FROM dossier_event"))
    assert after == before
    # the same event twice in one batch: stored once, then a duplicate
    twice = await send(api, key, [event("X-1", "HS-3"), event("X-1", "HS-3")])
    assert [r["result"] for r in twice["results"]] == ["stored", "duplicate"]
    # another system may reuse an event id
    other = await send(api, key, [event("X-1", "HS-3", system="dvc-tinh")])
    assert other["stored"] == 1


async def test_100_concurrent_posts_of_one_batch_store_each_event_once(
        api: Api, province: dict[str, str]) -> None:
    key = await _setup(api, province)
    batch = [e for n in range(20) for e in lifecycle(
        f"HS-{n}", returned=f"2025-03-{6 + n % 5:02d}T15:00:00+07:00",
        unit="TTHCC" if n % 2 else "XA-AN", officer="CB01" if n % 3 else "CB02")]
    replies = await asyncio.gather(*(
        api.call("POST", EVENTS, key, json={"events": batch}) for _ in range(100)))
    assert all(r.status_code == 200 for r in replies), [r.text for r in replies
                                                        if r.status_code != 200][:1]
    stored = sum(r.json()["stored"] for r in replies)
    duplicate = sum(r.json()["duplicate"] for r in replies)
    assert stored == len(batch) and duplicate == 99 * len(batch)
    rows = await table(api, "SELECT COUNT(*) AS n FROM dossier_event")
    assert rows[0]["n"] == len(batch)
    assert len(await table(api, DOSSIER_STATE)) == 20
    months = await _rebuilt_equals_incremental(api)
    assert sum(m["returned"] for m in months) == 20


async def test_events_out_of_order_give_the_state_of_the_latest(
        api: Api, province: dict[str, str]) -> None:
    key = await _setup(api, province)
    in_order = lifecycle("HS-A", unit="TTHCC", officer="CB01")
    late = [event("HS-A-4", "HS-A", status="returned", at="2025-03-08T10:00:00+07:00",
                  officer="CB02", returned_at="2025-03-08T10:00:00+07:00")]
    for e in in_order + late:
        await send(api, key, [e])
    reference = await table(api, DOSSIER_STATE)
    reference_months = await _rebuilt_equals_incremental(api)
    await api.ctx.db.raw("DELETE FROM dossier_event")
    await api.ctx.db.raw("DELETE FROM dossier")
    await api.ctx.db.raw("DELETE FROM dossier_month")
    # the same events, newest first, one batch each; then all at once on a new dossier
    for e in reversed(in_order + late):
        await send(api, key, [e])
    assert await table(api, DOSSIER_STATE) == reference
    assert await _rebuilt_equals_incremental(api) == reference_months
    [state] = reference
    officers = {r["code"]: r["id"] for r in await table(api, "SELECT id, code FROM officer")}
    assert state["officer"] == officers["CB02"] and state["status"] == "returned"
    assert state["month"] == "2025-03" and bool(state["on_time"]) is False  # due 7 March


async def test_a_late_event_before_the_latest_does_not_undo_it(
        api: Api, province: dict[str, str]) -> None:
    key = await _setup(api, province)
    await send(api, key, [lifecycle("HS-B")[2]])  # returned first
    [state] = await table(api, DOSSIER_STATE)
    assert state["status"] == "returned" and state["month"] == "2025-03"
    await send(api, key, lifecycle("HS-B")[:2])  # then the earlier events
    [state] = await table(api, DOSSIER_STATE)
    assert state["status"] == "returned" and state["due_at"] is not None
    assert bool(state["on_time"]) is True
    [month] = await _rebuilt_equals_incremental(api)
    assert month["returned"] == 1 and month["on_time"] == 1


async def test_every_per_event_error_names_the_field_and_good_events_are_stored(
        api: Api, province: dict[str, str]) -> None:
    key = await _setup(api, province)
    bad: list[tuple[Any, str, str]] = [
        ({k: v for k, v in event("E0").items() if k != "dossier"}, "dossier", "required"),
        (event("E1", status="done"), "status", "invalid"),
        (event("E2", channel="fax"), "channel", "invalid"),
        (event("E3", at="yesterday"), "at", "invalid"),
        (event("E4", due_at="2025-02-30T10:00:00"), "due_at", "invalid"),
        (event("E5", service="9.999999"), "service", "unknown_service"),
        (event("E6", unit="NOWHERE"), "unit", "unknown_unit"),
        (event("E7", counter="Q99", unit="TTHCC"), "counter", "unknown_counter"),
        (event("E8", officer="CB99"), "officer", "unknown_officer"),
        (event("E11", colour="red"), "colour", "unknown_field"),
        (event("E12", submitted_by="self"), "submitted_by", "invalid"),
        (event("E13", channel="online", submitted_by="robot"), "submitted_by", "invalid"),
        (event("E" * 129), "event_id", "too_long"),
        (event("E15", system="bad system!"), "system", "invalid"),
        ({k: v for k, v in event("E16").items() if k != "at"}, "at", "required"),
        (event("E17", at="1999-12-31T10:00:00+07:00"), "at", "invalid"),
        (event("E18", dossier=["HS"]), "dossier", "invalid"),
    ]
    good = [event("G1", "HS-G1", contact="chi@example.vn"),
            event("G2", "HS-G2", channel="online", submitted_by="assisted",
                  contact="+84 912 345 678"),
            event("G3", "HS-G3", at="20250304083000", contact="0241 3825 678")]
    batch: list[Any] = [good[0], *(b for b, _, _ in bad), good[1], "not an object", good[2]]
    for locale, word in (("en", "required"), ("vi", "Cần có")):
        r = await api.call("POST", EVENTS, key, json={"events": batch},
                           headers={"Accept-Language": locale})
        assert r.status_code == 200, r.text
        results = r.json()["results"]
        assert len(results) == len(batch)
        assert [r["index"] for r in results] == list(range(len(batch)))
        for (_, field, code), result in zip(bad, results[1:1 + len(bad)], strict=True):
            assert result["result"] == "error", result
            assert (result["field"], result["code"]) == (field, code), result
            assert result["message"], result
        assert word in results[1]["message"]
        assert results[-2]["result"] == "error" and results[-2]["field"] == ""
    assert r.json()["stored"] == 0 and r.json()["duplicate"] == 3  # the second time
    rows = await table(api, "SELECT event_id FROM dossier_event ORDER BY event_id")
    assert [row["event_id"] for row in rows] == ["G1", "G2", "G3"]


async def test_a_bad_contact_is_a_note_and_the_event_is_stored(
        api: Api, province: dict[str, str]) -> None:
    key = await _setup(api, province)
    batch = [event("C1", "HS-C1", contact="not a contact"),
             event("C2", "HS-C2", contact="0123"),
             event("C3", "HS-C3", contact="chi@@example"),
             event("C4", "HS-C4", contact=912345678),
             event("C5", "HS-C5", contact="+84 912 345 678")]
    for locale in ("en", "vi"):
        r = await api.call("POST", EVENTS, key, json={"events": batch},
                           headers={"Accept-Language": locale})
        assert r.status_code == 200, r.text
        results = r.json()["results"]
        if locale == "en":
            assert [x["result"] for x in results] == ["stored"] * 5, results
            for result in results[:4]:
                [note] = result["notes"]
                assert note["code"] == "contact_invalid", result
                assert "no invitation was made" in note["message"], result
            assert "e-mail address" in results[2]["notes"][0]["message"]
            assert "notes" not in results[4]
        else:  # a replay stores nothing and says nothing more
            assert [x["result"] for x in results] == ["duplicate"] * 5, results
            assert all("notes" not in x for x in results)
    r = await api.call("POST", EVENTS, key, json={"events": [event("C0", contact="x")]},
                       headers={"Accept-Language": "vi"})
    assert "không có lời mời" in r.json()["results"][0]["notes"][0]["message"]
    rows = await table(api, "SELECT event_id FROM dossier_event ORDER BY event_id")
    assert [row["event_id"] for row in rows] == ["C0", "C1", "C2", "C3", "C4", "C5"]


async def test_a_batch_over_1000_or_empty_is_refused(api: Api, province: dict[str, str]) -> None:
    key = await _setup(api, province)
    r = await api.call("POST", EVENTS, key,
                       json={"events": [event(f"E{n}", f"HS-{n}") for n in range(1001)]})
    assert r.status_code == 400, r.text
    r = await api.call("POST", EVENTS, key, json={"events": []})
    assert r.status_code == 400 and "events" in r.json()["message"]
    full = await send(api, key, [event(f"E{n}", f"HS-{n}") for n in range(1000)])
    assert full["stored"] == 1000


async def test_unknown_officers_and_counters_are_registered_when_the_agency_allows(
        api: Api, province: dict[str, str]) -> None:
    key = await _setup(api, province)
    batch = [event("A1", "HS-1", unit="TTHCC", counter="Q07", officer="CB77"),
             event("A2", "HS-2", officer="CB78"),
             event("A3", "HS-3", counter="Q08")]  # a counter needs its unit
    body = await send(api, key, batch)
    assert [r["result"] for r in body["results"]] == ["error"] * 3
    r = await api.call("PUT", f"/api/v1/agencies/{AGENCY}/auto-registration",
                       province["analyst"], json={"auto_register_staff": True})
    assert r.status_code == 403
    r = await api.call("PUT", f"/api/v1/agencies/{AGENCY}/auto-registration",
                       province["designer"], json={"auto_register_staff": True})
    assert r.status_code == 200 and r.json()["auto_register_staff"] is True
    body = await send(api, key, batch)
    assert [r["result"] for r in body["results"]] == ["stored", "stored", "error"]
    assert body["results"][2]["field"] == "counter"
    officers = await table(api, "SELECT code, unit FROM officer ORDER BY code")
    assert [o["code"] for o in officers] == ["CB01", "CB02", "CB77", "CB78"]
    counters = await table(api, "SELECT code FROM counter ORDER BY code")
    assert [c["code"] for c in counters] == ["Q01", "Q02", "Q07"]
    units = await table(api, "SELECT id, code FROM unit WHERE code = 'TTHCC'")
    assert officers[2]["unit"] == units[0]["id"] and officers[3]["unit"] is None
    r = await api.call("GET", "/api/v1/officers", province["designer"])
    assert r.status_code == 200 and [o["code"] for o in r.json()][2:] == ["CB77", "CB78"]


async def test_references_are_hashed_and_contacts_never_stored(
        api: Api, province: dict[str, str]) -> None:
    key = await _setup(api, province)
    await send(api, key, [event("P1", "HS-BI-MAT-42", contact="tam.nguyen@example.vn"),
                          event("P2", "HS-BI-MAT-43", contact="0912345678")])
    for name in ("dossier_event", "dossier", "dossier_month", "officer", "counter"):
        text = repr(await table(api, f"SELECT * FROM {name}"))
        for secret in ("HS-BI-MAT", "tam.nguyen", "0912345678"):
            assert secret not in text, (name, secret)


async def test_only_integration_keys_and_admins_send_events_for_their_agency(
        api: Api, province: dict[str, str]) -> None:
    key = await _setup(api, province)
    batch = {"events": [event("R1")]}
    for role in ("designer", "analyst", "portal"):
        r = await api.call("POST", EVENTS, province[role], json=batch)
        assert r.status_code == 403, (role, r.text)
    await api.agency("000.00.00.G14", "Bộ Tư pháp", "ministry")
    r = await api.call("POST", EVENTS, key, json=batch, params={"agency": "000.00.00.G14"})
    assert r.status_code == 403
    r = await api.call("POST", EVENTS, api.admin, json=batch)
    assert r.status_code == 400  # an admin names the agency
    r = await api.call("POST", EVENTS, api.admin, json=batch, params={"agency": AGENCY})
    assert r.status_code == 200 and r.json()["stored"] == 1
    r = await api.call("POST", EVENTS, None, json=batch)
    assert r.status_code == 401


async def test_an_integration_key_does_nothing_else(
        app: Any, api: Api, province: dict[str, str]) -> None:
    from dataclasses import replace

    from tests.integration.api.test_tenancy_matrix import (
        PUBLIC,
        A,
        operations,
        request_for,
    )

    key = await _setup(api, province)
    own = replace(A, slug="hai-long", service="1.001193", spare_key_id="0a1b2c3d4e5f",
                  device="dv_0000000000000000", collection="1")
    calls = 0
    for op in operations(app):
        # its own operations (the officer on duty, receipt links too), and those open to anyone
        if op.path in (EVENTS, "/api/v1/counters/{code}/on-duty", "/api/v1/receipt-links") \
                or op.name in PUBLIC:
            continue
        path, query, body = request_for(op, own)
        r = await api.call(op.method, path, key, params=query,
                           **({"json": body} if body is not None else {}))
        calls += 1
        assert r.status_code in (401, 403), (op.name, r.status_code, r.text[:200])
    assert calls > 30
    r = await api.call("POST", "/api/v1/responses", key, json={
        "form": "hai-long", "service": "1.001193", "dossier": "HS-1", "answers": {"overall": 5}})
    assert r.status_code == 403
