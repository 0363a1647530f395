"""Adjusting p-values when many services are tested at once."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Literal

import numpy as np

from analytics import _checks

__all__ = ["ADJUST_METHODS", "adjust_pvalues"]

AdjustMethod = Literal["bh", "by"]
ADJUST_METHODS: tuple[AdjustMethod, ...] = ("bh", "by")
"""Methods understood by :func:`adjust_pvalues`."""


def adjust_pvalues(pvalues: Iterable[float], method: AdjustMethod = "bh") -> list[float]:
    """Adjust p-values for testing many hypotheses at once.

    Parameters
    ----------
    pvalues : iterable of float
        Raw p-values in [0, 1]. ``nan`` marks a hypothesis that was not
        tested (for instance a group with too few answers): it stays ``nan``
        and does not count in the family size.
    method : {'bh', 'by'}, optional
        ``'bh'`` (default): Benjamini–Hochberg, controlling the false
        discovery rate for independent or positively dependent tests.
        ``'by'``: Benjamini–Yekutieli, valid under any dependence.

    Returns
    -------
    list of float
        Adjusted p-values in the order of the input. Each is at least the
        raw p-value, at most 1, and the adjustment preserves the order of the
        raw p-values. Rejecting the hypotheses whose adjusted p-value is at
        most ``q`` controls the false discovery rate at ``q``.

    Notes
    -----
    With the m tested p-values sorted, :math:`p_{(1)} \\le \\dots \\le p_{(m)}`,
    the BH-adjusted value of :math:`p_{(i)}` is
    :math:`\\min_{j \\ge i} \\min(1, m\\,p_{(j)}/j)`; BY multiplies by
    :math:`\\sum_{k=1}^m 1/k`. The values agree with
    :func:`scipy.stats.false_discovery_control` and R's ``p.adjust``.

    References
    ----------
    .. [1] Y. Benjamini and Y. Hochberg, "Controlling the false discovery
       rate: a practical and powerful approach to multiple testing", JRSS B
       57 (1995) 289–300.
    .. [2] Y. Benjamini and D. Yekutieli, "The control of the false discovery
       rate in multiple testing under dependency", Annals of Statistics 29
       (2001) 1165–1188.

    Examples
    --------
    >>> [round(p, 4) for p in adjust_pvalues([0.01, 0.04, 0.03, 0.2])]
    [0.04, 0.0533, 0.0533, 0.2]
    >>> adjust_pvalues([0.01, float("nan")])
    [0.01, nan]
    """
    chosen = _checks.choice(method, "method", ADJUST_METHODS)
    raw = np.array([_pvalue(p, i) for i, p in enumerate(pvalues)], dtype=float)
    return [float(v) for v in adjust_checked(raw, chosen)]


def adjust_checked(raw: np.ndarray, method: AdjustMethod) -> np.ndarray:
    """:func:`adjust_pvalues` for an array of p-values already checked (``nan`` untested)."""
    adjusted = np.full(raw.shape, math.nan)
    tested = ~np.isnan(raw)
    m = int(tested.sum())
    if m == 0:
        return adjusted
    values = raw[tested]
    order = np.argsort(values, kind="stable")
    factor = m / np.arange(1, m + 1)
    if method == "by":
        factor = factor * np.sum(1.0 / np.arange(1, m + 1))
    scaled = values[order] * factor
    monotone = np.minimum.accumulate(scaled[::-1])[::-1]
    result = np.empty(m)
    result[order] = np.minimum(monotone, 1.0)
    adjusted[tested] = result
    return adjusted


def _pvalue(value: object, index: int) -> float:
    if isinstance(value, bool):
        raise TypeError(f"pvalues[{index}] must be a number, got {value!r}")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise TypeError(f"pvalues[{index}] must be a number, got {value!r}") from None
    if not (math.isnan(number) or 0.0 <= number <= 1.0):
        raise ValueError(
            f"pvalues[{index}] = {number!r} is not a p-value: p-values lie between 0 and 1 "
            "(use nan for a hypothesis that was not tested)"
        )
    return number
