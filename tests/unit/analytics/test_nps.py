"""Net Promoter Score and its intervals, checked by hand computation."""

import math

import pytest

from analytics import net_promoter_score, net_promoter_score_from_ratings

Z95 = 1.959963984540054


def test_wald_interval_is_the_multinomial_difference_variance():
    # Hand computation: p_P = 0.6, p_D = 0.15, var = (0.6 + 0.15 - 0.45^2) / 100.
    r = net_promoter_score(60, 25, 15, method="wald")
    half = 100 * Z95 * math.sqrt((0.6 + 0.15 - 0.45**2) / 100)
    assert r.score == 45.0
    assert r.ci_low == pytest.approx(45 - half)
    assert r.ci_high == pytest.approx(45 + half)


def test_adjusted_wald_adds_three_quarters_and_three():
    # Rocks (2016); Lewis and Sauro (2021): add 3/4 to promoters and detractors, 3 to n.
    r = net_promoter_score(60, 25, 15)
    pro, det, size = 60.75 / 103, 15.75 / 103, 103
    centre = pro - det
    half = Z95 * math.sqrt((pro + det - centre**2) / size)
    assert r.score == 45.0
    assert r.method == "adjusted-wald"
    assert r.ci_low == pytest.approx(100 * (centre - half))
    assert r.ci_high == pytest.approx(100 * (centre + half))


def test_interval_is_clipped_to_the_scale():
    r = net_promoter_score(30, 0, 0, method="wald")
    assert r.score == 100.0 and r.ci_high == 100.0
    assert net_promoter_score(0, 0, 3).ci_low >= -100.0


def test_no_answers_give_nan():
    r = net_promoter_score(0, 0, 0)
    assert r.n == 0 and math.isnan(r.score) and math.isnan(r.ci_low)


def test_from_ratings_groups_the_scale():
    counts = {10: 20, 9: 10, 8: 7, 7: 3, 6: 4, 0: 6}
    r = net_promoter_score_from_ratings(counts)
    assert (r.promoters, r.passives, r.detractors, r.n) == (30, 10, 10, 50)
    assert r.score == 40.0


@pytest.mark.parametrize("rating", [11, -1, 9.5, "10"])
def test_ratings_outside_zero_to_ten_are_refused(rating):
    with pytest.raises(ValueError, match="whole numbers from 0 to 10"):
        net_promoter_score_from_ratings({rating: 3})
