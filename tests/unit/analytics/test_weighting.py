"""Raking and post-stratification against independent references, and their properties."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ipfn import ipfn

from analytics import design_effect, post_stratify, rake, weighted_proportion


def _cells(shape):
    return list(itertools.product(*(range(k) for k in shape)))


def test_raking_three_margins_matches_the_ipfn_library():
    # Reference: the ipfn package (MIT licence, github.com/Dirguis/ipfn), run here on the
    # same 3x2x2 table of answers with the same margins, to its own convergence.
    sample = np.array([[[1.0, 2], [3, 4]], [[5, 6], [7, 8]], [[2, 2], [1, 9]]])
    margins = [np.array([40.0, 50, 60]), np.array([70.0, 80]), np.array([90.0, 60])]
    fitted = ipfn.ipfn(sample.copy(), [m.copy() for m in margins], [[0], [1], [2]],
                       convergence_rate=1e-12, max_iteration=2000).iteration()
    for axis, target in enumerate(margins):
        other = tuple(a for a in range(3) if a != axis)
        np.testing.assert_allclose(fitted.sum(axis=other), target, rtol=1e-6)
    cells = _cells(sample.shape)
    r = rake(
        {"service": [c[0] for c in cells], "channel": [c[1] for c in cells],
         "audience": [c[2] for c in cells]},
        {"service": dict(enumerate(margins[0])), "channel": dict(enumerate(margins[1])),
         "audience": dict(enumerate(margins[2]))},
        counts=[int(sample[c]) for c in cells], tolerance=1e-10, max_iterations=1000,
    )
    assert r.converged
    expected = [fitted[c] / sample[c] for c in cells]
    assert [round(w, 4) for w in r.weights.tolist()] == [round(w, 4) for w in expected]


def test_two_by_two_raking_keeps_the_odds_ratio_closed_form():
    # Reference: Mosteller (1968), "Association and estimation in contingency tables",
    # JASA 63:1-28 - raking a 2x2 table to new margins keeps its cross-product ratio, so
    # the fitted cell m11 is the root in (max(0, R1-C2), min(R1, C1)) of
    # m11 (R2 - C1 + m11) = OR (R1 - m11)(C1 - m11): solved here by the quadratic formula.
    n11, n12, n21, n22 = 30, 10, 20, 40
    r1, r2, c1, c2 = 500.0, 300.0, 350.0, 450.0
    odds = (n11 * n22) / (n12 * n21)
    a, b, c = 1 - odds, (r2 - c1) + odds * (r1 + c1), -odds * r1 * c1
    roots = [(-b + s * math.sqrt(b * b - 4 * a * c)) / (2 * a) for s in (1, -1)]
    m11 = next(x for x in roots if max(0.0, r1 - c2) < x < min(r1, c1))
    fitted = [m11, r1 - m11, c1 - m11, r2 - c1 + m11]
    r = rake({"unit": [0, 0, 1, 1], "channel": [0, 1, 0, 1]},
             {"unit": {0: r1, 1: r2}, "channel": {0: c1, 1: c2}},
             counts=[n11, n12, n21, n22], tolerance=1e-12, max_iterations=500)
    got = [w * n for w, n in zip(r.weights.tolist(), (n11, n12, n21, n22), strict=True)]
    assert [round(x, 4) for x in got] == [round(x, 4) for x in fitted]


def test_post_stratification_gives_population_over_answers():
    # Reference: the definition (Holt and Smith 1979): the weight of stratum h is N_h / n_h.
    labels = {"service": ["a", "a", "a", "b", "b"], "channel": ["x", "x", "y", "x", "y"]}
    population = {("a", "x"): 100, ("a", "y"): 30, ("b", "x"): 50, ("b", "y"): 20}
    r = post_stratify(labels, population, counts=[10, 5, 3, 25, 4])
    assert r.weights.tolist() == pytest.approx([100 / 15, 100 / 15, 10.0, 2.0, 5.0])
    assert r.method == "post-stratification"
    assert r.population == 200


def test_small_strata_are_pooled_and_said():
    r = rake({"service": ["a"] * 40 + ["b"] * 2 + ["c"] * 30},
             {"service": {"a": 400, "b": 50, "c": 300, "d": 20}}, min_answers=5)
    assert {(c.labels, c.reason) for c in r.collapsed} == {(("b", "d"), "few_answers")}
    by_label = {s.label: s for s in r.strata}
    assert by_label["b"].too_few and by_label["d"].too_few and not by_label["a"].too_few
    assert by_label["d"].answers == 0 and by_label["d"].response_rate == 0.0
    # b and d are one stratum (pooled, then merged with c, the smallest kept category)
    assert by_label["b"].group == by_label["c"].group == ("b", "d", "c")
    assert r.weights.sum() == pytest.approx(770)
    assert by_label["a"].weight == pytest.approx(10.0)
    assert by_label["c"].weight == pytest.approx(370 / 32)


def test_answers_without_population_are_pooled():
    r = rake({"channel": ["x"] * 10 + ["y"] * 10 + ["z"] * 3},
             {"channel": {"x": 100, "y": 50}})
    assert [(c.labels, c.reason) for c in r.collapsed] == [(("z",), "no_population")]
    assert r.weights.sum() == pytest.approx(150)


def test_margins_with_different_totals_are_refused():
    with pytest.raises(ValueError, match="same population total"):
        rake({"a": [0, 1], "b": [0, 1]}, {"a": {0: 5, 1: 5}, "b": {0: 5, 1: 6}})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"tolerance": 0}, "tolerance"), ({"max_iterations": 0}, "max_iterations"),
     ({"trim_ratio": 0.5}, "trim_ratio"), ({"counts": [1, -1]}, "counts")],
)
def test_bad_parameters_say_what_is_wrong(kwargs, message):
    with pytest.raises(ValueError, match=message):
        rake({"a": [0, 1]}, {"a": {0: 5, 1: 5}}, **kwargs)


def test_kish_design_effect_is_one_plus_squared_cv():
    # Reference: Kish (1965) section 11.7, deff = 1 + CV^2 with the population variance of
    # the weights - computed here the long way with numpy.
    w = np.array([1.0, 1.0, 2.0, 2.0, 4.0, 0.5])
    cv2 = w.var(ddof=0) / w.mean() ** 2
    assert round(design_effect(w), 4) == round(1 + cv2, 4) == 1.4286


def test_weighted_rate_with_equal_weights_is_the_wilson_interval():
    from analytics import proportion_ci

    r = weighted_proportion([81], [263], [3.5])
    ref = proportion_ci(81, 263)
    assert r.design_effect == pytest.approx(1.0)
    assert (round(r.ci_low, 4), round(r.ci_high, 4)) == (0.2553, 0.3662)  # Newcombe 1998
    assert r.ci_low == pytest.approx(ref.ci_low) and r.ci_high == pytest.approx(ref.ci_high)


cells_strategy = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 1), st.integers(1, 40)), min_size=6,
    max_size=12,
)


def _complete(rows):
    # every service and channel appears at least once
    present = {(s, c) for s, c, _ in rows}
    return {s for s, _ in present} == {0, 1, 2} and {c for _, c in present} == {0, 1}


@settings(max_examples=60, deadline=None)
@given(rows=cells_strategy, services=st.lists(st.integers(50, 5000), min_size=3, max_size=3),
       share=st.floats(0.1, 0.9))
def test_raked_weights_sum_to_population_and_meet_the_margins(rows, services, share):
    if not _complete(rows):
        return
    total = float(sum(services))
    targets = {"service": dict(enumerate(map(float, services))),
               "channel": {0: total * share, 1: total * (1 - share)}}
    r = rake({"service": [s for s, _, _ in rows], "channel": [c for _, c, _ in rows]}, targets,
             counts=[n for _, _, n in rows], tolerance=1e-9, max_iterations=5000)
    counts = np.array([n for _, _, n in rows])
    assert float(np.dot(r.weights, counts)) == pytest.approx(total, rel=1e-9)
    if r.converged:
        for margin, index in (("service", 0), ("channel", 1)):
            for label, target in targets[margin].items():
                got = sum(w * row[2] for w, row in zip(r.weights, rows, strict=True)
                          if row[index] == label)
                assert got == pytest.approx(target, rel=1e-6)


@settings(max_examples=60, deadline=None)
@given(rows=cells_strategy, services=st.lists(st.integers(50, 5000), min_size=3, max_size=3),
       ratio=st.floats(1.0, 4.0))
def test_trimming_keeps_the_cap_and_the_total(rows, services, ratio):
    if not _complete(rows):
        return
    total = float(sum(services))
    r = rake({"service": [s for s, _, _ in rows], "channel": [c for _, c, _ in rows]},
             {"service": dict(enumerate(map(float, services))),
              "channel": {0: total / 2, 1: total / 2}},
             counts=[n for _, _, n in rows], trim_ratio=ratio)
    counts = np.array([n for _, _, n in rows])
    mean = total / counts.sum()
    assert r.weights.max() <= ratio * mean * (1 + 1e-9)
    assert float(np.dot(r.weights, counts)) == pytest.approx(total, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(1, 50)),
                     min_size=1, max_size=12),
       rate=st.sampled_from([1, 2, 5, 10]))
def test_equal_response_rates_give_equal_weights_and_no_design_effect(rows, rate):
    services: dict[int, float] = {}
    channels: dict[int, float] = {}
    for s, c, n in rows:
        services[s] = services.get(s, 0) + n * rate
        channels[c] = channels.get(c, 0) + n * rate
    r = rake({"service": [s for s, _, _ in rows], "channel": [c for _, c, _ in rows]},
             {"service": services, "channel": channels}, counts=[n for _, _, n in rows])
    np.testing.assert_allclose(r.weights, rate, rtol=1e-9)
    assert r.design_effect == pytest.approx(1.0)
    assert r.n_effective == pytest.approx(sum(n for _, _, n in rows))
