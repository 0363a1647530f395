"""The pure parts of collections: a letter's order of agencies and its sentence,
deadlines and reminder stages in Vietnam time, the steps between states."""

from __future__ import annotations

import datetime as dt

import pytest

from forms_service.collections.order import late_sentence, short_name, sort_agencies
from forms_service.collections.schedule import (
    ScheduleRejected,
    parse_deadline,
    parse_schedule,
)
from forms_service.collections.states import STATES, STEPS, next_state

VIETNAM = dt.timezone(dt.timedelta(hours=7))

# the units of seed 001's footnote, with two that sort by their tones and letters
FIXTURE = [
    ("UBND TP. Hồ Chí Minh", "province"), ("UBND tỉnh Thanh Hóa", "province"),
    ("Bộ Xây dựng", "ministry"), ("UBND tỉnh Đắk Nông", "province"),
    ("Bảo hiểm Xã hội Việt Nam", "ministry"), ("UBND tỉnh Nam Định", "province"),
    ("Bộ Giáo dục và Đào tạo", "ministry"), ("UBND TP. Hà Nội", "province"),
    ("Bộ Công an", "ministry"), ("UBND tỉnh Phú Yên", "province"),
    ("UBND tỉnh Bình Dương", "province"), ("Sở Thông tin và Truyền thông", "other"),
    ("UBND tỉnh Bạc Liêu", "province"), ("UBND tỉnh Bà Rịa - Vũng Tàu", "province"),
    ("UBND tỉnh Điện Biên", "province"), ("UBND tỉnh Hà Giang", "province"),
]


def test_the_sentence_lists_ministries_then_provinces_in_vietnamese_order() -> None:
    rows = [{"name": name, "kind": kind} for name, kind in FIXTURE]
    assert late_sentence(rows) == (
        "Các đơn vị chưa gửi: Bộ Công an; Bộ Giáo dục và Đào tạo; Bộ Xây dựng; "
        "Bảo hiểm Xã hội Việt Nam; Bà Rịa - Vũng Tàu; Bạc Liêu; Bình Dương; Đắk Nông; "
        "Điện Biên; Hà Giang; Nam Định; Phú Yên; Thanh Hóa; TP. Hà Nội; TP. Hồ Chí Minh; "
        "Sở Thông tin và Truyền thông.")
    assert late_sentence([]) == ""
    # the order does not depend on the order given
    assert sort_agencies(reversed(rows)) == sort_agencies(rows)


def test_letters_and_tones_sort_as_a_vietnamese_dictionary_does() -> None:
    names = ["Ân", "An", "Ăn", "Bà", "Ba", "Bả", "Đa", "Dz", "Ơ", "Ô", "Ư", "U"]
    ordered = [row["name"] for row in sort_agencies(
        [{"name": name, "kind": "other"} for name in names])]
    assert ordered == ["An", "Ăn", "Ân", "Ba", "Bà", "Bả", "Dz", "Đa", "Ô", "Ơ", "U", "Ư"]
    assert short_name("UBND tỉnh Hải Dương", "province") == "Hải Dương"
    assert short_name("UBND tỉnh Hải Dương", "other") == "UBND tỉnh Hải Dương"


def test_deadlines_are_read_in_vietnam_time() -> None:
    assert parse_deadline("2023-11-30") == dt.datetime(2023, 11, 30, 23, 59, 59,
                                                       tzinfo=VIETNAM)
    assert parse_deadline("2023-11-30T17:00:00") == dt.datetime(2023, 11, 30, 10,
                                                                tzinfo=dt.UTC)
    assert parse_deadline("2023-11-30T17:00:00+00:00").astimezone(VIETNAM).day == 1
    for bad in ("30/11/2023", "", None, "9999-12-31T23:59:59-12:00", "1900-01-01"):
        with pytest.raises(ScheduleRejected):
            parse_deadline(bad)


def test_reminder_stages_before_and_after_the_deadline() -> None:
    deadline = parse_deadline("2023-11-30")
    schedule = parse_schedule({"before_days": [2, 7], "after_every_days": 7})
    assert schedule.before_days == (7, 2)
    moments = schedule.moments(deadline)
    assert moments[:3] == [deadline - dt.timedelta(days=7), deadline - dt.timedelta(days=2),
                           deadline + dt.timedelta(days=7)]
    assert len(moments) == 14  # two before, at most twelve after
    assert schedule.stage(deadline, deadline - dt.timedelta(days=8)) == 0
    assert schedule.stage(deadline, deadline - dt.timedelta(days=7)) == 1
    assert schedule.stage(deadline, deadline) == 2
    assert schedule.stage(deadline, deadline + dt.timedelta(days=15)) == 4
    assert parse_schedule({"after_every_days": None}).moments(deadline)[-1] == \
        deadline - dt.timedelta(days=2)
    assert parse_schedule(None).as_dict() == {"before_days": [7, 2], "after_every_days": 7}
    for bad in ({"before_days": [0]}, {"before_days": [7, 2, 3, 4, 5, 6]},
                {"after_every_days": 31}, {"after_every_days": True}, {"every": 7}, []):
        with pytest.raises(ScheduleRejected):
            parse_schedule(bad)


def test_every_step_starts_and_ends_in_known_states() -> None:
    for step in STEPS.values():
        assert set(step.starts) <= set(STATES)
        assert step.leads_to is None or step.leads_to in STATES
    assert next_state(STEPS["draft"], "not_started") == "draft"
    assert next_state(STEPS["draft"], "changes_requested") == "changes_requested"
    assert next_state(STEPS["submit"], "draft") == "submitted"
    assert {a for a, s in STEPS.items() if s.by == "office"} == {"accept", "request_changes"}
    assert STEPS["request_changes"].needs_comment and not STEPS["accept"].needs_comment
