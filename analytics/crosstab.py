"""A cross-tabulation of two closed questions (or a question by a group).

Counts, row and column percentages, Pearson's chi-square with Cramér's V
(:func:`analytics.chi_square_independence`), and, when an expected count is
below 5 so that the chi-square approximation is doubtful, an exact p-value
(Fisher's test for a 2 × 2 table) or a Monte Carlo one (random tables with
the observed margins, a fixed seed) for larger tables.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from analytics._result import Result
from analytics.contingency import chi_square_independence

__all__ = ["MONTE_CARLO_SEED", "CrossTab", "crosstab"]

#: the seed of the Monte Carlo p-value, so that a report reads the same twice
MONTE_CARLO_SEED = 20230701
SMALL_EXPECTED = 5.0


@dataclass(frozen=True, repr=False)
class CrossTab(Result):
    """Counts and percentages of an r × c table with its test of independence.

    ``row_shares[i][j]`` is ``counts[i][j]`` over row ``i``'s total,
    ``column_shares[i][j]`` over column ``j``'s. ``small_expected`` says an
    expected count is below 5; ``exact_pvalue`` is then Fisher's exact
    p-value (2 × 2, ``exact_method = 'fisher'``) or a Monte Carlo p-value
    (``'monte-carlo'``, ``resamples`` tables), and ``nan`` otherwise.
    """

    counts: tuple[tuple[int, ...], ...]
    row_shares: tuple[tuple[float, ...], ...]
    column_shares: tuple[tuple[float, ...], ...]
    n: int
    statistic: float
    pvalue: float
    dof: int
    cramers_v: float
    small_expected: bool
    min_expected: float
    exact_pvalue: float
    exact_method: str
    resamples: int


def _shares(table: np.ndarray, axis: int) -> tuple[tuple[float, ...], ...]:
    totals = table.sum(axis=axis, keepdims=True).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = np.where(totals > 0, table / np.where(totals > 0, totals, 1), math.nan)
    return tuple(tuple(float(v) for v in row) for row in shares)


def _statistic(table: np.ndarray, expected: np.ndarray) -> np.ndarray:
    return ((table - expected) ** 2 / expected).sum(axis=(-2, -1))


def crosstab(
    table: Sequence[Sequence[int]] | np.ndarray, *, resamples: int = 10_000,
    seed: int = MONTE_CARLO_SEED,
) -> CrossTab:
    """Cross-tabulate counts: percentages, chi-square, Cramér's V, small-count p-value.

    Rows or columns without any count are dropped before the test (they
    carry no information and make it undefined).

    Examples
    --------
    >>> r = crosstab([[3, 1], [1, 3]])
    >>> r.small_expected, r.exact_method, round(r.exact_pvalue, 4)
    (True, 'fisher', 0.4857)
    """
    observed = np.asarray(table, dtype=np.int64)
    n = int(observed.sum())
    kept = observed[observed.sum(axis=1) > 0][:, observed.sum(axis=0) > 0]
    nan = math.nan
    counts = tuple(tuple(int(v) for v in row) for row in observed)
    rows, columns = _shares(observed, 1), _shares(observed, 0)
    if kept.ndim != 2 or kept.shape[0] < 2 or kept.shape[1] < 2:
        return CrossTab(counts, rows, columns, n, nan, nan, 0, nan, False, nan, nan, "", 0)
    test = chi_square_independence(kept)
    expected = np.asarray(test.expected)
    smallest = float(expected.min())
    small = smallest < SMALL_EXPECTED
    exact, method, drawn = nan, "", 0
    if small and kept.shape == (2, 2):
        exact, method = float(stats.fisher_exact(kept).pvalue), "fisher"
    elif small:
        tables = stats.random_table(kept.sum(axis=1), kept.sum(axis=0)).rvs(
            size=resamples, random_state=np.random.default_rng(seed))
        simulated = _statistic(tables, expected)
        observed_statistic = float(_statistic(kept, expected))
        extreme = int((simulated >= observed_statistic - 1e-9).sum())
        exact, method, drawn = (extreme + 1) / (resamples + 1), "monte-carlo", resamples
    return CrossTab(counts, rows, columns, n, test.statistic, test.pvalue, test.dof,
                    test.cramers_v, small, smallest, exact, method, drawn)
