"""``local_month``: the Vietnamese calendar month of a moment, whatever came before."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from forms_service.i18n import VIETNAM, local_month

MOMENTS = st.datetimes(min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2200, 1, 1),
                       timezones=st.sampled_from([dt.UTC, VIETNAM]))


def _expected(moment: dt.datetime) -> str:
    local = moment.astimezone(VIETNAM)
    return f"{local.year}-{local.month:02d}"


@given(st.lists(MOMENTS, min_size=1, max_size=20))
def test_every_moment_gets_its_own_month_in_any_order(moments: list[dt.datetime]) -> None:
    for moment in moments:  # the month kept from the call before must not leak
        assert local_month(moment) == _expected(moment)


def test_the_edges_of_a_month_in_vietnam() -> None:
    start = dt.datetime(2026, 12, 1, tzinfo=VIETNAM)  # 2026-11-30 17:00 UTC
    tick = dt.timedelta(microseconds=1)
    assert local_month(start - tick) == "2026-11"
    assert local_month(start) == "2026-12"
    assert local_month(start.astimezone(dt.UTC) - tick) == "2026-11"
    assert local_month(dt.datetime(2026, 12, 31, 23, 59, tzinfo=VIETNAM)) == "2026-12"
    assert local_month(dt.datetime(2027, 1, 1, tzinfo=VIETNAM)) == "2027-01"
    assert local_month(dt.datetime(2026, 12, 31, 16, 59, tzinfo=dt.UTC)) == "2026-12"
    assert local_month(dt.datetime(2026, 12, 31, 17, 0, tzinfo=dt.UTC)) == "2027-01"
