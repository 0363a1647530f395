"""likert_summary against numpy on the expanded answers."""

import math

import numpy as np
import pytest

from analytics import LikertSummary, likert_summary


@pytest.mark.parametrize(
    "counts",
    [
        {5: 120, 4: 60, 3: 15, 2: 3, 1: 2},
        {1: 1, 2: 1, 3: 0, 4: 1, 5: 1},  # even n: median between the middle answers
        {1: 0, 2: 0, 3: 1, 4: 0, 5: 0},
        {5: 7, 4: 7, 3: 0, 2: 0, 1: 0},
    ],
)
def test_mean_median_and_distribution_match_numpy(counts):
    answers = np.repeat(list(counts), list(counts.values()))
    s = likert_summary(counts)
    assert s.n == answers.size
    assert s.mean == pytest.approx(answers.mean())
    assert s.median == np.median(answers)
    assert s.levels == (1, 2, 3, 4, 5)
    assert sum(s.proportions) == pytest.approx(1.0)
    assert s.top_box == pytest.approx(np.mean(answers >= 4))


def test_top_box_uses_the_scale_not_the_highest_answer():
    s = likert_summary({1: 5, 2: 5, 3: 10}, levels=range(1, 6))
    assert s.levels == (1, 2, 3, 4, 5) and s.counts == (5, 5, 10, 0, 0)
    assert s.top_box == 0.0
    assert likert_summary({1: 5, 2: 5, 3: 10}, levels=range(1, 6), top=3).top_box == 0.5


def test_no_answers_give_nan():
    s = likert_summary({1: 0, 2: 0, 3: 0})
    assert isinstance(s, LikertSummary)
    assert s.n == 0 and math.isnan(s.mean) and math.isnan(s.median) and math.isnan(s.top_box)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"counts": {1: 3, 2: -1}}, "must be zero or more"),
        ({"counts": {1: 3}}, "at least two levels"),
        ({"counts": {1: 3, 7: 1}, "levels": range(1, 6)}, r"levels \[7\] that are not among"),
        ({"counts": {1: 3, 2: 1}, "top": 3}, "top must be between 1 and the number of levels"),
        ({"counts": {1.5: 3, 2: 1}}, "whole numbers"),
    ],
)
def test_bad_input_is_explained(kwargs, message):
    with pytest.raises(ValueError, match=message):
        likert_summary(**kwargs)
