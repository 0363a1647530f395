"""Cross-tabulations against scipy: chi-square, Fisher's exact test, a permutation test.

References: ``scipy.stats.chi2_contingency(correction=False)``,
``scipy.stats.fisher_exact`` (R's ``fisher.test`` gives p = 0.4857 for
[[3, 1], [1, 3]]), and ``scipy.stats.permutation_test`` on the answers one
by one for the Monte Carlo p-value.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from analytics import crosstab


def test_large_counts_use_the_chi_square_test() -> None:
    table = [[56, 14, 20], [48, 32, 25]]
    result = crosstab(table)
    reference = stats.chi2_contingency(np.array(table), correction=False)
    assert result.statistic == pytest.approx(reference.statistic)
    assert result.pvalue == pytest.approx(reference.pvalue)
    assert result.dof == 2 and not result.small_expected and math.isnan(result.exact_pvalue)
    v = stats.contingency.association(np.array(table), method="cramer")
    assert result.cramers_v == pytest.approx(v)
    assert result.row_shares[0] == pytest.approx((56 / 90, 14 / 90, 20 / 90))
    assert result.column_shares[1][0] == pytest.approx(48 / 104)


def test_small_two_by_two_tables_get_fishers_exact_p_value() -> None:
    result = crosstab([[3, 1], [1, 3]])
    assert result.small_expected and result.min_expected == 2.0
    assert result.exact_method == "fisher"
    assert result.exact_pvalue == pytest.approx(stats.fisher_exact([[3, 1], [1, 3]]).pvalue)
    assert result.exact_pvalue == pytest.approx(0.4857, abs=1e-4)


def test_small_larger_tables_get_a_monte_carlo_p_value_near_a_permutation_test() -> None:
    table = np.array([[5, 1, 0], [1, 4, 2], [0, 2, 6]])
    result = crosstab(table, resamples=20_000)
    assert result.small_expected and result.exact_method == "monte-carlo"
    rows = np.repeat(np.arange(3), table.sum(axis=1))
    columns = np.concatenate([np.repeat(np.arange(3), row) for row in table])

    def statistic(x: np.ndarray) -> float:
        counts = np.zeros((3, 3))
        np.add.at(counts, (rows, x), 1)
        return float(stats.chi2_contingency(counts, correction=False).statistic)

    reference = stats.permutation_test((columns,), statistic, permutation_type="pairings",
                                       n_resamples=20_000, alternative="greater",
                                       random_state=np.random.default_rng(1))
    assert result.exact_pvalue == pytest.approx(reference.pvalue, abs=0.01)
    assert crosstab(table, resamples=20_000) == result  # a fixed seed: the same twice


def test_empty_rows_are_dropped_and_a_single_row_is_untestable() -> None:
    result = crosstab([[10, 12], [0, 0], [9, 20]])
    assert result.dof == 1 and result.n == 51
    assert math.isnan(crosstab([[10, 12], [0, 0]]).pvalue)
