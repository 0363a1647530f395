"""A weighted satisfaction rate: design effect, effective size, interval and excellence."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import special

from analytics import _checks
from analytics._result import Result
from analytics.excellence import DEFAULT_THRESHOLD, Verdict, decide_verdict

__all__ = [
    "WeightedExcellenceResult",
    "WeightedProportion",
    "design_effect",
    "weighted_excellence_test",
    "weighted_proportion",
]


@dataclass(frozen=True, repr=False)
class WeightedProportion(Result):
    """Result of :func:`weighted_proportion`, beside the unweighted rate.

    ``estimate`` is the weighted rate; ``ci_low`` .. ``ci_high`` the Wilson
    interval on ``n_effective``; all are ``nan`` without answers.
    """

    successes: int
    n: int
    unweighted: float
    estimate: float
    ci_low: float
    ci_high: float
    design_effect: float
    n_effective: float
    confidence_level: float
    method: str = "wilson-effective-n"


@dataclass(frozen=True, repr=False)
class WeightedExcellenceResult(Result):
    """Result of :func:`weighted_excellence_test` (the test on an effective size)."""

    estimate: float
    n_effective: float
    threshold: float
    pvalue: float
    verdict: Verdict
    lower_bound: float
    confidence_level: float
    min_n: int


def design_effect(weights: Sequence[float] | np.ndarray,
                  counts: Sequence[int] | np.ndarray | None = None) -> float:
    """Kish's design effect of unequal weights, :math:`1 + \\mathrm{CV}^2`.

    Parameters
    ----------
    weights : sequence of float
        Weight of each answer, or of each answer in a row of ``counts``.
    counts : sequence of int, optional
        Answers per row (default 1 each).

    Returns
    -------
    float
        :math:`n \\sum w_i^2 / (\\sum w_i)^2`, which equals
        :math:`1 + \\mathrm{CV}^2` with the CV of the weights taken with
        divisor n; 1 for equal weights, ``nan`` without answers.

    References
    ----------
    .. [1] L. Kish, *Survey Sampling* (Wiley, 1965), section 11.7.
    .. [2] L. Kish, "Weighting for unequal Pi", Journal of Official
       Statistics 8 (1992) 183–200, eq. (2).

    Examples
    --------
    >>> round(design_effect([1, 1, 2, 2]), 4)
    1.1111
    """
    w = np.asarray(weights, dtype=float)
    n = np.ones_like(w) if counts is None else np.asarray(counts, dtype=float)
    if w.shape != n.shape:
        raise ValueError("weights and counts must have one value per row")
    if w.size and (not np.all(np.isfinite(w)) or w.min() < 0):
        raise ValueError("weights must be finite and zero or more")
    total = float(np.dot(n, w))
    if n.sum() == 0 or total == 0:
        return math.nan
    return float(n.sum() * np.dot(n, w * w) / (total * total))


def weighted_proportion(
    successes: Sequence[int] | np.ndarray,
    counts: Sequence[int] | np.ndarray,
    weights: Sequence[float] | np.ndarray,
    *,
    confidence_level: float = 0.95,
) -> WeightedProportion:
    """A weighted rate with Kish's design effect and a Wilson interval on the effective size.

    Parameters
    ----------
    successes : sequence of int
        Satisfied answers in each row (a cell of answers with equal weight).
    counts : sequence of int
        Answers in each row.
    weights : sequence of float
        Weight of each answer of the row (from :func:`analytics.rake`).
    confidence_level : float, optional
        Level of the two-sided interval (default 0.95).

    Returns
    -------
    WeightedProportion
        The unweighted and weighted rates, the interval, ``design_effect``
        and ``n_effective`` (= n / design effect).

    Notes
    -----
    The weighted rate is :math:`\\hat p_w = \\sum w_i x_i / \\sum w_i n_i`.
    The interval is Wilson's score interval computed with
    :math:`\\hat p_w` and the effective sample size
    :math:`n_\\mathrm{eff} = n / \\mathrm{deff}` in place of n (Kish's
    effective size; Korn and Graubard, 1998). It keeps the Wilson
    interval's good coverage near 0 and 1, where satisfaction rates lie,
    and Dean and Pagano (2015) found it among the best-covering intervals
    for weighted survey proportions. The design effect covers the weights
    only, not any clustering of answers.

    References
    ----------
    .. [1] L. Kish, *Survey Sampling* (Wiley, 1965), section 11.7.
    .. [2] E. L. Korn and B. I. Graubard, "Confidence intervals for
       proportions with small expected number of positive counts estimated
       from survey data", Survey Methodology 24 (1998) 193–201.
    .. [3] N. Dean and M. Pagano, "Evaluating confidence interval methods
       for binomial proportions in clustered surveys", Journal of Survey
       Statistics and Methodology 3 (2015) 484–503.

    Examples
    --------
    >>> r = weighted_proportion([45, 8], [50, 10], [1.0, 5.0])
    >>> round(r.unweighted, 4), round(r.estimate, 4), round(r.design_effect, 4)
    (0.8833, 0.85, 1.8)
    >>> round(r.n_effective, 4), round(r.ci_low, 4), round(r.ci_high, 4)
    (33.3333, 0.6935, 0.9342)
    """
    level = _checks.confidence(confidence_level)
    x = np.asarray(successes, dtype=float)
    n = np.asarray(counts, dtype=float)
    w = np.asarray(weights, dtype=float)
    if not (x.shape == n.shape == w.shape) or x.ndim != 1:
        raise ValueError("successes, counts and weights must have one value per row")
    whole = np.all(x == np.round(x)) and np.all(n == np.round(n))
    if x.size and (x.min() < 0 or np.any(x > n) or not whole):
        raise ValueError("successes and counts must be whole numbers with 0 <= successes <= counts")
    total_x, total_n = int(x.sum()), int(n.sum())
    deff = design_effect(w, n)
    if math.isnan(deff):
        nan = math.nan
        return WeightedProportion(total_x, total_n, nan, nan, nan, nan, nan, nan, level)
    estimate = float(np.dot(w, x) / np.dot(w, n))
    n_eff = total_n / deff
    low, high = _wilson_effective(estimate, n_eff, level)
    return WeightedProportion(total_x, total_n, total_x / total_n, estimate, low, high, deff,
                              n_eff, level)


def _wilson_effective(p: float, n_eff: float, confidence_level: float) -> tuple[float, float]:
    """Wilson bounds for a rate ``p`` on a (possibly fractional) effective size."""
    z = float(special.ndtri(1.0 - (1.0 - confidence_level) / 2.0))
    z2 = z * z
    denominator = 1.0 + z2 / n_eff
    centre = (p + z2 / (2.0 * n_eff)) / denominator
    half = z * math.sqrt(p * (1.0 - p) / n_eff + z2 / (4.0 * n_eff * n_eff)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def weighted_excellence_test(
    estimate: float,
    n_effective: float,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    confidence_level: float = 0.95,
    min_n: int = 30,
) -> WeightedExcellenceResult:
    """The excellence test on a weighted rate, with the effective sample size.

    Parameters
    ----------
    estimate : float
        Weighted satisfaction rate in [0, 1].
    n_effective : float
        Effective sample size (:attr:`WeightedProportion.n_effective`).
    threshold, confidence_level, min_n
        As in :func:`analytics.excellence_test`; ``min_n`` is compared with
        the effective size.

    Returns
    -------
    WeightedExcellenceResult
        The p-value of H0: p ≤ threshold, the verdict and the one-sided
        lower bound.

    Notes
    -----
    With :math:`x = \\hat p_w n_\\mathrm{eff}` effective successes out of
    :math:`n_\\mathrm{eff}`, the p-value is the exact binomial tail
    :math:`P(X \\ge x) = I_{\\text{threshold}}(x, n_\\mathrm{eff} - x + 1)`
    (the regularized incomplete beta function), which equals
    :func:`analytics.excellence_test` when the weights are equal and
    extends it to fractional sizes; the lower bound is the matching
    Clopper–Pearson bound (Korn and Graubard, 1998).

    References
    ----------
    .. [1] E. L. Korn and B. I. Graubard, "Confidence intervals for
       proportions with small expected number of positive counts estimated
       from survey data", Survey Methodology 24 (1998) 193–201.

    Examples
    --------
    >>> r = weighted_excellence_test(0.95, 200.0)
    >>> r.verdict.value, round(r.pvalue, 4)
    ('excellent', 0.0081)
    """
    p = _checks.finite(estimate, "estimate")
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"estimate must be a rate between 0 and 1, got {p!r}")
    size = _checks.finite(n_effective, "n_effective")
    if size < 0:
        raise ValueError(f"n_effective must be zero or more, got {size!r}")
    p0 = _checks.unit_interval(threshold, "threshold")
    level = _checks.confidence(confidence_level)
    minimum = _checks.count(min_n, "min_n")
    if size == 0:
        return WeightedExcellenceResult(p, size, p0, math.nan, Verdict.INSUFFICIENT_DATA,
                                        math.nan, level, minimum)
    x = p * size
    pvalue = 1.0 if x <= 0 else float(special.betainc(x, size - x + 1.0, p0))
    lower = 0.0 if x <= 0 else float(special.betaincinv(x, size - x + 1.0, 1.0 - level))
    verdict = decide_verdict(p, pvalue, math.floor(size + 1e-9), threshold=p0,
                             alpha=1.0 - level, min_n=minimum)
    return WeightedExcellenceResult(p, size, p0, pvalue, verdict, lower, level, minimum)
