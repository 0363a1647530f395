"""proportion_ci against published tables and scipy."""

import math

import pytest
from scipy import stats

from analytics import INTERVAL_METHODS, ProportionResult, proportion_ci

# Newcombe (1998), "Two-sided confidence intervals for the single proportion:
# comparison of seven methods", Statistics in Medicine 17:857-872, Table I:
# method 3 (Wilson score, no continuity correction) and method 5 (exact).
NEWCOMBE_TABLE_I = [
    # successes, n, wilson (low, high), exact Clopper-Pearson (low, high)
    (81, 263, (0.2553, 0.3662), (0.2527, 0.3676)),
    (15, 148, (0.0624, 0.1605), (0.0578, 0.1617)),
    (0, 20, (0.0000, 0.1611), (0.0000, 0.1684)),
    (1, 29, (0.0061, 0.1718), (0.0009, 0.1776)),
    (29, 29, (0.8830, 1.0000), (0.8806, 1.0000)),
]


@pytest.mark.parametrize(("x", "n", "wilson", "exact"), NEWCOMBE_TABLE_I)
def test_intervals_match_newcombe_table_i(x, n, wilson, exact):
    w = proportion_ci(x, n)
    cp = proportion_ci(x, n, method="clopper-pearson")
    assert (round(w.ci_low, 4), round(w.ci_high, 4)) == wilson
    assert (round(cp.ci_low, 4), round(cp.ci_high, 4)) == exact


@pytest.mark.parametrize("level", [0.8, 0.9, 0.95, 0.99])
@pytest.mark.parametrize(("x", "n"), [(0, 1), (1, 1), (3, 7), (81, 263), (960, 1000), (1, 5000)])
def test_wilson_and_exact_agree_with_scipy_binomtest(x, n, level):
    # Reference: scipy.stats.binomtest(...).proportion_ci(method="wilson" / "exact").
    test = stats.binomtest(x, n)
    for ours, theirs in (("wilson", "wilson"), ("clopper-pearson", "exact")):
        expected = test.proportion_ci(confidence_level=level, method=theirs)
        got = proportion_ci(x, n, method=ours, confidence_level=level)
        assert got.ci_low == pytest.approx(expected.low, abs=1e-10)
        assert got.ci_high == pytest.approx(expected.high, abs=1e-10)


def test_jeffreys_is_the_equal_tailed_beta_posterior_interval():
    # Brown, Cai and DasGupta (2001), section 4.1.2: Beta(x + 1/2, n - x + 1/2) quantiles.
    r = proportion_ci(81, 263, method="jeffreys", confidence_level=0.9)
    assert r.ci_low == pytest.approx(stats.beta.ppf(0.05, 81.5, 182.5), rel=1e-12)
    assert r.ci_high == pytest.approx(stats.beta.ppf(0.95, 81.5, 182.5), rel=1e-12)


def test_jeffreys_boundary_convention():
    assert proportion_ci(0, 20, method="jeffreys").ci_low == 0.0
    assert proportion_ci(20, 20, method="jeffreys").ci_high == 1.0


def test_result_fields_and_repr():
    r = proportion_ci(81, 263)
    assert isinstance(r, ProportionResult)
    assert (r.successes, r.n, r.method, r.confidence_level) == (81, 263, "wilson", 0.95)
    assert r.estimate == 81 / 263
    assert repr(r).startswith("ProportionResult(successes=81, n=263, estimate=0.308, ci_low=0.2553")


@pytest.mark.parametrize("method", INTERVAL_METHODS)
def test_empty_group_gives_nan_not_an_error(method):
    r = proportion_ci(0, 0, method=method)
    assert math.isnan(r.estimate) and math.isnan(r.ci_low) and math.isnan(r.ci_high)
    assert r.to_dict()["estimate"] is None


def test_more_successes_than_answers_is_explained():
    with pytest.raises(ValueError, match=r"successes \(12\) is larger than n \(10\).*from 0 to 10"):
        proportion_ci(12, 10)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"successes": -1, "n": 10}, "successes must be zero or more"),
        ({"successes": 1, "n": 10, "confidence_level": 95}, r"write 0.95, not 95"),
        ({"successes": 1, "n": 10, "confidence_level": 1.0}, "strictly between 0 and 1"),
        ({"successes": 1, "n": 10, "method": "wald"}, "method must be one of 'wilson'"),
    ],
)
def test_bad_arguments_say_how_to_fix_them(kwargs, message):
    with pytest.raises(ValueError, match=message):
        proportion_ci(**kwargs)


def test_counts_must_be_whole_numbers():
    with pytest.raises(TypeError, match="whole number"):
        proportion_ci(1.5, 10)
    with pytest.raises(TypeError, match="boolean"):
        proportion_ci(True, 10)
    assert proportion_ci(3.0, 10).successes == 3
