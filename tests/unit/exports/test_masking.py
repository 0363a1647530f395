"""Masking citizen IDs, phone numbers and e-mail addresses in free text."""

from __future__ import annotations

import pytest

from forms_service.exports.masking import Masker, Placeholders

MASK = Masker(Placeholders(citizen_id="<ID>", phone="<PHONE>", email="<EMAIL>"))


@pytest.mark.parametrize(("text", "expected"), [
    ("CCCD 001099001234.", "CCCD <ID>."),
    ("số căn cước: 001 099 001 234", "số căn cước: <ID>"),
    ("0010-9900-1234", "<ID>"),
    ("0912345678", "<PHONE>"),
    ("gọi 0912.345.678 nhé", "gọi <PHONE> nhé"),
    ("0912 345 678", "<PHONE>"),
    ("091-234-5678", "<PHONE>"),
    ("+84 912 345 678", "<PHONE>"),
    ("+84912345678", "<PHONE>"),
    ("(+84) 912-345-678", "<PHONE>"),
    ("+84 (0) 912 345 678", "<PHONE>"),
    ("0084 912 345 678", "<PHONE>"),
    ("84912345678", "<PHONE>"),
    ("ĐT bàn 024 3825 1234", "ĐT bàn <PHONE>"),
    ("0220.3851.234", "<PHONE>"),
    ("+84 24 3825 1234", "<PHONE>"),
    ("SĐT:0389123456.", "SĐT:<PHONE>."),
    ("(0912345678)", "(<PHONE>)"),
    ("an.nguyen@gmail.com", "<EMAIL>"),
    ("thư: nguyễn.văn.an@haiduong.gov.vn.", "thư: <EMAIL>."),
    ("x.y+z@co-op.vn và a@b.com", "<EMAIL> và <EMAIL>"),
    ("CCCD 036095001234, ĐT 0912345678, mail a@b.vn", "CCCD <ID>, ĐT <PHONE>, mail <EMAIL>"),
])
def test_identifiers_are_replaced_and_the_rest_kept(text: str, expected: str) -> None:
    assert MASK.mask(text) == expected


@pytest.mark.parametrize("text", [
    "Thủ tục nhanh, cán bộ nhiệt tình.",
    "lệ phí 1.000.000.000.000 đồng",  # an amount, not a 12-digit number
    "mã hồ sơ 000.00.00.H29-231122-0001",
    "hẹn lúc 10.30 ngày 22-11-2023",
    "0123456789",  # not a Vietnamese mobile or landline number
    "0912345678901",  # 13 digits
    "1234567890123",
    "H0912345678",  # glued to a letter: a reference, not a phone number
    "điểm 9/10, chờ 45 phút",
    "@ trung tâm",
])
def test_other_text_is_left_alone(text: str) -> None:
    assert MASK.mask(text) == text


def test_non_text_values_pass_through() -> None:
    assert MASK(12) == 12 and MASK(None) is None
    assert MASK("gọi 0912345678") == "gọi <PHONE>"


def test_default_placeholders() -> None:
    assert Masker().mask("0912345678 001099001234 a@b.vn") == (
        "[phone number] [CCCD] [e-mail address]")


def test_identifiers_side_by_side() -> None:
    assert MASK.mask("0912345678 0987654321 001099001234") == "<PHONE> <PHONE> <ID>"
