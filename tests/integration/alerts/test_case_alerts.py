"""The e-mail on each new case: to the people who asked for it only, in their
language, with no free text; delivered through a real SMTP server in the test
process; set on the account page and through the API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from forms_service.accounts.service import create_person
from forms_service.alerts.immediate import send_case_alerts
from forms_service.alerts.preferences import recipients, scope_units, set_preferences
from forms_service.context import Context
from forms_service.outbox.mailer import Mailer
from forms_service.outbox.worker import OutboxWorker
from forms_service.settings import DeliverySettings
from tests.integration.cases.setup import AGENCY, answer, province
from tests.integration.conftest import Api
from tests.integration.dossiers_setup import organisation
from tests.integration.outbox.smtp_server import self_signed, start_server

SETTINGS = DeliverySettings(max_attempts=2, base_delay_seconds=0.0, timeout_seconds=5.0)
OTHER = "000.00.00.G14"


@pytest.fixture
def smtp(tmp_path: Path) -> Any:
    controller, inbox = start_server("plain", *self_signed(tmp_path))
    try:
        yield f"smtp+plain://127.0.0.1:{controller.port}", inbox
    finally:
        controller.stop()


async def deliver(ctx: Context, url: str) -> Any:
    mailer = Mailer(url, "Phiếu <phieu@example.gov.vn>")
    return await OutboxWorker(ctx.db, {"email": mailer}, settings=SETTINGS).drain()


async def person(ctx: Context, email: str, role: str = "analyst", agency: str = AGENCY,
                 locale: str = "vi", **alerts: Any) -> int:
    row = await create_person(ctx, email=email, name=f"Cán bộ {email}", role=role,
                              agency_code=agency, password=None, locale=locale)
    if alerts:
        await set_preferences(ctx.db, row["id"], alerts)
    return int(row["id"])


async def test_a_new_case_alerts_the_people_who_asked_in_their_language(
        api: Api, ctx: Context, smtp: tuple[str, Any]) -> None:
    url, inbox = smtp
    keys = await province(api)
    await api.agency(OTHER, "Bộ Tư pháp", "ministry")
    await person(ctx, "vi@hd.gov.vn", case_alerts=True)
    await person(ctx, "en@hd.gov.vn", role="designer", locale="en", case_alerts=True,
                 digest="daily")
    await person(ctx, "digest.only@hd.gov.vn", case_alerts=False, digest="weekly")
    await person(ctx, "nothing@hd.gov.vn")
    gone = await person(ctx, "gone@hd.gov.vn", case_alerts=True)
    await ctx.db.raw("UPDATE person SET active = {} WHERE id = {}", False, gone)
    await person(ctx, "btp@moj.gov.vn", agency=OTHER, case_alerts=True)

    await answer(api, keys["portal"], "HS-1", overall=5)  # satisfied: no case
    response = await answer(api, keys["portal"], "HS-2", overall=1,
                            reason="Gọi lại cho tôi 0912 345 678, email an@gmail.com",
                            comment="Cán bộ thái độ hách dịch")
    [case] = await ctx.db.raw("SELECT id, alerted_at FROM feedback_case WHERE response = {}",
                              response)
    # the case row is the promise of its alerts; the delivery worker announces the
    # cases waiting before it claims e-mails, so they go out in the same round
    assert case["alerted_at"] is None
    assert await deliver(ctx, url) == {"sent": 2}
    assert await send_case_alerts(ctx) == 0  # nothing left for the sweep
    by_address = {m["To"]: m for m in inbox.messages}
    assert set(by_address) == {"vi@hd.gov.vn", "en@hd.gov.vn"}
    vi, en = by_address["vi@hd.gov.vn"], by_address["en@hd.gov.vn"]
    assert vi["Subject"] == f"Vụ việc mới số {case['id']}: Thủ tục 1.001193 (1.001193)"
    assert en["Subject"] == f"New case {case['id']}: Thủ tục 1.001193 (1.001193)"
    for message in (vi, en):
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert f"/cases/{case['id']}" in text and 'href="http://' in html
        for secret in ("0912", "an@gmail.com", "hách dịch", "HS-2", "Gọi lại"):
            assert secret not in text and secret not in html
    vi_text = vi.get_body(("plain",)).get_content()
    assert "câu trả lời chưa hài lòng" in vi_text and "Hạn tiếp nhận" in vi_text
    en_text = en.get_body(("plain",)).get_content()
    assert "Acknowledge by:" in en_text and "the answer is not satisfied" in en_text
    # the addresses and texts are sealed in the outbox
    rows = await ctx.db.raw("SELECT sealed FROM outbox_message WHERE kind = 'case_alert'")
    assert len(rows) == 2 and all("hd.gov.vn" not in str(r["sealed"]) for r in rows)


async def test_a_case_left_behind_is_announced_once_by_the_sweep(
        api: Api, ctx: Context) -> None:
    keys = await province(api)
    await person(ctx, "vi@hd.gov.vn", case_alerts=True)
    response = await answer(api, keys["portal"], "HS-3", overall=2)
    # as if the process had stopped between storing the answer and announcing its case
    await ctx.db.raw("UPDATE feedback_case SET alerted_at = NULL WHERE response = {}",
                     response)
    await ctx.db.raw("DELETE FROM outbox_message")
    assert await send_case_alerts(ctx) == 1
    assert await send_case_alerts(ctx) == 0
    [count] = await ctx.db.raw("SELECT COUNT(*) AS n FROM outbox_message "
                               "WHERE kind = 'case_alert'")
    assert count["n"] == 1


async def test_unit_scope_is_the_unit_and_the_units_below(api: Api, ctx: Context) -> None:
    keys = await province(api)
    await organisation(api, keys["designer"])
    r = await api.call("POST", "/api/v1/units", keys["designer"],
                       json={"code": "TO-1", "name": "Tổ một cửa", "parent": "TTHCC"})
    assert r.status_code == 201, r.text
    units = {row["code"]: row["id"] for row in await ctx.db.raw("SELECT id, code FROM unit")}
    assert sorted(await scope_units(ctx.db, units["TTHCC"])) == sorted(
        [units["TTHCC"], units["TO-1"]])
    assert await scope_units(ctx.db, units["XA-AN"]) == [units["XA-AN"]]
    # a person of the whole agency is alerted of a case of any unit
    everyone = await person(ctx, "all@hd.gov.vn", case_alerts=True)
    [agency] = await ctx.db.raw("SELECT id FROM agency WHERE code = {}", AGENCY)
    found = await recipients(ctx.db, agency["id"], kind="case", units=(units["TO-1"], None))
    assert [p["id"] for p in found] == [everyone]
    # a person limited to the centre: its cases and its sub-units', not the commune's
    centre = await person(ctx, "centre@hd.gov.vn", case_alerts=True)
    await ctx.db.raw("UPDATE person SET unit = {} WHERE id = {}", units["TTHCC"], centre)
    for served, assigned, expected in ((units["TO-1"], None, [everyone, centre]),
                                       (None, units["TTHCC"], [everyone, centre]),
                                       (units["XA-AN"], None, [everyone]),
                                       (None, None, [everyone])):
        found = await recipients(ctx.db, agency["id"], kind="case", units=(served, assigned))
        assert [p["id"] for p in found] == expected


async def test_alerts_on_the_account_page(api: Api, sign_in: Any) -> None:
    analyst = await sign_in("analyst", AGENCY, locale="en")
    r = await analyst.get("/account")
    assert r.status_code == 200 and 'id="alerts-form"' in r.text
    assert 'id="digest-none" name="digest" type="radio" value="none" checked' in r.text
    r = await analyst.post("/account/alerts", data={"case_alerts": "on", "digest": "weekly"})
    assert r.status_code == 403  # no CSRF token
    r = await analyst.post("/account/alerts", data={
        "csrf_token": analyst.csrf_token, "case_alerts": "on", "digest": "weekly"})
    assert r.status_code == 303 and r.headers["location"].startswith("/account?saved=alerts")
    r = await analyst.get("/account?saved=alerts")
    assert "Your alerts have been saved." in r.text
    assert 'name="case_alerts" type="checkbox" checked' in r.text
    assert 'value="weekly" checked' in r.text
    r = await analyst.post("/account/alerts", data={
        "csrf_token": analyst.csrf_token, "digest": "hourly"})
    assert r.status_code == 400 and "digest must be one of: none, daily, weekly." in r.text
    rows = await api.ctx.db.raw("SELECT case_alerts, digest FROM alert_preference")
    assert [(bool(r["case_alerts"]), r["digest"]) for r in rows] == [(True, "weekly")]
    # the national office has no alerts of an agency
    office = await sign_in("analyst", None, locale="vi")
    r = await office.get("/account")
    assert "Cảnh báo chỉ dành cho" in r.text and 'id="alerts-form"' not in r.text
    r = await office.post("/account/alerts", data={
        "csrf_token": office.csrf_token, "case_alerts": "on", "digest": "daily"})
    assert r.status_code == 400


async def test_alert_preferences_through_the_api(api: Api, ctx: Context) -> None:
    keys = await province(api)
    await api.agency(OTHER, "Bộ Tư pháp", "ministry")
    mine = await person(ctx, "vi@hd.gov.vn")
    theirs = await person(ctx, "btp@moj.gov.vn", agency=OTHER)
    base = f"/api/v1/agencies/{AGENCY}/alert-preferences"
    r = await api.call("GET", base, keys["designer"])
    assert r.status_code == 200, r.text
    assert r.json() == [{"person": mine, "name": "Cán bộ vi@hd.gov.vn", "role": "analyst",
                         "locale": "vi", "active": True, "case_alerts": False,
                         "digest": "none"}]
    r = await api.call("PUT", f"{base}/{mine}", keys["designer"],
                       json={"case_alerts": True, "digest": "daily"})
    assert r.status_code == 200 and r.json()["digest"] == "daily", r.text
    assert r.json()["case_alerts"] is True
    r = await api.call("PUT", f"{base}/{mine}", keys["designer"], json={"digest": "hourly"})
    assert r.status_code == 400, r.text
    r = await api.call("PUT", f"{base}/{mine}", keys["designer"], json={"digests": "daily"})
    assert r.status_code == 400, r.text
    r = await api.call("PUT", f"{base}/{theirs}", keys["designer"], json={"digest": "daily"})
    assert r.status_code == 404, r.text
    r = await api.call("PUT", f"{base}/{mine}", keys["analyst"], json={"digest": "daily"})
    assert r.status_code == 403, r.text
    r = await api.call("GET", f"/api/v1/agencies/{OTHER}/alert-preferences", keys["designer"])
    assert r.status_code == 404, r.text
