"""Property tests: invariants that must hold for every input."""

from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import (
    INTERVAL_METHODS,
    Verdict,
    adjust_pvalues,
    excellence_test,
    proportion_ci,
    proportion_difference,
)

ORDER = {Verdict.BELOW: 0, Verdict.MEETS_POINT_ESTIMATE: 1, Verdict.EXCELLENT: 2}


@st.composite
def counts(draw, max_n=5000):
    n = draw(st.integers(1, max_n))
    return draw(st.integers(0, n)), n


@given(counts(), st.sampled_from(["wilson", "clopper-pearson"]), st.floats(0.5, 0.999))
def test_interval_contains_the_estimate(xn, method, level):
    x, n = xn
    r = proportion_ci(x, n, method=method, confidence_level=level)
    assert 0.0 <= r.ci_low <= r.estimate <= r.ci_high <= 1.0


@given(counts(), st.sampled_from([0.9, 0.95, 0.99]))
def test_jeffreys_interval_contains_the_estimate_at_usual_levels(xn, level):
    x, n = xn
    r = proportion_ci(x, n, method="jeffreys", confidence_level=level)
    assert 0.0 <= r.ci_low <= r.estimate <= r.ci_high <= 1.0


@given(counts(max_n=500), st.integers(2, 20), st.sampled_from(INTERVAL_METHODS))
def test_interval_narrows_as_n_grows(xn, factor, method):
    x, n = xn
    small = proportion_ci(x, n, method=method)
    large = proportion_ci(x * factor, n * factor, method=method)
    assert large.ci_high - large.ci_low < small.ci_high - small.ci_low


@settings(max_examples=40, deadline=None)  # up to 251 exact tests per example
@given(st.integers(30, 250), st.floats(0.5, 0.98))
def test_verdict_is_monotone_in_successes(n, threshold):
    verdicts = [excellence_test(x, n, threshold=threshold).verdict for x in range(n + 1)]
    order = [ORDER[v] for v in verdicts]
    assert order == sorted(order)


@given(st.lists(st.floats(0.0, 1.0), max_size=60), st.sampled_from(["bh", "by"]))
def test_adjusted_pvalues_are_at_least_raw_and_keep_their_order(raw, method):
    adjusted = adjust_pvalues(raw, method)
    assert len(adjusted) == len(raw)
    for p, q in zip(raw, adjusted, strict=True):
        assert p <= q <= 1.0
    for i in range(len(raw)):
        for j in range(len(raw)):
            if raw[i] <= raw[j]:
                assert adjusted[i] <= adjusted[j]


@given(counts(max_n=300), counts(max_n=300))
def test_difference_interval_contains_the_difference(a, b):
    r = proportion_difference(a[0], a[1], b[0], b[1])
    assert -1.0 <= r.ci_low <= r.difference <= r.ci_high <= 1.0
    assert 0.0 <= r.pvalue <= 1.0
