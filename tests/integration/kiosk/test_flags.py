"""Gaming and tampering flags: kept with the answers, shown apart per device."""

from __future__ import annotations

import datetime as dt

from tests.integration.conftest import Api
from tests.integration.dossiers_setup import event, send
from tests.integration.kiosk_setup import answer, bound_kiosk, kiosk_agency

VIETNAM = dt.timezone(dt.timedelta(hours=7))


async def _flags(api: Api, designer: str, device: str, **params: str) -> dict[int, list[str]]:
    r = await api.call("GET", f"/api/v1/devices/{device}/activity", designer, params=params)
    assert r.status_code == 200, r.text
    return {a["seq"]: a["flags"] for a in r.json()["answers"]}


async def test_bursts_are_flagged(api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    kiosk = await bound_kiosk(api, keys["designer"])
    start = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    # five within a minute pass; the sixth is a burst; one two minutes later is not
    items = [answer(i + 1, at=start + dt.timedelta(seconds=5 * i)) for i in range(6)]
    items.append(answer(7, at=start + dt.timedelta(minutes=3)))
    r = await kiosk.send(items)
    assert r.status_code == 200 and r.json()["stored"] == 7, r.text
    assert [x.get("flags", []) for x in r.json()["results"]] == [[]] * 5 + [["burst"], []]
    flags = await _flags(api, keys["analyst"], kiosk.id, flagged="true")
    assert flags == {6: ["burst"]}
    r = await api.call("GET", f"/api/v1/devices/{kiosk.id}/activity", keys["analyst"])
    assert r.json()["flagged"]["burst"] == 1 and r.json()["flagged_answers"] == 1
    # flagged answers are stored all the same
    count = await api.ctx.db.raw("SELECT COUNT(*) AS n FROM response")
    assert count[0]["n"] == 7
    r = await api.call("GET", f"/api/v1/devices/{kiosk.id}/activity", keys["portal"])
    assert r.status_code == 403


async def test_answers_outside_opening_hours(api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    r = await api.call("POST", "/api/v1/devices", keys["designer"], headers={
        "Accept-Language": "en"}, json={"name": "K", "form": "hai-long", "counter": "Q01",
                                        "opening_hours": "mon-fri 7:30-17:00"})
    assert r.status_code == 400 and "mon-fri 07:30-11:30" in r.json()["message"], r.text
    kiosk = await bound_kiosk(api, keys["designer"],
                              opening_hours="mon-fri 07:30-11:30 13:30-17:00; sat 07:30-11:30")
    monday = dt.datetime(2026, 11, 30, 9, 0, tzinfo=VIETNAM)
    r = await kiosk.send([answer(1, at=monday), answer(2, at=monday.replace(hour=12)),
                          answer(3, at=monday + dt.timedelta(days=6))])  # a Sunday
    assert [x.get("flags", []) for x in r.json()["results"]] == [[], ["outside_hours"],
                                                         ["outside_hours"]]


async def test_no_dossier_returned_at_the_counter(api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    kiosk = await bound_kiosk(api, keys["designer"])
    returned = dt.datetime(2026, 12, 1, 9, 0, tzinfo=VIETNAM)
    # before the one-stop system reports on this counter: nothing to compare with
    r = await kiosk.send([answer(1, at=returned + dt.timedelta(hours=3))])
    assert r.json()["results"][0].get("flags", []) == []
    await send(api, keys["integration"], [event(
        "E-1", "HS-9", status="returned", at=returned.isoformat(), counter="Q01", unit="TTHCC")])
    r = await kiosk.send([answer(2, at=returned + dt.timedelta(minutes=10)),
                          answer(3, at=returned + dt.timedelta(hours=2)),
                          answer(4, at=returned - dt.timedelta(minutes=5))])
    assert [x.get("flags", []) for x in r.json()["results"]] == [[], ["no_dossier"], ["no_dossier"]]


async def test_a_device_clock_far_from_the_server(api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    kiosk = await bound_kiosk(api, keys["designer"])
    now = dt.datetime.now(dt.UTC)
    r = await kiosk.send([answer(1)], sent_at=(now - dt.timedelta(hours=2)).isoformat())
    assert r.json()["results"][0].get("flags", []) == ["clock_skew"]
    r = await kiosk.send([answer(2)], sent_at=(now + dt.timedelta(seconds=20)).isoformat())
    assert r.json()["results"][0].get("flags", []) == []
    r = await kiosk.send([answer(3, at=now + dt.timedelta(days=1))])
    assert r.json()["results"][0].get("flags", []) == ["clock_skew"]
    flags = await _flags(api, keys["designer"], kiosk.id, flagged="false")
    assert flags == {2: []}
