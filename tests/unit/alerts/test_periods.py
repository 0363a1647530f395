"""The period a digest covers, at the moment the sweep looks (Vietnam time)."""

from __future__ import annotations

import datetime as dt

import pytest

from forms_service.alerts.digests import Period, latest_period

VN = dt.timezone(dt.timedelta(hours=7))
D = dt.date


@pytest.mark.parametrize(("now", "daily", "weekly"), [
    # Tuesday 07:30: Monday; the week of Monday 30 November
    (dt.datetime(2026, 12, 8, 7, 30, tzinfo=VN), (D(2026, 12, 7), D(2026, 12, 8)),
     (D(2026, 11, 30), D(2026, 12, 7))),
    # Tuesday 06:59: not yet Monday's, still Sunday's
    (dt.datetime(2026, 12, 8, 6, 59, tzinfo=VN), (D(2026, 12, 6), D(2026, 12, 7)),
     (D(2026, 11, 30), D(2026, 12, 7))),
    # Monday 06:59: last week's not yet, the week before's
    (dt.datetime(2026, 12, 7, 6, 59, tzinfo=VN), (D(2026, 12, 5), D(2026, 12, 6)),
     (D(2026, 11, 23), D(2026, 11, 30))),
    # Monday 07:00 (00:00 UTC): last week's is due
    (dt.datetime(2026, 12, 7, 0, 0, tzinfo=dt.UTC), (D(2026, 12, 6), D(2026, 12, 7)),
     (D(2026, 11, 30), D(2026, 12, 7))),
    # New Year: 1 January 2027 is a Friday
    (dt.datetime(2027, 1, 1, 8, tzinfo=VN), (D(2026, 12, 31), D(2027, 1, 1)),
     (D(2026, 12, 21), D(2026, 12, 28))),
])
def test_latest_period(now: dt.datetime, daily: tuple[dt.date, dt.date],
                       weekly: tuple[dt.date, dt.date]) -> None:
    assert latest_period("daily", now) == Period("daily", *daily)
    assert latest_period("weekly", now) == Period("weekly", *weekly)


def test_the_period_before_and_its_bounds_in_utc() -> None:
    week = Period("weekly", D(2026, 11, 30), D(2026, 12, 7))
    assert week.previous == Period("weekly", D(2026, 11, 23), D(2026, 11, 30))
    start, end = week.bounds()
    assert start == dt.datetime(2026, 11, 29, 17, tzinfo=dt.UTC)
    assert end == dt.datetime(2026, 12, 6, 17, tzinfo=dt.UTC)
