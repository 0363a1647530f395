"""proportion_difference against Newcombe (1998) and R prop.test."""

import math

import pytest
from scipy import stats

from analytics import DifferenceResult, proportion_difference

# Newcombe (1998), "Interval estimation for the difference between independent
# proportions: comparison of eleven methods", Statistics in Medicine 17:873-890,
# Table II, method 10 (hybrid score interval without continuity correction).
NEWCOMBE_TABLE_II = [
    ((56, 70, 48, 80), 0.2000, (0.0524, 0.3339)),
    ((9, 10, 3, 10), 0.6000, (0.1705, 0.8090)),
    ((6, 7, 2, 7), 0.5714, (0.0582, 0.8062)),
    ((5, 56, 0, 29), 0.0893, (-0.0381, 0.1926)),
    ((0, 10, 0, 20), 0.0000, (-0.1611, 0.2775)),
    ((0, 10, 0, 10), 0.0000, (-0.2775, 0.2775)),
    ((10, 10, 0, 20), 1.0000, (0.6791, 1.0000)),
    ((10, 10, 0, 10), 1.0000, (0.6075, 1.0000)),
]


@pytest.mark.parametrize(("counts", "difference", "interval"), NEWCOMBE_TABLE_II)
def test_hybrid_score_interval_matches_newcombe_table_ii(counts, difference, interval):
    r = proportion_difference(*counts)
    assert round(r.difference, 4) == difference
    assert (round(r.ci_low, 4), round(r.ci_high, 4)) == interval


@pytest.mark.parametrize(
    "counts", [(56, 70, 48, 80), (9, 10, 3, 10), (5, 56, 0, 29), (1, 300, 9, 250)]
)
def test_two_sided_pvalue_equals_uncorrected_chi_square(counts):
    # Reference: R prop.test(c(x1, x2), c(n1, n2), correct = FALSE)$p.value, which is
    # Pearson's chi-square of the 2x2 table: scipy chi2_contingency(correction=False).
    x1, n1, x2, n2 = counts
    table = [[x1, n1 - x1], [x2, n2 - x2]]
    expected = stats.chi2_contingency(table, correction=False)
    r = proportion_difference(*counts)
    assert r.pvalue == pytest.approx(expected.pvalue, rel=1e-9)
    assert r.statistic**2 == pytest.approx(expected.statistic, rel=1e-9)


def test_one_sided_alternatives():
    greater = proportion_difference(56, 70, 48, 80, alternative="greater")
    less = proportion_difference(56, 70, 48, 80, alternative="less")
    two = proportion_difference(56, 70, 48, 80)
    assert greater.pvalue == pytest.approx(two.pvalue / 2)
    assert less.pvalue == pytest.approx(1 - two.pvalue / 2)
    assert greater.ci_high == 1.0 and less.ci_low == -1.0
    # A one-sided 95% bound is a bound of the two-sided 90% interval.
    ninety = proportion_difference(56, 70, 48, 80, confidence_level=0.90)
    assert greater.ci_low == pytest.approx(ninety.ci_low)
    assert less.ci_high == pytest.approx(ninety.ci_high)


def test_identical_all_or_nothing_groups_give_pvalue_one():
    r = proportion_difference(10, 10, 20, 20)
    assert (r.statistic, r.pvalue) == (0.0, 1.0)


def test_empty_group_gives_nan():
    r = proportion_difference(0, 0, 5, 10)
    assert isinstance(r, DifferenceResult)
    assert math.isnan(r.difference) and math.isnan(r.pvalue) and math.isnan(r.ci_low)


def test_bad_alternative_is_explained():
    with pytest.raises(
        ValueError, match="alternative must be one of 'two-sided', 'less', 'greater'"
    ):
        proportion_difference(1, 2, 1, 2, alternative="bigger")  # type: ignore[arg-type]


def test_result_names_its_methods():
    r = proportion_difference(9, 10, 3, 10)
    assert (r.method, r.test) == ("newcombe-hybrid-score", "pooled-z")
