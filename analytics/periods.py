"""Reporting periods: a year ("2023"), a quarter ("2023-Q3") or a month ("2023-07")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Period", "parse_period", "quarter_of"]

_PATTERN = re.compile(r"(?P<year>\d{4})(?:-(?:Q(?P<quarter>\d)|(?P<month>\d{2})))?")
_HELP = (
    "use 'YYYY' (2023), 'YYYY-Qn' with n from 1 to 4 (2023-Q3) "
    "or 'YYYY-MM' with MM from 01 to 12 (2023-07)"
)


@dataclass(frozen=True)
class Period:
    """A reporting period: a year, or one quarter or one month of it.

    At most one of ``quarter`` and ``month`` is set; ``str()`` gives the
    canonical text and :attr:`sort_key` orders periods chronologically.

    >>> str(Period(2023, month=7)), str(Period(2023, quarter=3)), str(Period(2023))
    ('2023-07', '2023-Q3', '2023')
    >>> Period(2023, quarter=5)
    Traceback (most recent call last):
    ...
    ValueError: quarter must be 1 to 4, got 5
    """

    year: int
    quarter: int | None = field(default=None, kw_only=True)
    month: int | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        year, quarter, month = self.year, self.quarter, self.month
        if isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999:
            raise ValueError(f"year must be a four-digit year such as 2023, got {year!r}")
        if quarter is not None and month is not None:
            raise ValueError(
                "a period is a year, a quarter or a month: give quarter or month, not both"
            )
        if quarter is not None and (isinstance(quarter, bool) or quarter not in range(1, 5)):
            raise ValueError(f"quarter must be 1 to 4, got {quarter!r}")
        if month is not None and (isinstance(month, bool) or month not in range(1, 13)):
            raise ValueError(f"month must be 1 to 12, got {month!r}")

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """(year, first month, −length in months): chronological, longer first."""
        if self.month is not None:
            return (self.year, self.month, -1)
        if self.quarter is not None:
            return (self.year, 3 * self.quarter - 2, -3)
        return (self.year, 1, -12)

    @property
    def kind(self) -> str:
        """``'year'``, ``'quarter'`` or ``'month'``."""
        return (
            "month" if self.month is not None else "quarter" if self.quarter is not None else "year"
        )

    def to_quarter(self) -> Period:
        """The quarter containing this month (a quarter is returned unchanged)."""
        if self.month is not None:
            return Period(self.year, quarter=(self.month - 1) // 3 + 1)
        if self.quarter is not None:
            return self
        raise ValueError(
            f"{self} is a whole year, which spans four quarters; pass a month or a quarter"
        )

    def __str__(self) -> str:
        if self.month is not None:
            return f"{self.year}-{self.month:02d}"
        if self.quarter is not None:
            return f"{self.year}-Q{self.quarter}"
        return str(self.year)


def parse_period(text: str | Period) -> Period:
    """Read a period written as ``"2023"``, ``"2023-Q3"`` or ``"2023-07"``.

    Raises :class:`ValueError` saying which forms are accepted.

    >>> parse_period("2023-Q3")
    Period(year=2023, quarter=3, month=None)
    >>> parse_period("2023-13")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: period '2023-13' is not valid: use 'YYYY' (2023), 'YYYY-Qn' with n from 1 to 4 ...
    """
    if isinstance(text, Period):
        return text
    if not isinstance(text, str):
        raise TypeError(f"period must be a string such as '2023-Q3', got {text!r}")
    match = _PATTERN.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"period {text!r} is not valid: {_HELP}")
    year = int(match["year"])
    try:
        if match["quarter"] is not None:
            return Period(year, quarter=int(match["quarter"]))
        if match["month"] is not None:
            return Period(year, month=int(match["month"]))
        return Period(year)
    except ValueError:
        raise ValueError(f"period {text!r} is not valid: {_HELP}") from None


def quarter_of(period: str | Period) -> str:
    """The quarter of a month period, as text: ``"2023-07"`` → ``"2023-Q3"``.

    >>> quarter_of("2023-07"), quarter_of("2023-12"), quarter_of("2023-Q1")
    ('2023-Q3', '2023-Q4', '2023-Q1')
    """
    return str(parse_period(period).to_quarter())
