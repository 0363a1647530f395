"""A proportion (a satisfaction rate, an online share) with its confidence interval."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import special, stats

from analytics import _checks
from analytics._result import Result

__all__ = ["INTERVAL_METHODS", "ProportionResult", "proportion_ci"]

IntervalMethod = Literal["wilson", "clopper-pearson", "jeffreys"]
INTERVAL_METHODS: tuple[IntervalMethod, ...] = ("wilson", "clopper-pearson", "jeffreys")
"""Interval methods understood by :func:`proportion_ci`."""


@dataclass(frozen=True, repr=False)
class ProportionResult(Result):
    """A proportion ``successes / n`` with a two-sided confidence interval.

    ``estimate``, ``ci_low`` and ``ci_high`` are unrounded proportions in
    [0, 1]; they are ``nan`` when ``n`` is 0.
    """

    successes: int
    n: int
    estimate: float
    ci_low: float
    ci_high: float
    method: str
    confidence_level: float


def proportion_ci(
    successes: int,
    n: int,
    *,
    method: IntervalMethod = "wilson",
    confidence_level: float = 0.95,
) -> ProportionResult:
    """Estimate a proportion with a two-sided confidence interval.

    Parameters
    ----------
    successes : int
        Number of answers with the outcome (for instance satisfied answers).
    n : int
        Number of answers. ``n = 0`` is allowed: the estimate and both
        bounds are then ``nan`` (there is nothing to estimate), so that a
        report over many groups need not special-case empty ones.
    method : {'wilson', 'clopper-pearson', 'jeffreys'}, optional
        Interval method. ``'wilson'`` (default) is the score interval without
        continuity correction; ``'clopper-pearson'`` is the exact interval
        from the binomial distribution (conservative); ``'jeffreys'`` is the
        equal-tailed interval of the Beta(1/2, 1/2) posterior.
    confidence_level : float, optional
        Confidence level of the interval, strictly between 0 and 1
        (default 0.95).

    Returns
    -------
    ProportionResult
        ``successes``, ``n``, ``estimate`` (= successes / n), ``ci_low``,
        ``ci_high``, ``method`` and ``confidence_level``.

    Notes
    -----
    Wilson: with :math:`z = \\Phi^{-1}(1 - \\alpha/2)` and
    :math:`\\hat p = x/n` the bounds are

    .. math:: \\frac{\\hat p + z^2/2n \\pm z\\sqrt{\\hat p(1-\\hat p)/n + z^2/4n^2}}{1 + z^2/n}

    The Wilson interval always contains the estimate and never leaves
    [0, 1]; its coverage is close to nominal even for small ``n`` and rates
    near 0 or 1, which is why it is the default. Clopper–Pearson bounds are
    quantiles of Beta(x, n − x + 1) and Beta(x + 1, n − x), with the lower
    bound 0 when x = 0 and the upper bound 1 when x = n; the Jeffreys
    interval uses the quantiles of Beta(x + 1/2, n − x + 1/2) with the same
    boundary convention (Brown, Cai and DasGupta, 2001).

    References
    ----------
    .. [1] E. B. Wilson, "Probable inference, the law of succession, and
       statistical inference", JASA 22 (1927) 209–212.
    .. [2] C. J. Clopper and E. S. Pearson, "The use of confidence or fiducial
       limits illustrated in the case of the binomial", Biometrika 26 (1934).
    .. [3] R. G. Newcombe, "Two-sided confidence intervals for the single
       proportion: comparison of seven methods", Statistics in Medicine 17
       (1998) 857–872.
    .. [4] L. D. Brown, T. T. Cai and A. DasGupta, "Interval estimation for a
       binomial proportion", Statistical Science 16 (2001) 101–133.

    Examples
    --------
    >>> r = proportion_ci(81, 263)
    >>> round(r.estimate, 4), round(r.ci_low, 4), round(r.ci_high, 4)
    (0.308, 0.2553, 0.3662)
    >>> exact = proportion_ci(81, 263, method="clopper-pearson")
    >>> round(exact.ci_low, 4), round(exact.ci_high, 4)
    (0.2527, 0.3676)
    >>> proportion_ci(0, 0).estimate
    nan
    """
    x, size = _checks.part_of_whole(successes, n, "successes", "n")
    chosen = _checks.choice(method, "method", INTERVAL_METHODS)
    level = _checks.confidence(confidence_level)
    if size == 0:
        return ProportionResult(x, size, math.nan, math.nan, math.nan, chosen, level)
    alpha = 1.0 - level
    if chosen == "wilson":
        low, high = wilson_bounds(x, size, float(special.ndtri(1.0 - alpha / 2.0)))
    elif chosen == "clopper-pearson":
        low = 0.0 if x == 0 else float(stats.beta.ppf(alpha / 2.0, x, size - x + 1))
        high = 1.0 if x == size else float(stats.beta.isf(alpha / 2.0, x + 1, size - x))
    else:
        low = 0.0 if x == 0 else float(stats.beta.ppf(alpha / 2.0, x + 0.5, size - x + 0.5))
        high = 1.0 if x == size else float(stats.beta.isf(alpha / 2.0, x + 0.5, size - x + 0.5))
    return ProportionResult(x, size, x / size, low, high, chosen, level)


def wilson_bounds(successes: int, n: int, z: float) -> tuple[float, float]:
    """Wilson score bounds for ``successes / n`` at the normal quantile ``z`` (n > 0)."""
    p = successes / n
    z2 = z * z
    denominator = 1.0 + z2 / n
    centre = (p + z2 / (2.0 * n)) / denominator
    half_width = z * math.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - half_width)
    high = 1.0 if successes == n else min(1.0, centre + half_width)
    return low, high


def interval_bounds(
    successes: np.ndarray, n: np.ndarray, method: IntervalMethod, confidence_level: float
) -> tuple[np.ndarray, np.ndarray]:
    """Bounds of :func:`proportion_ci` for many groups at once (``nan`` where n is 0).

    ``successes`` and ``n`` are float arrays of checked counts. The
    arithmetic follows :func:`proportion_ci` step by step, so each bound
    equals the one :func:`proportion_ci` gives for that group.
    """
    alpha = 1.0 - confidence_level
    answered = n > 0
    size = np.where(answered, n, 1.0)
    if method == "wilson":
        z = float(special.ndtri(1.0 - alpha / 2.0))
        p = successes / size
        z2 = z * z
        denominator = 1.0 + z2 / size
        centre = (p + z2 / (2.0 * size)) / denominator
        half_width = z * np.sqrt(p * (1.0 - p) / size + z2 / (4.0 * size * size)) / denominator
        low = np.where(successes == 0, 0.0, np.maximum(0.0, centre - half_width))
        high = np.where(successes == size, 1.0, np.minimum(1.0, centre + half_width))
    else:
        failures = size - successes
        if method == "clopper-pearson":
            low_shape = (successes, failures + 1.0)
            high_shape = (successes + 1.0, failures)
        else:
            low_shape = high_shape = (successes + 0.5, failures + 0.5)
        with np.errstate(invalid="ignore", divide="ignore"):
            low = stats.beta.ppf(alpha / 2.0, *low_shape)
            high = stats.beta.isf(alpha / 2.0, *high_shape)
        low = np.where(successes == 0, 0.0, low)
        high = np.where(successes == size, 1.0, high)
    return np.where(answered, low, math.nan), np.where(answered, high, math.nan)
