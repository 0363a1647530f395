"""Working-day arithmetic for case deadlines, against Vietnam's calendar.

The 2027 Tết holidays (Thursday 4 to Wednesday 10 February 2027: the 29th
of the last lunar month to the fifth day of the new year) and the 2026 ones
(16 to 20 February) are those the Ministry of Home Affairs announced; the
``holidays`` library is the source checked here.
"""

from __future__ import annotations

import datetime as dt

import pytest

from forms_service.cases.workdays import WorkCalendar, public_holidays

D = dt.date
VN = WorkCalendar()


def test_weekends_are_not_working_days() -> None:
    assert VN.is_working_day(D(2026, 12, 4))  # a Friday
    assert not VN.is_working_day(D(2026, 12, 5))
    assert not VN.is_working_day(D(2026, 12, 6))
    assert VN.add(D(2026, 12, 4), 2) == D(2026, 12, 8)  # Friday + 2: Tuesday


def test_tet_2027_holidays_are_known() -> None:
    tet = {D(2027, 2, day) for day in range(4, 11)}
    assert tet <= public_holidays(2027)
    assert not any(VN.is_working_day(day) for day in tet)
    assert VN.is_working_day(D(2027, 2, 3)) and VN.is_working_day(D(2027, 2, 11))


def test_deadline_across_tet_2027() -> None:
    # opened Wednesday 3 February 2027, the last working day before Tết
    opened = D(2027, 2, 3)
    assert VN.add(opened, 2) == D(2027, 2, 12)  # Thursday 11, Friday 12
    # ten working days: 11, 12, 15–19, 22, 23, 24 February
    assert VN.add(opened, 10) == D(2027, 2, 24)
    assert VN.between(opened, D(2027, 2, 12)) == 2
    assert VN.between(opened, D(2027, 2, 10)) == 0  # all of Tết counts nothing


def test_opened_on_a_holiday_counts_from_the_next_working_day() -> None:
    assert VN.add(D(2027, 2, 6), 1) == D(2027, 2, 11)  # Tết's first day, a Saturday


def test_lunar_holidays_move_each_year() -> None:
    assert D(2026, 2, 17) in public_holidays(2026)  # Tết 2026
    assert D(2026, 2, 17) not in public_holidays(2027)
    assert D(2027, 4, 16) in public_holidays(2027)  # the Hùng Kings' day, 10th of the 3rd month


def test_an_agencys_own_days_off_are_skipped() -> None:
    compensatory = WorkCalendar.of([D(2026, 12, 7)])  # a Monday
    assert not compensatory.is_working_day(D(2026, 12, 7))
    assert compensatory.add(D(2026, 12, 4), 2) == D(2026, 12, 9)
    assert VN.add(D(2026, 12, 4), 2) == D(2026, 12, 8)


def test_between_and_add_agree() -> None:
    start = D(2026, 12, 20)
    for days in range(0, 40):
        assert VN.between(start, VN.add(start, days)) == days


def test_between_is_zero_backwards_and_on_the_same_day() -> None:
    assert VN.between(D(2026, 12, 9), D(2026, 12, 9)) == 0
    assert VN.between(D(2026, 12, 9), D(2026, 12, 1)) == 0


def test_out_of_range_days_are_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and"):
        VN.add(D(2026, 1, 1), -1)
