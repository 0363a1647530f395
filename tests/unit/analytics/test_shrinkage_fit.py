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
