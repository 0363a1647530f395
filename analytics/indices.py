"""Satisfaction indices of survey elements (the SIPAS method), from counts.

Each respondent has a score on each element they answered: the share of
the element's items they answered with a satisfied answer (``k`` of ``m``).
An element's index is the mean of those scores (for a one-item element,
the share satisfied); the overall index is the mean of the element indices,
as SIPAS computes it. Counts of scores, and of pairs of scores of the same
respondent, are all this needs: no single answer is read.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import special

from analytics import _checks
from analytics._result import Result
from analytics.distributions import mean_ci
from analytics.proportions import proportion_ci

__all__ = [
    "ElementIndex",
    "OverallIndex",
    "element_index",
    "items_covariance",
    "overall_index",
]

#: a respondent's score on an element: (items satisfied, items answered)
Score = tuple[int, int]


@dataclass(frozen=True, repr=False)
class ElementIndex(Result):
    """An element's satisfaction index (a share in [0, 1]) with its interval.

    ``method`` is ``'wilson'`` for one-item elements (every score is 0 or 1)
    and ``'t'`` (the t interval of the mean score) otherwise.
    """

    n: int
    index: float
    ci_low: float
    ci_high: float
    method: str
    confidence_level: float


def _value(score: Score) -> float:
    k, m = score
    return k / m


def element_index(
    scores: Mapping[Score, int], *, confidence_level: float = 0.95
) -> ElementIndex:
    """The index of one element from the counts of respondents' scores.

    Examples
    --------
    >>> r = element_index({(1, 1): 81, (0, 1): 182})
    >>> round(r.index, 4), round(r.ci_low, 4), r.method
    (0.308, 0.2553, 'wilson')
    """
    level = _checks.confidence(confidence_level)
    for (k, m), number in scores.items():
        if not 0 <= k <= m or m < 1:
            raise ValueError(f"a score is k satisfied of m ≥ 1 answered items, got {k}/{m}")
        _checks.count(number, f"scores[{k}/{m}]")
    n = sum(scores.values())
    if all(m == 1 for _, m in scores):
        satisfied = sum(number for (k, _), number in scores.items() if k == 1)
        ci = proportion_ci(satisfied, n, confidence_level=level)
        return ElementIndex(n, ci.estimate, ci.ci_low, ci.ci_high, "wilson", level)
    values: dict[float, int] = {}
    for score, number in scores.items():
        values[_value(score)] = values.get(_value(score), 0) + number
    mean = mean_ci(values, confidence_level=level)
    low = max(0.0, mean.ci_low) if not math.isnan(mean.ci_low) else math.nan
    high = min(1.0, mean.ci_high) if not math.isnan(mean.ci_high) else math.nan
    return ElementIndex(n, mean.mean, low, high, "t", level)


@dataclass(frozen=True, repr=False)
class OverallIndex(Result):
    """The mean of the element indices, with its delta-method interval."""

    elements: int
    index: float
    se: float
    ci_low: float
    ci_high: float
    method: str
    confidence_level: float


def _moments(scores: Mapping[Score, int]) -> tuple[int, float, float]:
    n = sum(scores.values())
    if n == 0:
        return 0, math.nan, math.nan
    mean = sum(_value(s) * c for s, c in scores.items()) / n
    if n < 2:
        return n, mean, math.nan
    variance = sum(c * (_value(s) - mean) ** 2 for s, c in scores.items()) / (n - 1)
    return n, mean, variance


def overall_index(
    elements: Sequence[Mapping[Score, int]],
    pairs: Mapping[tuple[int, int], Mapping[tuple[Score, Score], int]],
    *, confidence_level: float = 0.95,
) -> OverallIndex:
    """The overall index (mean of the element indices) and its interval.

    Parameters
    ----------
    elements : sequence of mappings
        For each element, the counts of respondents' scores.
    pairs : mapping
        For elements ``i < j``, the counts of the pairs of scores of the
        respondents who answered both.

    Notes
    -----
    The index is :math:`\\bar I = \\frac1K \\sum_i \\bar s_i`. Its variance
    by the delta method (exact for a mean of means) is
    :math:`\\frac{1}{K^2}\\left(\\sum_i \\frac{\\sigma_i^2}{n_i} + 2\\sum_{i<j}
    \\frac{n_{ij}\\,\\sigma_{ij}}{n_i n_j}\\right)`, where :math:`\\sigma_{ij}`
    is the covariance of the two scores over the :math:`n_{ij}` respondents
    who answered both: the elements are answered by the same people, so
    their indices are correlated and treating them as independent would
    understate the interval. The interval is normal, clipped to [0, 1].

    Examples
    --------
    >>> a = {(1, 1): 8, (0, 1): 2}
    >>> r = overall_index([a, a], {(0, 1): {((1, 1), (1, 1)): 8, ((0, 1), (0, 1)): 2}})
    >>> round(r.index, 2), round(r.se, 4)
    (0.8, 0.1333)
    """
    level = _checks.confidence(confidence_level)
    moments = [_moments(scores) for scores in elements]
    kept = [i for i, (n, _, _) in enumerate(moments) if n > 0]
    k = len(kept)
    nan = math.nan
    if k == 0:
        return OverallIndex(0, nan, nan, nan, nan, "delta", level)
    index = sum(moments[i][1] for i in kept) / k
    variance = sum(moments[i][2] / moments[i][0] for i in kept)
    for (i, j), joint in pairs.items():
        if i not in kept or j not in kept or i == j:
            continue
        n_ij = sum(joint.values())
        if n_ij < 2:
            continue
        mean_i = sum(_value(a) * c for (a, _), c in joint.items()) / n_ij
        mean_j = sum(_value(b) * c for (_, b), c in joint.items()) / n_ij
        cov = sum(c * (_value(a) - mean_i) * (_value(b) - mean_j)
                  for (a, b), c in joint.items()) / (n_ij - 1)
        variance += 2.0 * n_ij * cov / (moments[i][0] * moments[j][0])
    se = math.sqrt(variance) / k if variance >= 0 else nan
    if math.isnan(se):
        return OverallIndex(k, index, nan, nan, nan, "delta", level)
    z = float(special.ndtri(1.0 - (1.0 - level) / 2.0))
    return OverallIndex(k, index, se, max(0.0, index - z * se), min(1.0, index + z * se),
                        "delta", level)


def items_covariance(
    pairs: Mapping[tuple[int, int], Mapping[tuple[float, float], int]], items: int, n: int
) -> np.ndarray:
    """The items' covariance matrix (``ddof=1``) from counts of answer pairs.

    ``pairs[(i, j)]`` (``i ≤ j``) counts the pairs of answers ``(a, b)`` to
    items ``i`` and ``j`` of the ``n`` respondents who answered every item
    (``(i, i)`` holds ``(a, a)``); the result is what ``numpy.cov`` gives on
    those respondents' answers, ready for
    :func:`analytics.cronbach_alpha_from_covariance`.

    Examples
    --------
    >>> pairs = {(0, 0): {(1.0, 1.0): 1, (3.0, 3.0): 1},
    ...          (0, 1): {(1.0, 2.0): 1, (3.0, 4.0): 1},
    ...          (1, 1): {(2.0, 2.0): 1, (4.0, 4.0): 1}}
    >>> items_covariance(pairs, 2, 2).tolist()
    [[2.0, 2.0], [2.0, 2.0]]
    """
    if n < 2:
        raise ValueError(f"a covariance needs at least 2 respondents, got {n}")
    means = np.zeros(items)
    for i in range(items):
        joint = pairs.get((i, i), {})
        means[i] = sum(a * c for (a, _), c in joint.items()) / n
    matrix = np.zeros((items, items))
    for i in range(items):
        for j in range(i, items):
            joint = pairs.get((i, j), {})
            cross = sum(a * b * c for (a, b), c in joint.items())
            matrix[i, j] = matrix[j, i] = (cross - n * means[i] * means[j]) / (n - 1)
    return matrix
