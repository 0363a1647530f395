"""Devices: enrolment with a one-time code, binding, listing, revocation; the
officer on duty; answers signed with the device credential."""

from __future__ import annotations

import datetime as dt

from forms_service.kiosk.tables import Device
from tests.integration.conftest import Api
from tests.integration.kiosk_setup import ANSWERS, answer, bound_kiosk, enrol, kiosk_agency

AGENCY = "000.00.00.H29"
OTHER = "000.00.00.G14"


async def test_enrolment_gives_a_one_time_code_and_qr_then_a_credential(
        api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    enrolled = await enrol(api, keys["designer"])
    assert enrolled["status"] == "pending" and enrolled["counter"] == "Q01"
    assert enrolled["unit"] == "TTHCC" and enrolled["form"] == "hai-long"
    assert len(enrolled["code"]) == 10 and enrolled["enrol_url"].endswith("#" + enrolled["code"])
    assert enrolled["qr_svg"].startswith("<svg")
    expires = dt.datetime.fromisoformat(enrolled["enrolment_expires_at"])
    left = expires - dt.datetime.now(dt.UTC)
    assert dt.timedelta(minutes=14) < left <= dt.timedelta(minutes=15)
    # nothing secret is stored: no code, no credential
    rows = await api.ctx.db.raw("SELECT * FROM device")
    assert enrolled["code"] not in str(rows)

    r = await api.client.post("/api/v1/devices/bind", json={"code": enrolled["code"].lower()})
    assert r.status_code == 200, r.text
    bound = r.json()
    assert bound["status"] == "active" and bound["id"] == enrolled["id"]
    assert len(bound["credential"]) >= 40
    assert bound["credential"] not in str(await api.ctx.db.raw("SELECT * FROM device"))
    # the code works once
    r = await api.client.post("/api/v1/devices/bind", json={"code": enrolled["code"]},
                              headers={"Accept-Language": "en"})
    assert r.status_code == 404 and "already used" in r.json()["message"], r.text


async def test_an_expired_code_binds_nothing(api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    enrolled = await enrol(api, keys["designer"])
    await Device.update({Device.enrolment_expires_at: dt.datetime.now(dt.UTC)
                         - dt.timedelta(seconds=1)}).where(
        Device.public_id == enrolled["id"]).run()
    r = await api.client.post("/api/v1/devices/bind", json={"code": enrolled["code"]},
                              headers={"Accept-Language": "en"})
    assert r.status_code == 404 and "expired" in r.json()["message"], r.text
    row = await Device.select(Device.status).where(Device.public_id == enrolled["id"]).first()
    assert row["status"] == "pending"


async def test_enrolment_is_checked(api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    en = {"Accept-Language": "en"}
    for body, status, words in (
        ({"name": "K", "form": "hai-long"}, 400, "Name the counter"),
        ({"name": "K", "form": "hai-long", "counter": "NOPE"}, 404, "no counter"),
        ({"name": "K", "form": "nope", "counter": "Q01"}, 404, "no form"),
        ({"name": " ", "form": "hai-long", "counter": "Q01"}, 400, "name"),
    ):
        r = await api.call("POST", "/api/v1/devices", keys["designer"], json=body, headers=en)
        assert r.status_code == status and words in r.text, r.text
    # a unit's shared kiosk
    shared = await enrol(api, keys["designer"], counter=None, unit="XA-AN")
    assert shared["unit"] == "XA-AN" and shared["counter"] is None
    # analysts, portals and integration keys do not enrol
    for role in ("analyst", "portal", "integration"):
        r = await api.call("POST", "/api/v1/devices", keys[role],
                           json={"name": "K", "form": "hai-long", "counter": "Q01"})
        assert r.status_code == 403, (role, r.text)


async def test_answers_record_unit_counter_officer_device_and_channel(
        api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    kiosk = await bound_kiosk(api, keys["designer"])
    before = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    r = await api.call("PUT", "/api/v1/counters/Q01/on-duty", keys["integration"],
                       json={"officer": "CB01"})
    assert r.status_code == 200, r.text
    assert r.json()["officer"] == "CB01" and r.json()["source"] == "integration"

    r = await kiosk.send([answer(1, 3), answer(2, 1, reason="Chờ lâu"),
                          answer(3, 2, at=before)], queue=0)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["stored"] == 3 and [x["result"] for x in body["results"]] == ["stored"] * 3
    rows = await api.ctx.db.raw(
        "SELECT r.channel, u.code AS unit, c.code AS counter, o.code AS officer, "
        "k.seq, d.public_id, k.answered_at, k.received_at FROM response r "
        "JOIN kiosk_answer k ON k.response = r.id JOIN device d ON d.id = k.device "
        "JOIN unit u ON u.id = r.unit JOIN counter c ON c.id = r.counter "
        "LEFT JOIN officer o ON o.id = r.officer ORDER BY k.seq")
    assert [(x["channel"], x["unit"], x["counter"], x["public_id"]) for x in rows] == [
        ("kiosk", "TTHCC", "Q01", kiosk.id)] * 3
    # the officer on duty when the citizen answered: nobody before the shift began
    assert [x["officer"] for x in rows] == ["CB01", "CB01", None]
    # the time the citizen answered and the time it arrived are both kept
    answered = rows[2]["answered_at"]
    if isinstance(answered, str):
        answered = dt.datetime.fromisoformat(answered)
    assert abs((answered - before).total_seconds()) < 1

    # a new shift: later answers go to the new officer
    r = await api.call("PUT", "/api/v1/counters/Q01/on-duty", keys["designer"],
                       json={"officer": None})
    assert r.status_code == 200 and r.json()["officer"] is None
    r = await kiosk.send([answer(4, 3)])
    rows = await api.ctx.db.raw("SELECT officer FROM response ORDER BY id DESC LIMIT 1")
    assert rows[0]["officer"] is None


async def test_replays_store_each_answer_once(api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    kiosk = await bound_kiosk(api, keys["designer"])
    queue = [answer(seq, 3 - seq % 3) for seq in range(1, 21)]
    first = await kiosk.send(queue, queue=20)
    assert first.status_code == 200 and first.json()["stored"] == 20, first.text
    for _ in range(2):
        again = await kiosk.send(queue, queue=20)
        assert again.status_code == 200 and again.json()["duplicate"] == 20, again.text
        assert [x["response"] for x in again.json()["results"]] == [
            x["response"] for x in first.json()["results"]]
    count = await api.ctx.db.raw("SELECT COUNT(*) AS n FROM response WHERE channel = 'kiosk'")
    assert count[0]["n"] == 20
    # listed with its last contact and what it said was waiting
    r = await api.call("GET", "/api/v1/devices", keys["analyst"])
    assert r.status_code == 200, r.text
    (listed,) = r.json()
    assert listed["id"] == kiosk.id and listed["queue_size"] == 20
    assert listed["answers_stored"] == 20 and listed["last_contact_at"]


async def test_forged_and_missing_signatures_are_refused(
        api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    kiosk = await bound_kiosk(api, keys["designer"])
    forged = await kiosk.send([answer(1)], credential="x" * 43)
    assert forged.status_code == 401 and forged.json()["error"] == "device_unauthorized"
    r = await api.client.post(ANSWERS, json={"answers": [answer(1)]})
    assert r.status_code == 401 and "X-Phieu-Signature" in r.json()["message"]
    # a signature of another body does not carry over
    r = await api.client.post(ANSWERS, json={"answers": [answer(1, 1)]}, headers={
        "X-Phieu-Device": kiosk.id, "X-Phieu-Signature": "0" * 64})
    assert r.status_code == 401
    # an API key is no device credential
    r = await api.call("POST", ANSWERS, keys["portal"], json={"answers": [answer(1)]})
    assert r.status_code == 401
    assert (await api.ctx.db.raw("SELECT COUNT(*) AS n FROM kiosk_answer"))[0]["n"] == 0


async def test_a_revoked_device_is_refused_and_its_answers_kept_apart(
        api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    kiosk = await bound_kiosk(api, keys["designer"])
    assert (await kiosk.send([answer(1)])).json()["stored"] == 1
    r = await api.call("POST", f"/api/v1/devices/{kiosk.id}/revoke", keys["analyst"])
    assert r.status_code == 403
    r = await api.call("POST", f"/api/v1/devices/{kiosk.id}/revoke", keys["designer"])
    assert r.status_code == 200 and r.json()["status"] == "revoked", r.text
    queue = [answer(seq) for seq in range(2, 7)]
    for _ in range(2):
        r = await kiosk.send(queue, queue=5, locale="en")
        assert r.status_code == 403, r.text
        assert r.json()["error"] == "device_revoked" and "kept apart" in r.json()["message"]
    rows = await api.ctx.db.raw("SELECT seq, status, reason, response, payload FROM kiosk_answer "
                                "ORDER BY seq")
    assert [(x["seq"], x["status"]) for x in rows] == [
        (1, "stored"), *((seq, "refused") for seq in range(2, 7))]
    assert all(x["response"] is None and '"overall"' in x["payload"] for x in rows[1:])
    count = await api.ctx.db.raw("SELECT COUNT(*) AS n FROM response")
    assert count[0]["n"] == 1
    (listed,) = (await api.call("GET", "/api/v1/devices", keys["designer"])).json()
    assert listed["answers_refused"] == 5 and listed["queue_size"] == 5


async def test_invalid_answers_are_rejected_with_a_reason_and_kept(
        api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    kiosk = await bound_kiosk(api, keys["designer"])
    r = await kiosk.send([answer(1, 7), answer(2, 3)], locale="en")
    assert r.status_code == 200, r.text
    first, second = r.json()["results"]
    assert first["result"] == "rejected" and first["code"] == "invalid_answers"
    assert first["errors"] and second["result"] == "stored"
    again = await kiosk.send([answer(1, 7)])
    assert again.json()["results"][0]["result"] == "rejected"
    # another agency's form is not the device's to answer
    r = await kiosk.send([answer(3, form="khong-co")])
    assert r.json()["results"][0]["code"] == "not_found"


async def test_version_pinning(api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    kiosk = await bound_kiosk(api, keys["designer"])
    r = await api.call("GET", "/api/v1/forms/hai-long", keys["designer"])
    definition = r.json()["definition"]
    definition["title"] = "Đánh giá (bản 2)"
    r = await api.call("PUT", "/api/v1/forms/hai-long/draft", keys["designer"],
                       json={"definition": definition})
    assert r.status_code == 200, r.text
    r = await api.call("POST", "/api/v1/forms/hai-long/publish", keys["designer"])
    assert r.status_code == 200, r.text
    r = await kiosk.send([answer(1, version=1), answer(2, version=2), answer(3)])
    assert r.json()["stored"] == 3, r.text
    rows = await api.ctx.db.raw(
        "SELECT v.number FROM response r JOIN form_version v ON v.id = r.form_version "
        "JOIN kiosk_answer k ON k.response = r.id ORDER BY k.seq")
    assert [x["number"] for x in rows] == [1, 2, 2]
    r = await kiosk.send([answer(4, version=9)])
    assert r.json()["results"][0]["result"] == "rejected"


async def test_on_duty_is_the_agencys_own(api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    await api.agency(OTHER, "Bộ Tư pháp", "ministry")
    other = await api.make_key("designer", OTHER)
    other_integration = await api.make_key("integration", OTHER)
    r = await api.call("POST", "/api/v1/units", other, json={"code": "VP", "name": "Văn phòng"})
    assert r.status_code == 201
    r = await api.call("POST", "/api/v1/officers", other,
                       json={"code": "CB-BTP", "name": "Lê Văn C", "unit": "VP"})
    assert r.status_code == 201
    # another agency's counter, another agency's officer
    r = await api.call("PUT", "/api/v1/counters/Q01/on-duty", other_integration,
                       json={"officer": "CB-BTP"})
    assert r.status_code == 404, r.text
    r = await api.call("PUT", "/api/v1/counters/Q01/on-duty", keys["integration"],
                       json={"officer": "CB-BTP"}, headers={"Accept-Language": "en"})
    assert r.status_code == 400 and "no officer" in r.text, r.text
    r = await api.call("PUT", "/api/v1/counters/Q01/on-duty", keys["integration"],
                       json={"officer": "CB01"}, params={"agency": OTHER})
    assert r.status_code == 403
    # an integration key still reads nothing else
    r = await api.call("GET", "/api/v1/counters", keys["integration"])
    assert r.status_code == 403
    for role in ("analyst", "portal"):
        r = await api.call("PUT", "/api/v1/counters/Q01/on-duty", keys[role],
                           json={"officer": "CB01"})
        assert r.status_code == 403, role
    # a device of another agency cannot answer this agency's forms
    await api.published_form(other, "khao-sat-btp")
    r = await api.call("POST", "/api/v1/counters", other,
                       json={"code": "Q-BTP", "name": "Quầy", "unit": "VP"})
    kiosk = await bound_kiosk(api, other, counter="Q-BTP", form="khao-sat-btp")
    r = await kiosk.send([answer(1, form="hai-long")])
    assert r.json()["results"][0]["code"] == "not_found"
    # nor enrol another agency's counter
    r = await api.call("POST", "/api/v1/devices", other,
                       json={"name": "K", "form": "khao-sat-btp", "counter": "Q01"})
    assert r.status_code == 404
