"""Association in an r × c table of counts: chi-square test and Cramér's V."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from analytics._result import Result

__all__ = ["ChiSquareResult", "chi_square_independence"]


@dataclass(frozen=True, repr=False)
class ChiSquareResult(Result):
    """Result of :func:`chi_square_independence`.

    ``expected`` holds the expected counts under independence, row by row.
    """

    statistic: float
    pvalue: float
    dof: int
    cramers_v: float
    n: int
    correction: bool
    expected: tuple[tuple[float, ...], ...]


def chi_square_independence(
    table: Sequence[Sequence[int]] | np.ndarray, *, correction: bool = False
) -> ChiSquareResult:
    """Pearson's chi-square test of independence with Cramér's V.

    Parameters
    ----------
    table : r × c array-like of int
        Counts, r and c at least 2: for instance rows "reached by the
        channel" / "not reached" and columns "submitted unaided" / "did not".
    correction : bool, optional
        Apply Yates' continuity correction to 2 × 2 tables (it never applies
        to larger tables). Off by default, unlike
        :func:`scipy.stats.chi2_contingency` and R's ``chisq.test``, so that the
        2 × 2 p-value equals the two-sided pooled z test of
        :func:`analytics.proportion_difference`.

    Returns
    -------
    ChiSquareResult
        ``statistic``, ``pvalue``, ``dof`` = (r − 1)(c − 1), ``cramers_v``,
        ``n`` (grand total), ``correction`` and ``expected``. When a row or a
        column has no observations the test is undefined and ``statistic``,
        ``pvalue`` and ``cramers_v`` are ``nan``.

    Notes
    -----
    The statistic and p-value come from :func:`scipy.stats.chi2_contingency`.
    Cramér's V is :math:`\\sqrt{\\chi^2 / (n (\\min(r, c) - 1))}` with the
    uncorrected statistic whatever ``correction`` says (as
    :func:`scipy.stats.contingency.association` does), so V measures the
    strength of association on a 0–1 scale; for a 2 × 2 table it is the
    absolute value of the phi coefficient. The chi-square approximation
    needs expected counts of about 5 or more; check ``expected``.

    References
    ----------
    .. [1] H. Cramér, *Mathematical Methods of Statistics*, Princeton
       University Press (1946), p. 282.
    .. [2] A. Agresti, *Categorical Data Analysis*, 3rd ed., Wiley (2013),
       section 3.2.

    Examples
    --------
    >>> r = chi_square_independence([[56, 14], [48, 32]])
    >>> round(r.statistic, 3), round(r.pvalue, 4), r.dof, round(r.cramers_v, 4)
    (7.023, 0.008, 1, 0.2164)
    """
    observed = _counts_table(table)
    n = int(observed.sum())
    rows, cols = observed.shape
    dof = (rows - 1) * (cols - 1)
    row_totals = observed.sum(axis=1)
    col_totals = observed.sum(axis=0)
    expected = np.full(observed.shape, math.nan) if n == 0 else np.outer(row_totals, col_totals) / n
    frozen = tuple(tuple(float(v) for v in row) for row in expected)
    if (row_totals == 0).any() or (col_totals == 0).any():
        return ChiSquareResult(math.nan, math.nan, dof, math.nan, n, correction, frozen)
    test = stats.chi2_contingency(observed, correction=correction)
    uncorrected = test if not correction else stats.chi2_contingency(observed, correction=False)
    v = math.sqrt(float(uncorrected.statistic) / (n * (min(rows, cols) - 1)))
    return ChiSquareResult(
        float(test.statistic), float(test.pvalue), dof, v, n, bool(correction), frozen
    )


def _counts_table(table: Sequence[Sequence[int]] | np.ndarray) -> np.ndarray:
    try:
        array = np.asarray(table, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            "table must be a rectangular table of counts, e.g. [[56, 14], [48, 32]]"
        ) from None
    if array.ndim != 2 or array.shape[0] < 2 or array.shape[1] < 2:
        raise ValueError(
            f"table must have at least 2 rows and 2 columns of counts, got shape {array.shape}"
        )
    if not np.isfinite(array).all() or (array < 0).any() or (array != np.floor(array)).any():
        raise ValueError("table must hold whole, non-negative counts (no nan, no fractions)")
    return array.astype(np.int64)
