"""Languages and local time of the service, in one place.

Everything a person reads is an English msgid translated here from the
service's catalogues (``forms_service/locale/<lang>/LC_MESSAGES/*.po``, one
domain per area, all consulted in turn).  The supported locales, the one
negotiation of a locale from what a request offers, and Vietnam's time zone
live here too, so that services, pages, exports and commands agree without
importing the HTTP layer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, get_args

from form_schemas import Catalogue, negotiate_locale

__all__ = [
    "CATALOGUES",
    "DEFAULT_LOCALE",
    "LOCALES",
    "N_",
    "VIETNAM",
    "Locale",
    "local_month",
    "negotiate",
    "translate",
    "vietnam_now",
    "vietnam_today",
]

#: The languages of the service: Vietnamese first (the default), then English.
#: ``Locale`` is their type for request bodies (an enum in the OpenAPI document).
Locale = Literal["vi", "en"]
LOCALES: tuple[str, ...] = get_args(Locale)
DEFAULT_LOCALE = "vi"

#: Vietnam's time zone (UTC+7, no daylight saving): months, quarters, deadlines
#: and every time a person reads are in it.
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")

LOCALE_DIR = Path(__file__).parent / "locale"
# one .po domain per area of the service (messages.po for the core, others
# beside it), all consulted in turn
CATALOGUES = tuple(
    Catalogue(LOCALE_DIR, path.stem)
    for path in sorted((LOCALE_DIR / "vi" / "LC_MESSAGES").glob("*.po"))
)


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it yet."""
    return message


def translate(locale: str, message: str, **params: Any) -> str:
    """``message`` (an English msgid) in ``locale``, filled with ``params``."""
    text = message
    for catalogue in CATALOGUES:
        text = catalogue.translate(locale, message)
        if text != message:
            break
    return text.format(**params) if params else text


def negotiate(
    *choices: str | None, accept_language: str | None = None,
    available: Iterable[str] = LOCALES,
) -> str:
    """The locale to use: the first of ``choices`` that is available, else the best
    match of an ``Accept-Language`` header, else Vietnamese.

    ``choices`` go from the strongest to the weakest, as each caller orders
    them: an explicit parameter (``?lang=``, ``locale``), then what the
    context says (a token's claim, a remembered choice, a person's setting).
    Unknown or empty choices are skipped.
    """
    names = tuple(available)
    for candidate in choices:
        if candidate and candidate in names:
            return candidate
    negotiated = negotiate_locale(accept_language)
    return negotiated if negotiated in names else DEFAULT_LOCALE


def vietnam_now() -> dt.datetime:
    """The current time in Vietnam (aware, UTC+7)."""
    return dt.datetime.now(VIETNAM)


def vietnam_today() -> dt.date:
    """Today's date in Vietnam."""
    return vietnam_now().date()


def local_month(moment: dt.datetime) -> str:
    """The calendar month of ``moment`` in Vietnam, as ``YYYY-MM``."""
    start, end, label = _month
    if start <= moment < end:  # the month of the last call: nearly always
        return label
    local = moment.astimezone(VIETNAM)
    label = f"{local.year}-{local.month:02d}"
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    # kept in UTC: a moment in UTC (as every submission's is) then compares with
    # them field by field, without an offset computed for each side
    _month[:] = (start.astimezone(dt.UTC), end.astimezone(dt.UTC), label)
    return label


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_month: list[Any] = [_EPOCH, _EPOCH, ""]  # the last month computed: its start, end, label
