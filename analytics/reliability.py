"""Internal consistency of a multi-item scale: Cronbach's alpha."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from analytics import _checks
from analytics._result import Result

__all__ = ["CronbachAlpha", "cronbach_alpha", "cronbach_alpha_from_covariance"]


@dataclass(frozen=True, repr=False)
class CronbachAlpha(Result):
    """Cronbach's alpha with Feldt's confidence interval.

    ``n_respondents`` is ``None`` (and the interval ``nan``) when alpha was
    computed from a covariance matrix without the number of respondents.
    """

    alpha: float
    n_items: int
    n_respondents: int | None
    ci_low: float
    ci_high: float
    confidence_level: float


def cronbach_alpha(
    items: Sequence[Sequence[float]] | np.ndarray, *, confidence_level: float = 0.95
) -> CronbachAlpha:
    """Cronbach's alpha from a respondents × items matrix of scores.

    Parameters
    ----------
    items : 2-D array-like
        One row per respondent, one column per item (for instance the five
        elements of the satisfaction survey), all on the same scale. Rows
        must be complete: drop or impute incomplete answers first.
    confidence_level : float, optional
        Level of Feldt's interval (default 0.95).

    Returns
    -------
    CronbachAlpha
        ``alpha``, ``n_items``, ``n_respondents``, ``ci_low``, ``ci_high`` and
        ``confidence_level``.

    Notes
    -----
    Computed from the sample covariance matrix (``ddof=1``) by
    :func:`cronbach_alpha_from_covariance`.

    References
    ----------
    .. [1] L. J. Cronbach, "Coefficient alpha and the internal structure of
       tests", Psychometrika 16 (1951) 297–334.

    Examples
    --------
    >>> r = cronbach_alpha([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 4]])
    >>> round(r.alpha, 4), r.n_items, r.n_respondents
    (0.9485, 3, 4)
    """
    try:
        matrix = np.asarray(items, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            "items must be a rectangular respondents × items table of numbers"
        ) from None
    if matrix.ndim != 2:
        raise ValueError(f"items must be 2-D (respondents × items), got {matrix.ndim} dimension(s)")
    if not np.isfinite(matrix).all():
        raise ValueError("items contains missing or infinite scores: drop incomplete rows first")
    respondents, n_items = matrix.shape
    if n_items < 2:
        raise ValueError(
            f"alpha needs at least 2 items (columns of items), got {n_items}: "
            "alpha measures how several items agree"
        )
    if respondents < 2:
        raise ValueError(f"alpha needs at least 2 respondents, got {respondents}")
    covariance = np.cov(matrix, rowvar=False, ddof=1)
    return cronbach_alpha_from_covariance(
        covariance, n_respondents=respondents, confidence_level=confidence_level
    )


def cronbach_alpha_from_covariance(
    cov: Sequence[Sequence[float]] | np.ndarray,
    *,
    n_respondents: int | None = None,
    confidence_level: float = 0.95,
) -> CronbachAlpha:
    """Cronbach's alpha from the items' covariance matrix.

    A database can aggregate per-item sums and cross-products
    (``SUM(x_i)``, ``SUM(x_i * x_j)``, ``COUNT(*)``) and turn them into the
    covariance matrix, so alpha is available without loading answers.

    Parameters
    ----------
    cov : k × k array-like
        Covariance matrix of the k items (k ≥ 2), symmetric.
    n_respondents : int, optional
        Number of respondents behind the matrix; needed for the interval.
    confidence_level : float, optional
        Level of Feldt's interval (default 0.95).

    Returns
    -------
    CronbachAlpha
        ``alpha`` is ``nan`` when the total score has no variance.

    Notes
    -----
    :math:`\\alpha = \\frac{k}{k-1}\\left(1 - \\frac{\\sum_i \\sigma_i^2}{\\sigma_X^2}\\right)`
    where :math:`\\sigma_X^2` is the sum of all entries of the covariance
    matrix (the variance of the total score). Feldt's interval uses
    :math:`(1-\\alpha)/(1-\\hat\\alpha) \\sim F(n-1, (n-1)(k-1))`:
    the bounds are :math:`1 - (1-\\hat\\alpha) F_{1-\\gamma/2}` and
    :math:`1 - (1-\\hat\\alpha) F_{\\gamma/2}` with :math:`\\gamma = 1 -`
    ``confidence_level``.

    References
    ----------
    .. [1] L. J. Cronbach, "Coefficient alpha and the internal structure of
       tests", Psychometrika 16 (1951) 297–334.
    .. [2] L. S. Feldt, "The approximate sampling distribution of
       Kuder-Richardson reliability coefficient twenty", Psychometrika 30
       (1965) 357–370.

    Examples
    --------
    >>> round(cronbach_alpha_from_covariance([[1.0, 0.5], [0.5, 1.0]]).alpha, 4)
    0.6667
    """
    level = _checks.confidence(confidence_level)
    try:
        matrix = np.asarray(cov, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("cov must be a square k × k matrix of numbers") from None
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] < 2:
        raise ValueError(
            f"cov must be a square matrix of at least 2 items, got shape {matrix.shape}"
        )
    if not np.isfinite(matrix).all():
        raise ValueError("cov contains missing or infinite values")
    if not np.allclose(matrix, matrix.T, rtol=1e-9, atol=1e-12):
        raise ValueError("cov must be symmetric: it is the covariance matrix of the items")
    if (np.diag(matrix) < 0).any():
        raise ValueError("cov has a negative variance on its diagonal")
    k = matrix.shape[0]
    n = None if n_respondents is None else _checks.count(n_respondents, "n_respondents")
    if n is not None and n < 2:
        raise ValueError(f"n_respondents must be at least 2, got {n}")
    total_variance = float(matrix.sum())
    if total_variance <= 0.0:
        return CronbachAlpha(math.nan, k, n, math.nan, math.nan, level)
    alpha = k / (k - 1) * (1.0 - float(np.trace(matrix)) / total_variance)
    if n is None:
        return CronbachAlpha(alpha, k, None, math.nan, math.nan, level)
    gamma = 1.0 - level
    df1, df2 = n - 1, (n - 1) * (k - 1)
    low = 1.0 - (1.0 - alpha) * float(stats.f.isf(gamma / 2.0, df1, df2))
    high = 1.0 - (1.0 - alpha) * float(stats.f.isf(1.0 - gamma / 2.0, df1, df2))
    return CronbachAlpha(alpha, k, n, low, high, level)
