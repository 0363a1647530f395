"""A form's schedule: when it opens, when it closes (Vietnam time) and how many
answers it takes.

Every way in (the form page, the JSON API, kiosks, invitation links) goes
through :func:`check_schedule` before it shows or stores anything; the cap is
enforced again where the answer is stored (see
:mod:`forms_service.responses.storage`), so that answers arriving together
never go past it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from forms_service.errors import FormClosed, FormFull, FormNotOpenYet, InvalidInput
from forms_service.i18n import VIETNAM

__all__ = [
    "MAX_CAP",
    "Schedule",
    "check_schedule",
    "has_schedule",
    "local_time",
    "make_schedule",
    "schedule_of",
]

MAX_CAP = 100_000_000


@dataclass(frozen=True, slots=True)
class Schedule:
    """When a form takes answers, and how many; None: no limit of that kind."""

    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    max_responses: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"opens_at": self.opens_at, "closes_at": self.closes_at,
                "max_responses": self.max_responses}


def _moment(value: Any) -> dt.datetime | None:
    """A stored time (a datetime, or the text SQLite gives back) as an aware UTC datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)  # type: ignore[no-any-return]


def _given(value: dt.datetime | None) -> dt.datetime | None:
    """A time given by a person: without an offset it is Vietnam time."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=VIETNAM)
    return value.astimezone(dt.UTC)


def make_schedule(opens_at: dt.datetime | None, closes_at: dt.datetime | None,
                  max_responses: int | None) -> Schedule:
    """A checked schedule; times without an offset are Vietnam time."""
    opens, closes = _given(opens_at), _given(closes_at)
    if opens is not None and closes is not None and closes <= opens:
        raise InvalidInput(
            "closes_at must be after opens_at: the survey would never be open "
            "(opens {opens}, closes {closes}, Vietnam time).",
            opens=local_time(opens), closes=local_time(closes))
    if max_responses is not None and not 1 <= max_responses <= MAX_CAP:
        raise InvalidInput("max_responses must be a whole number from 1 to 100000000, "
                           "or null for no cap.")
    return Schedule(opens, closes, max_responses)


def schedule_of(row: dict[str, Any]) -> Schedule:
    """The schedule of a form row (with ``opens_at``, ``closes_at``, ``max_responses``)."""
    return Schedule(_moment(row.get("opens_at")), _moment(row.get("closes_at")),
                    row.get("max_responses"))


def has_schedule(row: dict[str, Any]) -> bool:
    return any(row.get(name) is not None for name in ("opens_at", "closes_at", "max_responses"))


def local_time(moment: dt.datetime) -> str:
    """``moment`` as people read it in Vietnam: ``08:00 15/01/2027``."""
    return moment.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y")


def check_schedule(slug: str, row: dict[str, Any], answers: int | None = None,
                   now: dt.datetime | None = None) -> None:
    """Refuse when the form ``row`` is not open at ``now``, or when ``answers``
    (its count of stored answers, when it has a cap) reached the cap."""
    schedule = schedule_of(row)
    now = now or dt.datetime.now(dt.UTC)
    if schedule.opens_at is not None and now < schedule.opens_at:
        raise FormNotOpenYet(slug, local_time(schedule.opens_at))
    if schedule.closes_at is not None and now >= schedule.closes_at:
        raise FormClosed(slug, local_time(schedule.closes_at))
    if schedule.max_responses is not None and answers is not None \
            and answers >= schedule.max_responses:
        raise FormFull(slug, schedule.max_responses)
