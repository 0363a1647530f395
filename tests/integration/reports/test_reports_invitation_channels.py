"""The response-rate funnel by invitation channel, against a hand count: eight
dossiers returned, five selected for an invitation (two by e-mail, three by
SMS), SMS delivered twice (the third number refused for good), e-mail not
sent (no mail server), two SMS links opened and one answered, two receipt QR
codes scanned and one answered."""

from __future__ import annotations

import io
import random
from typing import Any

import httpx
import msgspec
import openpyxl

from analytics import proportion_ci
from forms_service.outbox.gateway import HttpGateway
from forms_service.outbox.worker import OutboxWorker
from forms_service.reports.dossier_schemas import ResponseRateReportOut
from forms_service.reports.registry import REPORTS
from forms_service.settings import DeliverySettings
from tests.integration.conftest import Api
from tests.integration.distribution.setup import note, put_rule, returned, send
from tests.integration.distribution.test_receipts import _integration, _signed
from tests.integration.outbox.receiver import Receiver
from tests.integration.reports_setup import H29, get

RATES = "/api/v1/analytics/response-rates"


async def _fixture(api: Api, province: dict[str, str], client: httpx.AsyncClient) -> None:
    assert (await put_rule(api, province["designer"], channels=["sms", "email"],
                           quiet_hours=None, delay_minutes=0)).status_code == 200
    key = await _integration(api)
    events = [returned("a@example.vn", dossier="HS-E1"), returned("b@example.vn", dossier="HS-E2"),
              returned("0912345678", dossier="HS-S1"), returned("0912345679", dossier="HS-S2"),
              returned("0987654321", dossier="HS-S3"), returned(None, dossier="HS-Q1"),
              returned(None, dossier="HS-Q2"), returned(None, dossier="HS-N1")]
    assert [note(r) for r in await send(api, key["key"], events)][:5] == ["invited"] * 5
    with Receiver() as receiver:
        receiver.plan["84987654321"] = [404]  # refused for good
        settings = DeliverySettings(max_attempts=3, base_delay_seconds=0.0, timeout_seconds=2.0)
        worker = OutboxWorker(api.ctx.db, {"sms": HttpGateway("sms", receiver.url, "k",
                                                              timeout=2.0)},
                              rng=random.Random(1), settings=settings)
        await worker.drain()
        await worker.stop()
    codes = [row["code"] for row in await api.ctx.db.raw(
        "SELECT code FROM invitation WHERE channel = 'sms' AND status = 'sent' ORDER BY id")]
    assert len(codes) == 2
    for code in codes:
        assert (await client.get(f"/s/{code}")).status_code == 200
    assert (await client.post(f"/s/{codes[0]}", data={"overall": "3"})).status_code == 303
    for dossier in ("HS-Q1", "HS-Q2"):
        assert (await client.get(_signed(key, dossier=dossier))).status_code == 200
    assert (await client.post(_signed(key, dossier="HS-Q1"),
                              data={"overall": "2"})).status_code == 303


async def test_the_funnel_by_invitation_channel_matches_the_hand_count(
        api: Api, province: dict[str, str], client: httpx.AsyncClient, sign_in: Any) -> None:
    await _fixture(api, province, client)
    body = await get(api, province["analyst"], RATES, group_by="service", locale="vi")
    [group] = body["rows"]
    assert (group["returned"], group["offered"], group["opened"], group["answered"]) == (8, 2, 4, 2)
    channels = {row["channel"]: row for row in body["channels"]}
    assert set(channels) == {"email", "sms", "qr"}  # nothing by Zalo: no row
    figures = {c: (r["returned"], r["selected"], r["invited"], r["delivered"], r["opened"],
                   r["answered"]) for c, r in channels.items()}
    assert figures == {"email": (8, 5, 2, 0, 0, 0), "sms": (8, 5, 3, 2, 2, 1),
                       "qr": (8, 5, None, None, 2, 1)}
    sms = channels["sms"]
    wilson = proportion_ci(1, 8)
    assert sms["key"] == f"{H29}/sms" and sms["label"] == "Lời mời qua SMS"
    assert sms["response_rate"] == 1 / 8
    assert (sms["response_ci_low"], sms["response_ci_high"]) == (wilson.ci_low, wilson.ci_high)
    assert sms["invited_answer_rate"] == 1 / 3 and sms["response_rate_text"] == "12,5%"
    assert channels["qr"]["invited_answer_rate"] is None
    assert channels["email"]["response_rate"] == 0.0

    # the national office sees the agency's rows; a period without those dossiers none
    office = await api.make_key("analyst")
    national = await get(api, office, RATES)
    assert {r["key"] for r in national["channels"]} == {f"{H29}/email", f"{H29}/sms",
                                                       f"{H29}/qr"}
    assert (await get(api, office, RATES, period="2019"))["channels"] == []

    # the same figures in the downloads and on the dashboard
    r = await api.call("GET", "/api/v1/exports/response-rates", province["analyst"],
                       params={"format": "xlsx", "locale": "en"})
    assert r.status_code == 200, r.text
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    header, *rows = book["By invitation channel"].iter_rows(values_only=True)
    sheet = {row[header.index("Invitation channel")]: dict(zip(header, row, strict=True))
             for row in rows}
    assert sheet["sms"]["Delivered"] == 2 and sheet["qr"]["Invited"] is None
    assert sheet["sms"]["Selected for an invitation"] == 5
    r = await api.call("GET", "/api/v1/exports/response-rates", province["analyst"],
                       params={"format": "csv"})
    assert r.status_code == 200 and "HS-" not in r.text

    # the command line's text: the groups, then the channels
    english = await get(api, province["analyst"], RATES, group_by="service", locale="en")
    text = REPORTS["response-rates"].text(msgspec.convert(english, ResponseRateReportOut), "en")
    sms_line = next(line for line in text.splitlines() if "SMS invitation" in line)
    assert sms_line.split()[-7:] == ["8", "5", "3", "2", "2", "1", "12.5%"]
    assert "Receipt QR code" in text and "—" in text

    analyst = await sign_in("analyst", H29)
    page = await analyst.get("/dashboard/response-rates?lang=en")
    assert page.status_code == 200
    assert 'id="channels-table"' in page.text and f'data-key="{H29}/sms"' in page.text
    assert "Selected for an invitation" in page.text
