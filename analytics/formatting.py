"""Numbers for people: percentages and counts formatted by locale with Babel.

Values are rounded half up (0.125 → "13%"), the way percentages are rounded
in Vietnamese administrative reports, before Babel applies the locale's
pattern (decimal comma and digit grouping for ``vi``). Missing values
(``nan``) are shown as an em dash.
"""

from __future__ import annotations

import copy
import functools
import math
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale, UnknownLocaleError

from analytics import _checks

__all__ = ["MISSING_TEXT", "format_number", "format_percent", "format_percent_range"]

MISSING_TEXT = "—"
"""Text shown in place of a missing value (``nan``)."""


def parse_locale(locale: str | Locale) -> Locale:
    """Return a Babel locale from ``"vi"``, ``"vi_VN"``, ``"vi-VN"`` or a :class:`Locale`."""
    if isinstance(locale, Locale):
        return locale
    if not isinstance(locale, str) or not locale.strip():
        raise ValueError(f"locale must be a language tag such as 'vi' or 'en', got {locale!r}")
    return _parse_tag(locale)


@functools.lru_cache(maxsize=64)
def _parse_tag(locale: str) -> Locale:
    # Babel's parsing costs more than formatting a number: a report of a
    # thousand rows formats thousands of numbers in one or two locales
    try:
        return Locale.parse(locale.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise ValueError(
            f"unknown locale {locale!r}: use a language tag such as 'vi', 'vi_VN' or 'en'"
        ) from None


@functools.lru_cache(maxsize=8192)
def _percent_text(rounded: Decimal, locale: Locale, places: int) -> str:
    """``rounded`` (a proportion already rounded half up) as a percentage.

    Cached: percentages with a fixed number of decimals take few values.
    """
    pattern = copy.copy(locale.percent_formats[None])
    pattern.frac_prec = (places, places)
    return str(pattern.apply(rounded, locale))


def _digits(digits: object) -> int:
    number = _checks.count(digits, "digits")
    if number > 10:
        raise ValueError(f"digits must be between 0 and 10, got {number}")
    return number


def _round_half_up(value: float, digits: int) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)


def format_percent(value: float, locale: str | Locale = "vi", *, digits: int = 1) -> str:
    """Format a proportion in [0, 1] as a percentage for ``locale``.

    >>> format_percent(0.182, "vi")
    '18,2%'
    >>> format_percent(0.182, "en")
    '18.2%'
    >>> format_percent(2 / 20, "vi", digits=0)
    '10%'
    >>> format_percent(float("nan"), "vi")
    '—'
    """
    if value.__class__ is float and locale.__class__ is str and digits.__class__ is int:
        # the usual call, from reports of thousands of rows: the same result as
        # below, without Decimal arithmetic unless the value lies on a half
        steps = _half_up_steps(value * 100, digits) if 0 <= digits <= 10 else None
        if steps is not None:
            return _percent_steps_text(steps, locale, digits)
    places = _digits(digits)
    babel_locale = parse_locale(locale)
    if _is_nan(value):
        return MISSING_TEXT
    number = _checks.finite(value, "value")
    rounded = _round_half_up(number * 100, places) / 100
    return _percent_text(rounded, babel_locale, places)


def _half_up_steps(value: float, digits: int) -> int | None:
    """``value`` rounded half up to ``digits`` decimals, as an integer count of steps.

    ``None`` when the float arithmetic cannot decide (a value within 1e-6 of
    a step's half, or not finite): :func:`_round_half_up` decides then.
    """
    scaled = value * _TEN[digits]
    if not math.isfinite(scaled) or abs(scaled) > 1e12:
        return None
    floor = math.floor(scaled)
    fraction = scaled - floor
    if abs(fraction - 0.5) < 1e-6:
        return None
    return floor + 1 if fraction > 0.5 else floor


_TEN = [10.0**i for i in range(11)]


@functools.lru_cache(maxsize=8192)
def _percent_steps_text(steps: int, locale: str, places: int) -> str:
    rounded = Decimal(steps).scaleb(-places) / 100
    return _percent_text(rounded, parse_locale(locale), places)


def format_number(value: float, locale: str | Locale = "vi", *, digits: int | None = None) -> str:
    """Format a number for ``locale``; ``digits`` fixes the decimal places.

    Without ``digits`` the number keeps up to three decimals, as Babel does.

    >>> format_number(1234567, "vi")
    '1.234.567'
    >>> format_number(70.25, "en", digits=1)
    '70.3'
    """
    babel_locale = parse_locale(locale)
    if _is_nan(value):
        return MISSING_TEXT
    number = _checks.finite(value, "value")
    pattern = copy.copy(babel_locale.decimal_formats[None])
    if digits is None:
        return str(pattern.apply(Decimal(repr(number)), babel_locale))
    places = _digits(digits)
    pattern.frac_prec = (places, places)
    return str(pattern.apply(_round_half_up(number, places), babel_locale))


def format_percent_range(
    low: float, high: float, locale: str | Locale = "vi", *, digits: int = 1
) -> str:
    """Format an interval of proportions as ``"91,2% – 95,1%"``.

    >>> format_percent_range(0.912, 0.951, "vi")
    '91,2% – 95,1%'
    """
    if _is_nan(low) or _is_nan(high):
        return MISSING_TEXT
    return (
        f"{format_percent(low, locale, digits=digits)} – "
        f"{format_percent(high, locale, digits=digits)}"
    )


def _is_nan(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)
