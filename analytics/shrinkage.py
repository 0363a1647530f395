"""Empirical-Bayes (beta-binomial) shrinkage of rates of many small groups.

A service with 3 satisfied answers out of 3 has a raw rate of 100%, but
says little; one with 960 out of 1000 says a lot. Shrinking every group's
rate towards the rate typical of all groups, by an amount that falls as the
group's answers grow, gives estimates that can be ranked fairly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import optimize, special, stats

from analytics import _checks
from analytics._result import Result

__all__ = ["PRIOR_METHODS", "BetaPrior", "ShrunkRate", "beta_binomial_prior", "shrink_rates"]

PriorMethod = Literal["mle", "moments"]
PRIOR_METHODS: tuple[PriorMethod, ...] = ("mle", "moments")
"""Estimation methods understood by :func:`beta_binomial_prior`."""

_MIN_CONCENTRATION = 1e-3


@dataclass(frozen=True)
class BetaPrior:
    """Beta(alpha, beta) distribution of the true rates across groups.

    >>> BetaPrior(9.0, 1.0).mean
    0.9
    >>> BetaPrior(0, 1)
    Traceback (most recent call last):
    ...
    ValueError: alpha must be a finite number greater than 0, got 0.0
    """

    alpha: float
    beta: float

    def __post_init__(self) -> None:
        for name in ("alpha", "beta"):
            value = _checks.finite(getattr(self, name), name)
            if value <= 0:
                raise ValueError(f"{name} must be a finite number greater than 0, got {value!r}")

    @property
    def mean(self) -> float:
        """Mean rate across groups, alpha / (alpha + beta)."""
        return self.alpha / (self.alpha + self.beta)

    @property
    def concentration(self) -> float:
        """alpha + beta: the prior counts as this many answers."""
        return self.alpha + self.beta


@dataclass(frozen=True, repr=False)
class ShrunkRate(Result):
    """Raw and shrunk rate of one group, side by side.

    ``shrunk`` is the posterior mean and ``ci_low`` .. ``ci_high`` the
    equal-tailed posterior interval. With ``n = 0`` the raw rate is ``nan``
    and the shrunk rate is the prior mean.
    """

    successes: int
    n: int
    raw: float
    shrunk: float
    ci_low: float
    ci_high: float
    confidence_level: float


def beta_binomial_prior(
    successes: Sequence[int], ns: Sequence[int], *, method: PriorMethod = "mle"
) -> BetaPrior:
    """Fit the Beta prior of group rates from the groups' counts.

    Parameters
    ----------
    successes, ns : sequence of int
        Successes and answers per group, same length. Groups with no answers
        are ignored.
    method : {'mle', 'moments'}, optional
        ``'mle'`` (default): maximum likelihood of the beta-binomial model,
        found with :func:`scipy.optimize.minimize` (L-BFGS-B) from the
        moments estimate. ``'moments'``: the method-of-moments estimate.

    Returns
    -------
    BetaPrior
        With mean m and concentration s: ``alpha = m s``, ``beta = (1 − m) s``.

    Notes
    -----
    The model: each group's true rate is drawn from Beta(alpha, beta) and
    its successes are Binomial(n_i, rate). The moments estimate takes the
    pooled rate :math:`m = \\sum x_i / N` and the intra-class correlation
    :math:`\\rho = 1/(s + 1)` from

    .. math:: \\hat\\rho = \\frac{S/(m(1-m)) - (k-1)}{N - \\sum n_i^2/N - (k - 1)},
              \\quad S = \\sum n_i (x_i/n_i - m)^2,

    which equates S with its expectation (Kleinman, 1973).

    To stay usable on any input the estimate is kept inside bounds:

    * the mean lies in [ε, 1 − ε] with ε = 1 / (2(N + 1)), so that groups
      that are all 100% (or all 0%) still give a proper prior;
    * the concentration lies between 0.001 and N, the total answers. When
      the groups show no more spread than binomial noise (identical rates,
      or a single group), the estimate is the upper bound: the prior then
      weighs as much as all the answers together and every rate moves most
      of the way to the mean. Groups with identical raw rates (or a single
      group) always get this upper bound, with either method: maximum
      likelihood alone would drift to a degenerate prior when every group
      is at 100%.

    References
    ----------
    .. [1] J. C. Kleinman, "Proportions with extraneous variance: single and
       independent samples", JASA 68 (1973) 46–54.
    .. [2] B. Efron and C. Morris, "Data analysis using Stein's estimator and
       its generalizations", JASA 70 (1975) 311–319.

    Examples
    --------
    >>> prior = beta_binomial_prior([45, 170, 88, 800, 30], [50, 200, 100, 1000, 40])
    >>> round(prior.mean, 3)
    0.831
    """
    x, n = _groups(successes, ns)
    chosen = _checks.choice(method, "method", PRIOR_METHODS)
    return fit_prior(x, n, chosen)


def fit_prior(x: np.ndarray, n: np.ndarray, method: PriorMethod = "mle") -> BetaPrior:
    """:func:`beta_binomial_prior` for float arrays of counts already checked.

    At least one group must have answers.
    """
    total = float(n.sum())
    epsilon = 1.0 / (2.0 * (total + 1.0))
    s_max = max(total, 2.0 * _MIN_CONCENTRATION)
    mean, concentration = _moments(x, n)
    mean = min(max(mean, epsilon), 1.0 - epsilon)
    concentration = min(max(concentration, _MIN_CONCENTRATION), s_max)
    answered = n > 0
    identical = bool(np.all(x[answered] * n[answered][0] == x[answered][0] * n[answered]))
    if identical:
        concentration = s_max
    elif method == "mle":
        mean, concentration = _maximum_likelihood(x, n, mean, concentration, epsilon, s_max)
    return BetaPrior(mean * concentration, (1.0 - mean) * concentration)


def shrink_rates(
    successes: Sequence[int],
    ns: Sequence[int],
    prior: BetaPrior | None = None,
    *,
    confidence_level: float = 0.95,
) -> list[ShrunkRate]:
    """Empirical-Bayes rates: each group's raw rate beside its shrunk rate.

    Parameters
    ----------
    successes, ns : sequence of int
        Successes and answers per group.
    prior : BetaPrior, optional
        Prior of the rates; fitted by :func:`beta_binomial_prior` (maximum
        likelihood) when not given.
    confidence_level : float, optional
        Level of the posterior interval (default 0.95).

    Returns
    -------
    list of ShrunkRate
        In the input order: ``successes``, ``n``, ``raw``, ``shrunk`` (the
        posterior mean :math:`(x + \\alpha)/(n + \\alpha + \\beta)`), and the
        posterior interval ``ci_low`` .. ``ci_high``.

    Notes
    -----
    The shrunk rate is a weighted average of the raw rate and the prior
    mean, with weight :math:`n/(n + \\alpha + \\beta)` on the raw rate:
    small groups move far towards the typical rate, large groups hardly
    move. Ranking by it keeps 3 satisfied answers out of 3 below 960 out of
    1000 when typical rates are lower than 96%.

    References
    ----------
    .. [1] B. Efron, *Large-Scale Inference*, Cambridge University Press
       (2010), chapter 1.

    Examples
    --------
    >>> rates = shrink_rates([3, 960], [3, 1000], prior=BetaPrior(17.0, 3.0))
    >>> [(r.raw, round(r.shrunk, 3)) for r in rates]
    [(1.0, 0.87), (0.96, 0.958)]
    """
    x, n = _groups(successes, ns, allow_all_empty=prior is not None)
    level = _checks.confidence(confidence_level)
    fitted = prior if prior is not None else beta_binomial_prior(successes, ns)
    a = fitted.alpha + x
    b = fitted.beta + n - x
    tail = (1.0 - level) / 2.0
    lows = stats.beta.ppf(tail, a, b)
    highs = stats.beta.isf(tail, a, b)
    return [
        ShrunkRate(
            int(xi),
            int(ni),
            float(xi / ni) if ni else math.nan,
            float(ai / (ai + bi)),
            float(low),
            float(high),
            level,
        )
        for xi, ni, ai, bi, low, high in zip(x, n, a, b, lows, highs, strict=True)
    ]


def _groups(
    successes: Sequence[int], ns: Sequence[int], *, allow_all_empty: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    if len(successes) != len(ns):
        raise ValueError(
            f"successes and ns must have one entry per group, got {len(successes)} and {len(ns)}"
        )
    pairs = [
        _checks.part_of_whole(x, n, f"successes[{i}]", f"ns[{i}]")
        for i, (x, n) in enumerate(zip(successes, ns, strict=True))
    ]
    if not allow_all_empty and not any(n for _, n in pairs):
        raise ValueError("no group has any answers: the prior cannot be estimated")
    x = np.array([p[0] for p in pairs], dtype=float)
    n = np.array([p[1] for p in pairs], dtype=float)
    return x, n


def _moments(x: np.ndarray, n: np.ndarray) -> tuple[float, float]:
    """Method-of-moments mean and concentration (``inf`` when no extra spread)."""
    used = n > 0
    x, n = x[used], n[used]
    total = float(n.sum())
    k = int(used.sum())
    mean = float(x.sum()) / total
    spread = mean * (1.0 - mean)
    denominator = total - float((n * n).sum()) / total - (k - 1)
    if spread == 0.0 or denominator <= 0.0:
        return mean, math.inf
    s = float((n * (x / n - mean) ** 2).sum())
    rho = (s / spread - (k - 1)) / denominator
    if rho <= 0.0:
        return mean, math.inf
    if rho >= 1.0:
        return mean, 0.0
    return mean, 1.0 / rho - 1.0


def _maximum_likelihood(
    x: np.ndarray, n: np.ndarray, mean: float, concentration: float, epsilon: float, s_max: float
) -> tuple[float, float]:
    """The beta-binomial maximum-likelihood mean and concentration, within bounds.

    Newton's method on (logit mean, log concentration) with the exact
    Hessian, a backtracking line search and the bounds handled as an active
    set, from the method-of-moments start; L-BFGS-B if it does not converge.
    Newton takes a handful of steps of elementwise array arithmetic, where
    L-BFGS-B takes more and runs through BLAS, whose threads slow everything
    down on a busy server.
    """
    used = n > 0
    x, n = x[used], n[used]
    lower = np.array([float(special.logit(epsilon)), math.log(_MIN_CONCENTRATION)])
    upper = np.array([float(special.logit(1.0 - epsilon)), math.log(s_max)])
    start = np.clip(np.array([float(special.logit(mean)), math.log(concentration)]), lower, upper)
    fitted = _newton(x, n, start, lower, upper)
    if fitted is None:
        fitted = _lbfgsb(x, n, start, lower, upper)
    if _log_likelihood(x, n, fitted) < _log_likelihood(x, n, start):
        fitted = start
    return float(special.expit(fitted[0])), math.exp(float(fitted[1]))


def _shape(theta: np.ndarray) -> tuple[float, float, float, float]:
    m = float(special.expit(theta[0]))
    s = math.exp(float(theta[1]))
    return m, s, m * s, (1.0 - m) * s


def _log_likelihood(x: np.ndarray, n: np.ndarray, theta: np.ndarray) -> float:
    _, _, a, b = _shape(theta)
    return float(np.sum(special.betaln(x + a, n - x + b))) - x.size * float(special.betaln(a, b))


def _newton(
    x: np.ndarray, n: np.ndarray, theta: np.ndarray, lower: np.ndarray, upper: np.ndarray,
    *, iterations: int = 100, tolerance: float = 1e-10,
) -> np.ndarray | None:
    """Maximise the log-likelihood from ``theta``; ``None`` if it does not converge."""
    k = x.size
    current = _log_likelihood(x, n, theta)
    for _ in range(iterations):
        m, s, a, b = _shape(theta)
        q = s * m * (1.0 - m)
        # derivatives in (a, b): d/da betaln(a, b) = digamma(a) - digamma(a + b),
        # over the three arrays x + a, n - x + b and n + a + b at once
        z = np.concatenate((x + a, n - x + b, n + a + b))
        digammas = special.digamma(z).reshape(3, k).sum(axis=1)
        trigammas = _trigamma(z).reshape(3, k).sum(axis=1)
        shared = float(digammas[2]) - k * float(special.digamma(a + b))
        d_a = float(digammas[0]) - k * float(special.digamma(a)) - shared
        d_b = float(digammas[1]) - k * float(special.digamma(b)) - shared
        h_ab = k * _trigamma_scalar(a + b) - float(trigammas[2])
        h_aa = float(trigammas[0]) - k * _trigamma_scalar(a) + h_ab
        h_bb = float(trigammas[1]) - k * _trigamma_scalar(b) + h_ab
        # chain rule to theta = (logit m, log s): a = m s, b = (1 - m) s
        gradient = np.array([q * (d_a - d_b), a * d_a + b * d_b])
        hessian = np.array([
            [q * q * (h_aa - 2.0 * h_ab + h_bb) + q * (1.0 - 2.0 * m) * (d_a - d_b),
             q * (d_a - d_b) + q * (a * h_aa + b * h_ab - a * h_ab - b * h_bb)],
            [0.0, a * a * h_aa + 2.0 * a * b * h_ab + b * b * h_bb + a * d_a + b * d_b],
        ])
        hessian[1, 0] = hessian[0, 1]
        # a coordinate on its bound with the gradient pointing outwards stays there
        free = ~(((theta <= lower) & (gradient < 0)) | ((theta >= upper) & (gradient > 0)))
        if not free.any():
            return theta
        step = np.zeros(2)
        if free.all():
            det = hessian[0, 0] * hessian[1, 1] - hessian[0, 1] * hessian[1, 0]
            if hessian[0, 0] < 0 and det > 0:  # concave here: the Newton step, solved by hand
                step = np.array([hessian[0, 1] * gradient[1] - hessian[1, 1] * gradient[0],
                                 hessian[1, 0] * gradient[0] - hessian[0, 0] * gradient[1]]) / det
        else:
            i = int(np.flatnonzero(free)[0])
            if hessian[i, i] < 0:
                step[i] = -gradient[i] / hessian[i, i]
        if not step.any():  # not concave here: a gradient step, scaled by the curvature
            scale = max(1.0, float(np.max(np.abs(np.diag(hessian)[free]))))
            step[free] = gradient[free] / scale
        size = 1.0
        while True:
            candidate = np.clip(theta + size * step, lower, upper)
            value = _log_likelihood(x, n, candidate)
            if value >= current - 1e-12 * abs(current) or size < 1e-8:
                break
            size /= 2.0
        moved = float(np.max(np.abs(candidate - theta)))
        theta, improvement, current = candidate, value - current, max(value, current)
        if moved < tolerance or (moved < 1e-6 and abs(improvement) <= 1e-12 * abs(current)):
            return theta
    return None


def _lbfgsb(
    x: np.ndarray, n: np.ndarray, start: np.ndarray, lower: np.ndarray, upper: np.ndarray
) -> np.ndarray:
    def with_gradient(theta: np.ndarray) -> tuple[float, np.ndarray]:
        m, s, a, b = _shape(theta)
        shared = special.digamma(n + a + b) - special.digamma(a + b)
        d_a = float(np.sum(special.digamma(x + a) - special.digamma(a) - shared))
        d_b = float(np.sum(special.digamma(n - x + b) - special.digamma(b) - shared))
        spread = s * m * (1.0 - m)
        gradient = np.array([spread * (d_a - d_b), a * d_a + b * d_b])
        return -_log_likelihood(x, n, theta), -gradient

    fit = optimize.minimize(with_gradient, start, jac=True, method="L-BFGS-B",
                            bounds=list(zip(lower, upper, strict=True)))
    return np.asarray(fit.x, dtype=float)


def _trigamma(z: np.ndarray) -> np.ndarray:
    """The trigamma function for positive ``z`` (relative error below 1e-8).

    For Newton's Hessian only, which steers the steps but not the optimum:
    ``scipy.special.polygamma(1, z)`` goes through the Hurwitz zeta function
    and costs twenty times more. Recurrence ψ1(z) = ψ1(z + 1) + 1/z² up to
    z ≥ 6, then the asymptotic series.
    """
    z = np.array(z, dtype=float)
    total = np.zeros_like(z)
    small = z < 6.0
    while small.any():
        total[small] += 1.0 / (z[small] * z[small])
        z[small] += 1.0
        small = z < 6.0
    inverse = 1.0 / z
    square = inverse * inverse
    series = inverse + square / 2.0 + inverse * square * (
        1.0 / 6.0 - square * (1.0 / 30.0 - square * (1.0 / 42.0 - square / 30.0)))
    return total + series


def _trigamma_scalar(z: float) -> float:
    total = 0.0
    while z < 6.0:
        total += 1.0 / (z * z)
        z += 1.0
    inverse = 1.0 / z
    square = inverse * inverse
    return total + inverse + square / 2.0 + inverse * square * (
        1.0 / 6.0 - square * (1.0 / 30.0 - square * (1.0 / 42.0 - square / 30.0)))
