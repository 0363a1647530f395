"""Satisfaction of many small groups (units, officers): raw and shrunk rates, ranks.

A commune office with 3 satisfied answers out of 3 and a service centre
with 480 out of 500 should not be ranked by their raw rates. Each group
gets its raw rate with a confidence interval, its empirical-Bayes (shrunk)
rate with the posterior interval, and a rank by the shrunk rate in which a
tie at the shown precision goes to the group whose posterior interval lies
higher — the group with more evidence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from analytics import _checks
from analytics.proportions import INTERVAL_METHODS, IntervalMethod, interval_bounds
from analytics.shrinkage import fit_prior

__all__ = ["GroupRateColumns", "group_rate_columns"]


@dataclass(frozen=True)
class GroupRateColumns:
    """Entry ``i`` of each array belongs to group ``i`` (``nan``/0 where n is 0)."""

    satisfied: np.ndarray
    n: np.ndarray
    rate: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    shrunk_rate: np.ndarray
    shrunk_ci_low: np.ndarray
    shrunk_ci_high: np.ndarray
    rank: np.ndarray


def group_rate_columns(
    satisfied: Sequence[int] | np.ndarray,
    n: Sequence[int] | np.ndarray,
    *,
    method: IntervalMethod = "wilson",
    confidence_level: float = 0.95,
    digits: int = 3,
) -> GroupRateColumns:
    """Raw and shrunk satisfaction rates of groups, with intervals and ranks.

    Parameters
    ----------
    satisfied, n : sequence of int
        Satisfied answers and answers per group, same length.
    method : {'wilson', 'clopper-pearson', 'jeffreys'}, optional
        Interval of the raw rate (default Wilson).
    confidence_level : float, optional
        Level of both intervals (default 0.95).
    digits : int, optional
        Shrunk rates equal when rounded to this many decimals (default 3:
        a tenth of a percentage point, as reports show them) tie, and the
        tie goes to the higher lower bound of the posterior interval.

    Returns
    -------
    GroupRateColumns
        ``rank`` is a competition rank (1, 1, 3) among the groups with
        answers, 0 for the others.

    Notes
    -----
    The prior is the beta-binomial fit of :func:`analytics.beta_binomial_prior`
    over the groups given; the shrunk rate is the posterior mean
    :math:`(x + \\alpha)/(n + \\alpha + \\beta)`. With few groups that show
    no more spread than binomial noise, the prior is strong and every
    shrunk rate lies near the pooled rate: ranking by the shrunk rate alone
    would then order groups by rounding noise, hence the tie rule.

    Examples
    --------
    >>> cols = group_rate_columns([3, 480], [3, 500])
    >>> cols.rank.tolist()
    [2, 1]
    """
    level = _checks.confidence(confidence_level)
    chosen = _checks.choice(method, "method", INTERVAL_METHODS)
    places = _checks.count(digits, "digits")
    x = np.asarray(satisfied, dtype=float)
    size = np.asarray(n, dtype=float)
    if x.shape != size.shape or x.ndim != 1:
        raise ValueError("satisfied and n must have one count per group")
    if x.size and ((x < 0).any() or (x > size).any() or (x != np.floor(x)).any()
                   or (size != np.floor(size)).any()):
        raise ValueError("satisfied and n must be counts with satisfied ≤ n in every group")
    answered = size > 0
    low, high = interval_bounds(x, size, chosen, level)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(answered, x / np.where(answered, size, 1.0), math.nan)
    nan = np.full(x.shape, math.nan)
    shrunk, shrunk_low, shrunk_high = nan, nan.copy(), nan.copy()
    rank = np.zeros(x.shape, dtype=np.int64)
    if answered.any():
        prior = fit_prior(x, size)
        a = prior.alpha + x
        b = prior.beta + size - x
        tail = (1.0 - level) / 2.0
        shrunk = np.where(answered, a / (a + b), math.nan)
        shrunk_low = np.where(answered, stats.beta.ppf(tail, a, b), math.nan)
        shrunk_high = np.where(answered, stats.beta.isf(tail, a, b), math.nan)
        rank = _ranks(np.round(shrunk, places), shrunk_low, answered)
    return GroupRateColumns(x.astype(np.int64), size.astype(np.int64), rate, low, high,
                            shrunk, shrunk_low, shrunk_high, rank)


def _ranks(primary: np.ndarray, secondary: np.ndarray, answered: np.ndarray) -> np.ndarray:
    """Competition ranks by (primary, secondary), both descending, among ``answered``."""
    rank = np.zeros(primary.shape, dtype=np.int64)
    index = np.flatnonzero(answered)
    keys = list(zip(primary[index].tolist(), secondary[index].tolist(), strict=True))
    ordered = sorted(keys, reverse=True)
    first: dict[tuple[float, float], int] = {}
    for position, key in enumerate(ordered, start=1):
        first.setdefault(key, position)
    for i, key in zip(index.tolist(), keys, strict=True):
        rank[i] = first[key]
    return rank
