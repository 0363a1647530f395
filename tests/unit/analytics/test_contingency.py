"""chi_square_independence against scipy.stats.chi2_contingency / association."""

import math

import numpy as np
import pytest
from scipy import stats
from scipy.stats.contingency import association

from analytics import ChiSquareResult, chi_square_independence


def test_r_by_c_table_matches_scipy():
    table = [[10, 20, 30], [5, 5, 40], [7, 1, 12]]
    r = chi_square_independence(table)
    expected = stats.chi2_contingency(table)
    assert r.statistic == pytest.approx(expected.statistic)
    assert r.pvalue == pytest.approx(expected.pvalue)
    assert r.dof == expected.dof == 4
    np.testing.assert_allclose(r.expected, expected.expected_freq)
    assert r.cramers_v == pytest.approx(association(table, method="cramer"))
    assert r.n == 130


def test_two_by_two_uses_no_correction_by_default_and_yates_on_request():
    table = [[56, 14], [48, 32]]
    plain = chi_square_independence(table)
    yates = chi_square_independence(table, correction=True)
    assert plain.statistic == pytest.approx(
        stats.chi2_contingency(table, correction=False).statistic
    )
    assert yates.statistic == pytest.approx(
        stats.chi2_contingency(table, correction=True).statistic
    )
    assert yates.pvalue > plain.pvalue
    # Cramér's V is always taken from the uncorrected statistic.
    assert yates.cramers_v == plain.cramers_v == pytest.approx(association(table, method="cramer"))
    # For 2x2 it is |phi|: (ad - bc) / sqrt(row and column totals).
    phi = (56 * 32 - 14 * 48) / math.sqrt(70 * 80 * 104 * 46)
    assert plain.cramers_v == pytest.approx(abs(phi))


def test_empty_row_gives_nan_rather_than_an_error():
    r = chi_square_independence([[0, 0], [3, 4]])
    assert isinstance(r, ChiSquareResult)
    assert math.isnan(r.statistic) and math.isnan(r.pvalue) and math.isnan(r.cramers_v)
    assert r.to_dict()["statistic"] is None


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ([[1, 2, 3]], "at least 2 rows and 2 columns"),
        ([[1, -2], [3, 4]], "whole, non-negative counts"),
        ([[1, 2.5], [3, 4]], "whole, non-negative counts"),
        ([[1, 2], [3]], "rectangular"),
    ],
)
def test_bad_tables_are_explained(table, message):
    with pytest.raises(ValueError, match=message):
        chi_square_independence(table)
