"""Satisfaction of units and officers: intervals, shrunk rates and ranks."""

import math

import numpy as np
import pytest
from scipy import special

from analytics import beta_binomial_prior, group_rate_columns, shrink_rates


def test_three_of_three_does_not_outrank_480_of_500_even_alone():
    # two groups only: the fitted prior is strong and both shrunk rates lie
    # within rounding noise of the pooled rate
    cols = group_rate_columns([3, 480], [3, 500])
    assert cols.rate.tolist() == [1.0, 0.96]
    assert cols.rank.tolist() == [2, 1]


@pytest.mark.parametrize(("satisfied", "n"), [
    ([3, 480, 400, 45], [3, 500, 500, 50]),
    ([3, 480, 80, 45, 900, 12], [3, 500, 100, 50, 1000, 15]),
    ([3, 480, 480], [3, 500, 500]),
])
def test_small_perfect_group_ranks_below_the_large_one(satisfied, n):
    cols = group_rate_columns(satisfied, n)
    assert cols.rank[0] > cols.rank[1]


def test_shrunk_rates_are_the_posterior_means_of_shrink_rates():
    satisfied, n = [45, 170, 88, 800, 30, 0], [50, 200, 100, 1000, 40, 0]
    cols = group_rate_columns(satisfied, n)
    prior = beta_binomial_prior(satisfied, n)
    reference = shrink_rates(satisfied[:5], n[:5], prior)
    for i, r in enumerate(reference):
        assert cols.shrunk_rate[i] == pytest.approx(r.shrunk, rel=1e-12)
        assert cols.shrunk_ci_low[i] == pytest.approx(r.ci_low, rel=1e-9)
    # no answers: no rate, no rank
    assert math.isnan(cols.rate[5]) and math.isnan(cols.shrunk_rate[5]) and cols.rank[5] == 0


def test_posterior_bounds_against_the_incomplete_beta_function():
    # independent check: the posterior interval's bounds are the 2.5% and
    # 97.5% points of Beta(x + a, n - x + b), i.e. where the regularized
    # incomplete beta function equals 0.025 and 0.975
    satisfied, n = [45, 170, 88], [50, 200, 100]
    cols = group_rate_columns(satisfied, n)
    prior = beta_binomial_prior(satisfied, n)
    for i in range(3):
        a, b = prior.alpha + satisfied[i], prior.beta + n[i] - satisfied[i]
        assert special.betainc(a, b, cols.shrunk_ci_low[i]) == pytest.approx(0.025, abs=1e-9)
        assert special.betainc(a, b, cols.shrunk_ci_high[i]) == pytest.approx(0.975, abs=1e-9)


def test_ties_share_a_rank():
    cols = group_rate_columns([90, 90, 10], [100, 100, 100])
    assert cols.rank.tolist() == [1, 1, 3]
    assert cols.n.dtype == np.int64


def test_bad_counts_are_refused():
    with pytest.raises(ValueError, match="satisfied ≤ n"):
        group_rate_columns([5], [3])
