"""Means, quartiles and histograms from counts equal numpy and scipy on the expanded data.

Reference values: ``scipy.stats.t.interval`` with ``scipy.stats.sem``,
``numpy.quantile`` (its default linear method) and ``numpy.histogram``, each
on the answers written out one by one.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from analytics.distributions import histogram, mean_ci, quartiles

counts_strategy = st.dictionaries(st.integers(-50, 50), st.integers(0, 40), min_size=1,
                                  max_size=12)


def expand(counts: dict[int, int]) -> list[int]:
    return [value for value, n in sorted(counts.items()) for _ in range(n)]


@given(counts_strategy, st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_mean_ci_equals_scipy_on_the_expanded_answers(counts: dict[int, int],
                                                       level: float) -> None:
    data = expand(counts)
    result = mean_ci(counts, confidence_level=level)
    assert result.n == len(data)
    if len(data) == 0:
        assert math.isnan(result.mean)
        return
    assert result.mean == pytest.approx(np.mean(data))
    if len(data) < 2:
        assert math.isnan(result.ci_low)
        return
    assert result.sd == pytest.approx(np.std(data, ddof=1), abs=1e-9)
    if result.sd == 0:
        assert result.ci_low == pytest.approx(result.ci_high)
        return
    low, high = stats.t.interval(level, len(data) - 1, loc=np.mean(data), scale=stats.sem(data))
    assert (result.ci_low, result.ci_high) == pytest.approx((low, high))


@given(counts_strategy)
def test_quartiles_equal_numpy(counts: dict[int, int]) -> None:
    data = expand(counts)
    result = quartiles(counts)
    if not data:
        assert result.n == 0 and math.isnan(result.median)
        return
    q1, median, q3 = np.quantile(data, [0.25, 0.5, 0.75])
    assert (result.q1, result.median, result.q3) == pytest.approx((q1, median, q3))
    assert (result.minimum, result.maximum) == (min(data), max(data))


@given(counts_strategy, st.integers(1, 15))
def test_histogram_counts_every_answer_once(counts: dict[int, int], bins: int) -> None:
    data = expand(counts)
    result = histogram(counts, bins=bins)
    if not data:
        assert result.counts == ()
        return
    expected, _ = np.histogram(data, bins=np.asarray(result.edges))
    assert list(result.counts) == expected.tolist()
    assert sum(result.counts) == len(data)
    assert len(result.edges) == len(result.counts) + 1


def test_whole_numbers_get_a_bin_each() -> None:
    result = histogram({1: 2, 3: 4}, bins=10)
    assert result.edges == (0.5, 1.5, 2.5, 3.5)
    assert result.counts == (2, 0, 4)


def test_bad_input_says_what_to_pass() -> None:
    with pytest.raises(ValueError, match="numbers"):
        mean_ci({"a": 1})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="bins"):
        histogram({1: 1}, bins=0)
