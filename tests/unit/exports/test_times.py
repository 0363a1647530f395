"""Times in the files: Vietnam time, equal to Python's own conversion for every moment."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from forms_service.exports.times import in_vietnam
from forms_service.i18n import VIETNAM

MOMENTS = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 12, 31),
                       timezones=st.just(dt.UTC))


@given(MOMENTS)
def test_the_hour_lookup_equals_a_full_conversion(moment: dt.datetime) -> None:
    text = moment.isoformat()  # as SQLite holds it and PostgreSQL is read (+00:00)
    assert in_vietnam(text) == moment.astimezone(VIETNAM).isoformat()
    assert in_vietnam(text).endswith("+07:00")


def test_other_offsets_are_converted_too() -> None:
    assert in_vietnam("2026-07-27T13:16:14+02:00") == "2026-07-27T18:16:14+07:00"
    assert in_vietnam("2026-12-31T20:00:00+00:00") == "2027-01-01T03:00:00+07:00"
