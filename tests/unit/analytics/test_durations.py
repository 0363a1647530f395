"""Median and 90th percentile of durations.

Reference values from R 4.3: ``quantile(c(0, 1, 1, 2, 10), c(0.5, 0.9))``
gives 1.0 and 6.8 (type 7, the default); ``quantile(1:10, 0.9)`` gives 9.1.
"""

from __future__ import annotations

import math

from analytics import duration_summary


def test_reference_values() -> None:
    s = duration_summary([0, 1, 1, 2, 10])
    assert (s.n, s.median) == (5, 1.0)
    assert math.isclose(s.p90, 6.8)
    assert math.isclose(duration_summary(range(1, 11)).p90, 9.1)


def test_no_durations() -> None:
    s = duration_summary([])
    assert s.n == 0 and math.isnan(s.median) and math.isnan(s.p90)
