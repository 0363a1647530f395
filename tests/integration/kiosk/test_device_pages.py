"""The workspace pages of kiosks: /devices (enrol with a one-time code and QR code,
list, revoke) and /devices/{id} (answers per day, reasons, flagged, kept apart)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from tests.integration.conftest import Api
from tests.integration.dossiers_setup import AGENCY
from tests.integration.kiosk_setup import (
    Kiosk,
    answer,
    kiosk_agency,
    reasons_definition,
)


async def _enrol(designer: Any, **fields: str) -> Any:
    return await designer.post("/devices", data={
        "csrf_token": designer.csrf_token, "action": "enrol", **fields})


async def test_designers_enrol_bind_list_and_revoke(api: Api, province: dict[str, str],
                                                    sign_in: Any) -> None:
    keys = await kiosk_agency(api, province)
    designer = await sign_in("designer", AGENCY, locale="en")
    page = await designer.get("/devices")
    assert page.status_code == 200 and "No device yet." in page.text
    assert 'value="counter:Q01"' in page.text and 'value="unit:XA-AN"' in page.text
    r = await _enrol(designer, name="Máy quầy 1", place="counter:Q01", form="hai-long",
                     hours="mon-fri 07:30-17:00")
    assert r.status_code == 201, r.text
    assert r.headers["cache-control"] == "no-store"
    code = re.search(r'id="enrol-code">([^<]+)<', r.text)
    assert code is not None
    assert f"/k/enrol#{code.group(1)}" in r.text
    assert '<svg role="img"' in r.text and "<title>" in r.text
    # the code shown binds the tablet, once
    bound = await api.client.post("/api/v1/devices/bind", json={"code": code.group(1)})
    assert bound.status_code == 200, bound.text
    kiosk = Kiosk(api, bound.json()["id"], bound.json()["credential"])
    r = await kiosk.send([answer(1, 3)], queue=4)
    assert r.status_code == 200 and r.json()["stored"] == 1
    page = await designer.get("/devices")
    assert "Máy quầy 1" in page.text and code.group(1) not in page.text
    row = re.search(r'<tr><th scope="row"><a href="/devices/' + kiosk.id + r'">.*?</tr>',
                    page.text, re.S)
    assert row is not None
    cells = re.findall(r'<td class="num">(\d+)</td>', row.group(0))
    assert cells == ["4", "1", "0"]  # waiting, stored, kept apart
    assert "active" in row.group(0) and "never" not in row.group(0)
    # a unit's shared kiosk
    r = await _enrol(designer, name="Ki-ốt xã", place="unit:XA-AN", form="hai-long")
    assert r.status_code == 201
    # bad input: said, in the person's language, nothing stored
    r = await _enrol(designer, name="X", place="counter:KHONG-CO", form="hai-long")
    assert r.status_code == 404 and "KHONG-CO" in r.text and 'role="alert"' in r.text
    r = await _enrol(designer, name="X", place="somewhere", form="hai-long")
    assert r.status_code == 400 and "Choose the counter or the unit" in r.text
    r = await _enrol(designer, name="X", place="counter:Q02", form="hai-long", hours="every day")
    assert r.status_code == 400
    listed = (await api.call("GET", "/api/v1/devices", keys["designer"])).json()
    assert len(listed) == 2
    # revoke: what it sends from now on is kept apart
    r = await designer.post("/devices", data={"csrf_token": designer.csrf_token,
                                              "action": "revoke", "device": kiosk.id})
    assert r.status_code == 303 and r.headers["location"] == "/devices?done=revoked"
    r = await kiosk.send([answer(2, 1)])
    assert r.status_code == 403
    page = await designer.get("/devices?lang=vi")
    assert "đã thu hồi" in page.text and "Đăng ký thiết bị" in page.text
    # without the session's token nothing changes
    r = await designer.post("/devices", data={"action": "revoke", "device": "x"})
    assert r.status_code == 403


async def test_analysts_read_other_agencies_see_nothing(api: Api, province: dict[str, str],
                                                        sign_in: Any) -> None:
    await kiosk_agency(api, province)
    designer = await sign_in("designer", AGENCY)
    r = await _enrol(designer, name="Máy quầy 2", place="counter:Q02", form="hai-long")
    assert r.status_code == 201
    analyst = await sign_in("analyst", AGENCY)
    page = await analyst.get("/devices")
    assert page.status_code == 200 and "Máy quầy 2" in page.text
    assert "Đăng ký thiết bị" not in page.text and 'value="revoke"' not in page.text
    r = await analyst.post("/devices", data={"csrf_token": analyst.csrf_token,
                                             "action": "enrol", "name": "X",
                                             "place": "counter:Q01", "form": "hai-long"})
    assert r.status_code == 403
    device = re.search(r'href="/devices/([A-Za-z0-9_-]+)"', page.text)
    assert device is not None
    assert (await analyst.get(f"/devices/{device.group(1)}")).status_code == 200
    other = await sign_in("designer", "000.00.00.G14")
    page = await other.get("/devices")
    assert "Máy quầy 2" not in page.text
    assert (await other.get(f"/devices/{device.group(1)}")).status_code == 404
    assert (await other.get("/devices", params={"agency": AGENCY})).status_code == 403


async def test_the_activity_page(api: Api, province: dict[str, str], sign_in: Any) -> None:
    keys = await kiosk_agency(api, province)
    await api.published_form(keys["designer"], "tai-quay", definition=reasons_definition())
    designer = await sign_in("designer", AGENCY, locale="en")
    r = await _enrol(designer, name="Máy quầy 1", place="counter:Q01", form="tai-quay",
                     hours="mon-sun 00:00-23:59")
    code = re.search(r'id="enrol-code">([^<]+)<', r.text)
    assert code is not None
    bound = (await api.client.post("/api/v1/devices/bind", json={"code": code.group(1)})).json()
    kiosk = Kiosk(api, bound["id"], bound["credential"])
    now = dt.datetime.now(dt.UTC)
    items = [answer(1, 3, form="tai-quay", at=now - dt.timedelta(days=1)),
             {**answer(2, 1, form="tai-quay", at=now - dt.timedelta(minutes=5)),
              "answers": {"overall": 1, "reason_choice": "wait", "reason": "Đợi 2 giờ"}},
             {**answer(3, 1, form="tai-quay", at=now - dt.timedelta(minutes=4)),
              "answers": {"overall": 1, "reason_choice": "wait"}},
             {**answer(4, 1, form="tai-quay", at=now - dt.timedelta(minutes=3)),
              "answers": {"overall": 1}},
             {**answer(5, 1, form="tai-quay", at=now - dt.timedelta(minutes=2)),
              "answers": {"overall": 1, "reason_choice": "nope"}},
             answer(6, 2, form="tai-quay", at=now + dt.timedelta(hours=2))]
    r = await kiosk.send(items)
    assert r.status_code == 200 and r.json()["stored"] == 5 and r.json()["rejected"] == 1
    await api.call("POST", f"/api/v1/devices/{kiosk.id}/revoke", keys["designer"])
    await kiosk.send([answer(7, 3, form="tai-quay")])
    page = await designer.get(f"/devices/{kiosk.id}")
    assert page.status_code == 200
    text = page.text
    days = re.search(r'<table class="data-table" id="days">.*?</table>', text, re.S)
    assert days is not None
    # per Vietnam day: newest first; today has 4 stored (1 flagged), 1 rejected, 1 refused
    rows = re.findall(r'<th scope="row">(\d{4}-\d\d-\d\d)</th>((?:<td class="num">\d+</td>)+)',
                      days.group(0))
    totals = {day: [int(n) for n in re.findall(r">(\d+)<", cells)] for day, cells in rows}
    assert sum(v[0] for v in totals.values()) == 5  # stored
    assert sum(v[1] for v in totals.values()) == 1  # flagged: the future one
    assert sum(v[2] for v in totals.values()) == 1  # refused
    assert sum(v[3] for v in totals.values()) == 1  # rejected
    reasons = re.search(r'<table class="data-table" id="reasons">.*?</table>', text, re.S)
    assert reasons is not None
    assert re.findall(r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td>',
                      reasons.group(0)) == [("Long wait", "2"),
                                            ("no preset reason chosen", "1")]
    kept = re.search(r'<table class="data-table" id="kept">.*?</table>', text, re.S)
    assert kept is not None and "device_revoked" in kept.group(0)
    assert "refused (device revoked)" in kept.group(0) and "rejected" in kept.group(0)
    assert "Đợi 2 giờ" not in text  # what citizens typed stays out of the page
    flagged = re.search(r'<table class="data-table" id="flagged">.*?</table>', text, re.S)
    assert flagged is not None and "device clock off" in flagged.group(0)
    page = await designer.get(f"/devices/{kiosk.id}?lang=vi")
    assert "Chờ lâu" in page.text and "Lưu riêng để xem xét" in page.text
    assert (await designer.get("/devices/khong-co")).status_code == 404


async def test_the_national_office_chooses_the_agency(api: Api, province: dict[str, str],
                                                      sign_in: Any) -> None:
    await kiosk_agency(api, province)
    designer = await sign_in("designer", AGENCY)
    assert (await _enrol(designer, name="Máy quầy 1", place="counter:Q01",
                         form="hai-long")).status_code == 201
    national = await sign_in("analyst")
    page = await national.get("/devices")
    assert page.status_code == 200 and 'id="agency-pick"' in page.text
    assert "Máy quầy 1" not in page.text
    page = await national.get("/devices", params={"agency": AGENCY})
    assert "Máy quầy 1" in page.text and 'value="revoke"' not in page.text
