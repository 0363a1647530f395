"""When an invitation may be sent: after the rule's delay, outside quiet hours
(Vietnam time) for SMS and Zalo. Pure functions."""

from __future__ import annotations

import datetime as dt

from forms_service.i18n import VIETNAM

__all__ = ["in_quiet_hours", "parse_clock", "send_time"]


def parse_clock(text: str) -> dt.time | None:
    """``"21:00"`` → 21:00; ``None`` if it is not HH:MM."""
    try:
        hours, minutes = text.split(":")
        if len(hours) != 2 or len(minutes) != 2:
            return None
        return dt.time(int(hours), int(minutes))
    except ValueError:
        return None


def in_quiet_hours(moment: dt.datetime, start: dt.time, end: dt.time) -> bool:
    local = moment.astimezone(VIETNAM).time()
    if start < end:
        return start <= local < end
    return local >= start or local < end  # across midnight


def send_time(returned_at: dt.datetime, *, delay: dt.timedelta, channel: str,
              quiet: tuple[dt.time, dt.time] | None) -> dt.datetime:
    """The first moment at or after ``returned_at + delay`` an invitation by ``channel``
    may go out (e-mail ignores quiet hours)."""
    moment = returned_at + delay
    if quiet is None or channel == "email" or not in_quiet_hours(moment, *quiet):
        return moment
    end = quiet[1]
    local = moment.astimezone(VIETNAM)
    opening = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if opening <= local:
        opening += dt.timedelta(days=1)
    return opening.astimezone(dt.UTC)
