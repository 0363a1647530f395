"""Empirical-Bayes beta-binomial prior and shrunk rates."""

import math

import numpy as np
import pytest
from scipy import special, stats

from analytics import BetaPrior, beta_binomial_prior, competition_rank, shrink_rates

SUCCESSES = [3, 960, 850, 400, 170, 88, 45, 30, 700, 12]
NS = [3, 1000, 1000, 500, 200, 100, 50, 40, 800, 15]


@pytest.mark.parametrize("method", ["mle", "moments"])
def test_three_of_three_does_not_outrank_960_of_1000(method):
    prior = beta_binomial_prior(SUCCESSES, NS, method=method)
    rates = shrink_rates(SUCCESSES, NS, prior)
    ranks = competition_rank(r.shrunk for r in rates)
    assert rates[0].raw == 1.0 and rates[1].raw == 0.96
    assert ranks[1] == 1
    assert ranks[0] > ranks[1]
    # Large groups hardly move; the small one moves most of the way to the mean.
    assert abs(rates[1].shrunk - 0.96) < 0.005
    assert abs(rates[0].shrunk - prior.mean) < abs(1.0 - rates[0].shrunk)


def test_maximum_likelihood_beats_a_grid_search():
    # Independent check: brute-force the beta-binomial log-likelihood on a grid.
    x, n = np.array(SUCCESSES, float), np.array(NS, float)

    def log_likelihood(a: float, b: float) -> float:
        return float(np.sum(special.betaln(x + a, n - x + b) - special.betaln(a, b)))

    prior = beta_binomial_prior(SUCCESSES, NS)
    best_grid = max(
        log_likelihood(m * s, (1 - m) * s)
        for m in np.linspace(0.70, 0.95, 51)
        for s in np.geomspace(1, 2000, 81)
    )
    assert log_likelihood(prior.alpha, prior.beta) >= best_grid - 1e-6


@pytest.mark.parametrize("method", ["mle", "moments"])
def test_recovers_a_known_prior_from_simulated_groups(method):
    rng = np.random.default_rng(2023)
    ns = rng.integers(20, 400, size=400)
    successes = rng.binomial(ns, rng.beta(40, 10, size=400))
    prior = beta_binomial_prior(successes.tolist(), ns.tolist(), method=method)
    assert prior.mean == pytest.approx(0.8, abs=0.01)
    assert 30 < prior.concentration < 75  # true concentration 50


def test_identical_groups_pool_completely():
    prior = beta_binomial_prior([90, 90, 90], [100, 100, 100])
    assert prior.mean == pytest.approx(0.9)
    assert prior.concentration == pytest.approx(300)  # the bound: all the answers
    assert all(r.shrunk == pytest.approx(0.9) for r in shrink_rates([90] * 3, [100] * 3))


@pytest.mark.parametrize("method", ["mle", "moments"])
def test_all_perfect_groups_still_give_a_proper_prior(method):
    prior = beta_binomial_prior([3, 3], [3, 3], method=method)
    assert prior.alpha > 0 and prior.beta > 0
    assert 0.9 < prior.mean < 1.0


def test_single_group_keeps_its_rate():
    rates = shrink_rates([5], [7])
    assert rates[0].shrunk == pytest.approx(5 / 7)


def test_posterior_interval_and_empty_group():
    prior = BetaPrior(17.0, 3.0)
    r0, r1 = shrink_rates([0, 12], [0, 15], prior)
    assert math.isnan(r0.raw) and r0.shrunk == pytest.approx(prior.mean)
    assert r1.shrunk == pytest.approx(29 / 35)
    assert r1.ci_low == pytest.approx(stats.beta.ppf(0.025, 29, 6))
    assert r1.ci_high == pytest.approx(stats.beta.ppf(0.975, 29, 6))


def test_bad_input_is_explained():
    with pytest.raises(ValueError, match="one entry per group"):
        beta_binomial_prior([1, 2], [3])
    with pytest.raises(ValueError, match="no group has any answers"):
        beta_binomial_prior([0, 0], [0, 0])
    with pytest.raises(ValueError, match=r"successes\[1\] \(5\) is larger than ns\[1\] \(4\)"):
        shrink_rates([1, 5], [2, 4])
    with pytest.raises(ValueError, match="beta must be a finite number greater than 0"):
        BetaPrior(1.0, -2.0)
