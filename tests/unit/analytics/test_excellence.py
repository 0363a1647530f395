"""excellence_test: verdicts, p-values against R/scipy, edge cases."""

import math

import pytest
from scipy import stats

from analytics import ExcellenceResult, Verdict, excellence_test


def test_pvalue_is_the_exact_one_sided_binomial_test():
    # Reference: R binom.test(190, 200, p = 0.9, alternative = "greater")$p.value,
    # i.e. P(X >= 190) for X ~ Bin(200, 0.9), computed here with scipy.stats.binom.
    r = excellence_test(190, 200)
    assert r.pvalue == pytest.approx(stats.binom.sf(189, 200, 0.9), rel=1e-12)
    assert r.pvalue == pytest.approx(
        stats.binomtest(190, 200, 0.9, alternative="greater").pvalue, rel=1e-12
    )
    assert r.statistic == r.estimate == 0.95
    assert r.verdict is Verdict.EXCELLENT


@pytest.mark.parametrize(
    ("x", "n", "verdict"),
    [
        (190, 200, Verdict.EXCELLENT),
        (46, 50, Verdict.MEETS_POINT_ESTIMATE),
        (45, 50, Verdict.MEETS_POINT_ESTIMATE),  # exactly at the threshold
        (44, 50, Verdict.BELOW),
        (29, 29, Verdict.INSUFFICIENT_DATA),
        (0, 0, Verdict.INSUFFICIENT_DATA),
    ],
)
def test_verdicts(x, n, verdict):
    assert excellence_test(x, n).verdict is verdict


def test_insufficient_data_still_reports_the_pvalue():
    r = excellence_test(20, 20)
    assert r.verdict is Verdict.INSUFFICIENT_DATA
    assert r.pvalue == pytest.approx(0.9**20)


def test_empty_group_is_nan_and_insufficient():
    r = excellence_test(0, 0)
    assert math.isnan(r.estimate) and math.isnan(r.pvalue) and math.isnan(r.lower_bound)
    assert r.to_dict()["verdict"] == "insufficient_data"


def test_threshold_min_n_and_confidence_are_configurable():
    assert excellence_test(19, 20, min_n=10, threshold=0.7).verdict is Verdict.EXCELLENT
    assert excellence_test(19, 20, min_n=10).verdict is Verdict.MEETS_POINT_ESTIMATE
    # p = 0.0081 for 190/200: significant at 0.99 confidence, not at 0.995.
    assert excellence_test(190, 200, confidence_level=0.99).verdict is Verdict.EXCELLENT
    assert excellence_test(190, 200, confidence_level=0.995).verdict is Verdict.MEETS_POINT_ESTIMATE


@pytest.mark.parametrize("n", [30, 57, 200, 1000])
def test_verdict_is_excellent_exactly_when_lower_bound_reaches_threshold(n):
    # Duality of the exact test and the one-sided Clopper-Pearson bound.
    for x in range(n + 1):
        r = excellence_test(x, n)
        if abs(r.lower_bound - 0.9) > 1e-9:
            assert (r.verdict is Verdict.EXCELLENT) == (r.lower_bound >= 0.9)


def test_lower_bound_matches_scipy_one_sided_exact_interval():
    # Reference: scipy binomtest(..., alternative="greater").proportion_ci(method="exact").
    r = excellence_test(475, 500)
    ci = stats.binomtest(475, 500, alternative="greater").proportion_ci(0.95, method="exact")
    assert r.lower_bound == pytest.approx(ci.low, abs=1e-10)


def test_verdict_is_a_str_enum_with_readable_values():
    assert Verdict.EXCELLENT == "excellent"
    assert {v.value for v in Verdict} == {
        "excellent",
        "meets_point_estimate",
        "below",
        "insufficient_data",
    }
    assert isinstance(excellence_test(1, 1), ExcellenceResult)


@pytest.mark.parametrize("threshold", [0, 1, 90, -0.1])
def test_threshold_must_be_a_proportion(threshold):
    with pytest.raises(ValueError, match="threshold must be strictly between 0 and 1"):
        excellence_test(5, 10, threshold=threshold)
