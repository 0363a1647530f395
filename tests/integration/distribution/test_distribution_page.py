"""The workspace page of a form's invitations: rule, texts with preview and
segments, counts per channel, dead letters with retry, why messages wait.
Plain form posts, as a browser without JavaScript sends them."""

from __future__ import annotations

from typing import Any

from forms_service.outbox.message import Outcome
from forms_service.outbox.queue import claim, record
from forms_service.settings import DeliverySettings
from tests.integration.conftest import Api
from tests.integration.distribution.setup import integration_key, note, put_rule, returned, send

H29 = "000.00.00.H29"
PAGE = "/designer/forms/hai-long/distribution"


def _count(html: str, channel: str, name: str) -> int:
    marker = f'data-count="{channel}-{name}">'
    start = html.index(marker) + len(marker)
    return int(html[start:html.index("<", start)])


async def test_rule_saved_from_the_page_and_refused_with_a_message(
        api: Api, province: dict[str, str], sign_in: Any) -> None:
    designer = await sign_in("designer", H29, locale="en")
    page = await designer.get(PAGE)
    assert page.status_code == 200, page.text
    assert "no rule yet" in page.text
    assert "Why messages wait" in page.text and "PHIEU_SMTP_URL" in page.text
    form = {"csrf_token": designer.csrf_token, "action": "rule", "channel_1": "sms",
            "channel_2": "email", "channel_3": "", "services": "1.001193",
            "units": "", "dossier_channels": ["in_person", "postal"], "sampling_rate": "0.5",
            "quarterly_sample": "", "delay_minutes": "60", "quiet": "on",
            "quiet_start": "22:00", "quiet_end": "06:30", "link_days": "10",
            "reminder": "on", "active": "on"}
    r = await designer.post(PAGE, data=form)
    assert r.status_code == 303, r.text
    assert r.headers["location"].startswith(PAGE + "?done=rule")
    rule = (await api.call("GET", "/api/v1/forms/hai-long/distribution",
                           province["designer"])).json()
    assert rule["channels"] == ["sms", "email"] and rule["sampling_rate"] == 0.5
    assert rule["quiet_hours"] == {"start": "22:00", "end": "06:30"} and rule["reminder"]
    assert rule["dossier_channels"] == ["in_person", "postal"] and rule["link_days"] == 10
    r = await designer.post(PAGE, data={**form, "quiet_end": "22:00"})
    assert r.status_code == 400 and 'role="alert"' in r.text
    assert "leave no time" in r.text and 'value="22:00"' in r.text
    r = await designer.post(PAGE, data={**form, "sampling_rate": "lots"})
    assert r.status_code == 400 and "sampling_rate must be a number" in r.text
    r = await designer.post(PAGE, data={**form, "channel_1": "", "channel_2": ""})
    assert r.status_code == 400 and "channels is required" in r.text
    shown = await designer.get(PAGE)
    assert 'id="reminder" name="reminder" value="on" checked' in shown.text


async def test_saving_from_the_page_keeps_a_computed_allocation(
        api: Api, province: dict[str, str], sign_in: Any) -> None:
    # the allocation (POST .../distribution/sample) has no field on the page: a save
    # there keeps it, while the API's PUT replaces the whole rule
    r = await api.call("PUT", "/api/v1/forms/hai-long/distribution", province["designer"],
                       json={"channels": ["email"], "service_samples": {"1.001193": 40}})
    assert r.status_code == 200, r.text
    designer = await sign_in("designer", H29, locale="en")
    r = await designer.post(PAGE, data={
        "csrf_token": designer.csrf_token, "action": "rule", "channel_1": "sms",
        "channel_2": "", "channel_3": "", "services": "", "units": "",
        "sampling_rate": "1", "quarterly_sample": "25", "delay_minutes": "60",
        "link_days": "7", "active": "on"})
    assert r.status_code == 303, r.text
    rule = (await api.call("GET", "/api/v1/forms/hai-long/distribution",
                           province["designer"])).json()
    assert rule["channels"] == ["sms"] and rule["quarterly_sample"] == 25
    assert rule["service_samples"] == {"1.001193": 40}
    r = await api.call("PUT", "/api/v1/forms/hai-long/distribution", province["designer"],
                       json={"channels": ["email"]})
    assert r.status_code == 200 and r.json()["service_samples"] == {}


async def test_texts_previewed_counted_and_saved(api: Api, province: dict[str, str],
                                                 sign_in: Any) -> None:
    designer = await sign_in("designer", H29, locale="vi")
    texts = {"csrf_token": designer.csrf_token, "language": "en",
             "sms": "{agency} asks: rate {service} at {link}",
             "email_subject": "{agency}: {service}",
             "email_body": "Dear citizen,\n\n{link}\n\nUntil {expires}. Stop: {stop}"}
    r = await designer.post(PAGE, data={**texts, "action": "preview"})
    assert r.status_code == 200, r.text
    assert "UBND tinh Hai Duong asks: rate Cap ban sao trich luc ho tich at" in r.text
    assert "GSM-7" in r.text and "1 tin" in r.text
    r = await designer.post(PAGE, data={**texts, "action": "texts"})
    assert r.status_code == 303 and "#texts-en-h" in r.headers["location"]
    stored = (await api.call("GET", f"/api/v1/agencies/{H29}/invitation-texts",
                             province["designer"])).json()["texts"]["en"]
    assert stored["custom"] and stored["sms"] == texts["sms"]
    r = await designer.post(PAGE, data={**texts, "action": "texts",
                                        "sms": "Mời Ông/Bà đánh giá thủ tục {service}: {link}"})
    assert r.status_code == 400 and "UCS-2" in r.text and 'role="alert"' in r.text
    assert "Mời Ông/Bà đánh giá thủ tục" in r.text  # what was typed stays


async def test_counts_dead_letters_and_retry(api: Api, province: dict[str, str],
                                             sign_in: Any) -> None:
    await put_rule(api, province["designer"], channels=["sms", "email"], quiet_hours=None,
                   delay_minutes=0)
    key = await integration_key(api)
    results = await send(api, key, [returned("0912345678"), returned("0987654321"),
                                    returned("chi@example.vn")])
    assert [note(r) for r in results] == ["invited"] * 3
    settings = DeliverySettings(max_attempts=1)
    for message in await claim(api.ctx.db, ["sms"], 10, 30):
        outcome = (Outcome.sent() if message.payload["to"] == "84912345678"
                   else Outcome.retry("HTTP 503: busy"))
        await record(api.ctx.db, message, outcome, settings)
    designer = await sign_in("designer", H29, locale="en")
    page = (await designer.get(PAGE)).text
    assert _count(page, "sms", "sent") == 1 and _count(page, "sms", "dead") == 1
    assert _count(page, "email", "queued") == 1 and _count(page, "zalo", "queued") == 0
    assert "HTTP 503: busy" in page and "84987654321" not in page
    [dead] = await api.ctx.db.raw("SELECT id FROM outbox_message WHERE status = 'dead'")
    analyst = await sign_in("analyst", H29, locale="en")
    seen = await analyst.get(PAGE)
    assert seen.status_code == 200 and 'value="retry"' not in seen.text
    r = await analyst.post(PAGE, data={"csrf_token": analyst.csrf_token, "action": "retry",
                                       "message": str(dead["id"])})
    assert r.status_code == 403
    r = await designer.post(PAGE, data={"csrf_token": designer.csrf_token, "action": "retry",
                                        "message": "999999"})
    assert r.status_code == 404 and 'role="alert"' in r.text
    r = await designer.post(PAGE, data={"csrf_token": designer.csrf_token, "action": "retry",
                                        "message": str(dead["id"])})
    assert r.status_code == 303 and "done=retry" in r.headers["location"]
    [row] = await api.ctx.db.raw("SELECT status, attempts FROM outbox_message WHERE id = {}",
                                 dead["id"])
    assert row == {"status": "queued", "attempts": 0}
    other = await sign_in("designer", "000.00.00.G14", locale="en")
    assert (await other.get(PAGE)).status_code == 404
