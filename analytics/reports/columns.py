"""Satisfaction statistics of many groups at once, as columns (numpy arrays).

The computing core of :func:`analytics.satisfaction_table`: the same
numbers, without building an object per group, for reports over thousands
of groups.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analytics import _checks
from analytics._result import Result
from analytics.excellence import DEFAULT_THRESHOLD, Verdict, greater_pvalues
from analytics.multiplicity import ADJUST_METHODS, AdjustMethod, adjust_checked
from analytics.proportions import INTERVAL_METHODS, IntervalMethod, interval_bounds
from analytics.shrinkage import fit_prior

__all__ = ["SatisfactionColumns", "satisfaction_columns"]

_VERDICTS = (Verdict.INSUFFICIENT_DATA, Verdict.EXCELLENT, Verdict.MEETS_POINT_ESTIMATE,
             Verdict.BELOW)


@dataclass(frozen=True, repr=False, eq=False)
class SatisfactionColumns(Result):
    """Columns of :func:`satisfaction_columns`, one entry per group, in input order.

    ``n`` and ``satisfied`` are integer arrays; ``rate``, ``ci_low``,
    ``ci_high``, ``pvalue``, ``pvalue_adjusted`` and ``shrunk_rate`` float
    arrays (``nan`` where :class:`analytics.SatisfactionRow` has ``nan``);
    ``rank`` an integer array with 0 for a group without answers (whose
    row has ``rank=None``); ``verdict`` a tuple of :class:`analytics.Verdict`.
    """

    n: np.ndarray
    satisfied: np.ndarray
    rate: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    pvalue: np.ndarray
    pvalue_adjusted: np.ndarray
    verdict: tuple[Verdict, ...]
    rank: np.ndarray
    shrunk_rate: np.ndarray

    def __len__(self) -> int:
        return int(self.n.size)


def satisfaction_columns(
    satisfied: Sequence[int] | np.ndarray,
    n: Sequence[int] | np.ndarray,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    confidence_level: float = 0.95,
    method: IntervalMethod = "wilson",
    min_n: int = 30,
    adjust: AdjustMethod | None = "bh",
) -> SatisfactionColumns:
    """Rate, interval, excellence verdict and rank of each group, as columns.

    Parameters
    ----------
    satisfied, n : sequence of int or integer array
        Satisfied answers and answers per group, same length.
    threshold, confidence_level, method, min_n, adjust : optional
        As in :func:`analytics.satisfaction_table`.

    Returns
    -------
    SatisfactionColumns
        Entry ``i`` of each column is the field of the ``i``-th row that
        :func:`analytics.satisfaction_table` gives for the same counts.

    Notes
    -----
    The arithmetic is that of :func:`analytics.proportion_ci`,
    :func:`analytics.excellence_test`, :func:`analytics.adjust_pvalues` and
    :func:`analytics.shrink_rates`, applied to whole arrays; ranks are
    competition ranks (one plus the number of groups with a strictly higher
    shrunk rate) among the groups with answers.

    Examples
    --------
    >>> cols = satisfaction_columns([960, 3, 330], [1000, 3, 400])
    >>> [v.value for v in cols.verdict], cols.rank.tolist()
    (['excellent', 'insufficient_data', 'below'], [1, 2, 3])
    """
    level = _checks.confidence(confidence_level)
    p0 = _checks.unit_interval(threshold, "threshold")
    minimum = _checks.count(min_n, "min_n")
    chosen = _checks.choice(method, "method", INTERVAL_METHODS)
    if adjust is not None:
        _checks.choice(adjust, "adjust", ADJUST_METHODS)
    x, size = _counts(satisfied, n)
    answered = size > 0
    lows, highs = interval_bounds(x, size, chosen, level)
    pvalues = greater_pvalues(x, size, p0)
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = np.where(answered, x / np.where(answered, size, 1.0), math.nan)
    tested = np.where(size >= max(minimum, 1), pvalues, math.nan)
    adjusted = adjust_checked(tested, adjust) if adjust is not None else tested
    shrunk = np.full(size.shape, math.nan)
    if answered.any():
        prior = fit_prior(x, size)
        a = prior.alpha + x
        b = prior.beta + size - x
        shrunk = np.where(answered, a / (a + b), math.nan)
    return SatisfactionColumns(
        n=size.astype(np.int64),
        satisfied=x.astype(np.int64),
        rate=rates,
        ci_low=lows,
        ci_high=highs,
        pvalue=pvalues,
        pvalue_adjusted=adjusted,
        verdict=_verdicts(rates, adjusted, size, p0, 1.0 - level, minimum),
        rank=_ranks(shrunk, answered),
        shrunk_rate=shrunk,
    )


def _counts(satisfied: object, n: object) -> tuple[np.ndarray, np.ndarray]:
    """Float arrays of checked counts; errors name the first bad group."""
    x, size = _as_counts(satisfied, "satisfied"), _as_counts(n, "n")
    if x.shape != size.shape:
        raise ValueError(
            f"satisfied and n must have one entry per group, got {x.size} and {size.size}"
        )
    bad = np.flatnonzero(x > size)
    if bad.size:
        i = int(bad[0])
        _checks.part_of_whole(int(x[i]), int(size[i]), f"satisfied[{i}]", f"n[{i}]")
    return x, size


def _as_counts(values: object, name: str) -> np.ndarray:
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a flat sequence of counts, got shape {array.shape}")
    if array.dtype.kind not in "iuf":  # booleans, objects …: the scalar check says why
        return np.array([_checks.count(v, f"{name}[{i}]") for i, v in enumerate(array.tolist())],
                        dtype=float)
    numbers = array.astype(float)
    bad = np.flatnonzero(~np.isfinite(numbers) | (np.floor(numbers) != numbers) | (numbers < 0))
    if bad.size:
        i = int(bad[0])
        _checks.count(array.tolist()[i], f"{name}[{i}]")  # raises with the reason
    return numbers


def _verdicts(
    rates: np.ndarray, adjusted: np.ndarray, n: np.ndarray, threshold: float, alpha: float,
    min_n: int,
) -> tuple[Verdict, ...]:
    """:func:`analytics.excellence.decide_verdict` over arrays."""
    insufficient = (n == 0) | (n < min_n)
    with np.errstate(invalid="ignore"):
        excellent = adjusted <= alpha
        meets = rates >= threshold
    codes = np.select([insufficient, excellent, meets], [0, 1, 2], default=3)
    return tuple(_VERDICTS[code] for code in codes.tolist())


def _ranks(shrunk: np.ndarray, answered: np.ndarray) -> np.ndarray:
    """Competition ranks, highest first, among answered groups (0 for the others)."""
    values = shrunk[answered]
    ordered = np.sort(values)
    better = values.size - np.searchsorted(ordered, values, side="right")
    ranks = np.zeros(shrunk.shape, dtype=np.int64)
    ranks[answered] = better + 1
    return ranks
