"""adjust_pvalues against scipy.stats.false_discovery_control and R p.adjust."""

import math

import numpy as np
import pytest
from scipy import stats

from analytics import adjust_pvalues


@pytest.mark.parametrize("method", ["bh", "by"])
def test_matches_scipy_false_discovery_control(method):
    rng = np.random.default_rng(3)
    raw = np.concatenate([rng.uniform(size=40), rng.uniform(0, 0.01, size=10)])
    expected = stats.false_discovery_control(raw, method=method)
    np.testing.assert_allclose(adjust_pvalues(raw, method), expected, rtol=1e-12)


def test_r_p_adjust_example():
    # R: p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "BH") gives 0.05 for all five.
    assert adjust_pvalues([0.01, 0.02, 0.03, 0.04, 0.05]) == pytest.approx([0.05] * 5)


def test_untested_hypotheses_stay_nan_and_do_not_count():
    adjusted = adjust_pvalues([0.01, math.nan, 0.04, math.nan])
    assert math.isnan(adjusted[1]) and math.isnan(adjusted[3])
    assert adjusted[0] == pytest.approx(0.02)  # family of 2, not 4
    assert adjusted[2] == pytest.approx(0.04)
    assert all(math.isnan(p) for p in adjust_pvalues([math.nan, math.nan]))
    assert adjust_pvalues([]) == []


@pytest.mark.parametrize("bad", [1.5, -0.01])
def test_values_outside_zero_one_are_refused(bad):
    with pytest.raises(ValueError, match=r"pvalues\[1\] = .* is not a p-value"):
        adjust_pvalues([0.5, bad])


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="method must be one of 'bh', 'by'"):
        adjust_pvalues([0.5], "bonferroni")  # type: ignore[arg-type]
