"""Texts of invitations: SMS segments counted as operators count them, templates
checked against their longest rendering, e-mail rendered safely."""

from __future__ import annotations

import pytest

from forms_service.distribution.texts import (
    SHORT_NAME,
    TextsRejected,
    check_texts,
    default_texts,
    email_parts,
    short_name,
    sms_count,
    sms_text,
    worst_sms,
)

URL = "https://phieu.haiduong.gov.vn"
AGENCY = "UBND tỉnh Hải Dương"
EMAIL = {"email_subject": "{agency}: {service}", "email_body": "{link}\n\nStop: {stop}"}


def test_gsm7_and_ucs2_segments() -> None:
    assert sms_count("a" * 160) == sms_count("a" * 160)
    plain = sms_count("a" * 160)
    assert (plain.encoding, plain.characters, plain.segments, plain.limit) == (
        "GSM-7", 160, 1, 160)
    assert sms_count("a" * 161).segments == 2 and sms_count("a" * 307).segments == 3
    extended = sms_count("€" + "a" * 158)  # an extension character counts twice
    assert extended.characters == 160 and extended.segments == 1
    assert sms_count("[" + "a" * 159).segments == 2
    vietnamese = sms_count("Mời Ông/Bà đánh giá")
    assert vietnamese.encoding == "UCS-2" and vietnamese.limit == 70
    assert sms_count("ạ" * 70).segments == 1 and sms_count("ạ" * 71).segments == 2
    assert sms_count("😀" * 35).characters == 70  # UTF-16 code units


def test_short_names_and_values_are_plain_gsm7() -> None:
    name = short_name("Cấp bản sao trích lục hộ tịch [từ sổ gốc] {điện tử} và chứng thực")
    assert len(name) <= SHORT_NAME and name.endswith("...")
    assert sms_count(name).encoding == "GSM-7" and "[" not in name
    assert short_name("Đăng ký kết hôn") == "Dang ky ket hon"


def test_default_texts_pass_their_own_check() -> None:
    for locale in ("vi", "en"):
        texts = default_texts(locale)
        assert check_texts(texts.as_dict(), agency=AGENCY, public_url=URL) == texts
    assert "rate" in default_texts("en").sms and "danh gia" in default_texts("vi").sms


def test_a_template_that_can_exceed_one_segment_is_refused() -> None:
    fits = "{agency} moi danh gia {service}: {link}"
    assert sms_count(worst_sms(fits, AGENCY, URL)).segments == 1
    long = fits + " " + "x" * 80
    with pytest.raises(TextsRejected) as caught:
        check_texts({"sms": long, **EMAIL}, agency=AGENCY, public_url=URL)
    assert caught.value.field == "sms" and "GSM-7" in str(caught.value)
    assert "shorten it by" in str(caught.value)
    # diacritics make it UCS-2: 70, which the link and names alone nearly fill
    with pytest.raises(TextsRejected) as caught:
        check_texts({"sms": "Mời đánh giá {service}: {link}", **EMAIL}, agency=AGENCY,
                    public_url=URL)
    assert "UCS-2" in str(caught.value) and "ờ" in str(caught.value)


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"sms": "{agency} moi danh gia"}, "sms", "must contain {link}"),
    ({"sms": "{agency.__class__} {link}"}, "sms", "placeholders"),
    ({"sms": "{link} {expires}"}, "sms", "placeholders"),
    ({"sms": "{link!r}"}, "sms", "placeholders"),
    ({"sms": "{link"}, "sms", "brace"),
    ({"sms": "a\n{link}"}, "sms", "one line"),
    ({"email_body": "{link} only"}, "email_body", "must contain {stop}"),
    ({"email_subject": ""}, "email_subject", "required"),
    ({"email_body": "{link} {stop}" + "x" * 4000}, "email_body", "too long"),
    ({"colour": "red"}, "colour", "not a text"),
])
def test_bad_templates_are_refused(change: dict[str, str], field: str, words: str) -> None:
    raw = {"sms": "{agency}: {link}", **EMAIL, **change}
    with pytest.raises(TextsRejected) as caught:
        check_texts(raw, agency=AGENCY, public_url=URL)
    assert caught.value.field == field and words in str(caught.value), str(caught.value)


def test_rendering() -> None:
    link = f"{URL}/s/AbCdEfGhIjKlMnOpQrSt"
    text = sms_text("{agency} moi danh gia {service}: {link}", AGENCY,
                    "Cấp bản sao trích lục hộ tịch " * 5, link)
    assert text.startswith("UBND tinh Hai Duong moi danh gia Cap ban sao")
    assert text.endswith(link) and sms_count(text).segments == 1
    # a name that grew after the template was checked is shortened to fit
    grown = sms_text("{agency} {service}: {link} " + "x" * 70, "Ủy ban " * 20, "Thủ tục " * 20,
                     link)
    assert sms_count(grown).segments == 1 and link in grown
    mail = email_parts(default_texts("en"), agency="<Sở>", service="A & B", link=link,
                       stop=f"{link}/stop", expires="14/03/2025")
    assert mail["subject"] == "<Sở> invites you to rate the procedure A & B"
    assert "&lt;Sở&gt;" in mail["html"] and "<Sở>" not in mail["html"]
    assert f'<a href="{link}/stop">{link}/stop</a>' in mail["html"]
    assert f'<a href="{link}">{link}</a>' in mail["html"]
