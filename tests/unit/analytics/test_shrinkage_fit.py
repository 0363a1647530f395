"""The maximum-likelihood prior is the optimum of the beta-binomial likelihood.

Checked against an independent fit of the same likelihood by Nelder–Mead
(derivative-free, different start), so that the analytic gradient used by
beta_binomial_prior cannot steer it to a wrong point.
"""

import numpy as np
import pytest
from scipy import optimize, special

from analytics import beta_binomial_prior


def _negative_log_likelihood(params: np.ndarray, x: np.ndarray, n: np.ndarray) -> float:
    a, b = np.exp(params)
    return -float(np.sum(special.betaln(x + a, n - x + b) - special.betaln(a, b)))


@pytest.mark.parametrize("seed", range(6))
def test_prior_matches_a_derivative_free_fit(seed: int) -> None:
    rng = np.random.default_rng(seed)
    groups = int(rng.integers(20, 400))
    n = rng.integers(1, 1500, groups).astype(float)
    x = rng.binomial(n.astype(int), rng.beta(20.0, 3.0, groups)).astype(float)
    prior = beta_binomial_prior(x.tolist(), n.tolist())
    reference = optimize.minimize(
        _negative_log_likelihood, np.log([1.0, 1.0]), args=(x, n), method="Nelder-Mead",
        options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000},
    )
    alpha, beta = np.exp(reference.x)
    assert prior.mean == pytest.approx(alpha / (alpha + beta), rel=1e-4)
    assert prior.concentration == pytest.approx(alpha + beta, rel=1e-3)
    fitted = np.log([prior.alpha, prior.beta])
    assert _negative_log_likelihood(fitted, x, n) <= reference.fun + 1e-6


def test_trigamma_of_the_newton_steps_matches_scipy() -> None:
    from analytics.shrinkage import _trigamma, _trigamma_scalar

    z = np.concatenate([np.linspace(1e-3, 10.0, 2000), np.geomspace(10.0, 1e7, 2000)])
    np.testing.assert_allclose(_trigamma(z), special.polygamma(1, z), rtol=1e-8)
    for value in (1e-3, 0.5, 5.999, 6.0, 123.4):
        assert _trigamma_scalar(value) == pytest.approx(float(special.polygamma(1, value)),
                                                        rel=1e-8)


@pytest.mark.parametrize("spread", [0.0, 3.0, 40.0, 1e4])
def test_newton_fit_is_at_least_as_good_as_l_bfgs_b(spread: float) -> None:
    """From no extra spread (the bound of the concentration) to a wide one."""
    from analytics import shrinkage

    rng = np.random.default_rng(int(spread))
    n = rng.integers(5, 3000, 800).astype(float)
    rates = np.full(n.size, 0.88) if spread == 0.0 else rng.beta(spread * 0.9, spread * 0.1,
                                                                   n.size)
    x = rng.binomial(n.astype(int), rates).astype(float)
    prior = shrinkage.fit_prior(x, n)
    fitted = np.array([special.logit(prior.mean), np.log(prior.concentration)])
    total = float(n.sum())
    epsilon = 1.0 / (2.0 * (total + 1.0))
    lower = np.array([special.logit(epsilon), np.log(1e-3)])
    upper = np.array([special.logit(1.0 - epsilon), np.log(total)])
    start = np.clip(fitted + 0.5, lower, upper)
    other = shrinkage._lbfgsb(x, n, start, lower, upper)
    assert shrinkage._log_likelihood(x, n, fitted) >= shrinkage._log_likelihood(
        x, n, other) - 1e-6
