"""E-mail through a real SMTP server in the test process: STARTTLS or TLS with a
login, plain text and HTML parts, List-Unsubscribe, refusals kept apart from
outages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from forms_service.context import Context
from forms_service.outbox.mailer import Mailer
from forms_service.outbox.queue import enqueue
from forms_service.outbox.worker import OutboxWorker
from forms_service.settings import DeliverySettings
from tests.integration.outbox.smtp_server import PASSWORD, REFUSED, USER, self_signed, start_server

SETTINGS = DeliverySettings(max_attempts=2, base_delay_seconds=0.0, timeout_seconds=5.0)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed(tmp_path_factory.mktemp("smtp"))


@pytest.fixture(params=["starttls", "tls"])
def smtp(request: pytest.FixtureRequest, certificate: tuple[Path, Path]) -> Any:
    controller, inbox = start_server(request.param, *certificate)
    scheme = {"starttls": "smtp", "tls": "smtps"}[request.param]
    url = f"{scheme}://{USER}:{PASSWORD}@127.0.0.1:{controller.port}"
    try:
        yield url, inbox
    finally:
        controller.stop()


async def _mail(ctx: Context, key: str, to: str) -> None:
    assert await enqueue(ctx.db, channel="email", kind="invitation", key=key, payload={
        "to": to, "subject": "Mời đánh giá dịch vụ công",
        "text": "Kính gửi Ông/Bà, mời đánh giá: https://phieu.example/s/abc",
        "html": "<p>Kính gửi Ông/Bà, <a href=\"https://phieu.example/s/abc\">mời đánh giá</a></p>",
        "unsubscribe": "https://phieu.example/s/abc/stop"})


async def test_mail_goes_out_with_both_parts_and_unsubscribe(
        client: Any, ctx: Context, smtp: tuple[str, Any], certificate: tuple[Path, Path]) -> None:
    url, inbox = smtp
    mailer = Mailer(url, "UBND tỉnh <khaosat@haiduong.gov.vn>", ca_file=str(certificate[0]))
    await _mail(ctx, "mail-1", "cong.dan@example.vn")
    done = await OutboxWorker(ctx.db, {"email": mailer}, settings=SETTINGS).drain()
    assert done == {"sent": 1}
    [message] = inbox.messages
    assert message["To"] == "cong.dan@example.vn"
    assert message["Subject"] == "Mời đánh giá dịch vụ công"
    assert message["Message-ID"] == "<mail-1@phieu>"
    assert message["List-Unsubscribe"] == "<https://phieu.example/s/abc/stop>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and "mời đánh giá: https://phieu.example/s/abc" in text.get_content()
    assert html is not None and "<a href=\"https://phieu.example/s/abc\">" in html.get_content()


async def test_a_refused_recipient_fails_without_naming_it(
        client: Any, ctx: Context, smtp: tuple[str, Any], certificate: tuple[Path, Path]) -> None:
    url, inbox = smtp
    mailer = Mailer(url, "khaosat@haiduong.gov.vn", ca_file=str(certificate[0]))
    await _mail(ctx, "mail-refused", REFUSED)
    await _mail(ctx, "mail-ok", "cong.dan@example.vn")
    done = await OutboxWorker(ctx.db, {"email": mailer}, settings=SETTINGS).drain()
    assert done == {"sent": 1, "failed": 1}
    [row] = await ctx.db.raw("SELECT * FROM outbox_message WHERE idempotency_key = 'mail-refused'")
    assert row["status"] == "failed" and row["attempts"] == 1
    assert row["last_error"].startswith("the mail server refused the recipient: 550")
    assert REFUSED not in row["last_error"]
    assert len(inbox.messages) == 1


async def test_a_wrong_password_or_untrusted_certificate_keeps_the_message(
        client: Any, ctx: Context, smtp: tuple[str, Any], certificate: tuple[Path, Path]) -> None:
    url, inbox = smtp
    wrong = Mailer(url.replace(PASSWORD, "sai-mat-khau"), "a@b.vn", ca_file=str(certificate[0]))
    untrusted = Mailer(url, "a@b.vn")  # the self-signed certificate is not trusted
    await _mail(ctx, "mail-kept", "cong.dan@example.vn")
    for mailer, reason in ((wrong, "the mail server refused the login"),
                           (untrusted, "the mail server could not be reached")):
        settings = DeliverySettings(max_attempts=5, base_delay_seconds=0.0)
        assert await OutboxWorker(ctx.db, {"email": mailer}, settings=settings
                                  ).run_once() == {"queued": 1}
        [row] = await ctx.db.raw("SELECT * FROM outbox_message")
        assert row["status"] == "queued" and row["last_error"].startswith(reason)
    assert inbox.messages == []
