"""Quality grades A–E from score bands, and the grade distribution line."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from babel import Locale

from analytics import _checks
from analytics._result import Result
from analytics.formatting import format_percent, parse_locale
from analytics.labels import label

__all__ = [
    "DEFAULT_BANDS",
    "Grade",
    "GradeBands",
    "GradeDistribution",
    "grade",
    "grade_distribution",
]


class Grade(StrEnum):
    """Quality grade ("mức độ"), A best to E worst."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"


@dataclass(frozen=True)
class GradeBands:
    """Lowest score of grades A, B, C and D; lower scores get E.

    The bounds must be finite and strictly decreasing. A score equal to a
    bound gets that grade (90 is an A under the default bands).

    >>> GradeBands(a=85, b=70, c=55, d=40)
    GradeBands(a=85, b=70, c=55, d=40)
    >>> GradeBands(a=80, b=90, c=65, d=50)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: grade bands must decrease from A to D (a > b > c > d), got a=80, b=90, ...
    """

    a: float = 90
    b: float = 80
    c: float = 65
    d: float = 50

    def __post_init__(self) -> None:
        bounds = [_checks.finite(getattr(self, name), name) for name in "abcd"]
        if not all(high > low for high, low in itertools.pairwise(bounds)):
            shown = ", ".join(f"{name}={getattr(self, name)}" for name in "abcd")
            raise ValueError(
                "grade bands must decrease from A to D (a > b > c > d), "
                f"got {shown}: swap or correct the bounds"
            )

    def grade(self, score: float) -> Grade:
        """Grade of ``score`` under these bands."""
        value = _checks.finite(score, "score")
        for name, bound in zip("ABCD", (self.a, self.b, self.c, self.d), strict=True):
            if value >= bound:
                return Grade(name)
        return Grade.E


DEFAULT_BANDS = GradeBands()
"""A ≥ 90, B ≥ 80, C ≥ 65, D ≥ 50, else E (100-point score)."""


def grade(score: float, bands: GradeBands = DEFAULT_BANDS) -> Grade:
    """Grade A–E of a 100-point quality score.

    >>> grade(93.5), grade(80), grade(64.9), grade(12)
    (<Grade.A: 'A'>, <Grade.B: 'B'>, <Grade.D: 'D'>, <Grade.E: 'E'>)
    """
    return bands.grade(score)


@dataclass(frozen=True, repr=False)
class GradeDistribution(Result):
    """How many entries got each grade, in the order A to E."""

    counts: tuple[tuple[Grade, int], ...]
    total: int
    locale: str = "vi"

    def count(self, which: Grade | str) -> int:
        """Number of entries with grade ``which``."""
        return dict(self.counts)[Grade(which)]

    def share(self, which: Grade | str) -> float:
        """Proportion of entries with grade ``which`` (``nan`` if there are none)."""
        return self.count(which) / self.total if self.total else math.nan

    def lines(self, locale: str | Locale | None = None) -> list[str]:
        """One line per grade as in the published appendix.

        Percentages are rounded half up to whole numbers.

        >>> d = grade_distribution("AABBBBCCCCCCCCCCEEEE")
        >>> d.lines()[0], d.lines("en")[4]
        ('Mức độ A: 2/20 (10%)', 'Grade E: 4/20 (20%)')
        """
        chosen = parse_locale(self.locale if locale is None else locale)
        word = label("grade", chosen)
        return [
            f"{word} {which}: {number}/{self.total} "
            f"({format_percent(self.share(which), chosen, digits=0)})"
            for which, number in self.counts
        ]


def grade_distribution(grades: Iterable[Grade | str], *, locale: str = "vi") -> GradeDistribution:
    """Count grades A–E; ``.lines()`` gives "Mức độ A: 2/20 (10%)" lines.

    Parameters
    ----------
    grades : iterable of Grade or str
        One grade per ministry, province or service.
    locale : str, optional
        Default language of :meth:`GradeDistribution.lines` ("vi" or "en").

    Returns
    -------
    GradeDistribution
        ``counts`` (every grade A–E, zeros included), ``total`` and ``locale``.

    Examples
    --------
    >>> grade_distribution(["A", "B", "B", "E"]).count("B")
    2
    """
    parse_locale(locale)
    tally: Counter[Grade] = Counter()
    for index, value in enumerate(grades):
        try:
            tally[Grade(value)] += 1
        except ValueError:
            raise ValueError(
                f"grades[{index}] = {value!r} is not a grade: use 'A' to 'E'"
            ) from None
    counts = tuple((which, tally[which]) for which in Grade)
    return GradeDistribution(counts, sum(tally.values()), locale)
