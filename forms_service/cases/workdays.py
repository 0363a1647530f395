"""Working days in Vietnam: Monday to Friday, without public holidays and without
the days off an agency adds (compensatory days, local holidays).

Pure arithmetic on dates, no database: the public holidays come from the
``holidays`` library (MIT), which knows the lunar-calendar holidays (Tết
Nguyên Đán, the Hùng Kings' day) and the days off the government moves;
an agency's own days off are passed in.

A deadline of *n* working days after a day is the *n*-th working day after
it (the day itself does not count, whatever time of day a case opened):
a case opened on a Friday with two working days to acknowledge is due on
the Tuesday. The time taken between two days is the number of working days
after the first, up to and including the second: a case acknowledged on the
day it opened took 0 working days, on the next working day 1.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import holidays

__all__ = ["MAX_DAYS", "WorkCalendar", "public_holidays"]

#: The most working days a deadline may count (about a year).
MAX_DAYS = 260


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[dt.date]:
    """Vietnam's public holidays (and the days off moved by the government) in ``year``."""
    return frozenset(holidays.country_holidays("VN", years=year))


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Vietnam's working days, less ``days_off`` (an agency's own days off)."""

    days_off: frozenset[dt.date] = field(default_factory=frozenset)

    @classmethod
    def of(cls, days_off: Iterable[dt.date] = ()) -> WorkCalendar:
        return cls(frozenset(days_off))

    def is_working_day(self, day: dt.date) -> bool:
        """Monday to Friday, not a public holiday, not one of the agency's days off."""
        return (day.weekday() < 5 and day not in public_holidays(day.year)
                and day not in self.days_off)

    def add(self, start: dt.date, days: int) -> dt.date:
        """The ``days``-th working day after ``start`` (``start`` itself with 0 days)."""
        if not 0 <= days <= MAX_DAYS:
            raise ValueError(f"days must be between 0 and {MAX_DAYS}, not {days}")
        day, counted = start, 0
        while counted < days:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if ``end`` is not
        after ``start``)."""
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count
