"""Several ``phieu worker`` processes on PostgreSQL: 1,000 messages reach the
receiver exactly once (by idempotency key); a worker killed with SIGKILL in the
middle of a batch loses none, and at most the message then in flight is sent
again, with the same key."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from forms_service.context import Context
from forms_service.outbox.queue import enqueue, sealer
from tests.integration.conftest import SECRET
from tests.integration.outbox.receiver import Receiver

pytestmark = pytest.mark.postgres
COUNT = 1000


async def _fill(ctx: Context, count: int) -> None:
    seal = sealer(ctx.db)
    async with ctx.db.write_transaction():
        for number in range(count):
            await enqueue(ctx.db, channel="sms", kind="invitation", key=f"w-{number:05d}",
                          payload={"to": f"8491{number:07d}", "text": "Moi danh gia"},
                          seal=seal)


def _worker(ctx: Context, receiver: Receiver, tmp_path: Path, **extra: str
            ) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHIEU_")}
    env.update({"PHIEU_DATABASE_URL": ctx.settings.database_url, "PHIEU_SECRET_KEY": SECRET,
                "PHIEU_SMS_GATEWAY_URL": receiver.url, "PHIEU_OUTBOX_BATCH": "20",
                "PHIEU_OUTBOX_LEASE": "3", **extra})
    log = (tmp_path / f"worker-{time.monotonic_ns()}.log").open("w+")
    process = subprocess.Popen([sys.executable, "-m", "forms_service.cli", "worker"], env=env,
                               cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, text=True)
    process.log = log  # type: ignore[attr-defined]
    return process


async def _wait_all_sent(ctx: Context, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        [row] = await ctx.db.raw("SELECT count(*) AS n FROM outbox_message WHERE status = 'sent'")
        if row["n"] == COUNT:
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"only {row['n']} of {COUNT} messages were sent")


def _stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    log = process.log  # type: ignore[attr-defined]
    log.seek(0)
    return str(log.read())


async def test_two_workers_deliver_each_message_once(client: Any, ctx: Context,
                                                     tmp_path: Path) -> None:
    await _fill(ctx, COUNT)
    with Receiver() as receiver:
        workers = [_worker(ctx, receiver, tmp_path) for _ in range(2)]
        try:
            await _wait_all_sent(ctx)
        finally:
            outputs = [_stop(worker) for worker in workers]
    assert len(receiver.keys) == COUNT
    assert set(receiver.keys.values()) == {1}, receiver.keys.most_common(3)
    sent = [int(m.group(1)) for out in outputs
            for m in [re.search(r"phieu worker: (\d+) sent", out)] if m]
    assert len(sent) == 2 and sum(sent) == COUNT and min(sent) > 0, outputs
    [row] = await ctx.db.raw("SELECT count(*) AS n FROM outbox_message "
                             "WHERE sealed IS NOT NULL OR attempts <> 1")
    assert row["n"] == 0


async def test_sigkill_mid_batch_loses_nothing(client: Any, ctx: Context,
                                               tmp_path: Path) -> None:
    await _fill(ctx, COUNT)
    with Receiver() as receiver:
        # one message at a time, so that "in flight" is one message
        victim = _worker(ctx, receiver, tmp_path, PHIEU_OUTBOX_CONCURRENCY="1")
        deadline = time.monotonic() + 60
        while len(receiver.keys) < 150 and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        [row] = await ctx.db.raw(
            "SELECT count(*) AS n FROM outbox_message WHERE status = 'sending'")
        assert row["n"] > 0  # it was killed holding a claimed batch
        survivor = _worker(ctx, receiver, tmp_path)
        try:
            await _wait_all_sent(ctx)
        finally:
            _stop(survivor)
    assert len(receiver.keys) == COUNT
    again = [key for key, times in receiver.keys.items() if times > 1]
    assert len(again) <= 1, again
    assert all(receiver.keys[key] == 2 for key in again)
