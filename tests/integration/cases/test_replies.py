"""Replies to citizens and their follow-up: sent by e-mail through a real SMTP server
and by SMS through a local gateway, in the citizen's language, with a link that asks
once whether the problem was solved; expiry; cases without a contact; the contact
erased when the case closes; a "not solved" answer reopening a closed case."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from forms_service.distribution.texts import sms_count
from forms_service.outbox.gateway import HttpGateway
from forms_service.outbox.mailer import Mailer
from forms_service.outbox.worker import OutboxWorker
from forms_service.settings import DeliverySettings
from tests.integration.cases.setup import AGENCY, CASES, SERVICE, SLUG, definition
from tests.integration.conftest import Api
from tests.integration.distribution.setup import integration_key, note, put_rule, returned, send
from tests.integration.outbox.receiver import Receiver
from tests.integration.outbox.smtp_server import self_signed, start_server

SETTINGS = DeliverySettings(max_attempts=2, base_delay_seconds=0.0, timeout_seconds=5.0)
LINK = re.compile(r"/r/([A-Za-z0-9_-]{20})\b")
REPLY_VI = ("Kính gửi Ông/Bà,\n\nSở đã kiểm tra hồ sơ và trả kết quả bổ sung.\n"
            "Xin lỗi vì sự chậm trễ.")
REPLY_EN = "Dear citizen,\n\nWe checked your dossier and returned the missing paper."


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed(tmp_path_factory.mktemp("smtp"))


@pytest.fixture
def smtp(certificate: tuple[Path, Path]) -> Any:
    controller, inbox = start_server("plain", *certificate)
    try:
        yield Mailer(f"smtp+plain://127.0.0.1:{controller.port}", "khaosat@haiduong.gov.vn"), inbox
    finally:
        controller.stop()


def _definition() -> dict[str, Any]:
    d = definition()
    d["properties"]["email"] = {"title": "Thư điện tử để nhận trả lời", "type": "string",
                                "format": "email", "maxLength": 254, "x-widget": "email"}
    d["properties"]["phone"] = {"title": "Số điện thoại", "type": "string",
                                "format": "phone-vn", "maxLength": 20, "x-widget": "phone"}
    d["properties"]["agree"] = {"title": "Đồng ý để cơ quan liên hệ trả lời?",
                                "type": "boolean", "x-widget": "yes_no"}
    return d


async def _province(api: Api, rule: dict[str, Any] | None = None) -> dict[str, str]:
    await api.agency(AGENCY, "UBND tỉnh Hải Dương")
    keys = {role: await api.make_key(role, AGENCY) for role in ("designer", "analyst", "portal")}
    await api.service(keys["designer"], SERVICE)
    await api.published_form(keys["designer"], SLUG, definition=_definition())
    r = await api.call("PUT", f"/api/v1/forms/{SLUG}/case-rule", keys["designer"], json=rule or {
        "contact_question": "email", "consent_question": "agree"})
    assert r.status_code == 200, r.text
    return keys


async def _answer(api: Api, portal: str, dossier: str, locale: str = "vi",
                  **answers: Any) -> int:
    r = await api.call("POST", "/api/v1/responses", portal, json={
        "form": SLUG, "service": SERVICE, "dossier": dossier, "locale": locale,
        "answers": {"overall": 1, **answers}})
    assert r.status_code == 201, r.text
    [case] = await api.ctx.db.raw("SELECT id FROM feedback_case WHERE response = {}",
                                  r.json()["id"])
    return int(case["id"])


async def _move(api: Api, key: str, case_id: int, action: str, **body: Any) -> httpx.Response:
    return await api.call("POST", f"{CASES}/{case_id}/transitions", key,
                          json={"action": action, **body})


async def _respond(api: Api, key: str, case_id: int, reply: str) -> dict[str, Any]:
    assert (await _move(api, key, case_id, "acknowledge")).status_code == 200
    await api.call("POST", "/api/v1/units", key,
                   json={"code": "TTHCC", "name": "Trung tâm", "kind": "centre"})
    r = await _move(api, key, case_id, "assign", unit="TTHCC")
    assert r.status_code == 200, r.text
    r = await _move(api, key, case_id, "respond", reply=reply)
    assert r.status_code == 200, r.text
    return dict(r.json())


async def _everything(api: Api) -> str:
    parts = []
    for table in ("feedback_case", "case_reply", "case_transition", "outbox_message",
                  "invitation"):
        parts.append(repr(await api.ctx.db.raw(f"SELECT * FROM {table}")))
    return "\n".join(parts)


async def test_the_contact_rule_is_checked_against_the_form(api: Api) -> None:
    keys = await _province(api)
    path = f"/api/v1/forms/{SLUG}/case-rule"
    for rule, words in (({"contact_question": "comment"}, "e-mail or phone"),
                        ({"consent_question": "agree"}, "contact_question"),
                        ({"contact_question": "email", "consent_question": "nothing"},
                         "yes/no"),
                        ({"contact_question": "email", "consent_question": "problems"},
                         "yes/no"),
                        ({"contact_question": "email", "consent_question": "overall"},
                         "consent_answers"),
                        ({"contact_question": "email", "consent_question": "overall",
                          "consent_answers": [9]}, "no answer 9"),
                        ({"contact_question": "email", "consent_question": "agree",
                          "consent_answers": [1]}, "no answer 1")):
        r = await api.call("PUT", path, keys["designer"], json=rule,
                           headers={"Accept-Language": "en"})
        assert r.status_code == 400, (rule, r.text)
        assert r.json()["error"] == "invalid_case_rule" and words in r.json()["message"], r.text
    r = await api.call("PUT", path, keys["designer"], json={
        "contact_question": "phone", "consent_question": "overall", "consent_answers": [1, 2]})
    assert r.status_code == 200, r.text
    r = await api.call("GET", path, keys["analyst"])
    body = r.json()
    assert (body["contact_question"], body["consent_question"], body["consent_answers"]) == (
        "phone", "overall", [1, 2])


async def test_an_email_reply_in_english_with_a_link_answered_once(
        api: Api, client: httpx.AsyncClient, smtp: tuple[Mailer, Any]) -> None:
    mailer, inbox = smtp
    keys = await _province(api)
    case_id = await _answer(api, keys["portal"], "HS-1", locale="en",
                            email="Cong.Dan@Example.vn", agree=True,
                            comment="Gọi 0912 345 678")
    assert "cong.dan@example.vn" not in (await _everything(api)).lower()
    r = await api.call("GET", f"{CASES}/{case_id}", keys["analyst"])
    assert r.json()["has_contact"] is True and r.json()["contact_channel"] == "email"
    detail = await _respond(api, keys["designer"], case_id, REPLY_EN)
    [reply] = detail["replies"]
    assert (reply["channel"], reply["delivery"], reply["locale"]) == ("email", "queued", "en")
    assert "cong.dan@example.vn" not in (await _everything(api)).lower()
    done = await OutboxWorker(api.ctx.db, {"email": mailer}, settings=SETTINGS).drain()
    assert done == {"sent": 1}
    [message] = inbox.messages
    assert message["To"] == "cong.dan@example.vn"
    assert message["Subject"] == "UBND tỉnh Hải Dương has replied to your feedback"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "We checked your dossier and returned the missing paper." in text
    code = LINK.search(text)[1]  # type: ignore[index]
    assert f'<a href="http://127.0.0.1:8000/r/{code}">' in html
    assert len(f"/r/{code}") <= 30
    r = await api.call("GET", f"{CASES}/{case_id}", keys["analyst"])
    assert r.json()["replies"][0]["delivery"] == "sent"

    page = await client.get(f"/r/{code}")
    assert page.status_code == 200, page.text
    assert 'lang="en"' in page.text and "Has your problem been solved?" in page.text
    assert "We checked your dossier" in page.text and f'action="/r/{code}"' in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    vi = await client.get(f"/r/{code}?lang=vi")
    assert "Vấn đề của anh/chị đã được giải quyết chưa?" in vi.text
    # no answer chosen: the form again with the error, nothing recorded
    r = await client.post(f"/r/{code}", data={"comment": "x", "_lang": "en"})
    assert r.status_code == 400 and "Choose one answer" in r.text and ">\nx</textarea>" in r.text
    r = await client.post(f"/r/{code}", data={"answer": "partly", "_lang": "en",
                                              "comment": "Còn thiếu giấy, gọi 0912 345 678"})
    assert r.status_code == 200 and "Your answer has been recorded." in r.text, r.text
    again = await client.post(f"/r/{code}", data={"answer": "solved"})
    assert again.status_code == 409 and "already" in again.text.lower()
    assert (await client.get(f"/r/{code}")).status_code == 409
    r = await api.call("GET", f"{CASES}/{case_id}", keys["analyst"])
    case = r.json()
    assert case["follow_up"] == "partly" and case["follow_up_at"]
    [reply] = case["replies"]
    assert reply["answer"] == "partly" and "0912 345 678" not in reply["comment"]
    listed = (await api.call("GET", CASES, keys["analyst"])).json()["items"]
    assert listed[0]["follow_up"] == "partly"


async def test_an_sms_reply_to_the_invitation_s_contact_in_vietnamese(
        api: Api, client: httpx.AsyncClient, province: dict[str, str]) -> None:
    await put_rule(api, province["designer"], channels=["sms"], delay_minutes=0,
                   quiet_hours=None)
    key = await integration_key(api)
    [result] = await send(api, key, [returned("0912 345 678", language="vi")])
    assert note(result) == "invited", result
    [invitation] = await api.ctx.db.raw("SELECT code FROM invitation")
    r = await client.post(f"/s/{invitation['code']}", data={"overall": "1", "_lang": "vi"})
    assert r.status_code == 303, r.text
    [case] = await api.ctx.db.raw("SELECT id, contact_channel, sealed_contact, code "
                                  "FROM feedback_case")
    assert case["contact_channel"] == "sms" and case["sealed_contact"].startswith("v1.")
    assert "912345678" not in await _everything(api)
    assert await api.ctx.db.raw("SELECT id FROM invitation WHERE sealed_contact IS NOT NULL") \
        == []
    await _respond(api, province["designer"], case["id"],
                   "Sở đã xem xét và sẽ trả kết quả trong tuần này.")
    with Receiver() as receiver:
        gateway = HttpGateway("sms", receiver.url, "gateway-key", timeout=5.0)
        worker = OutboxWorker(api.ctx.db, {"sms": gateway}, settings=SETTINGS)
        done = await worker.drain()
        await gateway.close()
    assert done == {"sent": 2}  # the invitation, then the reply
    [reply] = [body for body in receiver.received if body["kind"] == "case_reply"]
    assert reply["to"] == "84912345678"
    assert reply["text"].startswith("UBND tinh Hai Duong da tra loi y kien cua anh/chi.")
    count = sms_count(reply["text"])
    assert (count.encoding, count.segments) == ("GSM-7", 1)
    code = LINK.search(reply["text"])[1]  # type: ignore[index]
    assert code == case["code"] and reply["params"]["link"].endswith(f"/r/{code}")
    page = await client.get(f"/r/{code}", headers={"Accept-Language": "en"})
    assert page.status_code == 200 and 'lang="vi"' in page.text  # the citizen's language
    assert "Sở đã xem xét và sẽ trả kết quả trong tuần này." in page.text
    r = await client.post(f"/r/{code}", data={"answer": "solved"})
    assert r.status_code == 200 and "Cảm ơn" in r.text


async def test_without_a_contact_the_reply_is_recorded_only(
        api: Api, client: httpx.AsyncClient) -> None:
    keys = await _province(api)
    no_contact = await _answer(api, keys["portal"], "HS-1")
    refused = await _answer(api, keys["portal"], "HS-2", email="chi@example.vn", agree=False)
    landline = await _answer(api, keys["portal"], "HS-3", phone="024 3943 7216", agree=True)
    rows = await api.ctx.db.raw("SELECT code, sealed_contact, contact_channel "
                                "FROM feedback_case ORDER BY id")
    assert rows == [{"code": None, "sealed_contact": None, "contact_channel": None}] * 3
    for case_id in (no_contact, refused, landline):
        detail = await _respond(api, keys["designer"], case_id, REPLY_VI)
        assert detail["has_contact"] is False
        [reply] = detail["replies"]
        assert (reply["channel"], reply["delivery"], reply["expires_at"]) == (
            None, "recorded", None)
        assert reply["text"] == REPLY_VI
    assert await api.ctx.db.raw("SELECT id FROM outbox_message") == []
    r = await _move(api, keys["designer"], no_contact, "close", outcome="resolved",
                    reply="Thêm")
    assert r.status_code == 400 and "respond" in r.json()["message"], r.text


async def test_expired_and_unknown_links(api: Api, client: httpx.AsyncClient) -> None:
    keys = await _province(api)
    case_id = await _answer(api, keys["portal"], "HS-1", email="chi@example.vn", agree=True)
    await _respond(api, keys["designer"], case_id, REPLY_VI)
    [case] = await api.ctx.db.raw("SELECT code FROM feedback_case")
    code = case["code"]
    await api.ctx.db.raw("UPDATE case_reply SET expires_at = {}",
                         dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    page = await client.get(f"/r/{code}", headers={"Accept-Language": "en"})
    assert page.status_code == 410 and "Đường dẫn đã hết hạn" in page.text  # the citizen's
    page = await client.get(f"/r/{code}?lang=en")
    assert page.status_code == 410 and "This link has expired" in page.text
    assert 'name="answer"' not in page.text
    r = await client.post(f"/r/{code}", data={"answer": "solved"})
    assert r.status_code == 410
    assert (await api.ctx.db.raw("SELECT answer FROM case_reply")) == [{"answer": None}]
    for path in ("/r/AAAAAAAAAAAAAAAAAAAA", "/r/not-a-code!", f"/r/{code}x"):
        assert (await client.get(path)).status_code == 404, path
    r = await client.post("/r/AAAAAAAAAAAAAAAAAAAA", data={"answer": "solved"})
    assert r.status_code == 404
    r = await client.post(f"/r/{code}", content=b"{}",
                          headers={"Content-Type": "application/json"})
    assert 400 <= r.status_code < 500


async def test_closing_erases_the_contact_and_not_solved_reopens(
        api: Api, client: httpx.AsyncClient) -> None:
    keys = await _province(api)
    case_id = await _answer(api, keys["portal"], "HS-1", email="chi@example.vn", agree=True)
    later = await _answer(api, keys["portal"], "HS-2", email="em@example.vn", agree=True)
    for one in (case_id, later):
        await _respond(api, keys["designer"], one, REPLY_VI)
        r = await _move(api, keys["designer"], one, "close", outcome="resolved")
        assert r.status_code == 200, r.text
        assert r.json()["has_contact"] is False and r.json()["contact_channel"] == "email"
    assert await api.ctx.db.raw(
        "SELECT id FROM feedback_case WHERE sealed_contact IS NOT NULL") == []
    [code] = await api.ctx.db.raw("SELECT code FROM feedback_case WHERE id = {}", case_id)
    r = await client.post(f"/r/{code['code']}", data={"answer": "too-good"})
    assert r.status_code == 400
    r = await client.post(f"/r/{code['code']}", data={"answer": "not_solved",
                                                      "comment": "x" * 1001})
    assert r.status_code == 400 and "1000" in r.text
    r = await client.post(f"/r/{code['code']}", data={"answer": "not_solved"})
    assert r.status_code == 200 and "xem xét lại" in r.text, r.text
    r = await api.call("GET", f"{CASES}/{case_id}", keys["analyst"])
    case = r.json()
    assert case["state"] == "assigned" and case["reopened"] == 1
    assert case["follow_up"] == "not_solved"
    assert case["transitions"][-1]["actor"] == "follow-up"
    # closed longer ago than the agency's window: recorded, not reopened
    await api.ctx.db.raw("UPDATE feedback_case SET closed_at = {} WHERE id = {}",
                         dt.datetime.now(dt.UTC) - dt.timedelta(days=31), later)
    [code] = await api.ctx.db.raw("SELECT code FROM feedback_case WHERE id = {}", later)
    r = await client.post(f"/r/{code['code']}", data={"answer": "not_solved"})
    assert r.status_code == 200 and "Câu trả lời của anh/chị đã được ghi nhận." in r.text
    [row] = await api.ctx.db.raw("SELECT state, follow_up FROM feedback_case WHERE id = {}",
                                 later)
    assert row == {"state": "closed", "follow_up": "not_solved"}


async def test_the_retention_purge_drops_follow_up_comments(
        api: Api, client: httpx.AsyncClient) -> None:
    from forms_service.privacy.purge import purge_responses

    keys = await _province(api)
    case_id = await _answer(api, keys["portal"], "HS-1", email="chi@example.vn", agree=True)
    await _respond(api, keys["designer"], case_id, REPLY_VI)
    [case] = await api.ctx.db.raw("SELECT code FROM feedback_case")
    r = await client.post(f"/r/{case['code']}", data={"answer": "solved",
                                                      "comment": "Cảm ơn cán bộ Lan"})
    assert r.status_code == 200
    await purge_responses(api.ctx, 1, now=dt.datetime.now(dt.UTC) + dt.timedelta(days=40))
    [reply] = await api.ctx.db.raw("SELECT answer, comment FROM case_reply")
    assert reply == {"answer": "solved", "comment": None}
    [case] = await api.ctx.db.raw("SELECT follow_up, response FROM feedback_case")
    assert case == {"follow_up": "solved", "response": None}


async def test_a_contact_copied_onto_another_case_does_not_open(api: Api) -> None:
    keys = await _province(api)
    first = await _answer(api, keys["portal"], "HS-1", email="mot@example.vn", agree=True)
    second = await _answer(api, keys["portal"], "HS-2", email="hai@example.vn", agree=True)
    [row] = await api.ctx.db.raw("SELECT sealed_contact FROM feedback_case WHERE id = {}",
                                 first)
    await api.ctx.db.raw("UPDATE feedback_case SET sealed_contact = {} WHERE id = {}",
                         row["sealed_contact"], second)
    detail = await _respond(api, keys["designer"], second, REPLY_VI)
    [reply] = detail["replies"]
    assert (reply["channel"], reply["delivery"]) == (None, "recorded")
    assert await api.ctx.db.raw("SELECT id FROM outbox_message") == []
