"""The messages of a reply: an e-mail with the reply and the link, an SMS of one
GSM-7 segment whatever the agency's name."""

from __future__ import annotations

import datetime as dt

import pytest

from forms_service.cases.replies import delivery, reply_payload
from forms_service.distribution.texts import sms_count

LINK = "https://phieu.haiduong.gov.vn/r/" + "A" * 20
EXPIRES = dt.datetime(2027, 1, 6, 20, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("locale", ["vi", "en"])
@pytest.mark.parametrize("agency", ["UBND tỉnh Hải Dương",
                                    "Trung tâm Phục vụ hành chính công tỉnh Thừa Thiên Huế "
                                    "và các đơn vị trực thuộc Văn phòng UBND tỉnh"])
def test_an_sms_is_one_gsm7_segment_with_the_link(locale: str, agency: str) -> None:
    payload = reply_payload("sms", "84912345678", locale=locale, agency=agency,
                            reply="Dài " * 500, link=LINK, expires=EXPIRES)
    count = sms_count(payload["text"])
    assert (count.encoding, count.segments) == ("GSM-7", 1), payload["text"]
    assert payload["text"].endswith(LINK) and payload["to"] == "84912345678"
    assert "Dài" not in payload["text"]  # the reply is on the page, not in the SMS


def test_an_email_carries_the_reply_and_a_clickable_link() -> None:
    payload = reply_payload("email", "a@b.vn", locale="vi", agency="UBND tỉnh Hải Dương",
                            reply="Kính gửi anh/chị,\n\n<b>Đã xử lý</b> & trả kết quả.",
                            link=LINK, expires=EXPIRES)
    assert payload["subject"] == "UBND tỉnh Hải Dương đã trả lời ý kiến của anh/chị"
    assert "<b>Đã xử lý</b> & trả kết quả." in payload["text"]
    assert "07/01/2027" in payload["text"]  # the link's last day, Vietnam time
    assert "&lt;b&gt;Đã xử lý&lt;/b&gt; &amp; trả kết quả." in payload["html"]
    assert f'<a href="{LINK}">{LINK}</a>' in payload["html"]


def test_delivery_read_from_the_outbox() -> None:
    assert delivery(None, None) == "recorded"
    assert [delivery("email", s) for s in ("queued", "sending", "sent", "failed", "dead")] \
        == ["queued", "queued", "sent", "failed", "failed"]
