"""A receipt scanned at the kiosk ties the rating to its dossier: checked like on
the receipt's page, one answer per dossier across channels, a second kept apart,
an invalid receipt keeping the rating without the dossier."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from forms_service.credentials.keyed import dossier_hash
from forms_service.credentials.receipts import receipt_url
from tests.integration.conftest import Api
from tests.integration.dossiers_setup import lifecycle, send
from tests.integration.kiosk_setup import answer, bound_kiosk, kiosk_agency

SERVICE = "1.001193"
OTHER = "000.00.00.H30"


async def _signing_key(api: Api, agency: str = "000.00.00.H29") -> dict[str, str]:
    r = await api.call("POST", "/api/v1/api-keys", api.admin,
                       json={"role": "integration", "agency": agency, "name": "một cửa"})
    assert r.status_code == 201, r.text
    return {"id": r.json()["id"], "secret": r.json()["signing_secret"]}


def _receipt(key: dict[str, str], dossier: str, *, days: float = 30, form: str = "hai-long",
             secret: str | None = None) -> str:
    """The query string of the receipt link, as the kiosk page sends it."""
    url = receipt_url("https://phieu.example", secret or key["secret"], key["id"], form=form,
                      service=SERVICE, dossier=dossier,
                      expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=days))
    return urlsplit(url).query


async def _kiosk_rows(api: Api) -> dict[int, dict[str, Any]]:
    rows = await api.ctx.db.raw("SELECT seq, status, reason, response, payload FROM kiosk_answer")
    return {row["seq"]: row for row in rows}


async def _dossier_of(api: Api, response: int) -> str | None:
    [row] = await api.ctx.db.raw("SELECT dossier_hash, channel FROM response WHERE id = {}",
                                 response)
    assert row["channel"] == "kiosk"
    return row["dossier_hash"]  # type: ignore[no-any-return]


async def test_a_scanned_receipt_ties_the_answer_to_its_dossier(
        api: Api, province: dict[str, str], sign_in: Any) -> None:
    keys = await kiosk_agency(api, province)
    key = await _signing_key(api)
    kiosk = await bound_kiosk(api, keys["designer"])
    receipt = _receipt(key, "000.00.17.H29-261207-0001")
    r = await kiosk.send([answer(1, 3, receipt=receipt),
                          answer(2, 1, receipt=f"https://phieu.example/q?{receipt}"),
                          answer(3, 2)])
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["stored"], body["already_answered"]) == (2, 1), r.text
    first, second, plain = body["results"]
    assert first["result"] == "stored" and "code" not in first
    # the same dossier again (even from the whole link): kept apart with its payload
    assert second["result"] == "already_answered" and second["code"] == "already_answered"
    assert plain["result"] == "stored"
    digest = await _dossier_of(api, first["response"])
    assert digest and await _dossier_of(api, plain["response"]) is None
    rows = await _kiosk_rows(api)
    assert rows[2]["status"] == "already_answered" and rows[2]["response"] is None
    assert '"overall":1' in rows[2]["payload"] and "h=" in rows[2]["payload"]
    # the dossier reference is kept only as its keyed hash on the answer and what was sent
    assert f'"dossier_hash":"{digest}"' in rows[2]["payload"]
    assert "261207-0001" not in repr(await api.ctx.db.raw("SELECT * FROM kiosk_answer"))
    assert "261207-0001" not in repr(await api.ctx.db.raw("SELECT * FROM response"))
    assert digest == dossier_hash(api.ctx.settings.secret_key, "000.00.00.H29",
                                  "000.00.17.H29-261207-0001")
    # a replay gives the same outcomes; nothing stored twice
    r = await kiosk.send([answer(1, 3, receipt=receipt), answer(2, 1, receipt=receipt)])
    assert [x["result"] for x in r.json()["results"]] == ["duplicate", "already_answered"]
    assert (await api.ctx.db.raw("SELECT COUNT(*) AS n FROM response"))[0]["n"] == 2
    # shown apart on the device's activity page
    r = await api.call("GET", f"/api/v1/devices/{kiosk.id}/activity", keys["analyst"])
    assert r.status_code == 200, r.text
    statuses = {a["seq"]: a["status"] for a in r.json()["answers"]}
    assert statuses[2] == "already_answered"
    assert r.json()["device"]["answers_already_answered"] == 1
    analyst = await sign_in("analyst", "000.00.00.H29", locale="en")
    page = await analyst.get(f"/devices/{kiosk.id}")
    assert page.status_code == 200, page.text
    assert "kept apart (the receipt&#39;s dossier had answered)" in page.text
    assert "261207-0001" not in page.text
    # the receipt's page now says the dossier has answered (one answer across channels)
    page = await api.client.get(f"/q?{receipt}")
    assert page.status_code == 409, page.text


async def test_a_receipt_that_does_not_hold_keeps_the_rating_without_the_dossier(
        api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    key = await _signing_key(api)
    await api.agency(OTHER, "UBND tỉnh Hưng Yên")
    other = await _signing_key(api, OTHER)
    kiosk = await bound_kiosk(api, keys["designer"])
    await api.published_form(keys["designer"], "khac")
    forged = _receipt(key, "HS-1", secret="x" * 43)
    expired = _receipt(key, "HS-2", days=-1)
    foreign = _receipt(other, "HS-3")
    other_form = _receipt(key, "HS-4", form="khac")
    r = await kiosk.send([answer(1, 3, receipt=forged), answer(2, 3, receipt=expired),
                          answer(3, 3, receipt=foreign), answer(4, 3, receipt=other_form),
                          answer(5, 3, receipt="k=1&f=hai-long")], locale="en")
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["result"] for x in results] == ["stored"] * 5, r.text
    assert [x["code"] for x in results] == ["receipt_signature_invalid", "receipt_expired",
                                            "receipt_forbidden", "receipt_other_form",
                                            "receipt_invalid"]
    for item in results:
        assert await _dossier_of(api, item["response"]) is None
    rows = await _kiosk_rows(api)
    assert [rows[s]["reason"] for s in range(1, 6)] == [x["code"] for x in results]
    # the dossiers of invalid receipts stay free to answer by their own link
    r = await kiosk.send([answer(6, 3, receipt=_receipt(key, "HS-2"))])
    assert r.json()["results"][0]["result"] == "stored" and "code" not in r.json()["results"][0]


async def test_a_receipt_too_long_is_refused_clearly(api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    kiosk = await bound_kiosk(api, keys["designer"])
    r = await kiosk.send([answer(1, 3, receipt="k=" + "x" * 2000)], locale="en")
    assert r.status_code == 400 and "receipt" in r.text, r.text
    assert (await api.ctx.db.raw("SELECT COUNT(*) AS n FROM response"))[0]["n"] == 0


async def test_a_known_dossier_is_marked_answered_by_the_kiosk(
        api: Api, province: dict[str, str]) -> None:
    keys = await kiosk_agency(api, province)
    key = await _signing_key(api)
    kiosk = await bound_kiosk(api, keys["designer"])
    await send(api, keys["integration"], lifecycle("HS-K-7"))
    before = await api.ctx.db.raw("SELECT answered, satisfied FROM dossier")
    assert before == [{"answered": False, "satisfied": None}]
    r = await kiosk.send([answer(1, 1, receipt=_receipt(key, "HS-K-7"))])
    assert r.json()["results"][0]["result"] == "stored", r.text
    after = await api.ctx.db.raw("SELECT answered, satisfied FROM dossier")
    assert after == [{"answered": True, "satisfied": False}]
