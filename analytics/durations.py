"""How long things take: the median and the 90th percentile of durations.

Used for the time cases take to be acknowledged and answered, in working
days; any durations will do.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

__all__ = ["DurationSummary", "duration_summary"]


@dataclass(frozen=True)
class DurationSummary:
    """``n`` durations, their median and 90th percentile (``nan`` without any)."""

    n: int
    median: float
    p90: float


def duration_summary(durations: Iterable[float]) -> DurationSummary:
    """The median and 90th percentile of ``durations``.

    Parameters
    ----------
    durations : iterable of float
        One duration per item (for instance working days to acknowledge).

    Returns
    -------
    DurationSummary
        The count, the median and the 90th percentile, numpy's default
        quantile (``method='linear'``, type 7 of Hyndman and Fan, as R's
        ``quantile``); ``nan`` for both without durations.

    Examples
    --------
    >>> s = duration_summary([0, 1, 1, 2, 10])
    >>> s.n, s.median, round(s.p90, 1)
    (5, 1.0, 6.8)
    """
    values = np.asarray(list(durations), dtype=float)
    if values.size == 0:
        return DurationSummary(0, math.nan, math.nan)
    median, p90 = np.quantile(values, [0.5, 0.9])
    return DurationSummary(int(values.size), float(median), float(p90))
