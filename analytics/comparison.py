"""Comparing two proportions: the difference, its interval and a test."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from scipy import special, stats

from analytics import _checks
from analytics._result import Result
from analytics.proportions import wilson_bounds

__all__ = ["DifferenceResult", "proportion_difference"]

Alternative = Literal["two-sided", "less", "greater"]


@dataclass(frozen=True, repr=False)
class DifferenceResult(Result):
    """Result of :func:`proportion_difference` (group 1 minus group 2).

    ``difference``, ``ci_low`` and ``ci_high`` are on the proportion scale
    (−1 to 1); ``statistic`` is the pooled z statistic and ``pvalue`` its
    p-value for ``alternative``. All are ``nan`` when a group is empty.
    """

    successes1: int
    n1: int
    successes2: int
    n2: int
    estimate1: float
    estimate2: float
    difference: float
    ci_low: float
    ci_high: float
    statistic: float
    pvalue: float
    alternative: str
    confidence_level: float
    method: str = "newcombe-hybrid-score"
    test: str = "pooled-z"


def proportion_difference(
    successes1: int,
    n1: int,
    successes2: int,
    n2: int,
    *,
    confidence_level: float = 0.95,
    alternative: Alternative = "two-sided",
) -> DifferenceResult:
    """Difference of two independent proportions with interval and test.

    Parameters
    ----------
    successes1, n1 : int
        Outcomes and answers in group 1 (for instance: reached by a channel).
    successes2, n2 : int
        Outcomes and answers in group 2 (for instance: not reached).
    confidence_level : float, optional
        Confidence level of the interval (default 0.95).
    alternative : {'two-sided', 'less', 'greater'}, optional
        Alternative hypothesis about p1 − p2, as in scipy: ``'greater'``
        means H1: p1 > p2. It selects the p-value and the kind of interval.

    Returns
    -------
    DifferenceResult
        ``estimate1``, ``estimate2``, ``difference`` (= p1 − p2), the interval
        ``ci_low`` .. ``ci_high``, ``statistic`` (z), ``pvalue``,
        ``alternative``, ``confidence_level``, ``method`` and ``test``.

    Notes
    -----
    Interval: Newcombe's hybrid score interval ("method 10"). With Wilson
    intervals :math:`(l_i, u_i)` for each proportion at the same level,

    .. math:: L = d - \\sqrt{(\\hat p_1 - l_1)^2 + (u_2 - \\hat p_2)^2},\\quad
              U = d + \\sqrt{(u_1 - \\hat p_1)^2 + (\\hat p_2 - l_2)^2}.

    For a one-sided alternative the Wilson intervals use
    :math:`z_{1-\\alpha}` and the interval is open on the other side:
    ``'greater'`` gives (L, 1], ``'less'`` gives [−1, U).

    Test: the two-sample z test with pooled variance,
    :math:`z = d / \\sqrt{\\bar p (1 - \\bar p)(1/n_1 + 1/n_2)}`. Its
    two-sided p-value equals that of Pearson's chi-square test of the 2×2
    table without continuity correction (R: ``prop.test(..., correct =
    FALSE)``), and of :func:`analytics.chi_square_independence` with its
    default ``correction=False``. When both groups are all successes or all
    failures, z = 0 and the p-value is 1.

    References
    ----------
    .. [1] R. G. Newcombe, "Interval estimation for the difference between
       independent proportions: comparison of eleven methods", Statistics in
       Medicine 17 (1998) 873–890.

    Examples
    --------
    >>> r = proportion_difference(56, 70, 48, 80)
    >>> round(r.difference, 4), round(r.ci_low, 4), round(r.ci_high, 4)
    (0.2, 0.0524, 0.3339)
    >>> round(r.statistic, 3), round(r.pvalue, 4)
    (2.65, 0.008)
    """
    x1, size1 = _checks.part_of_whole(successes1, n1, "successes1", "n1")
    x2, size2 = _checks.part_of_whole(successes2, n2, "successes2", "n2")
    level = _checks.confidence(confidence_level)
    side = _checks.alternative(alternative)
    if size1 == 0 or size2 == 0:
        nan = math.nan
        return DifferenceResult(
            x1, size1, x2, size2, nan, nan, nan, nan, nan, nan, nan, side, level
        )
    p1, p2 = x1 / size1, x2 / size2
    difference = p1 - p2
    alpha = 1.0 - level
    z = float(special.ndtri(1.0 - (alpha / 2.0 if side == "two-sided" else alpha)))
    l1, u1 = wilson_bounds(x1, size1, z)
    l2, u2 = wilson_bounds(x2, size2, z)
    low = difference - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = difference + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    if side == "greater":
        high = 1.0
    elif side == "less":
        low = -1.0
    statistic, pvalue = _pooled_z(x1, size1, x2, size2, side)
    return DifferenceResult(
        x1,
        size1,
        x2,
        size2,
        p1,
        p2,
        difference,
        max(low, -1.0),
        min(high, 1.0),
        statistic,
        pvalue,
        side,
        level,
    )


def _pooled_z(x1: int, n1: int, x2: int, n2: int, alternative: str) -> tuple[float, float]:
    pooled = (x1 + x2) / (n1 + n2)
    variance = pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)
    if variance == 0.0:
        return 0.0, 1.0
    z = (x1 / n1 - x2 / n2) / math.sqrt(variance)
    if alternative == "greater":
        return z, float(stats.norm.sf(z))
    if alternative == "less":
        return z, float(stats.norm.cdf(z))
    return z, float(min(1.0, 2.0 * stats.norm.sf(abs(z))))
