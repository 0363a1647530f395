"""Satisfaction table: one row per group (service, agency, form …) from counts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from babel import Locale

from analytics import _checks
from analytics._result import Result
from analytics.excellence import DEFAULT_THRESHOLD, Verdict, decide_verdict, excellence_test
from analytics.formatting import format_percent, format_percent_range
from analytics.labels import label
from analytics.multiplicity import ADJUST_METHODS, AdjustMethod, adjust_pvalues
from analytics.proportions import IntervalMethod, proportion_ci
from analytics.ranking import competition_rank
from analytics.shrinkage import shrink_rates

__all__ = ["GroupCount", "SatisfactionRow", "satisfaction_table"]


@dataclass(frozen=True)
class GroupCount:
    """Answers and satisfied answers of one group, as ``GROUP BY`` returns them.

    >>> GroupCount("1.0001", "Hộ chiếu", n=10, satisfied=12)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: satisfied (12) is larger than n (10): satisfied counts part of n, so pass ...
    """

    key: str
    label: str
    n: int
    satisfied: int

    def __post_init__(self) -> None:
        _checks.text(self.key, "key")
        if not isinstance(self.label, str):
            raise TypeError(f"label must be a string, got {self.label!r}")
        satisfied, n = _checks.part_of_whole(self.satisfied, self.n, "satisfied", "n")
        object.__setattr__(self, "satisfied", satisfied)
        object.__setattr__(self, "n", n)


@dataclass(frozen=True, repr=False)
class SatisfactionRow(Result):
    """One group of :func:`satisfaction_table`.

    ``rate``, ``ci_low``, ``ci_high`` and ``shrunk_rate`` are unrounded
    proportions in [0, 1] (``nan`` when ``n`` is 0). ``pvalue`` is the raw
    one-sided p-value of the excellence test (reported whenever there are
    answers); ``pvalue_adjusted`` is adjusted over the tested groups (those
    with at least ``min_n`` answers) and ``nan`` for the others. ``rank`` is
    ``None`` for a group without answers.
    """

    key: str
    label: str
    n: int
    satisfied: int
    rate: float
    ci_low: float
    ci_high: float
    pvalue: float
    pvalue_adjusted: float
    verdict: Verdict
    rank: int | None
    shrunk_rate: float

    def to_dict(self, locale: str | Locale | None = None) -> dict[str, Any]:
        """JSON-safe values (``nan`` → ``None``); with ``locale``, texts beside them.

        The texts are ``rate_text`` ("93,4%"), ``ci_text`` ("91,2% – 95,1%"),
        ``shrunk_rate_text`` and ``verdict_text`` (words in vi or en).
        """
        values = super().to_dict()
        if locale is not None:
            values["rate_text"] = format_percent(self.rate, locale)
            values["ci_text"] = format_percent_range(self.ci_low, self.ci_high, locale)
            values["shrunk_rate_text"] = format_percent(self.shrunk_rate, locale)
            values["verdict_text"] = label(self.verdict, locale)
        return values


def satisfaction_table(
    groups: Sequence[GroupCount],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    confidence_level: float = 0.95,
    method: IntervalMethod = "wilson",
    min_n: int = 30,
    adjust: AdjustMethod | None = "bh",
) -> list[SatisfactionRow]:
    """Satisfaction rate, interval, excellence verdict and rank of each group.

    Parameters
    ----------
    groups : sequence of GroupCount
        One entry per group with its answers ``n`` and ``satisfied`` answers.
    threshold : float, optional
        Excellence threshold (default 0.90).
    confidence_level : float, optional
        Level of the intervals; the tests run at ``1 - confidence_level``.
    method : {'wilson', 'clopper-pearson', 'jeffreys'}, optional
        Interval method of :func:`analytics.proportion_ci`.
    min_n : int, optional
        Groups with fewer answers get ``insufficient_data`` and are left out
        of the multiplicity adjustment (default 30).
    adjust : {'bh', 'by'} or None, optional
        Multiplicity adjustment of :func:`analytics.adjust_pvalues` across
        the tested groups (default Benjamini–Hochberg); ``None`` for none.

    Returns
    -------
    list of SatisfactionRow
        In the input order.

    Notes
    -----
    When ``adjust`` is set, the verdict ``excellent`` is decided on the
    *adjusted* p-value, so that among the groups called excellent the
    expected share wrongly called so stays below ``1 - confidence_level``.
    The other verdicts compare the observed rate with the threshold as in
    :func:`analytics.excellence_test`.

    ``rank`` is the competition rank (1, 1, 3 …) of the empirical-Bayes
    ``shrunk_rate`` (:func:`analytics.shrink_rates`, prior fitted by maximum
    likelihood over all groups with answers), highest first, so that a
    group with 3 satisfied answers out of 3 does not outrank one with 960
    out of 1000.

    Examples
    --------
    >>> rows = satisfaction_table([
    ...     GroupCount("a", "Service A", n=1000, satisfied=960),
    ...     GroupCount("b", "Service B", n=3, satisfied=3),
    ...     GroupCount("c", "Service C", n=400, satisfied=330),
    ... ])
    >>> [(r.key, r.verdict.value, r.rank) for r in rows]
    [('a', 'excellent', 1), ('b', 'insufficient_data', 2), ('c', 'below', 3)]
    """
    level = _checks.confidence(confidence_level)
    p0 = _checks.unit_interval(threshold, "threshold")
    minimum = _checks.count(min_n, "min_n")
    if adjust is not None:
        _checks.choice(adjust, "adjust", ADJUST_METHODS)
    for index, group in enumerate(groups):
        if not isinstance(group, GroupCount):
            raise TypeError(f"groups[{index}] must be a GroupCount, got {type(group).__name__}")
    intervals = [
        proportion_ci(g.satisfied, g.n, method=method, confidence_level=level) for g in groups
    ]
    tests = [
        excellence_test(g.satisfied, g.n, threshold=p0, confidence_level=level, min_n=minimum)
        for g in groups
    ]
    tested = [t.pvalue if t.n >= max(minimum, 1) else math.nan for t in tests]
    adjusted = adjust_pvalues(tested, adjust) if adjust is not None else tested
    shrunk = _shrunk_rates(groups, level)
    answered = [i for i, g in enumerate(groups) if g.n > 0]
    ranks: list[int | None] = [None] * len(groups)
    for i, rank in zip(answered, competition_rank(shrunk[i] for i in answered), strict=True):
        ranks[i] = rank
    alpha = 1.0 - level
    return [
        SatisfactionRow(
            key=g.key,
            label=g.label,
            n=g.n,
            satisfied=g.satisfied,
            rate=ci.estimate,
            ci_low=ci.ci_low,
            ci_high=ci.ci_high,
            pvalue=t.pvalue,
            pvalue_adjusted=adj,
            verdict=decide_verdict(t.estimate, adj, g.n, threshold=p0, alpha=alpha, min_n=minimum),
            rank=rank,
            shrunk_rate=rate,
        )
        for g, ci, t, adj, rank, rate in zip(
            groups, intervals, tests, adjusted, ranks, shrunk, strict=True
        )
    ]


def _shrunk_rates(groups: Sequence[GroupCount], level: float) -> list[float]:
    if not any(g.n for g in groups):
        return [math.nan] * len(groups)
    rates = shrink_rates(
        [g.satisfied for g in groups], [g.n for g in groups], confidence_level=level
    )
    return [r.shrunk if r.n else math.nan for r in rates]
