"""A counter's opening hours, written as people write them:
``"mon-fri 07:30-11:30 13:30-17:00; sat 07:30-11:30"`` (Vietnam time).

Days are ``mon`` … ``sun``, a range (``mon-fri``) or a list (``mon,wed``);
each is followed by one or more ``HH:MM-HH:MM`` intervals.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from forms_service.errors import InvalidInput
from forms_service.i18n import VIETNAM

__all__ = ["OpeningHours", "parse_hours"]

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_INTERVAL = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")


@dataclass(frozen=True, slots=True)
class OpeningHours:
    """Per weekday (0 = Monday), the open intervals in minutes after midnight."""

    days: tuple[tuple[tuple[int, int], ...], ...]

    def open_at(self, moment: dt.datetime) -> bool:
        local = moment.astimezone(VIETNAM)
        minute = local.hour * 60 + local.minute
        return any(start <= minute < end for start, end in self.days[local.weekday()])


def _refuse(text: str) -> InvalidInput:
    return InvalidInput("opening_hours {value} cannot be read: write it like "
                        "mon-fri 07:30-11:30 13:30-17:00; sat 07:30-11:30", value=text[:80])


def _days(word: str, text: str) -> list[int]:
    found: list[int] = []
    for part in word.split(","):
        ends = part.split("-")
        if not all(e in DAYS for e in ends) or len(ends) > 2:
            raise _refuse(text)
        first, last = DAYS.index(ends[0]), DAYS.index(ends[-1])
        if last < first:
            raise _refuse(text)
        found.extend(range(first, last + 1))
    return found


def parse_hours(text: str) -> OpeningHours:
    """The opening hours written in ``text``, or ``InvalidInput`` saying how to write them."""
    days: list[list[tuple[int, int]]] = [[] for _ in DAYS]
    clauses = [c.strip() for c in text.lower().split(";") if c.strip()]
    if not clauses:
        raise _refuse(text)
    for clause in clauses:
        words = clause.split()
        if len(words) < 2:
            raise _refuse(text)
        for interval in words[1:]:
            m = _INTERVAL.match(interval)
            if not m:
                raise _refuse(text)
            start = int(m[1]) * 60 + int(m[2])
            end = int(m[3]) * 60 + int(m[4])
            if end <= start or end > 24 * 60:
                raise _refuse(text)
            for day in _days(words[0], text):
                days[day].append((start, end))
    return OpeningHours(tuple(tuple(d) for d in days))
