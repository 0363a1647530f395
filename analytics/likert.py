"""Summaries of a rating-scale (Likert) question from counts per level."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from analytics import _checks
from analytics._result import Result

__all__ = ["LikertSummary", "likert_summary"]


@dataclass(frozen=True, repr=False)
class LikertSummary(Result):
    """Distribution, mean, median and top-box share of one rating question.

    ``levels`` are the scale points in increasing order, ``counts`` and
    ``proportions`` follow the same order. ``top_box`` is the share of
    answers in the ``top`` highest levels (top-2-box by default).
    """

    levels: tuple[int, ...]
    counts: tuple[int, ...]
    n: int
    proportions: tuple[float, ...]
    mean: float
    median: float
    top: int
    top_box: float


def likert_summary(
    counts: Mapping[int, int], *, top: int = 2, levels: Iterable[int] | None = None
) -> LikertSummary:
    """Summarize a rating question from the number of answers at each level.

    Parameters
    ----------
    counts : mapping of int to int
        Answers per scale level, e.g. ``{5: 120, 4: 60, 3: 15, 2: 3, 1: 2}``.
        This is what ``GROUP BY answer`` returns.
    top : int, optional
        Number of highest levels counted in the top box (default 2, the
        "top-2-box": satisfied + very satisfied on a 5-point scale).
    levels : iterable of int, optional
        All levels of the scale. Defaults to the keys of ``counts``; pass it
        (e.g. ``range(1, 6)``) when some levels may have no answers, so that
        the top box is taken from the top of the scale and not from the
        highest level that happened to be chosen.

    Returns
    -------
    LikertSummary
        ``levels``, ``counts``, ``n``, ``proportions``, ``mean``, ``median``,
        ``top`` and ``top_box``. With no answers the proportions, mean,
        median and top box are ``nan``.

    Notes
    -----
    The median is that of the individual answers: the middle answer, or the
    mean of the two middle answers when n is even (as :func:`numpy.median`
    on the expanded data). Treating level numbers as interval data for the
    mean is a convention of satisfaction reporting; the distribution and
    the median do not depend on it.

    Examples
    --------
    >>> s = likert_summary({5: 120, 4: 60, 3: 15, 2: 3, 1: 2})
    >>> s.n, round(s.mean, 2), s.median, s.top_box
    (200, 4.46, 5.0, 0.9)
    """
    shown = _checks.count(top, "top")
    scale = _scale(counts, levels)
    if not 1 <= shown <= len(scale):
        raise ValueError(
            f"top must be between 1 and the number of levels ({len(scale)}), got {shown}"
        )
    numbers = tuple(_checks.count(counts.get(level, 0), f"counts[{level}]") for level in scale)
    n = sum(numbers)
    if n == 0:
        nan = math.nan
        return LikertSummary(scale, numbers, 0, tuple(nan for _ in scale), nan, nan, shown, nan)
    proportions = tuple(number / n for number in numbers)
    mean = sum(level * number for level, number in zip(scale, numbers, strict=True)) / n
    median = (
        _order_statistic(scale, numbers, (n - 1) // 2) + _order_statistic(scale, numbers, n // 2)
    ) / 2
    top_box = sum(numbers[-shown:]) / n
    return LikertSummary(scale, numbers, n, proportions, mean, float(median), shown, top_box)


def _scale(counts: Mapping[int, int], levels: Iterable[int] | None) -> tuple[int, ...]:
    keys = list(counts)
    for key in keys:
        if isinstance(key, bool) or not isinstance(key, int):
            raise ValueError(f"scale levels must be whole numbers, got {key!r}")
    if levels is None:
        scale = tuple(sorted(keys))
    else:
        scale = tuple(sorted({int(level) for level in levels}))
        unknown = sorted(set(keys) - set(scale))
        if unknown:
            raise ValueError(f"counts has levels {unknown} that are not among levels {list(scale)}")
    if len(scale) < 2:
        raise ValueError(
            "a rating scale needs at least two levels; pass levels=range(1, 6) for 1–5"
        )
    return scale


def _order_statistic(scale: tuple[int, ...], numbers: tuple[int, ...], index: int) -> int:
    """Value of the answer at 0-based position ``index`` in sorted order."""
    seen = 0
    for level, number in zip(scale, numbers, strict=True):
        seen += number
        if index < seen:
            return level
    raise AssertionError("index beyond the number of answers")
