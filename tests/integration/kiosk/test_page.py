"""The kiosk page and its files, and what a device reads to show its form."""

from __future__ import annotations

import pytest

from forms_service.kiosk.pages import KIOSK_FILES
from tests.integration.conftest import Api
from tests.integration.kiosk_setup import bound_kiosk, kiosk_agency, signed_post

STATE = "/api/v1/kiosk/state"


@pytest.mark.parametrize("path", ["/k/", "/k/enrol", *(f"/k/{name}" for name in KIOSK_FILES)])
async def test_the_page_and_files_come_from_this_site_only(api: Api, path: str) -> None:
    r = await api.client.get(path)
    assert r.status_code == 200, r.text
    policy = r.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "http" not in policy  # nothing from third parties
    text = r.text.replace("http://www.w3.org/2000/svg", "")  # the SVG namespace, not a fetch
    assert "http://" not in text and "https://" not in text


async def test_no_other_file_is_served(api: Api) -> None:
    for path in ("/k/../app.py", "/k/tables.py", "/k/index.html.bak"):
        r = await api.client.get(path)
        assert r.status_code == 404, path


async def test_the_state_a_device_shows(api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    kiosk = await bound_kiosk(api, keys["designer"])
    await api.call("PUT", "/api/v1/counters/Q01/on-duty", keys["integration"],
                   json={"officer": "CB01"})
    r = await signed_post(kiosk, STATE, {"queue": 7})
    assert r.status_code == 200, r.text
    state = r.json()
    assert (state["counter"], state["counter_name"], state["officer"]) == ("Q01", "Quầy 1", "CB01")
    assert state["form"] == "hai-long" and state["version"] == 1
    assert state["definition"]["properties"]["overall"]["oneOf"][0]["title"] == "Rất hài lòng"
    (listed,) = (await api.call("GET", "/api/v1/devices", keys["designer"])).json()
    assert listed["queue_size"] == 7
    r = await api.client.post(STATE, json={"queue": 0})
    assert r.status_code == 401
    await api.call("POST", f"/api/v1/devices/{kiosk.id}/revoke", keys["designer"])
    r = await signed_post(kiosk, STATE, {"queue": 1})
    assert r.status_code == 403 and r.json()["error"] == "device_revoked"


async def test_the_page_carries_its_texts_from_the_catalogues(api: Api) -> None:
    import json
    import re

    from forms_service.kiosk.words import KIOSK_WORDS

    r = await api.client.get("/k/")
    found = re.search(r'<script type="application/json" id="words">(.*?)</script>', r.text)
    assert found is not None
    words = json.loads(found.group(1))
    assert set(words) == {"vi", "en"}
    assert set(words["vi"]) == set(words["en"]) == set(KIOSK_WORDS)
    assert words["vi"]["thanks"] == "Cảm ơn Ông/Bà!" and words["en"]["thanks"] == "Thank you!"
    assert words["vi"]["waiting"] == "{n} câu trả lời đang chờ gửi"
    # every text is Vietnamese on the Vietnamese side (none fell back to the English msgid)
    same = [k for k in KIOSK_WORDS if words["vi"][k] == words["en"][k]]
    assert same == [], same
    # the script holds no texts of its own
    script = (await api.client.get("/k/kiosk.js")).text
    assert "Cảm ơn" not in script and "Thank you" not in script
