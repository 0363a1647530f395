"""The webhooks workspace pages, without JavaScript: an endpoint registered (its
secret shown once), changed, its secret rotated, disabled and enabled, its
delivery log and a replay, analysts and other agencies refused, CSRF required."""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from litestar import Litestar
from standardwebhooks.webhooks import Webhook

from forms_service.app import create_app
from forms_service.outbox.webhook import WebhookTransport
from forms_service.outbox.worker import OutboxWorker
from forms_service.settings import Settings
from tests.integration.conftest import Api
from tests.integration.webhooks.receiver import WebhookReceiver

AGENCY = "000.00.00.H29"


@pytest.fixture
async def app(settings: Settings, _schema: None) -> AsyncIterator[Litestar]:
    delivery = dataclasses.replace(settings.delivery, webhook_allowed_hosts=("127.0.0.1",),
                                   max_attempts=1, base_delay_seconds=0.0)
    yield create_app(dataclasses.replace(settings, delivery=delivery))


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    running = WebhookReceiver()
    yield running
    running.stop()


async def test_an_endpoint_managed_from_its_pages(api: Api, sign_in: Any,
                                                  province: dict[str, str],
                                                  receiver: WebhookReceiver) -> None:
    person = await sign_in("designer", AGENCY, locale="en")
    r = await person.get("/webhooks")
    assert r.status_code == 200 and "No endpoint yet." in r.text
    assert 'href="/webhooks"' in r.text  # in the menu
    r = await person.post("/webhooks", data={
        "csrf_token": person.csrf_token, "url": "http://hooks.example.org/in",
        "events": ["response.created"]})
    assert r.status_code == 400 and "https://" in r.text
    assert 'value="http://hooks.example.org/in"' in r.text  # kept for a correction
    r = await person.post("/webhooks", data={
        "csrf_token": person.csrf_token, "url": receiver.url(),
        "events": ["response.created", "case.opened"], "description": "Một cửa"})
    assert r.status_code == 201, r.text
    secret = re.search(r'<code class="wh-secret">(whsec_[^<]+)</code>', r.text)
    assert secret is not None
    [endpoint] = await api.ctx.db.raw("SELECT id FROM webhook_endpoint")
    page = f"/webhooks/{endpoint['id']}"
    r = await person.get("/webhooks")
    assert secret.group(1) not in r.text and "Một cửa" in r.text  # shown once only

    r = await person.post(page, data={"csrf_token": person.csrf_token, "kind": "change",
                                      "events": ["response.created"], "free_text": "1",
                                      "description": "Một cửa tỉnh"})
    assert r.status_code == 303 and r.headers["location"].endswith("done=changed#main")
    r = await person.get(r.headers["location"].removesuffix("#main"))
    assert "The endpoint was saved." in r.text and "Một cửa tỉnh" in r.text
    assert 'name="free_text" value="1" checked' in r.text

    r = await api.call("POST", "/api/v1/responses", province["portal"], json={
        "form": "hai-long", "service": "1.001193", "dossier": "HS-W1",
        "answers": {"overall": 2}})
    assert r.status_code == 201, r.text
    receiver.plan = [500]
    worker = OutboxWorker(api.ctx.db, {"webhook": WebhookTransport(
        timeout=2.0, allowed_hosts=("127.0.0.1",))}, rng=random.Random(1))
    await worker.drain()
    r = await person.get(page)
    assert "given up" in r.text and "HTTP 500" in r.text
    [delivery] = await api.ctx.db.raw("SELECT id FROM webhook_delivery")
    r = await person.post(page, data={"csrf_token": person.csrf_token, "kind": "replay",
                                      "delivery": str(delivery["id"])})
    assert r.status_code == 303, r.text
    await worker.drain()
    [(headers, body)] = receiver.requests[1:]
    Webhook(secret.group(1)).verify(body, headers)
    r = await person.post(page, data={"csrf_token": person.csrf_token, "kind": "replay",
                                      "delivery": "99999"})
    assert r.status_code == 404 and "no delivery 99999" in r.text

    r = await person.post(page, data={"csrf_token": person.csrf_token, "kind": "rotate",
                                      "grace_hours": "2"})
    assert r.status_code == 200, r.text
    rotated = re.search(r'<code class="wh-secret">(whsec_[^<]+)</code>', r.text)
    assert rotated is not None and rotated.group(1) != secret.group(1)
    assert "previous secret too" in r.text
    r = await person.post(page, data={"csrf_token": person.csrf_token, "kind": "rotate",
                                      "grace_hours": "lots"})
    assert r.status_code == 400 and "grace_hours" in r.text

    r = await person.post(page, data={"csrf_token": person.csrf_token, "kind": "disable"})
    assert r.status_code == 303
    r = await person.get(page)
    assert "disabled by a person" in r.text and "Enable the endpoint" in r.text
    r = await person.post(page, data={"csrf_token": person.csrf_token, "kind": "enable"})
    assert r.status_code == 303 and "done=enabled" in r.headers["location"]
    # without the CSRF token nothing happens
    r = await person.post(page, data={"kind": "disable"})
    assert r.status_code == 403
    [row] = await api.ctx.db.raw("SELECT disabled_at FROM webhook_endpoint")
    assert row["disabled_at"] is None

    analyst = await sign_in("analyst", AGENCY)
    assert (await analyst.get("/webhooks")).status_code == 403
    other = await sign_in("designer", "000.00.00.G14")
    assert (await other.get(page)).status_code == 404
    assert 'href="/webhooks/' not in (await other.get("/webhooks")).text

    r = await person.post(page, data={"csrf_token": person.csrf_token, "kind": "delete"})
    assert r.status_code == 303 and r.headers["location"] == "/webhooks?done=deleted#main"
    assert await api.ctx.db.raw("SELECT id FROM webhook_endpoint") == []


async def test_the_pages_in_vietnamese(api: Api, sign_in: Any, province: dict[str, str],
                                       receiver: WebhookReceiver) -> None:
    person = await sign_in("designer", AGENCY)
    r = await person.get("/webhooks")
    assert r.status_code == 200 and "Chưa có địa chỉ nào." in r.text
    assert "Đăng ký địa chỉ" in r.text


async def test_an_administrator_names_the_agency(api: Api, sign_in: Any,
                                                 province: dict[str, str],
                                                 receiver: WebhookReceiver) -> None:
    admin = await sign_in("admin", locale="en")
    r = await admin.get("/webhooks")
    assert r.status_code == 200 and 'name="agency"' in r.text
    r = await admin.post("/webhooks", data={"csrf_token": admin.csrf_token,
                                            "url": "https://hooks.example.org/in",
                                            "events": ["case.updated"]})
    assert r.status_code == 400 and "agency is required" in r.text
    r = await admin.post("/webhooks", data={"csrf_token": admin.csrf_token, "agency": AGENCY,
                                            "url": "https://hooks.example.org/in",
                                            "events": ["case.updated"]})
    assert r.status_code == 201 and "whsec_" in r.text, r.text
    designer = await sign_in("designer", AGENCY, locale="en")
    assert "https://hooks.example.org/in" in (await designer.get("/webhooks")).text


async def test_a_replay_while_disabled_is_held(api: Api, sign_in: Any,
                                               province: dict[str, str],
                                               receiver: WebhookReceiver) -> None:
    person = await sign_in("designer", AGENCY, locale="en")
    r = await api.call("POST", "/api/v1/webhooks", province["designer"],
                       json={"url": receiver.url(), "events": ["response.created"]})
    hook = r.json()
    r = await api.call("POST", "/api/v1/responses", province["portal"], json={
        "form": "hai-long", "service": "1.001193", "dossier": "HS-H1",
        "answers": {"overall": 2}})
    assert r.status_code == 201, r.text
    worker = OutboxWorker(api.ctx.db, {"webhook": WebhookTransport(
        timeout=2.0, allowed_hosts=("127.0.0.1",))}, rng=random.Random(1))
    await worker.drain()
    page = f"/webhooks/{hook['id']}"
    await person.post(page, data={"csrf_token": person.csrf_token, "kind": "disable"})
    [delivery] = await api.ctx.db.raw("SELECT id FROM webhook_delivery")
    r = await person.post(page, data={"csrf_token": person.csrf_token, "kind": "replay",
                                      "delivery": str(delivery["id"])})
    assert r.status_code == 303
    await worker.drain()
    assert len(receiver.requests) == 1  # held, not sent
    r = await person.get(page, params={"status": "held"})
    assert r.text.count("<td>held</td>") == 1
    await person.post(page, data={"csrf_token": person.csrf_token, "kind": "enable"})
    await worker.drain()
    assert len(receiver.requests) == 2 and len(receiver.processed) == 1


async def test_a_designer_limited_to_a_unit_manages_no_webhook(
        api: Api, sign_in: Any, province: dict[str, str]) -> None:
    r = await api.call("POST", "/api/v1/units", api.admin, params={"agency": AGENCY},
                       json={"code": "SO-A", "name": "Sở A", "kind": "department"})
    assert r.status_code == 201, r.text
    person = await sign_in("designer", AGENCY, locale="en")
    r = await api.call("PATCH", f"/api/v1/people/{person.person['id']}", api.admin,
                       json={"unit": "SO-A"})
    assert r.status_code == 200, r.text
    r = await person.get("/webhooks")
    assert r.status_code == 403 and "whole agency" in r.text
    r = await person.post("/webhooks", data={"csrf_token": person.csrf_token,
                                             "url": "https://hooks.example.org/in",
                                             "events": ["response.created"]})
    assert r.status_code == 403
    assert await api.ctx.db.raw("SELECT id FROM webhook_endpoint") == []
