"""Numbers answered many times, summarized from counts per distinct value.

What ``GROUP BY answer`` returns, ``{value: count}``, is enough for the mean
with its t interval, the quartiles and a histogram: the functions here give
the same numbers as scipy and numpy on the expanded answers without
expanding them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy import stats

from analytics import _checks
from analytics._result import Result

__all__ = ["Histogram", "MeanResult", "Quartiles", "histogram", "mean_ci", "quartiles"]


def _arrays(counts: Mapping[float, int]) -> tuple[np.ndarray, np.ndarray]:
    values, numbers = [], []
    for value, number in sorted(counts.items()):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"values must be numbers, got {value!r}")
        values.append(float(_checks.finite(value, "value")))
        numbers.append(_checks.count(number, f"counts[{value}]"))
    return np.asarray(values, dtype=float), np.asarray(numbers, dtype=np.int64)


@dataclass(frozen=True, repr=False)
class MeanResult(Result):
    """A mean with its two-sided t interval (``nan`` where undefined)."""

    n: int
    mean: float
    sd: float
    ci_low: float
    ci_high: float
    confidence_level: float


def mean_ci(counts: Mapping[float, int], *, confidence_level: float = 0.95) -> MeanResult:
    """Mean of answers given as counts per value, with a Student t interval.

    Parameters
    ----------
    counts : mapping of number to int
        Answers per value, e.g. ``{5: 120, 4: 60, 3: 15}``.
    confidence_level : float, optional
        Confidence level of the interval (default 0.95).

    Returns
    -------
    MeanResult
        ``n``, ``mean``, ``sd`` (sample standard deviation, ``ddof=1``),
        ``ci_low``, ``ci_high``. The mean is ``nan`` without answers, the
        standard deviation and interval with fewer than two.

    Notes
    -----
    The interval is :math:`\\bar x \\pm t_{n-1, 1-\\alpha/2}\\, s/\\sqrt n`,
    as ``scipy.stats.t.interval(level, n - 1, loc=mean, scale=sem)``.

    Examples
    --------
    >>> r = mean_ci({5: 2, 4: 1, 3: 1})
    >>> r.mean, round(r.ci_low, 3), round(r.ci_high, 3)
    (4.25, 2.727, 5.773)
    """
    level = _checks.confidence(confidence_level)
    values, numbers = _arrays(counts)
    n = int(numbers.sum())
    nan = math.nan
    if n == 0:
        return MeanResult(0, nan, nan, nan, nan, level)
    mean = float((values * numbers).sum() / n)
    if n < 2:
        return MeanResult(n, mean, nan, nan, nan, level)
    variance = float((numbers * (values - mean) ** 2).sum() / (n - 1))
    sd = math.sqrt(max(variance, 0.0))
    half = float(stats.t.ppf(1.0 - (1.0 - level) / 2.0, n - 1)) * sd / math.sqrt(n)
    return MeanResult(n, mean, sd, mean - half, mean + half, level)


@dataclass(frozen=True, repr=False)
class Quartiles(Result):
    """The minimum, quartiles, median and maximum of the answers."""

    n: int
    minimum: float
    q1: float
    median: float
    q3: float
    maximum: float


def _quantile(values: np.ndarray, cumulative: np.ndarray, n: int, q: float) -> float:
    """``numpy.quantile(expanded, q)`` (linear interpolation) from the counts."""
    position = (n - 1) * q
    low, high = math.floor(position), math.ceil(position)
    below = float(values[np.searchsorted(cumulative, low, side="right")])
    above = float(values[np.searchsorted(cumulative, high, side="right")])
    return below + (above - below) * (position - low)


def quartiles(counts: Mapping[float, int]) -> Quartiles:
    """Quartiles of answers given as counts per value.

    The quantiles are numpy's default (``method='linear'``, type 7 of
    Hyndman and Fan) on the expanded answers; all ``nan`` without answers.

    Examples
    --------
    >>> q = quartiles({1: 1, 2: 1, 3: 1, 4: 1})
    >>> q.q1, q.median, q.q3
    (1.75, 2.5, 3.25)
    """
    values, numbers = _arrays(counts)
    kept = numbers > 0
    values, numbers = values[kept], numbers[kept]
    n = int(numbers.sum())
    if n == 0:
        nan = math.nan
        return Quartiles(0, nan, nan, nan, nan, nan)
    cumulative = np.cumsum(numbers)
    q1, median, q3 = (_quantile(values, cumulative, n, q) for q in (0.25, 0.5, 0.75))
    return Quartiles(n, float(values[0]), q1, median, q3, float(values[-1]))


@dataclass(frozen=True, repr=False)
class Histogram(Result):
    """Counts of answers in bins: ``edges`` has one more item than ``counts``."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]


def histogram(counts: Mapping[float, int], *, bins: int = 10) -> Histogram:
    """A histogram of answers given as counts per value.

    Whole-number answers with at most ``bins`` distinct values get one bin
    per value (edges at the half-points); otherwise ``bins`` equal bins
    from the smallest to the largest answer, as ``numpy.histogram`` of the
    expanded answers.

    Examples
    --------
    >>> histogram({1: 3, 2: 5}).counts
    (3, 5)
    """
    if bins < 1:
        raise ValueError(f"bins must be at least 1, got {bins}")
    values, numbers = _arrays(counts)
    kept = numbers > 0
    values, numbers = values[kept], numbers[kept]
    if values.size == 0:
        return Histogram((), ())
    whole = bool(np.all(values == np.round(values)))
    if whole and values[-1] - values[0] + 1 <= bins:
        edges = np.arange(values[0] - 0.5, values[-1] + 1.0, 1.0)
    else:
        edges = np.histogram_bin_edges(values, bins=bins)
    found, _ = np.histogram(values, bins=edges, weights=numbers)
    return Histogram(tuple(float(e) for e in edges), tuple(int(c) for c in found))
