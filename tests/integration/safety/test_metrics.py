"""``/metrics``: Prometheus text, from allowed addresses only, with the figures
operators watch."""

from __future__ import annotations

import httpx
from litestar import Litestar
from prometheus_client.parser import text_string_to_metric_families

from forms_service.outbox.queue import enqueue
from tests.integration.conftest import Api


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


async def test_metrics_count_requests_submissions_and_refusals(
        app: Litestar, api: Api, province: dict[str, str]) -> None:
    portal = await api.make_key("portal", "000.00.00.H29")
    body = {"form": "hai-long", "service": "1.001193", "dossier": "HS-M1",
            "answers": {"overall": 3}}
    assert (await api.call("POST", "/api/v1/responses", portal, json=body)).status_code == 201
    assert (await api.call("POST", "/api/v1/responses", portal, json=body)).status_code == 409
    assert (await api.client.get("/f/hai-long")).status_code == 401
    for key in ("m-1", "m-2"):
        await enqueue(api.ctx.db, channel="sms", kind="test", key=key,
                      payload={"to": "84912345678", "text": "x"})
    await api.ctx.db.raw("UPDATE outbox_message SET status = 'dead' WHERE idempotency_key = 'm-2'")
    app.state.ctx.settings = app.state.ctx.settings.with_(rate_limit_ip_per_minute=1)
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 4000))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        for _ in range(3):
            c.cookies.clear()
            await c.get("/f/hai-long")
        r = await c.get("/metrics")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/plain; version=0.0.4")
    found = _samples(r.text)
    assert found[("phieu_submissions_total", (("outcome", "stored"),))] == 1
    assert found[("phieu_submissions_total", (("outcome", "already_answered"),))] == 1
    assert found[("phieu_http_requests_total", (
        ("method", "POST"), ("route", "/api/v1/responses"), ("status", "201")))] == 1
    assert found[("phieu_http_requests_total", (
        ("method", "GET"), ("route", "/f/{slug}"), ("status", "401")))] >= 1
    assert found[("phieu_rate_limit_refusals_total", (("limit", "form_address"),))] >= 1
    assert ("phieu_http_request_duration_seconds_count",
            (("route", "/api/v1/responses"),)) in found
    assert any(name == "phieu_writer_group_size_count" for name, _ in found)
    assert found[("phieu_outbox_messages", (("channel", "sms"), ("status", "queued")))] == 1
    assert found[("phieu_outbox_messages", (("channel", "sms"), ("status", "dead")))] == 1
    assert "CCCD" not in r.text and "HS-M1" not in r.text


async def test_metrics_are_refused_to_other_addresses(app: Litestar) -> None:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 4000))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        r = await c.get("/metrics", headers={"X-Forwarded-For": "127.0.0.1"})
    assert r.status_code == 403
    assert "phieu_" not in r.text
