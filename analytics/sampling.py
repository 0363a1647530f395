"""Sample sizes and their allocation across services or units."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import special

from analytics import _checks
from analytics._result import Result

__all__ = [
    "ALLOCATION_METHODS",
    "Allocation",
    "allocate_sample",
    "sample_size_proportion",
    "sample_size_sipas",
]

AllocationMethod = Literal["proportional", "neyman"]
ALLOCATION_METHODS: tuple[AllocationMethod, ...] = ("proportional", "neyman")
"""Methods understood by :func:`allocate_sample`."""


@dataclass(frozen=True, repr=False)
class Allocation(Result):
    """One stratum of :func:`allocate_sample`: its population and its sample size."""

    stratum: Hashable
    population: int
    expected_rate: float
    sample_size: int


def _population(value: object) -> int:
    size = _checks.count(value, "population")
    if size < 1:
        raise ValueError("population must be at least 1 (dossiers returned in the period)")
    return size


def _margin(value: object) -> float:
    e = _checks.unit_interval(value, "margin_of_error")
    if e < 1e-6:
        raise ValueError(f"margin_of_error must be at least 1e-06 (a millionth), got {e!r}")
    return e


def sample_size_sipas(population: int, margin_of_error: float = 0.05) -> int:
    """The SIPAS sample size :math:`n = N / (1 + N e^2)`, rounded up.

    Parameters
    ----------
    population : int
        N, the people or dossiers served (at least 1).
    margin_of_error : float, optional
        e, as a proportion (default 0.05 for ±5 points).

    Returns
    -------
    int
        The smallest whole number at least :math:`N / (1 + N e^2)`.

    Notes
    -----
    The formula of Yamane (1967), used by the national SIPAS survey of
    satisfaction with public administrative services; it is the
    finite-population-corrected size for a rate of 0.5 at about 95 %
    confidence with z taken as 2.

    References
    ----------
    .. [1] T. Yamane, *Statistics: An Introductory Analysis*, 2nd ed.
       (Harper and Row, 1967), p. 886.
    .. [2] G. D. Israel, "Determining sample size", University of Florida
       IFAS, Fact Sheet PEOD-6 (1992), Table 2.

    Examples
    --------
    >>> sample_size_sipas(10_000), sample_size_sipas(1_000), sample_size_sipas(500)
    (385, 286, 223)
    """
    size = _population(population)
    e = _margin(margin_of_error)
    return math.ceil(size / (1.0 + size * e * e) - 1e-9)


def sample_size_proportion(
    margin_of_error: float = 0.05,
    *,
    confidence_level: float = 0.95,
    expected_rate: float = 0.9,
    population: int | None = None,
) -> int:
    """Answers needed to estimate a rate within a margin of error.

    Parameters
    ----------
    margin_of_error : float, optional
        Half-width of the interval, as a proportion (default 0.05).
    confidence_level : float, optional
        Default 0.95.
    expected_rate : float, optional
        Rate expected (default 0.9, a satisfaction rate); 0.5 is the most
        cautious choice.
    population : int, optional
        N; when given, the finite-population correction is applied.

    Returns
    -------
    int
        :math:`n_0 = z^2 p(1-p)/e^2`, or with N,
        :math:`n = n_0 / (1 + (n_0 - 1)/N)`, rounded up.

    References
    ----------
    .. [1] W. G. Cochran, *Sampling Techniques*, 3rd ed. (Wiley, 1977),
       eq. (4.2) and section 4.4.
    .. [2] G. D. Israel, "Determining sample size", University of Florida
       IFAS, Fact Sheet PEOD-6 (1992).

    Examples
    --------
    >>> sample_size_proportion(expected_rate=0.5)
    385
    >>> sample_size_proportion(expected_rate=0.5, population=2000)
    323
    >>> sample_size_proportion()
    139
    """
    e = _margin(margin_of_error)
    level = _checks.confidence(confidence_level)
    p = _checks.unit_interval(expected_rate, "expected_rate")
    z = float(special.ndtri(1.0 - (1.0 - level) / 2.0))
    n0 = z * z * p * (1.0 - p) / (e * e)
    if population is not None:
        size = _population(population)
        # = n0 / (1 + (n0 - 1) / N), never above N (one person: ask that one)
        n0 = n0 * size / (n0 + size - 1.0) if size > 1 else 1.0
    return max(1, math.ceil(n0 - 1e-9))


def allocate_sample(
    total: int,
    population: Mapping[Hashable, int],
    *,
    method: AllocationMethod = "proportional",
    expected_rates: Mapping[Hashable, float] | None = None,
    expected_rate: float = 0.9,
) -> tuple[Allocation, ...]:
    """Share a sample of ``total`` answers among strata (services or units).

    Parameters
    ----------
    total : int
        Answers to collect in all.
    population : mapping
        Population (dossiers returned) of each stratum.
    method : {'proportional', 'neyman'}, optional
        ``'proportional'``: :math:`n_h \\propto N_h`. ``'neyman'``:
        :math:`n_h \\propto N_h S_h` with :math:`S_h = \\sqrt{p_h(1-p_h)}`,
        which minimises the variance of the overall rate for the total.
    expected_rates : mapping, optional
        :math:`p_h` per stratum for Neyman allocation (last quarter's
        rates); strata not given use ``expected_rate`` (default 0.9).

    Returns
    -------
    tuple of Allocation
        One per stratum, in the order of ``population``. The sizes are whole
        numbers that add up to ``min(total, sum N_h)``, never above a
        stratum's population.

    Notes
    -----
    Exact shares are rounded by the largest-remainder rule; a stratum whose
    share exceeds its population takes all of it and the rest is shared
    again among the others (Cochran, 1977, section 5.9).

    References
    ----------
    .. [1] J. Neyman, "On the two different aspects of the representative
       method", JRSS 97 (1934) 558–625.
    .. [2] W. G. Cochran, *Sampling Techniques*, 3rd ed. (Wiley, 1977),
       sections 5.5 and 5.9.

    Examples
    --------
    >>> [a.sample_size for a in allocate_sample(100, {"a": 600, "b": 300, "c": 100})]
    [60, 30, 10]
    >>> rates = {"a": 0.98, "b": 0.9, "c": 0.5}
    >>> [a.sample_size for a in allocate_sample(100, {"a": 600, "b": 300, "c": 100},
    ...                                          method="neyman", expected_rates=rates)]
    [38, 40, 22]
    """
    wanted = _checks.count(total, "total")
    chosen = _checks.choice(method, "method", ALLOCATION_METHODS)
    default_rate = _checks.unit_interval(expected_rate, "expected_rate")
    if not population:
        raise ValueError("population must list at least one stratum")
    keys = list(population)
    sizes = np.array([_checks.count(population[k], f"population[{k!r}]") for k in keys],
                     dtype=float)
    rates = dict(expected_rates or {})
    for key in rates:
        if key not in population:
            raise ValueError(f"expected_rates names {key!r}, which is not in population")
    p = np.array([_checks.finite(rates.get(k, default_rate), f"expected_rates[{k!r}]")
                  for k in keys])
    if np.any((p < 0) | (p > 1)):
        raise ValueError("expected rates must lie between 0 and 1")
    spread = sizes * (np.sqrt(p * (1.0 - p)) if chosen == "neyman" else 1.0)
    if chosen == "neyman" and spread.sum() == 0:
        spread = sizes.copy()
    result = _share(min(wanted, int(sizes.sum())), spread, sizes)
    return tuple(Allocation(k, int(sizes[i]), float(p[i]), int(result[i]))
                 for i, k in enumerate(keys))


def _share(total: int, spread: np.ndarray, caps: np.ndarray) -> np.ndarray:
    allocated = np.zeros(caps.size, dtype=np.int64)
    full = np.zeros(caps.size, dtype=bool)
    while True:
        remaining = total - int(allocated[full].sum())
        open_ = ~full & (spread > 0)
        if not open_.any() or remaining <= 0:
            break
        exact = np.zeros(caps.size)
        exact[open_] = remaining * spread[open_] / spread[open_].sum()
        over = open_ & (exact >= caps)
        if over.any():
            allocated[over] = caps[over]
            full |= over
            continue
        floor = np.floor(exact).astype(np.int64)
        left = remaining - int(floor[open_].sum())
        order = np.argsort(-(exact - floor), kind="stable")
        for i in order[:left]:
            floor[i] += 1
        allocated[open_] = floor[open_]
        break
    return allocated
