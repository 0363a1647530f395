"""Change between periods, trend test and p-chart against independent references."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from analytics import (
    ChangeInput,
    ChangeVerdict,
    change_table,
    excellence_test,
    p_chart,
    trend_test,
    weighted_excellence_test,
)


def test_change_uses_newcombe_interval_and_bh_adjustment():
    rows = [ChangeInput("a", 48, 80, 56, 70), ChangeInput("b", 90, 100, 70, 100),
            ChangeInput("c", 50, 100, 52, 100), ChangeInput("d", 5, 10, 9, 10)]
    table = change_table(rows)
    a = table[0]
    # Newcombe (1998) Table II, first example (56/70 - 48/80): 0.2000 (0.0524, 0.3339)
    assert (round(a.difference, 4), round(a.ci_low, 4), round(a.ci_high, 4)) == (
        0.2, 0.0524, 0.3339)
    # raw p-values: R prop.test(correct = FALSE) = Pearson chi-square without correction
    for row in table[:3]:
        table2 = [[row.successes_after, row.n_after - row.successes_after],
                  [row.successes_before, row.n_before - row.successes_before]]
        expected = stats.chi2_contingency(table2, correction=False).pvalue
        assert row.pvalue == pytest.approx(expected, rel=1e-9)
    # adjustment: scipy's false_discovery_control over the tested rows only
    adjusted = stats.false_discovery_control([r.pvalue for r in table[:3]], method="bh")
    assert [r.adjusted_pvalue for r in table[:3]] == pytest.approx(list(adjusted))
    assert not table[3].tested and math.isnan(table[3].adjusted_pvalue)
    assert [r.verdict for r in table] == [
        ChangeVerdict.IMPROVED, ChangeVerdict.WORSENED, ChangeVerdict.NO_DETECTABLE_CHANGE,
        ChangeVerdict.NO_DETECTABLE_CHANGE]


def test_trend_matches_r_prop_trend_test():
    # R documentation of prop.trend.test: smokers <- c(83, 90, 129, 70);
    # patients <- c(86, 93, 136, 82); prop.trend.test(smokers, patients) gives
    # X-squared = 8.2249, df = 1, p-value = 0.004132.
    r = trend_test([83, 90, 129, 70], [86, 93, 136, 82])
    assert round(r.statistic, 4) == 8.2249
    assert round(r.pvalue, 6) == 0.004132
    assert r.z < 0 and r.slope < 0


def test_trend_slope_is_weighted_least_squares():
    successes, n = [80, 85, 90, 120, 95], [100, 100, 100, 130, 100]
    rates = np.array(successes) / np.array(n)
    # numpy's polyfit weights the residuals, so sqrt(n) gives least squares weighted by n
    expected = np.polyfit(np.arange(1, 6), rates, 1, w=np.sqrt(n))[0]
    assert trend_test(successes, n).slope == pytest.approx(expected, rel=1e-9)


def test_trend_needs_four_periods_with_answers():
    r = trend_test([10, 0, 12, 14], [20, 0, 20, 20])
    assert r.periods == 3 and math.isnan(r.pvalue)


def test_p_chart_limits_and_gaps():
    chart = p_chart([90, 80, 5, 60, 99], [100, 100, 6, 100, 100])
    # centre over the shown periods: (90 + 80 + 60 + 99) / 400
    assert chart.centre == pytest.approx(329 / 400)
    half = 3 * math.sqrt(chart.centre * (1 - chart.centre) / 100)
    assert chart.points[0].upper == pytest.approx(chart.centre + half)
    assert chart.points[0].lower == pytest.approx(chart.centre - half)
    assert chart.points[2].gap and math.isnan(chart.points[2].upper)
    assert [p.out_of_control for p in chart.points] == [False, False, False, True, True]


@settings(max_examples=100, deadline=None)
@given(n=st.integers(30, 400), data=st.data())
def test_weighted_excellence_with_equal_weights_is_the_exact_test(n, data):
    successes = data.draw(st.integers(0, n))
    exact = excellence_test(successes, n)
    weighted = weighted_excellence_test(successes / n, float(n))
    assert weighted.pvalue == pytest.approx(exact.pvalue, rel=1e-7, abs=1e-12)
    assert weighted.verdict == exact.verdict
    assert weighted.lower_bound == pytest.approx(exact.lower_bound, rel=1e-7, abs=1e-12)
