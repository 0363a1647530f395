"""Satisfaction table: one row per group (service, agency, form …) from counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from babel import Locale

from analytics import _checks
from analytics._result import Result
from analytics.excellence import DEFAULT_THRESHOLD, Verdict
from analytics.formatting import format_percent, format_percent_range
from analytics.labels import label
from analytics.multiplicity import AdjustMethod
from analytics.proportions import IntervalMethod
from analytics.reports.columns import satisfaction_columns

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
    for index, group in enumerate(groups):
        if not isinstance(group, GroupCount):
            raise TypeError(f"groups[{index}] must be a GroupCount, got {type(group).__name__}")
    columns = satisfaction_columns(
        [g.satisfied for g in groups], [g.n for g in groups], threshold=threshold,
        confidence_level=confidence_level, method=method, min_n=min_n, adjust=adjust,
    )
    return [
        SatisfactionRow(
            key=g.key,
            label=g.label,
            n=g.n,
            satisfied=g.satisfied,
            rate=rate,
            ci_low=low,
            ci_high=high,
            pvalue=pvalue,
            pvalue_adjusted=adjusted,
            verdict=verdict,
            rank=rank or None,
            shrunk_rate=shrunk,
        )
        for g, rate, low, high, pvalue, adjusted, verdict, rank, shrunk in zip(
            groups,
            columns.rate.tolist(),
            columns.ci_low.tolist(),
            columns.ci_high.tolist(),
            columns.pvalue.tolist(),
            columns.pvalue_adjusted.tolist(),
            columns.verdict,
            columns.rank.tolist(),
            columns.shrunk_rate.tolist(),
            strict=True,
        )
    ]
