"""Webhooks end to end: endpoints registered through the API, events written by the
submission pipeline, delivered by the outbox worker to a real local receiver and
verified with the ``standardwebhooks`` reference library; retries, dead letters,
replay, secret rotation, free-text masking, SSRF refusals and agency isolation."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import random
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from litestar import Litestar
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from forms_service.app import create_app
from forms_service.context import Context
from forms_service.outbox.gateway import HttpGateway
from forms_service.outbox.message import Message
from forms_service.outbox.webhook import WebhookTransport
from forms_service.outbox.worker import OutboxWorker
from forms_service.settings import Settings
from forms_service.webhooks.publish import publish
from tests.integration.conftest import Api
from tests.integration.distribution.setup import integration_key, note, put_rule, returned
from tests.integration.distribution.setup import send as send_events
from tests.integration.dossiers_setup import event, send
from tests.integration.outbox.receiver import Receiver
from tests.integration.webhooks.receiver import WebhookReceiver

AGENCY = "000.00.00.H29"
ALLOWED = ("127.0.0.1",)


@pytest.fixture
async def app(settings: Settings, _schema: None) -> AsyncIterator[Litestar]:
    delivery = dataclasses.replace(settings.delivery, webhook_allowed_hosts=ALLOWED,
                                   max_attempts=3, base_delay_seconds=0.0,
                                   timeout_seconds=2.0)
    yield create_app(dataclasses.replace(settings, delivery=delivery))


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    running = WebhookReceiver()
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def _portal(api: Api, province: dict[str, str]) -> None:
    api.portal = province["portal"]  # type: ignore[attr-defined]


def _worker(ctx: Context) -> OutboxWorker:
    return OutboxWorker(ctx.db, {"webhook": WebhookTransport(
        timeout=2.0, allowed_hosts=ctx.settings.delivery.webhook_allowed_hosts)},
        rng=random.Random(3))


async def _endpoint(api: Api, key: str, url: str, **more: Any) -> dict[str, Any]:
    r = await api.call("POST", "/api/v1/webhooks", key,
                       json={"url": url, "events": ["response.created"], **more})
    assert r.status_code == 201, r.text
    return dict(r.json())


async def _answer(api: Api, dossier: str, reason: str | None = None) -> int:
    answers: dict[str, Any] = {"overall": 2}
    if reason is not None:  # asked when not satisfied
        answers = {"overall": 1, "reason": reason}
    r = await api.call("POST", "/api/v1/responses", json={
        "form": "hai-long", "service": "1.001193", "dossier": dossier, "channel": "web",
        "locale": "vi", "answers": answers},
        headers={"Authorization": f"Bearer {api.portal}"})  # type: ignore[attr-defined]
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


async def test_signed_delivery_verified_by_the_reference_library(
        api: Api, province: dict[str, str], receiver: WebhookReceiver) -> None:
    hook = await _endpoint(api, province["designer"], receiver.url())
    assert hook["secret"].startswith("whsec_") and hook["agency"] == AGENCY
    r = await api.call("GET", "/api/v1/webhooks", province["designer"])
    assert r.status_code == 200 and "secret" not in r.json()[0]
    assert hook["secret"] not in r.text
    response_id = await _answer(api, "HS-001", reason="Gọi tôi: 0912 345 678")

    done = await _worker(api.ctx).drain()
    assert done["sent"] == 1
    [(headers, body)] = receiver.requests
    event = Webhook(hook["secret"]).verify(body, headers)
    assert event["type"] == "response.created"
    data = event["data"]
    assert data["response_id"] == response_id and data["form"] == "hai-long"
    assert data["agency"] == AGENCY and data["answers"] == {"overall": 1}
    assert "free_text" not in data and "0912" not in body.decode()
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 32).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(hook["secret"]).verify(body.replace(b"hai-long", b"hai-lonG"), headers)

    r = await api.call("GET", f"/api/v1/webhooks/{hook['id']}/deliveries", province["designer"])
    assert r.status_code == 200, r.text
    [delivery] = r.json()
    assert delivery["webhook_id"] == headers["webhook-id"]
    assert delivery["status"] == "sent" and delivery["attempts"] == 1
    assert delivery["event_type"] == "response.created"


async def test_free_text_only_for_endpoints_marked_and_masked(
        api: Api, province: dict[str, str], receiver: WebhookReceiver) -> None:
    plain = await _endpoint(api, province["designer"], receiver.url())
    texts = await _endpoint(api, province["designer"], receiver.url(), free_text=True)
    await _answer(api, "HS-002", reason="Gọi 0912 345 678 hoặc an@example.vn, rất tốt")
    await _worker(api.ctx).drain()
    bodies: dict[str, dict[str, Any]] = {}
    for headers, body in receiver.requests:
        for hook in (plain, texts):
            with contextlib.suppress(WebhookVerificationError):
                bodies[hook["secret"]] = Webhook(hook["secret"]).verify(body, headers)
    assert "free_text" not in bodies[plain["secret"]]["data"]
    reason = bodies[texts["secret"]]["data"]["free_text"]["reason"]
    assert "0912" not in reason and "an@example.vn" not in reason
    assert reason.startswith("Gọi ") and reason.endswith(", rất tốt")


async def test_a_receiver_down_for_a_while_gets_every_event_once(
        api: Api, province: dict[str, str], receiver: WebhookReceiver) -> None:
    hook = await _endpoint(api, province["designer"], receiver.url())
    receiver.stop()  # down: connections refused
    ids = [await _answer(api, f"HS-1{n}") for n in range(3)]
    worker = _worker(api.ctx)
    # in order: only the oldest is tried while it waits for its retry
    assert await worker.run_once() == {"queued": 1}
    r = await api.call("GET", f"/api/v1/webhooks/{hook['id']}/deliveries", province["designer"])
    assert {d["status"] for d in r.json()} == {"queued"}
    assert [bool(d["last_error"]) for d in r.json()] == [True, False, False]
    assert "could not be reached" in r.json()[0]["last_error"]
    receiver.start()  # up again, same port; its first answer is lost (a 503 after acting)
    receiver.plan = [503]
    await worker.drain()
    webhook_ids = {d["webhook_id"] for d in r.json()}
    assert set(receiver.processed) == webhook_ids and len(webhook_ids) == 3
    assert all(count == 1 for count in receiver.processed.values())
    seen = [Webhook(hook["secret"]).verify(body, headers)["data"]["response_id"]
            for headers, body in receiver.requests]
    assert seen == [ids[0], ids[0], ids[1], ids[2]]  # the first again after the 503
    r = await api.call("GET", f"/api/v1/webhooks/{hook['id']}/deliveries", province["designer"])
    assert {d["status"] for d in r.json()} == {"sent"}


async def test_dead_letter_then_replay_with_the_same_id(
        api: Api, province: dict[str, str], receiver: WebhookReceiver) -> None:
    hook = await _endpoint(api, province["designer"], receiver.url())
    receiver.plan = [500, 500, 500]
    await _answer(api, "HS-201")
    await _worker(api.ctx).drain()
    path = f"/api/v1/webhooks/{hook['id']}/deliveries"
    [dead] = (await api.call("GET", path, province["designer"], params={"status": "dead"})).json()
    assert dead["attempts"] == 3 and dead["last_error"] == "HTTP 500"
    assert not receiver.processed

    r = await api.call("POST", f"{path}/{dead['id']}/replay", province["designer"])
    assert r.status_code == 200, r.text
    replayed = r.json()
    assert replayed["webhook_id"] == dead["webhook_id"] and replayed["id"] != dead["id"]
    assert replayed["status"] == "queued"
    await _worker(api.ctx).drain()
    assert receiver.processed == {dead["webhook_id"]: 1}
    r = await api.call("POST", f"{path}/999999/replay", province["designer"])
    assert r.status_code == 404, r.text


async def test_rotation_signs_with_both_secrets_during_the_grace_period(
        api: Api, province: dict[str, str], receiver: WebhookReceiver) -> None:
    hook = await _endpoint(api, province["designer"], receiver.url())
    r = await api.call("POST", f"/api/v1/webhooks/{hook['id']}/rotate", province["designer"],
                       json={"grace_hours": 2})
    assert r.status_code == 200, r.text
    rotated = r.json()
    assert rotated["secret"] != hook["secret"] and rotated["secret"].startswith("whsec_")
    until = dt.datetime.fromisoformat(rotated["previous_secret_until"])
    assert dt.timedelta(hours=1.9) < until - dt.datetime.now(dt.UTC) < dt.timedelta(hours=2.1)
    await _answer(api, "HS-301")
    await _worker(api.ctx).drain()
    [(headers, body)] = receiver.requests
    assert len(headers["webhook-signature"].split(" ")) == 2
    Webhook(hook["secret"]).verify(body, headers)
    Webhook(rotated["secret"]).verify(body, headers)

    r = await api.call("POST", f"/api/v1/webhooks/{hook['id']}/rotate", province["designer"],
                       json={"grace_hours": 0})
    assert r.status_code == 200 and r.json()["previous_secret_until"] is None
    await _answer(api, "HS-302")
    await _worker(api.ctx).drain()
    headers, body = receiver.requests[-1]
    assert len(headers["webhook-signature"].split(" ")) == 1
    Webhook(r.json()["secret"]).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(rotated["secret"]).verify(body, headers)
    r = await api.call("POST", f"/api/v1/webhooks/{hook['id']}/rotate", province["designer"],
                       json={"grace_hours": 1000})
    assert r.status_code == 400 and "grace_hours" in r.json()["message"]


@pytest.mark.parametrize(("url", "words"), [
    ("http://hooks.example.org/in", "https://"),
    ("ftp://hooks.example.org/in", "https://"),
    ("https://user:pw@hooks.example.org/in", "password"),
    ("not a url", "https://"),
    ("https://localhost/in", "PHIEU_WEBHOOK_ALLOWED_HOSTS"),
    ("https://10.1.2.3/in", "PHIEU_WEBHOOK_ALLOWED_HOSTS"),
    ("https://169.254.169.254/latest/meta-data", "PHIEU_WEBHOOK_ALLOWED_HOSTS"),
    ("https://[::1]:8443/in", "PHIEU_WEBHOOK_ALLOWED_HOSTS"),
    ("https://hooks.example.org:99999/in", "not a valid address"),
])
async def test_bad_urls_are_refused_clearly(api: Api, province: dict[str, str], url: str,
                                            words: str) -> None:
    r = await api.call("POST", "/api/v1/webhooks", province["designer"],
                       json={"url": url, "events": ["response.created"]},
                       headers={"Accept-Language": "en"})
    assert r.status_code == 400, r.text
    assert words in r.json()["message"]
    assert await api.ctx.db.raw("SELECT id FROM webhook_endpoint") == []


async def test_unknown_event_types_are_refused_clearly(api: Api,
                                                       province: dict[str, str]) -> None:
    for events, words in ((["response.deleted"], "response.deleted"), ([], "at least one")):
        r = await api.call("POST", "/api/v1/webhooks", province["designer"],
                           json={"url": "https://hooks.example.org/in", "events": events},
                           headers={"Accept-Language": "en"})
        assert r.status_code == 400, r.text
        message = r.json()["message"]
        assert words in message and "invitation.failed" in message
    r = await api.call("POST", "/api/v1/webhooks", province["designer"],
                       json={"url": "https://hooks.example.org/in", "events": ["nope"]})
    assert r.status_code == 400, r.text  # in Vietnamese by default
    assert r.json()["message"].startswith("Không có loại sự kiện nope")


async def test_a_name_resolving_to_loopback_is_refused_at_delivery(
        api: Api, receiver: WebhookReceiver) -> None:
    transport = WebhookTransport(timeout=2.0, allowed_hosts=ALLOWED)
    try:
        message = Message(id=1, key="k", channel="webhook", kind="response.created",
                          attempt=1, payload={"url": receiver.url("localhost"),
                                              "webhook_id": "msg_1", "body": "{}",
                                              "secrets": ["whsec_" + "A" * 32]})
        outcome = await transport.send(message)
        assert outcome.result == "failed"
        assert "127.0.0.1" in outcome.reason or "::1" in outcome.reason
        assert receiver.requests == []
        allowed = await transport.send(dataclasses.replace(
            message, payload=message.payload | {"url": receiver.url()}))
        assert allowed.result == "sent" and len(receiver.requests) == 1
    finally:
        await transport.close()


async def test_a_redirect_is_not_followed(api: Api, province: dict[str, str],
                                          receiver: WebhookReceiver) -> None:
    inner = WebhookReceiver()  # the private address the redirect points to
    try:
        receiver.redirect_to = inner.url("localhost")
        hook = await _endpoint(api, province["designer"], receiver.url())
        await _answer(api, "HS-401")
        done = await _worker(api.ctx).drain()
        assert done["failed"] == 1 and inner.requests == []
        r = await api.call("GET", f"/api/v1/webhooks/{hook['id']}/deliveries",
                           province["designer"])
        [delivery] = r.json()
        assert delivery["status"] == "failed" and "redirect" in delivery["last_error"]
    finally:
        inner.stop()


async def test_agencies_see_only_their_endpoints(api: Api, province: dict[str, str],
                                                 receiver: WebhookReceiver) -> None:
    await api.agency("000.00.00.G14", "Bộ Tư pháp", "ministry")
    other = await api.make_key("designer", "000.00.00.G14")
    hook = await _endpoint(api, province["designer"], receiver.url())
    [agency] = await api.ctx.db.raw("SELECT id FROM agency WHERE code = {}", "000.00.00.G14")
    async with api.ctx.db.write_transaction():  # an event of another agency reaches nobody here
        assert await publish(api.ctx.db, "response.created", agency["id"], {"x": 1}) is False
    assert (await api.call("GET", "/api/v1/webhooks", other)).json() == []
    for method, path in (("DELETE", f"/api/v1/webhooks/{hook['id']}"),
                         ("GET", f"/api/v1/webhooks/{hook['id']}/deliveries")):
        assert (await api.call(method, path, other)).status_code == 404
    r = await api.call("POST", "/api/v1/webhooks", other,
                       json={"url": "https://hooks.example.org/in", "agency": AGENCY,
                             "events": ["response.created"]})
    assert r.status_code == 403, r.text
    for role in ("analyst", "portal"):
        assert (await api.call("GET", "/api/v1/webhooks", province[role])).status_code == 403
    r = await api.call("DELETE", f"/api/v1/webhooks/{hook['id']}", province["designer"])
    assert r.status_code == 200
    assert await api.ctx.db.raw("SELECT id FROM webhook_endpoint") == []
    assert json.loads(r.text)["url"] == receiver.url()


async def test_dossier_linked_when_the_answer_finds_its_dossier(
        api: Api, province: dict[str, str], receiver: WebhookReceiver) -> None:
    r = await api.call("POST", "/api/v1/webhooks", province["designer"], json={
        "url": receiver.url(), "events": ["dossier.linked"]})
    assert r.status_code == 201, r.text
    secret = r.json()["secret"]
    integration = await api.make_key("integration", AGENCY)
    await send(api, integration, [event("ev-1", dossier="HS-501")])
    response_id = await _answer(api, "HS-501")
    await _answer(api, "HS-502")  # no dossier events: nothing to link
    await _worker(api.ctx).drain()
    [(headers, body)] = receiver.requests
    linked = Webhook(secret).verify(body, headers)
    assert linked["type"] == "dossier.linked"
    assert linked["data"]["response_id"] == response_id and "HS-501" not in body.decode()


async def test_dossier_linked_when_the_dossier_events_follow_the_answer(
        api: Api, province: dict[str, str], receiver: WebhookReceiver) -> None:
    r = await api.call("POST", "/api/v1/webhooks", province["designer"], json={
        "url": receiver.url(), "events": ["dossier.linked"]})
    assert r.status_code == 201, r.text
    secret = r.json()["secret"]
    integration = await api.make_key("integration", AGENCY)
    response_id = await _answer(api, "HS-601")  # before its dossier is known
    await _worker(api.ctx).drain()
    assert receiver.requests == []
    await send(api, integration, [event("ev-61", dossier="HS-601"),
                                  event("ev-62", dossier="HS-602")])
    await send(api, integration, [event("ev-63", dossier="HS-601", status="processing",
                                        at="2025-03-05T08:30:00+07:00")])
    await _worker(api.ctx).drain()
    [(headers, body)] = receiver.requests  # once: the later events link nothing new
    linked = Webhook(secret).verify(body, headers)
    assert linked["type"] == "dossier.linked"
    assert linked["data"] == {"response_id": response_id, "agency": AGENCY,
                              "form": "hai-long", "service": "1.001193", "satisfied": True}


async def test_invitation_failed_when_its_message_is_refused_for_good(
        api: Api, province: dict[str, str], receiver: WebhookReceiver) -> None:
    r = await api.call("POST", "/api/v1/webhooks", province["designer"], json={
        "url": receiver.url(), "events": ["invitation.failed"]})
    assert r.status_code == 201, r.text
    secret = r.json()["secret"]
    assert (await put_rule(api, province["designer"], channels=["email"])).status_code == 200
    results = await send_events(api, await integration_key(api),
                                [returned("chi@example.vn"), returned("an@example.vn")])
    assert [note(result) for result in results] == ["invited", "invited"], results
    [invitation] = await api.ctx.db.raw("SELECT id FROM invitation WHERE id = "
                                        "(SELECT MIN(id) FROM invitation)")
    # the time to send (the rule's delay after the return) has come
    await api.ctx.db.raw("UPDATE outbox_message SET due_ms = 0 WHERE kind = 'invitation'")
    with Receiver() as gateway:  # the mail relay refuses the first address for good
        gateway.plan = {"chi@example.vn": [400]}
        hooks = _worker(api.ctx)
        mail = OutboxWorker(api.ctx.db, {"email": HttpGateway("email", gateway.url, "k",
                                                              timeout=2.0)})
        done = await mail.drain()
        assert done == {"failed": 1, "sent": 1}
        await hooks.drain()
    [(headers, body)] = receiver.requests
    failed = Webhook(secret).verify(body, headers)
    assert failed["type"] == "invitation.failed"
    assert failed["data"]["invitation_id"] == invitation["id"]
    assert failed["data"]["channel"] == "email" and failed["data"]["status"] == "failed"
    assert "example.vn" not in body.decode()
    [row] = await api.ctx.db.raw("SELECT code FROM invitation WHERE id = {}", invitation["id"])
    assert row["code"] not in body.decode()
