"""A collection's deadline and reminder schedule, in Vietnam time. Pure.

A deadline is given as a date (the end of that day in Vietnam time:
``2023-11-30`` is 23:59:59 on 30/11/2023, UTC+7) or a moment (one without
an offset is read in Vietnam time). The reminder schedule names days before
the deadline (``before_days``, for example 7 and 2) and, after it, a reminder
every ``after_every_days`` (for example weekly) to agencies that have still
not sent, at most :data:`MAX_AFTER` times. The schedule's moments are its
*stages*, numbered from 1; a reply remembers how many it has passed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from forms_service.i18n import N_, VIETNAM

__all__ = ["DEFAULT_SCHEDULE", "MAX_AFTER", "Schedule", "ScheduleRejected", "parse_deadline",
           "parse_schedule"]

MAX_AFTER = 12
FIRST_YEAR, LAST_YEAR = 2000, 2100
FIELDS = ("before_days", "after_every_days")


class ScheduleRejected(Exception):
    """A deadline or schedule that cannot be used: an English msgid and its parameters."""

    def __init__(self, message: str, /, **params: Any) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params


@dataclass(frozen=True, slots=True)
class Schedule:
    before_days: tuple[int, ...] = (7, 2)  # descending
    after_every_days: int | None = 7

    def moments(self, deadline: dt.datetime) -> list[dt.datetime]:
        """Every stage's moment, in order."""
        before = [deadline - dt.timedelta(days=days) for days in self.before_days]
        after = [deadline + dt.timedelta(days=self.after_every_days * n)
                 for n in range(1, MAX_AFTER + 1)] if self.after_every_days else []
        return before + after

    def stage(self, deadline: dt.datetime, now: dt.datetime) -> int:
        """How many stages have come by ``now``."""
        return sum(1 for moment in self.moments(deadline) if moment <= now)

    def as_dict(self) -> dict[str, Any]:
        return {"before_days": list(self.before_days),
                "after_every_days": self.after_every_days}


DEFAULT_SCHEDULE = Schedule()


def parse_deadline(text: Any) -> dt.datetime:
    """The deadline as an aware moment (see the module's note)."""
    if not isinstance(text, str) or not text.strip():
        raise ScheduleRejected(N_(
            "deadline is required: a date such as 2023-11-30 (the end of that day, "
            "Vietnam time) or a moment such as 2023-11-30T17:00:00+07:00."))
    value = text.strip()
    try:
        if len(value) == 10:
            day = dt.date.fromisoformat(value)
            moment = dt.datetime.combine(day, dt.time(23, 59, 59), VIETNAM)
        else:
            moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ScheduleRejected(N_(
            "deadline {value} is not a date (2023-11-30) or a moment "
            "(2023-11-30T17:00:00+07:00)."), value=value[:40]) from None
    moment = moment if moment.tzinfo is not None else moment.replace(tzinfo=VIETNAM)
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ScheduleRejected(N_("deadline {value} is not between the years {first} and "
                                  "{last}."), value=value[:40], first=FIRST_YEAR,
                               last=LAST_YEAR)
    return moment


def parse_schedule(raw: Any) -> Schedule:
    """The checked schedule of a JSON object (``None``: the default one)."""
    if raw is None:
        return DEFAULT_SCHEDULE
    if not isinstance(raw, dict):
        raise ScheduleRejected(N_(
            "reminders must be an object with before_days (such as [7, 2]) and "
            "after_every_days (such as 7)."))
    unknown = sorted(str(name) for name in raw if name not in FIELDS)
    if unknown:
        raise ScheduleRejected(N_("{field} is not a field of reminders; the fields are: "
                                  "{fields}."), field=unknown[0][:40], fields=", ".join(FIELDS))
    before = raw.get("before_days", [7, 2])
    if not isinstance(before, list) or len(before) > 5 or not all(
            isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 90 for d in before):
        raise ScheduleRejected(N_(
            "reminders.before_days must list at most 5 numbers of days from 1 to 90, "
            "such as [7, 2]."))
    every = raw.get("after_every_days", 7)
    if every is not None and (isinstance(every, bool) or not isinstance(every, int)
                              or not 1 <= every <= 30):
        raise ScheduleRejected(N_(
            "reminders.after_every_days must be a number of days from 1 to 30 (7: weekly), "
            "or null for no reminder after the deadline."))
    return Schedule(tuple(sorted(set(before), reverse=True)), every)
