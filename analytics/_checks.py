"""Argument checks shared by the public functions and value objects.

Every check raises :class:`ValueError` (or :class:`TypeError` for a value of
the wrong kind) with a message that names the argument, shows the value that
was passed and says what a valid call looks like.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable
from typing import TypeVar

ALTERNATIVES = ("two-sided", "less", "greater")

_S = TypeVar("_S", bound=str)


def count(value: object, name: str) -> int:
    """Return ``value`` as a non-negative ``int`` (a count of people or dossiers)."""
    if type(value) is int and value >= 0:  # the common case, checked first
        return value
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a whole number of answers, got the boolean {value!r}")
    try:
        number = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        if isinstance(value, float) and value.is_integer():
            number = int(value)
        else:
            raise TypeError(
                f"{name} must be a whole number (a count), got {value!r}; "
                "round or aggregate before passing it"
            ) from None
    if number < 0:
        raise ValueError(f"{name} must be zero or more, got {number}")
    return number


def part_of_whole(part: object, whole: object, part_name: str, whole_name: str) -> tuple[int, int]:
    """Check two counts where the first is a subset of the second."""
    whole_count = count(whole, whole_name)
    part_count = count(part, part_name)
    if part_count > whole_count:
        raise ValueError(
            f"{part_name} ({part_count}) is larger than {whole_name} ({whole_count}): "
            f"{part_name} counts part of {whole_name}, so pass a value from 0 to {whole_count}"
        )
    return part_count, whole_count


def unit_interval(value: object, name: str) -> float:
    """Return ``value`` as a float strictly between 0 and 1."""
    number = finite(value, name)
    if not 0.0 < number < 1.0:
        hint = " (write 0.95, not 95)" if number > 1 else ""
        raise ValueError(f"{name} must be strictly between 0 and 1, got {number!r}{hint}")
    return number


def confidence(value: object) -> float:
    """Return a valid ``confidence_level``."""
    return unit_interval(value, "confidence_level")


def finite(value: object, name: str) -> float:
    """Return ``value`` as a finite float."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a number, got the boolean {value!r}")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {number!r}")
    return number


def choice(value: object, name: str, options: Iterable[_S]) -> _S:
    """Return ``value`` if it is one of ``options``."""
    allowed = tuple(options)
    for option in allowed:
        if value == option:
            return option
    listed = ", ".join(repr(str(option)) for option in allowed)
    raise ValueError(f"{name} must be one of {listed}; got {value!r}")


def alternative(value: object) -> str:
    """Return a valid scipy-style ``alternative``."""
    return choice(value, "alternative", ALTERNATIVES)


def text(value: object, name: str) -> str:
    """Return a non-blank string."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__} {value!r}")
    if not value.strip():
        raise ValueError(f"{name} must not be empty")
    return value
