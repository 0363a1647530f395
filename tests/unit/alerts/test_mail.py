"""The texts of digests and case alerts, checked whole against fixtures: numbers and
percentages formatted for the person's language (vi: 1.234 and 87,5%)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from forms_service.alerts.mail import CaseFacts, DigestFacts, case_email, digest_email

FIXTURES = Path(__file__).parent / "fixtures"
FACTS = DigestFacts(
    kind="weekly", agency="UBND tỉnh Hải Dương", scope="Trung tâm PVHCC (TTHCC)",
    start=dt.date(2026, 11, 30), end=dt.date(2026, 12, 6), answers=12345, satisfied=1120,
    rated=1280, previous_satisfied=1100, previous_rated=1234, opened=1234, open_now=2048,
    acknowledge_overdue=7, respond_overdue=1001,
    cases_link="https://phieu.example.vn/cases?unit=TTHCC",
    overdue_link="https://phieu.example.vn/cases?overdue=yes&unit=TTHCC",
    dashboard_link="https://phieu.example.vn/dashboard",
    account="https://phieu.example.vn/account")



def test_a_weekly_digest_in_vietnamese() -> None:
    mail = digest_email("vi", FACTS)
    assert mail["subject"] == ("Bản tin hằng tuần của UBND tỉnh Hải Dương: "
                               "30/11/2026 – 06/12/2026")
    assert mail["text"] == (FIXTURES / "weekly_digest.vi.txt").read_text("utf-8")


def test_a_weekly_digest_in_english() -> None:
    mail = digest_email("en", FACTS)
    assert mail["subject"] == "Weekly digest of UBND tỉnh Hải Dương: 30/11/2026 – 06/12/2026"
    assert mail["text"] == (FIXTURES / "weekly_digest.en.txt").read_text("utf-8")
    # the HTML part: the same paragraphs, every link a link, a link not broken by a
    # shorter one it begins with
    assert mail["html"].count("<p>") == 5
    assert ('<a href="https://phieu.example.vn/cases?overdue=yes&amp;unit=TTHCC">'
            in mail["html"])
    assert '<a href="https://phieu.example.vn/cases?unit=TTHCC">' in mail["html"]


def test_a_period_with_no_rating() -> None:
    quiet = DigestFacts(**{**{f: getattr(FACTS, f) for f in FACTS.__slots__},
                           "kind": "daily", "scope": None, "start": dt.date(2026, 12, 7),
                           "end": dt.date(2026, 12, 7), "answers": 0, "rated": 0,
                           "satisfied": 0})
    mail = digest_email("vi", quiet)
    assert mail["subject"] == "Bản tin hằng ngày của UBND tỉnh Hải Dương: 07/12/2026"
    assert "Hài lòng: trong kỳ không có câu trả lời nào đánh giá dịch vụ." in mail["text"]
    assert "Phạm vi" not in mail["text"]


def test_a_case_alert_names_no_free_text() -> None:
    facts = CaseFacts(id=42, agency="UBND tỉnh Hải Dương", form="hai-long",
                      service="Cấp bản sao trích lục hộ tịch (1.001193)",
                      unit="UBND xã An Bình (XA-AN)", reasons=("not_satisfied", "phrase"),
                      acknowledge_due=dt.date(2026, 12, 9), respond_due=dt.date(2026, 12, 21),
                      link="https://phieu.example.vn/cases/42",
                      account="https://phieu.example.vn/account")
    mail = case_email("vi", facts)
    assert mail["subject"] == "Vụ việc mới số 42: Cấp bản sao trích lục hộ tịch (1.001193)"
    assert mail["text"].splitlines()[2:7] == [
        "Dịch vụ: Cấp bản sao trích lục hộ tịch (1.001193)",
        "Đơn vị: UBND xã An Bình (XA-AN)",
        "Lý do: câu trả lời chưa hài lòng, góp ý chứa cụm từ của quy tắc",
        "Hạn tiếp nhận: 09/12/2026", "Hạn trả lời: 21/12/2026"]
