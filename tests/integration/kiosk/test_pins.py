"""The officer on duty chosen on the kiosk's staff screen with a personal PIN."""

from __future__ import annotations

from tests.integration.conftest import Api
from tests.integration.kiosk_setup import answer, bound_kiosk, kiosk_agency, signed_post

ON_DUTY = "/api/v1/kiosk/on-duty"


async def test_an_officer_signs_on_with_their_pin(api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    kiosk = await bound_kiosk(api, keys["designer"])
    r = await api.call("PUT", "/api/v1/officers/CB02/pin", keys["designer"], json={"pin": "2468"})
    assert r.status_code == 200 and r.json() == {"officer": "CB02", "pin_set": True}, r.text
    assert "2468" not in str(await api.ctx.db.raw("SELECT * FROM officer_pin"))
    r = await api.call("PUT", "/api/v1/officers/CB02/pin", keys["analyst"], json={"pin": "1357"})
    assert r.status_code == 403
    r = await api.call("PUT", "/api/v1/officers/CB02/pin", keys["designer"], json={"pin": "12a"})
    assert r.status_code == 400

    r = await signed_post(kiosk, ON_DUTY, {"officer": "CB02", "pin": "1111"}, locale="en")
    assert r.status_code == 401 and r.json()["error"] == "wrong_pin", r.text
    r = await signed_post(kiosk, ON_DUTY, {"officer": "CB01", "pin": "2468"})
    assert r.status_code == 401  # CB01 has no PIN
    r = await signed_post(kiosk, ON_DUTY, {"officer": "CB02", "pin": "2468"})
    assert r.status_code == 200 and r.json()["source"] == "pin", r.text
    assert r.json()["counter"] == "Q01" and r.json()["officer"] == "CB02"
    await kiosk.send([answer(1)])
    rows = await api.ctx.db.raw("SELECT o.code FROM response r JOIN officer o "
                                "ON o.id = r.officer")
    assert [x["code"] for x in rows] == ["CB02"]
    # unsigned, the staff screen is refused
    r = await api.client.post(ON_DUTY, json={"officer": "CB02", "pin": "2468"})
    assert r.status_code == 401


async def test_wrong_pins_lock_the_pin(api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    kiosk = await bound_kiosk(api, keys["designer"])
    await api.call("PUT", "/api/v1/officers/CB01/pin", keys["designer"], json={"pin": "2468"})
    for _ in range(5):
        r = await signed_post(kiosk, ON_DUTY, {"officer": "CB01", "pin": "0000"})
        assert r.status_code == 401
    r = await signed_post(kiosk, ON_DUTY, {"officer": "CB01", "pin": "2468"}, locale="en")
    assert r.status_code == 403 and r.json()["error"] == "pin_locked", r.text
    # a new PIN set by the designer unlocks it
    await api.call("PUT", "/api/v1/officers/CB01/pin", keys["designer"], json={"pin": "97531"})
    r = await signed_post(kiosk, ON_DUTY, {"officer": "CB01", "pin": "97531"})
    assert r.status_code == 200, r.text
    # a revoked device's staff screen is refused
    await api.call("POST", f"/api/v1/devices/{kiosk.id}/revoke", keys["designer"])
    r = await signed_post(kiosk, ON_DUTY, {"officer": "CB01", "pin": "97531"})
    assert r.status_code == 403 and r.json()["error"] == "device_revoked"
