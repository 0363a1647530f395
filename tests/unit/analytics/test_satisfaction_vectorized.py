"""satisfaction_table computes all groups at once; each value must equal the
one the per-group functions (proportion_ci, excellence_test, shrink_rates) give."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import (
    GroupCount,
    excellence_test,
    proportion_ci,
    satisfaction_columns,
    satisfaction_table,
    shrink_rates,
)


@st.composite
def group_counts(draw: st.DrawFn) -> list[tuple[int, int]]:
    sizes = draw(st.lists(st.integers(0, 3000), min_size=1, max_size=12))
    return [(draw(st.integers(0, n)), n) for n in sizes]


def _same(left: float, right: float) -> bool:
    return (math.isnan(left) and math.isnan(right)) or left == right


@settings(max_examples=60, deadline=None)
@given(
    counts=group_counts(),
    method=st.sampled_from(["wilson", "clopper-pearson", "jeffreys"]),
    level=st.sampled_from([0.9, 0.95, 0.99]),
    threshold=st.sampled_from([0.8, 0.9, 0.95]),
)
def test_each_row_equals_the_per_group_functions(counts, method, level, threshold):
    groups = [GroupCount(f"g{i}", "", n=n, satisfied=x) for i, (x, n) in enumerate(counts)]
    rows = satisfaction_table(groups, method=method, confidence_level=level, threshold=threshold)
    answered = any(n for _, n in counts)
    shrunk = (
        shrink_rates([x for x, _ in counts], [n for _, n in counts], confidence_level=level)
        if answered else None
    )
    for i, (row, (x, n)) in enumerate(zip(rows, counts, strict=True)):
        ci = proportion_ci(x, n, method=method, confidence_level=level)
        test = excellence_test(x, n, threshold=threshold, confidence_level=level)
        assert _same(row.rate, ci.estimate)
        assert _same(row.ci_low, ci.ci_low) and _same(row.ci_high, ci.ci_high), (x, n, method)
        assert _same(row.pvalue, test.pvalue), (x, n)
        expected = shrunk[i].shrunk if shrunk is not None and n else math.nan
        assert _same(row.shrunk_rate, expected)
        assert all(type(v) is float for v in (row.rate, row.ci_low, row.pvalue, row.shrunk_rate))


@settings(max_examples=40, deadline=None)
@given(counts=group_counts(), min_n=st.sampled_from([0, 1, 30]))
def test_columns_equal_the_rows(counts, min_n):
    groups = [GroupCount(f"g{i}", "", n=n, satisfied=x) for i, (x, n) in enumerate(counts)]
    rows = satisfaction_table(groups, min_n=min_n)
    columns = satisfaction_columns([x for x, _ in counts], [n for _, n in counts], min_n=min_n)
    assert len(columns) == len(rows)
    for i, row in enumerate(rows):
        assert (int(columns.n[i]), int(columns.satisfied[i])) == (row.n, row.satisfied)
        for name in ("rate", "ci_low", "ci_high", "pvalue", "pvalue_adjusted", "shrunk_rate"):
            assert _same(float(getattr(columns, name)[i]), getattr(row, name)), name
        assert columns.verdict[i] == row.verdict
        assert (int(columns.rank[i]) or None) == row.rank


def test_columns_check_their_counts():
    assert satisfaction_columns([3.0], [4.0]).satisfied.tolist() == [3]
    with pytest.raises(ValueError, match=r"satisfied\[1\] \(5\) is larger than n\[1\] \(4\)"):
        satisfaction_columns([1, 5], [2, 4])
    with pytest.raises(TypeError, match=r"n\[0\] must be a whole number"):
        satisfaction_columns([1], [2.5])
    with pytest.raises(TypeError, match="boolean"):
        satisfaction_columns([True], [1])
    with pytest.raises(ValueError, match="zero or more"):
        satisfaction_columns([0], [-1])
    with pytest.raises(ValueError, match="one entry per group"):
        satisfaction_columns([1, 2], [3])
    assert len(satisfaction_columns([], [])) == 0
