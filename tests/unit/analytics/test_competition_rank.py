"""competition_rank: standard competition ranking with ties."""

import pytest
from scipy import stats

from analytics import competition_rank


def test_ties_share_a_rank_and_skip_the_next():
    assert competition_rank([93.5, 93.5, 88, 86.5, 86.5, 86.5, 80]) == [1, 1, 3, 4, 4, 4, 7]


def test_input_order_is_kept():
    assert competition_rank([80, 93.5, 88, 93.5]) == [4, 1, 3, 1]


def test_ascending():
    assert competition_rank([3, 1, 2, 1], descending=False) == [4, 1, 3, 1]


def test_matches_scipy_rankdata_min():
    scores = [5, 3, 5, 9, 1, 3, 3]
    expected = stats.rankdata([-s for s in scores], method="min").tolist()
    assert competition_rank(scores) == expected


def test_empty_and_nan():
    assert competition_rank([]) == []
    with pytest.raises(ValueError, match=r"scores\[1\] is nan"):
        competition_rank([1.0, float("nan")])
