"""The response-rate funnel (AAPOR RR1, CON1, COOP1) against published Wilson intervals."""

import math

import numpy as np
import pytest
from scipy import stats

from analytics import funnel_columns, proportion_ci, response_funnel

# Newcombe (1998), "Two-sided confidence intervals for the single proportion:
# comparison of seven methods", Statistics in Medicine 17:857-872, Table I,
# method 3 (Wilson score interval without continuity correction).
NEWCOMBE_WILSON = {(81, 263): (0.2553, 0.3662), (15, 148): (0.0624, 0.1605),
                   (0, 20): (0.0, 0.1611), (29, 29): (0.8830, 1.0)}


def _rounded(low: float, high: float) -> tuple[float, float]:
    return round(low, 4), round(high, 4)


def test_response_rate_is_rr1_with_newcombe_wilson_bounds():
    r = response_funnel(263, 148, 100, 81)
    assert r.response_rate == 81 / 263
    assert _rounded(r.response_ci_low, r.response_ci_high) == NEWCOMBE_WILSON[(81, 263)]
    assert r.contact_rate == 148 / 263
    assert r.open_rate == 100 / 263
    # COOP1: answered of the offered
    assert r.cooperation_rate == 81 / 148
    assert (r.method, r.confidence_level) == ("wilson", 0.95)


def test_each_stage_has_the_interval_of_its_own_proportion():
    r = response_funnel(148, 29, 29, 15)
    assert _rounded(r.response_ci_low, r.response_ci_high) == NEWCOMBE_WILSON[(15, 148)]
    assert r.cooperation_rate == 15 / 29
    single = proportion_ci(15, 29)
    assert (r.cooperation_ci_low, r.cooperation_ci_high) == (single.ci_low, single.ci_high)
    assert _rounded(r.open_ci_low, r.open_ci_high) == _rounded(
        proportion_ci(29, 148).ci_low, proportion_ci(29, 148).ci_high)


def test_no_answers_and_all_offered_give_the_published_edge_bounds():
    r = response_funnel(20, 0, 0, 0)
    assert _rounded(r.response_ci_low, r.response_ci_high) == NEWCOMBE_WILSON[(0, 20)]
    assert math.isnan(r.cooperation_rate)  # nobody was offered
    full = response_funnel(29, 29, 29, 29)
    assert _rounded(full.response_ci_low, full.response_ci_high) == NEWCOMBE_WILSON[(29, 29)]


def test_answers_without_a_recorded_offer_leave_cooperation_undefined():
    r = response_funnel(100, 10, 10, 30)
    assert r.response_rate == 0.3
    assert math.isnan(r.cooperation_rate) and math.isnan(r.cooperation_ci_low)


def test_empty_group_is_nan_not_an_error():
    r = response_funnel(0, 0, 0, 0)
    assert math.isnan(r.response_rate) and math.isnan(r.contact_rate)


def test_clopper_pearson_matches_scipy_binomtest():
    r = response_funnel(263, 200, 150, 81, method="clopper-pearson", confidence_level=0.9)
    exact = stats.binomtest(81, 263).proportion_ci(confidence_level=0.9, method="exact")
    assert r.response_ci_low == pytest.approx(exact.low, abs=1e-12)
    assert r.response_ci_high == pytest.approx(exact.high, abs=1e-12)


def test_columns_equal_the_single_group_function():
    returned, offered, opened, answered = [263, 20, 0, 500], [200, 0, 0, 450], [150, 0, 0, 300], \
        [81, 0, 0, 240]
    cols = funnel_columns(returned, offered, opened, answered)
    for i in range(4):
        one = response_funnel(returned[i], offered[i], opened[i], answered[i])
        for name in ("response_rate", "response_ci_low", "contact_ci_high", "open_rate",
                     "cooperation_ci_low"):
            a, b = getattr(cols, name)[i], getattr(one, name)
            assert (math.isnan(a) and math.isnan(b)) or a == b, (i, name)
    assert cols.returned.dtype == np.int64


@pytest.mark.parametrize(("args", "message"), [
    (([10], [11], [0], [0]), "offered .11. is larger than returned"),
    (([10], [0], [0], [12]), "answered .12. is larger than returned"),
    (([10], [-1], [0], [0]), "counts"),
    (([10, 2], [1], [0], [0]), "one count per group"),
])
def test_bad_counts_say_what_is_wrong(args, message):
    with pytest.raises(ValueError, match=message):
        funnel_columns(*args)
