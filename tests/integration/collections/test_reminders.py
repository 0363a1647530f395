"""Reminders of collections, delivered to a real SMTP server in the test process."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from forms_service.accounts.service import create_person
from forms_service.collections.reminders import send_collection_reminders
from forms_service.context import Context
from forms_service.outbox.mailer import Mailer
from forms_service.outbox.worker import OutboxWorker
from forms_service.settings import DeliverySettings
from tests.integration.collections.setup import ANSWERS, evaluation, make_collection
from tests.integration.conftest import Api
from tests.integration.outbox.smtp_server import self_signed, start_server

SETTINGS = DeliverySettings(max_attempts=2, base_delay_seconds=0.0, timeout_seconds=5.0)
BASE = "/api/v1/collections"


@pytest.fixture
def smtp(tmp_path: Path) -> Any:
    controller, inbox = start_server("plain", *self_signed(tmp_path))
    try:
        yield f"smtp+plain://127.0.0.1:{controller.port}", inbox
    finally:
        controller.stop()


async def _deliver(ctx: Context, url: str) -> Any:
    mailer = Mailer(url, "Cục Chuyển đổi số quốc gia <cdsqg@example.gov.vn>")
    return await OutboxWorker(ctx.db, {"email": mailer}, settings=SETTINGS).drain()


async def test_reminders_reach_the_agencys_people_on_the_schedule(
        api: Api, ctx: Context, smtp: tuple[str, Any]) -> None:
    url, inbox = smtp
    ev = await evaluation(api)
    for email, role, locale in (("thu.ky@xd.gov.vn", "designer", "vi"),
                                ("analyst@xd.gov.vn", "analyst", "en"),
                                ("nghi.huu@xd.gov.vn", "analyst", "vi")):
        await create_person(ctx, email=email, name=f"Cán bộ {email}", role=role,
                            agency_code="G08", password=None, locale=locale)
    await ctx.db.raw("UPDATE person SET active = {} WHERE email = 'nghi.huu@xd.gov.vn'", False)
    await create_person(ctx, email="tu.phap@moj.gov.vn", name="Cán bộ Bộ Tư pháp",
                        role="designer", agency_code="G14", password=None, locale="vi")
    created = await make_collection(api, ev.office, deadline="2030-11-30",
                                    agencies=["G08", "G14"],
                                    reminders={"before_days": [7, 2], "after_every_days": 7})
    cid = created.json()["id"]
    # Bộ Tư pháp has sent: no reminder for it
    await api.call("PUT", f"{BASE}/{cid}/replies/G14/draft", ev.key("G14"),
                   json={"answers": ANSWERS})
    assert (await api.call("POST", f"{BASE}/{cid}/replies/G14/submit",
                           ev.key("G14"))).status_code == 200

    vietnam = dt.timezone(dt.timedelta(hours=7))
    deadline = dt.datetime(2030, 11, 30, 23, 59, 59, tzinfo=vietnam)
    # before the first stage: nothing
    assert await send_collection_reminders(ctx, deadline - dt.timedelta(days=8)) == 0
    # seven days before: one e-mail to each active person of the agency
    seven = deadline - dt.timedelta(days=7)
    assert await send_collection_reminders(ctx, seven) == 2
    assert await send_collection_reminders(ctx, seven + dt.timedelta(hours=1)) == 0
    assert await _deliver(ctx, url) == {"sent": 2}
    by_address = {m["To"]: m for m in inbox.messages}
    assert set(by_address) == {"thu.ky@xd.gov.vn", "analyst@xd.gov.vn"}
    vi, en = by_address["thu.ky@xd.gov.vn"], by_address["analyst@xd.gov.vn"]
    assert vi["Subject"] == ("Nhắc việc: Phiếu khảo sát công tác truyền thông DVCTT 2023 "
                             "(hạn 23:59 30/11/2030)")
    text = vi.get_body(("plain",)).get_content()
    assert "Bộ Xây dựng" in text and f"/collections/{cid}" in text
    assert "Trung tâm Chuyển đổi số quốc gia" in text
    assert en["Subject"].startswith("Reminder: ")

    # two days before, then a week after the deadline (late)
    assert await send_collection_reminders(ctx, deadline - dt.timedelta(days=2)) == 2
    assert await send_collection_reminders(ctx, deadline + dt.timedelta(days=7, hours=1)) == 2
    assert await _deliver(ctx, url) == {"sent": 4}
    # the third stage's (its idempotency key names the stage) says the reply is late
    late = {m["Message-ID"].split("-")[2]: "marked late" in m.get_body(("plain",)).get_content()
            for m in inbox.messages if m["To"] == "analyst@xd.gov.vn"}
    assert late == {"1": False, "2": False, "3": True}

    # each reminder is a recorded step of the reply
    history = (await api.call("GET", f"{BASE}/{cid}/replies/G08", ev.office)).json()["history"]
    reminders = [(h["action"], h["by"], h["details"], h["late"]) for h in history]
    assert reminders == [
        ("remind", "schedule", {"stage": 1, "recipients": 2}, False),
        ("remind", "schedule", {"stage": 2, "recipients": 2}, False),
        ("remind", "schedule", {"stage": 3, "recipients": 2}, True)]
    status = (await api.call("GET", f"{BASE}/{cid}/status", ev.office)).json()
    assert {a["agency"]: a["reminders_sent"] for a in status["agencies"]} == {"G08": 3, "G14": 0}
    # the addresses are sealed in the outbox, never in clear
    rows = await ctx.db.raw("SELECT sealed FROM outbox_message WHERE kind = "
                            "'collection_reminder'")
    assert len(rows) == 6 and all("xd.gov.vn" not in str(r["sealed"]) for r in rows)


async def test_an_agency_asked_for_changes_is_reminded_of_them(
        api: Api, ctx: Context, smtp: tuple[str, Any]) -> None:
    url, inbox = smtp
    ev = await evaluation(api)
    await create_person(ctx, email="thu.ky@xd.gov.vn", name="Thư ký", role="designer",
                        agency_code="G08", password=None, locale="vi")
    cid = (await make_collection(api, ev.office, deadline="2030-11-30",
                                 agencies=["G08"])).json()["id"]
    reply = f"{BASE}/{cid}/replies/G08"
    await api.call("PUT", f"{reply}/draft", ev.key("G08"), json={"answers": ANSWERS})
    await api.call("POST", f"{reply}/submit", ev.key("G08"))
    await api.call("POST", f"{reply}/request-changes", ev.office, json={"comment": "Bổ sung."})
    vietnam = dt.timezone(dt.timedelta(hours=7))
    moment = dt.datetime(2030, 11, 28, 12, tzinfo=vietnam)  # two days before
    assert await send_collection_reminders(ctx, moment) == 1
    assert await _deliver(ctx, url) == {"sent": 1}
    text = inbox.messages[0].get_body(("plain",)).get_content()
    assert "chỉnh sửa" in text
