"""An invitation delivered is the survey offered: the funnel's offered touch is
recorded when the outbox sends it, not when it is written, and not for a
message refused for good."""

from __future__ import annotations

import random
from typing import Any

from forms_service.outbox.gateway import HttpGateway
from forms_service.outbox.worker import OutboxWorker
from forms_service.settings import DeliverySettings
from tests.integration.conftest import Api
from tests.integration.distribution.setup import integration_key, note, put_rule, returned, send
from tests.integration.outbox.receiver import Receiver


async def test_the_offered_touch_is_recorded_when_the_invitation_is_sent(
        api: Api, province: dict[str, str]) -> None:
    await put_rule(api, province["designer"], channels=["sms"], quiet_hours=None,
                   delay_minutes=0, reminder=True)
    key = await integration_key(api)
    results = await send(api, key, [returned("0912345678", dossier="HS-OK"),
                                    returned("0987654321", dossier="HS-BAD")])
    assert [note(r) for r in results] == ["invited", "invited"]
    assert await api.ctx.db.raw("SELECT * FROM dossier_touch") == []
    with Receiver() as receiver:
        receiver.plan["84987654321"] = [404]  # the provider refuses the number for good
        settings = DeliverySettings(max_attempts=3, base_delay_seconds=0.0,
                                    timeout_seconds=2.0)
        worker = OutboxWorker(api.ctx.db, {"sms": HttpGateway("sms", receiver.url, "k",
                                                              timeout=2.0)},
                              rng=random.Random(1), settings=settings)
        done = await worker.drain()
        await worker.stop()
    assert done == {"sent": 1, "failed": 1}
    [touch] = await api.ctx.db.raw("SELECT kind, channel, form FROM dossier_touch")
    assert (touch["kind"], touch["channel"]) == ("offered", "invitation")
    dossiers: dict[str, Any] = {
        row["status"]: row for row in await api.ctx.db.raw(
            "SELECT i.status, d.offered FROM invitation i JOIN dossier d "
            "ON d.dossier_hash = i.dossier_hash ORDER BY i.id")}
    assert set(dossiers) == {"sent", "queued"}
    assert bool(dossiers["sent"]["offered"]) and not bool(dossiers["queued"]["offered"])
    [month] = await api.ctx.db.raw("SELECT SUM(offered) AS offered FROM dossier_month")
    assert int(month["offered"]) == 1
