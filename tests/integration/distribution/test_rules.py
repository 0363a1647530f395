"""PUT and GET /api/v1/forms/{slug}/distribution: the rule checked, stored, read."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import Api
from tests.integration.distribution.setup import put_rule


async def test_put_and_get(api: Api, province: dict[str, str]) -> None:
    r = await put_rule(api, province["designer"], channels=["sms", "email"],
                       services=["1.001193"], sampling_rate=0.2, delay_minutes=90,
                       quiet_hours={"start": "22:00", "end": "06:30"}, reminder=True)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["channels"] == ["sms", "email"] and body["sampling_rate"] == 0.2
    assert body["quiet_hours"] == {"start": "22:00", "end": "06:30"}
    assert body["link_days"] == 7 and body["reminder"] is True and body["active"] is True
    r = await api.call("GET", "/api/v1/forms/hai-long/distribution", province["analyst"])
    assert r.status_code == 200 and r.json()["delay_minutes"] == 90
    r = await put_rule(api, province["designer"], quiet_hours=None)
    assert r.json()["quiet_hours"] is None and r.json()["delay_minutes"] == 120


async def test_no_rule_yet(api: Api, province: dict[str, str]) -> None:
    r = await api.call("GET", "/api/v1/forms/hai-long/distribution", province["designer"])
    assert r.status_code == 404
    assert "PUT" in r.json()["message"]


@pytest.mark.parametrize(("rule", "field", "english", "vietnamese"), [
    ({"channels": ["email", "fax"]}, "channels", "'fax' is not a channel of channels",
     "không phải là kênh"),
    ({"channels": []}, "channels", "channels is required", "channels là bắt buộc"),
    ({"channels": ["sms"], "quiet_hours": {"start": "21:00", "end": "21:00"}}, "quiet_hours",
     "leave no time to send", "không còn giờ nào"),
    ({"channels": ["sms"], "quiet_hours": {"start": "9pm", "end": "07:00"}}, "quiet_hours",
     "HH:MM", "HH:MM"),
    ({"channels": ["sms"], "sampling_rate": 0}, "sampling_rate", "invites nobody",
     "không mời ai"),
    ({"channels": ["sms"], "sampling_rate": 1.5}, "sampling_rate", "from 0 to 1", "từ 0 đến 1"),
    ({"channels": ["sms"], "link_days": 365}, "link_days", "from 1 to 90", "từ 1 đến 90"),
    ({"channels": ["sms"], "reminder": "yes"}, "reminder", "true or false", "true hoặc false"),
    ({"channels": ["sms"], "colour": "red"}, "colour", "not a field", "không phải là trường"),
])
async def test_bad_rules_are_explained(api: Api, province: dict[str, str], rule: dict[str, Any],
                                       field: str, english: str, vietnamese: str) -> None:
    r = await api.call("PUT", "/api/v1/forms/hai-long/distribution", province["designer"],
                       json=rule, headers={"Accept-Language": "en"})
    assert r.status_code == 400, r.text
    assert english in r.json()["message"]
    assert r.json()["error"] == "invalid_rule" and field in r.json()["message"]
    r = await api.call("PUT", "/api/v1/forms/hai-long/distribution", province["designer"],
                       json=rule)
    assert vietnamese in r.json()["message"], r.json()["message"]


async def test_only_the_agency_designers_set_it(api: Api, province: dict[str, str]) -> None:
    for role in ("analyst", "portal"):
        r = await put_rule(api, province[role])
        assert r.status_code == 403
    await api.agency("000.00.00.G14", "Bộ Tư pháp", "ministry")
    other = await api.make_key("designer", "000.00.00.G14")
    assert (await put_rule(api, other)).status_code == 404
