"""Times in the files people read: Vietnam time with its offset stated."""

from __future__ import annotations

import datetime as dt

from forms_service.i18n import VIETNAM

__all__ = ["in_vietnam"]

_HOURS: dict[str, str] = {}  # "2026-07-27T13" (UTC) -> "2026-07-27T20" (Vietnam)
_VIETNAM_HOURS = dt.timedelta(hours=7)


def in_vietnam(text: str) -> str:
    """A record's UTC time as people read it: Vietnam time, offset stated.

    ``2026-07-27T13:16:14.804686+00:00`` → ``2026-07-27T20:16:14.804686+07:00``.
    Vietnam is seven whole hours ahead, so only the date and hour change: they
    are looked up per hour (one conversion per hour of answers, not per row).
    """
    if text.endswith("+00:00") and len(text) >= 25 and text[13] == ":":
        head = text[:13]
        local = _HOURS.get(head)
        if local is None:
            moment = dt.datetime.strptime(head, "%Y-%m-%dT%H") + _VIETNAM_HOURS
            local = moment.strftime("%Y-%m-%dT%H")
            if len(_HOURS) < 200_000:
                _HOURS[head] = local
        return f"{local}{text[13:-6]}+07:00"
    return dt.datetime.fromisoformat(text).astimezone(VIETNAM).isoformat()
