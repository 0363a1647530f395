"""The excellence test: is a satisfaction rate shown to be above a threshold?"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy import stats

from analytics import _checks
from analytics._result import Result

__all__ = ["DEFAULT_THRESHOLD", "ExcellenceResult", "Verdict", "excellence_test"]

DEFAULT_THRESHOLD = 0.9
"""Satisfaction rate at or above which a service may be called excellent (seed 000)."""


class Verdict(StrEnum):
    """Outcome of the excellence test.

    For a fixed number of answers (at least ``min_n``) the verdicts are
    ordered ``below`` < ``meets_point_estimate`` < ``excellent``: more
    satisfied answers never give a lower verdict.
    """

    EXCELLENT = "excellent"
    """The rate is significantly above the threshold (one-sided exact test)."""
    MEETS_POINT_ESTIMATE = "meets_point_estimate"
    """The observed rate reaches the threshold but not significantly."""
    BELOW = "below"
    """The observed rate is below the threshold."""
    INSUFFICIENT_DATA = "insufficient_data"
    """Fewer answers than the minimum: no verdict is given."""


@dataclass(frozen=True, repr=False)
class ExcellenceResult(Result):
    """Result of :func:`excellence_test`.

    ``statistic`` is the sample proportion, as in
    :func:`scipy.stats.binomtest`; ``lower_bound`` is the one-sided exact
    (Clopper–Pearson) lower confidence bound for the rate, so that the
    verdict is ``excellent`` exactly when ``lower_bound >= threshold``.
    """

    successes: int
    n: int
    estimate: float
    threshold: float
    statistic: float
    pvalue: float
    verdict: Verdict
    lower_bound: float
    confidence_level: float
    min_n: int


def excellence_test(
    successes: int,
    n: int,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    confidence_level: float = 0.95,
    min_n: int = 30,
) -> ExcellenceResult:
    """Test whether a satisfaction rate is above ``threshold``.

    One-sided exact binomial test of H0: p ≤ threshold against
    H1: p > threshold.

    Parameters
    ----------
    successes : int
        Satisfied answers.
    n : int
        Answers.
    threshold : float, optional
        Rate to beat, strictly between 0 and 1 (default 0.90).
    confidence_level : float, optional
        The test is run at significance level ``alpha = 1 - confidence_level``
        (default 0.95, so alpha = 0.05).
    min_n : int, optional
        Fewer answers than this give the verdict ``insufficient_data``
        (default 30). The p-value is still reported when ``n > 0``.

    Returns
    -------
    ExcellenceResult
        ``successes``, ``n``, ``estimate``, ``threshold``, ``statistic``
        (the sample proportion), ``pvalue``, ``verdict``, ``lower_bound``,
        ``confidence_level`` and ``min_n``. With ``n = 0`` the estimate,
        p-value and bound are ``nan``.

    Notes
    -----
    The p-value is :math:`P(X \\ge x)` for :math:`X \\sim \\mathrm{Bin}(n,
    \\text{threshold})`, computed by :func:`scipy.stats.binomtest` with
    ``alternative='greater'``. The verdict is

    * ``insufficient_data`` when ``n < min_n``;
    * ``excellent`` when ``pvalue <= alpha``;
    * ``meets_point_estimate`` when the observed rate is at least the
      threshold but the test is not significant;
    * ``below`` otherwise.

    Because the test is exact, a service whose true rate equals the
    threshold is called excellent in at most ``alpha`` of samples. When many
    services are tested at once, adjust the p-values with
    :func:`analytics.adjust_pvalues` (as :func:`analytics.satisfaction_table`
    does).

    References
    ----------
    .. [1] C. J. Clopper and E. S. Pearson, "The use of confidence or fiducial
       limits illustrated in the case of the binomial", Biometrika 26 (1934).
    .. [2] R Core Team, ``binom.test`` in the R ``stats`` package.

    Examples
    --------
    >>> r = excellence_test(190, 200)
    >>> r.verdict, round(r.pvalue, 4)
    (<Verdict.EXCELLENT: 'excellent'>, 0.0081)
    >>> excellence_test(46, 50).verdict
    <Verdict.MEETS_POINT_ESTIMATE: 'meets_point_estimate'>
    >>> excellence_test(20, 20).verdict
    <Verdict.INSUFFICIENT_DATA: 'insufficient_data'>
    """
    x, size = _checks.part_of_whole(successes, n, "successes", "n")
    p0 = _checks.unit_interval(threshold, "threshold")
    level = _checks.confidence(confidence_level)
    minimum = _checks.count(min_n, "min_n")
    if size == 0:
        return ExcellenceResult(
            x,
            size,
            math.nan,
            p0,
            math.nan,
            math.nan,
            Verdict.INSUFFICIENT_DATA,
            math.nan,
            level,
            minimum,
        )
    test = stats.binomtest(x, size, p0, alternative="greater")
    pvalue = float(test.pvalue)
    estimate = x / size
    lower = 0.0 if x == 0 else float(stats.beta.ppf(1.0 - level, x, size - x + 1))
    verdict = decide_verdict(estimate, pvalue, size, threshold=p0, alpha=1.0 - level, min_n=minimum)
    return ExcellenceResult(
        x, size, estimate, p0, float(test.statistic), pvalue, verdict, lower, level, minimum
    )


def decide_verdict(
    estimate: float, pvalue: float, n: int, *, threshold: float, alpha: float, min_n: int
) -> Verdict:
    """Verdict for an observed rate and a (possibly adjusted) one-sided p-value."""
    if n == 0 or n < min_n:
        return Verdict.INSUFFICIENT_DATA
    if pvalue <= alpha:
        return Verdict.EXCELLENT
    if estimate >= threshold:
        return Verdict.MEETS_POINT_ESTIMATE
    return Verdict.BELOW


def greater_pvalues(successes: np.ndarray, n: np.ndarray, threshold: float) -> np.ndarray:
    """P-values of :func:`excellence_test` for many groups at once (``nan`` where n is 0).

    ``successes`` and ``n`` are float arrays of checked counts; each value
    is :math:`P(X \\ge x)` for :math:`X \\sim \\mathrm{Bin}(n, \\text{threshold})`,
    the same ``binom.sf(x - 1, n, threshold)`` that :func:`scipy.stats.binomtest`
    computes for ``alternative='greater'``.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        pvalues = stats.binom.sf(successes - 1.0, n, threshold)
    return np.where(n > 0, pvalues, math.nan)
