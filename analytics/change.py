"""Change between two periods, per service or unit, with false-discovery control."""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from analytics import _checks
from analytics._result import Result
from analytics.comparison import proportion_difference
from analytics.multiplicity import adjust_checked

__all__ = ["ChangeInput", "ChangeRow", "ChangeVerdict", "change_table"]


class ChangeVerdict(StrEnum):
    """What the change between two periods shows."""

    IMPROVED = "improved"
    """The rate rose, significantly after the Benjamini–Hochberg adjustment."""
    WORSENED = "worsened"
    """The rate fell, significantly after the adjustment."""
    NO_DETECTABLE_CHANGE = "no_detectable_change"
    """No significant change, or too few answers in a period to test."""


@dataclass(frozen=True)
class ChangeInput:
    """Satisfied answers and answers of one row (a service or unit) in both periods."""

    key: Hashable
    successes_before: int
    n_before: int
    successes_after: int
    n_after: int


@dataclass(frozen=True, repr=False)
class ChangeRow(Result):
    """One row of :func:`change_table`: after minus before.

    ``tested`` is false when a period had fewer answers than ``min_n``;
    then ``pvalue`` and ``adjusted_pvalue`` are ``nan`` and the row does not
    count in the adjustment.
    """

    key: Hashable
    successes_before: int
    n_before: int
    successes_after: int
    n_after: int
    rate_before: float
    rate_after: float
    difference: float
    ci_low: float
    ci_high: float
    pvalue: float
    adjusted_pvalue: float
    tested: bool
    verdict: ChangeVerdict


def change_table(
    rows: Sequence[ChangeInput],
    *,
    confidence_level: float = 0.95,
    min_n: int = 30,
) -> tuple[ChangeRow, ...]:
    """Test the change of each row's rate between two periods.

    Parameters
    ----------
    rows : sequence of ChangeInput
        One per service or unit: counts before and after.
    confidence_level : float, optional
        Level of the intervals; the tests run at ``alpha = 1 -
        confidence_level`` on the adjusted p-values (default 0.95).
    min_n : int, optional
        Rows with fewer answers in either period are not tested (default 30).

    Returns
    -------
    tuple of ChangeRow
        In the order of ``rows``: the difference (after − before), its
        Newcombe hybrid-score interval, the two-sided score-test p-value,
        the Benjamini–Hochberg adjusted p-value and the verdict.

    Notes
    -----
    The interval and test are those of :func:`analytics.proportion_difference`:
    Newcombe's method 10, and the two-sample score test (the pooled z test,
    equal to Pearson's chi-square without continuity correction). The
    p-values of the tested rows are adjusted together by Benjamini and
    Hochberg, so that among the rows called ``improved`` or ``worsened``
    the expected share of false calls is at most alpha. The verdict is
    ``improved`` or ``worsened`` by the sign of the difference when the
    adjusted p-value is at most alpha, ``no_detectable_change`` otherwise.

    References
    ----------
    .. [1] R. G. Newcombe, "Interval estimation for the difference between
       independent proportions: comparison of eleven methods", Statistics in
       Medicine 17 (1998) 873–890.
    .. [2] Y. Benjamini and Y. Hochberg, "Controlling the false discovery
       rate", JRSS B 57 (1995) 289–300.

    Examples
    --------
    >>> rows = [ChangeInput("a", 48, 80, 56, 70), ChangeInput("b", 90, 100, 91, 100)]
    >>> [(r.key, round(r.difference, 4), r.verdict.value) for r in change_table(rows)]
    [('a', 0.2, 'improved'), ('b', 0.01, 'no_detectable_change')]
    """
    level = _checks.confidence(confidence_level)
    minimum = _checks.count(min_n, "min_n")
    results = []
    for i, row in enumerate(rows):
        if not isinstance(row, ChangeInput):
            raise TypeError(f"rows[{i}] must be a ChangeInput, got {type(row).__name__}")
        results.append(proportion_difference(row.successes_after, row.n_after,
                                             row.successes_before, row.n_before,
                                             confidence_level=level))
    tested = [min(r.n1, r.n2) >= max(minimum, 1) for r in results]
    raw = np.array([r.pvalue if t else math.nan for r, t in zip(results, tested, strict=True)])
    adjusted = adjust_checked(raw, "bh")
    alpha = 1.0 - level
    table = []
    for row, r, t, p, q in zip(rows, results, tested, raw, adjusted, strict=True):
        verdict = ChangeVerdict.NO_DETECTABLE_CHANGE
        if t and q <= alpha and r.difference != 0:
            verdict = ChangeVerdict.IMPROVED if r.difference > 0 else ChangeVerdict.WORSENED
        table.append(ChangeRow(row.key, r.successes2, r.n2, r.successes1, r.n1, r.estimate2,
                               r.estimate1, r.difference, r.ci_low, r.ci_high, float(p),
                               float(q), t, verdict))
    return tuple(table)
