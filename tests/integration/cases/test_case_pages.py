"""The workspace pages of cases, without JavaScript: inbox, filters, a case from new
to closed by form posts, masking, and other agencies' cases refused."""

from __future__ import annotations

from typing import Any

from tests.integration.cases.setup import AGENCY, answer, province
from tests.integration.conftest import Api
from tests.integration.dossiers_setup import organisation


async def test_a_case_handled_from_the_inbox_to_closed(api: Api, sign_in: Any) -> None:
    keys = await province(api)
    await organisation(api, keys["designer"])
    await answer(api, keys["portal"], "HS-1", overall=5)
    response = await answer(api, keys["portal"], "HS-2", overall=1,
                            reason="Gọi lại 0912 345 678")
    [case] = await api.ctx.db.raw("SELECT id FROM feedback_case WHERE response = {}", response)
    person = await sign_in("analyst", AGENCY, locale="en")
    r = await person.get("/cases")
    assert r.status_code == 200, r.text
    assert f'href="/cases/{case["id"]}"' in r.text and "new: 1" in r.text
    r = await person.get("/cases", params={"state": "closed"})
    assert f'href="/cases/{case["id"]}"' not in r.text and "No case matches." in r.text
    r = await person.get("/cases", params={"period": "2026-13"})
    assert r.status_code == 400 and "is not valid" in r.text
    page = f"/cases/{case['id']}"
    r = await person.get(page)
    assert r.status_code == 200 and "0912 345 678" not in r.text and "[phone number]" in r.text
    steps: list[dict[str, str]] = [
        {"action": "acknowledge"}, {"action": "assign", "unit": "XA-AN"},
        {"action": "respond"}, {"action": "close", "outcome": "resolved"}]
    for step in steps:
        r = await person.post(page, data={"csrf_token": person.csrf_token,
                                          "kind": "transition", **step})
        assert r.status_code == 303, r.text
    r = await person.post(page, data={"csrf_token": person.csrf_token, "kind": "note",
                                      "text": "Đã gọi lại, công dân hài lòng"})
    assert r.status_code == 303, r.text
    r = await person.get(page)
    assert "resolved" in r.text and "Đã gọi lại" in r.text and "XA-AN" in r.text
    # an action the state does not allow: the page again with the reason
    r = await person.post(page, data={"csrf_token": person.csrf_token, "kind": "transition",
                                      "action": "respond"})
    assert r.status_code == 409 and "cannot respond" in r.text
    # without the CSRF token nothing happens
    r = await person.post(page, data={"kind": "transition", "action": "reopen"})
    assert r.status_code == 403
    rows = await api.ctx.db.raw("SELECT state FROM feedback_case WHERE id = {}", case["id"])
    assert rows[0]["state"] == "closed"
    # unmasked on request, recorded
    r = await person.get(page, params={"unmasked": "1"})
    assert "0912 345 678" in r.text
    assert len(await api.ctx.db.raw("SELECT id FROM export_audit WHERE dataset = 'case'")) == 1
    other = await sign_in("analyst", "000.00.00.G14")
    r = await other.get(page)
    assert r.status_code == 404
    r = await other.get("/cases")
    assert f'href="/cases/{case["id"]}"' not in r.text
