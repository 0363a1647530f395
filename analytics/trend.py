"""Trend of a rate over periods: the Cochran–Armitage test and a p-chart."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from analytics import _checks
from analytics._result import Result

__all__ = ["PChart", "PChartPoint", "TrendResult", "p_chart", "trend_test"]


@dataclass(frozen=True, repr=False)
class TrendResult(Result):
    """Result of :func:`trend_test`.

    ``slope`` is the change of the rate per period (least squares weighted
    by answers); ``statistic`` the chi-square (1 df) and ``z`` its signed
    root; all ``nan`` when fewer than ``min_periods`` periods had answers.
    """

    periods: int
    slope: float
    statistic: float
    z: float
    pvalue: float
    min_periods: int
    method: str = "cochran-armitage"


def _counts(successes: Sequence[int], n: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    if len(successes) != len(n):
        raise ValueError("successes and n must have one value per period")
    pairs = [_checks.part_of_whole(x, m, f"successes[{i}]", f"n[{i}]")
             for i, (x, m) in enumerate(zip(successes, n, strict=True))]
    x = np.array([p[0] for p in pairs], dtype=float)
    size = np.array([p[1] for p in pairs], dtype=float)
    return x, size


def trend_test(
    successes: Sequence[int],
    n: Sequence[int],
    *,
    scores: Sequence[float] | None = None,
    min_periods: int = 4,
) -> TrendResult:
    """Test for a linear trend in a rate over ordered periods.

    Parameters
    ----------
    successes, n : sequence of int
        Satisfied answers and answers in each period, oldest first.
    scores : sequence of float, optional
        Position of each period (default 1, 2, 3, …).
    min_periods : int, optional
        Periods with answers needed for a test (default 4).

    Returns
    -------
    TrendResult
        ``slope`` per unit of score, the chi-square ``statistic``, signed
        ``z`` and two-sided ``pvalue``. Periods without answers are left out.

    Notes
    -----
    The Cochran–Armitage test in the form of R's ``prop.trend.test``: with
    :math:`\\bar p = \\sum x_i / \\sum n_i` and the slope
    :math:`b = \\sum n_i (s_i - \\bar s)(\\hat p_i - \\bar p) / \\sum n_i (s_i - \\bar s)^2`
    (:math:`\\bar s` weighted by :math:`n_i`), the statistic is
    :math:`b^2 \\sum n_i (s_i - \\bar s)^2 / \\bar p(1 - \\bar p)`,
    chi-square with 1 degree of freedom.

    References
    ----------
    .. [1] W. G. Cochran, "Some methods for strengthening the common χ²
       tests", Biometrics 10 (1954) 417–451.
    .. [2] P. Armitage, "Tests for linear trends in proportions and
       frequencies", Biometrics 11 (1955) 375–386.
    .. [3] R Core Team, ``prop.trend.test`` in the R ``stats`` package.

    Examples
    --------
    >>> r = trend_test([83, 90, 129, 70], [86, 93, 136, 82])
    >>> round(r.statistic, 4), round(r.pvalue, 6)
    (8.2249, 0.004132)
    """
    x, size = _counts(successes, n)
    minimum = _checks.count(min_periods, "min_periods")
    s = np.arange(1.0, x.size + 1.0) if scores is None else np.array(
        [_checks.finite(v, f"scores[{i}]") for i, v in enumerate(scores)])
    if s.shape != x.shape:
        raise ValueError("scores must have one value per period")
    keep = size > 0
    x, size, s = x[keep], size[keep], s[keep]
    periods = int(keep.sum())
    nan = math.nan
    if periods < max(minimum, 2):
        return TrendResult(periods, nan, nan, nan, nan, minimum)
    p_bar = float(x.sum() / size.sum())
    s_bar = np.dot(size, s) / size.sum()
    sxx = float(np.dot(size, (s - s_bar) ** 2))
    if sxx == 0:
        raise ValueError("scores must not all be equal")
    slope = float(np.dot(size, (s - s_bar) * (x / size - p_bar)) / sxx)
    if p_bar in (0.0, 1.0):
        return TrendResult(periods, slope, 0.0, 0.0, 1.0, minimum)
    statistic = float(slope * slope * sxx / (p_bar * (1.0 - p_bar)))
    z = math.copysign(math.sqrt(statistic), slope)
    return TrendResult(periods, slope, statistic, z, float(stats.chi2.sf(statistic, 1)), minimum)


@dataclass(frozen=True, repr=False)
class PChartPoint(Result):
    """One period of a p-chart. ``gap`` periods have too few answers and no limits."""

    successes: int
    n: int
    rate: float
    lower: float
    upper: float
    gap: bool
    out_of_control: bool


@dataclass(frozen=True, repr=False)
class PChart(Result):
    """Result of :func:`p_chart`: the centre line and one point per period."""

    centre: float
    sigmas: float
    min_n: int
    points: tuple[PChartPoint, ...]


def p_chart(
    successes: Sequence[int],
    n: Sequence[int],
    *,
    sigmas: float = 3.0,
    min_n: int = 30,
) -> PChart:
    """Control limits of a rate per period (a p-chart with varying sample sizes).

    Parameters
    ----------
    successes, n : sequence of int
        Satisfied answers and answers in each period.
    sigmas : float, optional
        Width of the limits in standard errors (default 3).
    min_n : int, optional
        Periods with fewer answers are gaps: no point, no limits, and they
        do not count in the centre line (default 30).

    Returns
    -------
    PChart
        ``centre`` :math:`\\bar p = \\sum x_i / \\sum n_i` over the periods
        that are not gaps, and per period the rate, the limits
        :math:`\\bar p \\pm k \\sqrt{\\bar p (1 - \\bar p) / n_i}` clipped to
        [0, 1], and whether the rate lies outside them.

    References
    ----------
    .. [1] D. C. Montgomery, *Introduction to Statistical Quality Control*,
       6th ed. (Wiley, 2009), section 7.2.2 (variable sample size).
    .. [2] W. A. Shewhart, *Economic Control of Quality of Manufactured
       Product* (Van Nostrand, 1931).

    Examples
    --------
    >>> chart = p_chart([90, 80, 5], [100, 100, 6])
    >>> round(chart.centre, 4), round(chart.points[0].upper, 4), chart.points[2].gap
    (0.85, 0.9571, True)
    """
    x, size = _counts(successes, n)
    k = _checks.finite(sigmas, "sigmas")
    if k <= 0:
        raise ValueError(f"sigmas must be greater than 0, got {k!r}")
    minimum = max(1, _checks.count(min_n, "min_n"))
    shown = size >= minimum
    nan = math.nan
    centre = float(x[shown].sum() / size[shown].sum()) if shown.any() else nan
    points = []
    for xi, ni, show in zip(x, size, shown, strict=True):
        rate = float(xi / ni) if ni else nan
        if not show or math.isnan(centre):
            points.append(PChartPoint(int(xi), int(ni), rate, nan, nan, True, False))
            continue
        half = k * math.sqrt(centre * (1.0 - centre) / ni)
        low, high = max(0.0, centre - half), min(1.0, centre + half)
        points.append(PChartPoint(int(xi), int(ni), rate, low, high, False,
                                  bool(rate < low or rate > high)))
    return PChart(centre, k, minimum, tuple(points))
