"""SMS and Zalo messages through the HTTP gateway contract, against a local receiver
that answers 200, 4xx, 5xx or times out on demand; retries, dead letters, retry."""

from __future__ import annotations

import random
from typing import Any

import pytest

from forms_service.context import Context
from forms_service.outbox.gateway import HttpGateway
from forms_service.outbox.queue import enqueue, requeue
from forms_service.outbox.worker import OutboxWorker
from forms_service.settings import DeliverySettings
from tests.integration.outbox.receiver import Receiver


@pytest.fixture
def receiver() -> Any:
    with Receiver(stall_seconds=1.0) as running:
        yield running


def _settings(**changes: Any) -> DeliverySettings:
    values: dict[str, Any] = {"max_attempts": 3, "base_delay_seconds": 0.0,
                              "timeout_seconds": 0.4, "lease_seconds": 30.0}
    values.update(changes)
    return DeliverySettings(**values)


def _worker(ctx: Context, receiver: Receiver, **changes: Any) -> OutboxWorker:
    settings = _settings(**changes)
    gateways = {"sms": HttpGateway("sms", receiver.url, "gw-key", timeout=0.4),
                "zalo": HttpGateway("zalo", receiver.url, "zalo-key", timeout=0.4)}
    return OutboxWorker(ctx.db, gateways, rng=random.Random(7), settings=settings)


async def _rows(ctx: Context) -> dict[str, dict[str, Any]]:
    rows = await ctx.db.raw("SELECT * FROM outbox_message ORDER BY id")
    return {row["idempotency_key"]: row for row in rows}


async def _put(ctx: Context, key: str, to: str, channel: str = "sms") -> None:
    assert await enqueue(ctx.db, channel=channel, kind="invitation", key=key,
                         payload={"to": to, "text": "Moi ong/ba danh gia: https://x/s/abc"},
                         agency=None)


async def test_contract_sent_and_payload_erased(client: Any, ctx: Context,
                                                receiver: Receiver) -> None:
    await _put(ctx, "k-ok", "84912345678")
    await _put(ctx, "k-zalo", "84912345679", channel="zalo")
    done = await _worker(ctx, receiver).drain()
    assert done["sent"] == 2
    by_channel = {body["channel"]: body for body in receiver.received}
    assert by_channel["sms"] == {"id": "k-ok", "channel": "sms", "kind": "invitation",
                                 "to": "84912345678", "template": None, "params": {},
                                 "text": "Moi ong/ba danh gia: https://x/s/abc"}
    headers = {h["Idempotency-Key"]: h for h in receiver.headers}
    assert headers["k-ok"]["Authorization"] == "Bearer gw-key"
    assert headers["k-zalo"]["Authorization"] == "Bearer zalo-key"
    rows = await _rows(ctx)
    assert rows["k-ok"]["status"] == "sent" and rows["k-ok"]["sealed"] is None
    assert rows["k-ok"]["attempts"] == 1 and rows["k-ok"]["sent_at"] is not None


async def test_a_second_write_with_the_same_key_is_ignored(client: Any, ctx: Context,
                                                           receiver: Receiver) -> None:
    await _put(ctx, "k-once", "84912345678")
    assert not await enqueue(ctx.db, channel="sms", kind="invitation", key="k-once",
                             payload={"to": "84900000000", "text": "other"})
    await _worker(ctx, receiver).drain()
    assert receiver.keys == {"k-once": 1}
    assert receiver.received[0]["to"] == "84912345678"


async def test_sealed_at_rest(client: Any, ctx: Context) -> None:
    await _put(ctx, "k-sealed", "84912345678")
    row = (await _rows(ctx))["k-sealed"]
    assert "84912345678" not in row["sealed"] and "Moi" not in row["sealed"]


async def test_4xx_fails_with_the_reason_and_is_not_retried(client: Any, ctx: Context,
                                                            receiver: Receiver) -> None:
    receiver.plan["84900000400"] = [400]
    await _put(ctx, "k-bad", "84900000400")
    done = await _worker(ctx, receiver).drain()
    assert done == {"failed": 1}
    row = (await _rows(ctx))["k-bad"]
    assert row["status"] == "failed" and row["attempts"] == 1
    assert row["last_error"].startswith("the sms gateway refused it: HTTP 400")
    assert "planned 400" in row["last_error"]
    assert "84900000400" not in row["last_error"]
    assert row["sealed"] is None  # the contact is erased with the failure
    assert receiver.keys["k-bad"] == 1


@pytest.mark.parametrize("first", [503, 500, "timeout", 429])
async def test_retried_with_the_same_key_then_sent(client: Any, ctx: Context,
                                                   receiver: Receiver, first: Any) -> None:
    receiver.plan["84900000500"] = [first]
    await _put(ctx, "k-retry", "84900000500")
    worker = _worker(ctx, receiver)
    assert await worker.run_once() == {"queued": 1}
    row = (await _rows(ctx))["k-retry"]
    assert row["status"] == "queued" and row["attempts"] == 1 and row["last_error"]
    assert await worker.run_once() == {"sent": 1}
    assert receiver.keys["k-retry"] == 2  # the same key both times
    row = (await _rows(ctx))["k-retry"]
    assert row["status"] == "sent" and row["attempts"] == 2


async def test_backoff_waits_before_the_next_attempt(client: Any, ctx: Context,
                                                     receiver: Receiver) -> None:
    receiver.plan["84900000501"] = [502]
    await _put(ctx, "k-wait", "84900000501")
    worker = _worker(ctx, receiver, base_delay_seconds=60.0)
    assert await worker.run_once() == {"queued": 1}
    assert await worker.run_once() == {}  # not due for another 30–60 s
    row = (await _rows(ctx))["k-wait"]
    from forms_service.outbox.queue import now_ms

    assert 29_000 <= row["due_ms"] - now_ms() <= 60_000


async def test_dead_after_the_last_attempt_then_retried(client: Any, ctx: Context,
                                                        receiver: Receiver) -> None:
    receiver.plan["84900000502"] = [500, 500, 503]
    await _put(ctx, "k-dead", "84900000502")
    worker = _worker(ctx, receiver, max_attempts=3)
    done = await worker.drain()
    assert done == {"queued": 2, "dead": 1}
    row = (await _rows(ctx))["k-dead"]
    assert row["status"] == "dead" and row["attempts"] == 3
    assert "HTTP 503" in row["last_error"] and row["sealed"] is not None
    assert await requeue(ctx.db, row["id"])
    assert not await requeue(ctx.db, row["id"])  # no longer dead
    assert await worker.drain() == {"sent": 1}
    assert receiver.keys["k-dead"] == 4


async def test_unreachable_gateway_is_retried(client: Any, ctx: Context) -> None:
    gateway = HttpGateway("sms", "http://127.0.0.1:9/send", "", timeout=0.4)
    worker = OutboxWorker(ctx.db, {"sms": gateway}, settings=_settings())
    await _put(ctx, "k-down", "84912345678")
    assert await worker.run_once() == {"queued": 1}
    row = (await _rows(ctx))["k-down"]
    assert row["last_error"].startswith("the sms gateway could not be reached")
    await gateway.close()


async def test_unconfigured_channels_wait(client: Any, ctx: Context,
                                          receiver: Receiver) -> None:
    await _put(ctx, "k-mail", "a@example.vn", channel="email")
    await _put(ctx, "k-sms", "84912345678")
    gateways = {"sms": HttpGateway("sms", receiver.url, "", timeout=0.4)}
    worker = OutboxWorker(ctx.db, gateways, settings=_settings())
    assert await worker.drain() == {"sent": 1}
    rows = await _rows(ctx)
    assert rows["k-mail"]["status"] == "queued" and rows["k-mail"]["attempts"] == 0
