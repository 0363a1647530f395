"""The outbox through the API: an agency sees its own messages without contacts,
and queues a dead one again; bad requests get a message a person can act on."""

from __future__ import annotations

from typing import Any

from forms_service.outbox.queue import enqueue
from tests.integration.conftest import Api


async def _message(api: Api, agency: str, key: str, status: str) -> int:
    [row] = await api.ctx.db.raw("SELECT id FROM agency WHERE code = {}", agency)
    await enqueue(api.ctx.db, channel="sms", kind="invitation", key=key, agency=row["id"],
                  payload={"to": "84912345678", "text": "Moi danh gia"})
    [message] = await api.ctx.db.raw(
        "UPDATE outbox_message SET status = {}, attempts = 3, last_error = 'HTTP 503' "
        "WHERE idempotency_key = {} RETURNING id", status, key)
    return int(message["id"])


async def test_list_and_retry(api: Api, province: dict[str, str]) -> None:
    await api.agency("000.00.00.G14", "Bộ Tư pháp", "ministry")
    other = await api.make_key("designer", "000.00.00.G14")
    dead = await _message(api, "000.00.00.H29", "api-dead", "dead")
    sent = await _message(api, "000.00.00.H29", "api-sent", "sent")
    theirs = await _message(api, "000.00.00.G14", "api-theirs", "dead")

    r = await api.call("GET", "/api/v1/outbox", province["designer"], params={"status": "dead"})
    assert r.status_code == 200, r.text
    assert [m["id"] for m in r.json()] == [dead]
    [item] = r.json()
    assert item["last_error"] == "HTTP 503" and item["channel"] == "sms"
    assert "84912345678" not in r.text and "sealed" not in item

    r = await api.call("POST", f"/api/v1/outbox/{theirs}/retry", province["designer"])
    assert r.status_code == 404, r.text
    r = await api.call("POST", f"/api/v1/outbox/{sent}/retry", province["designer"],
                       headers={"Accept-Language": "en"})
    assert r.status_code == 409
    assert "only a dead message" in r.json()["message"]
    r = await api.call("POST", f"/api/v1/outbox/{dead}/retry", province["designer"])
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "queued" and r.json()["attempts"] == 0
    r = await api.call("POST", f"/api/v1/outbox/{theirs}/retry", other)
    assert r.status_code == 200, r.text

    for role in ("analyst", "portal"):
        r = await api.call("GET", "/api/v1/outbox", province[role])
        assert r.status_code == 403, r.text
    r = await api.call("GET", "/api/v1/outbox", api.admin, params={"limit": 1})
    assert r.status_code == 200 and len(r.json()) == 1
    r = await api.call("GET", "/api/v1/outbox", province["designer"],
                       params={"status": "lost"})
    assert r.status_code == 400, r.text


async def test_vietnamese_by_default(api: Api, province: dict[str, str]) -> None:
    sent = await _message(api, "000.00.00.H29", "api-vi", "sent")
    r = await api.call("POST", f"/api/v1/outbox/{sent}/retry", province["designer"])
    assert r.status_code == 409
    assert "chỉ tin nhắn đã hết số lần thử" in r.json()["message"]
    r = await api.call("POST", "/api/v1/outbox/999999/retry", province["designer"])
    assert r.status_code == 404
    assert r.json()["message"] == "Không có tin nhắn 999999 trong hàng đợi gửi."


async def test_unknown_is_not_a_5xx(api: Api, province: dict[str, Any]) -> None:
    r = await api.call("POST", "/api/v1/outbox/99999999999999999999/retry",
                       province["designer"])
    assert 400 <= r.status_code < 500
