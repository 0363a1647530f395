"""Cronbach's alpha from items and from a covariance matrix."""

import math

import numpy as np
import pytest
from scipy import stats

from analytics import CronbachAlpha, cronbach_alpha, cronbach_alpha_from_covariance


def test_hand_computed_example():
    # By hand: item variances (ddof=1) are 20/12, 19/12 and 11/12; the total scores
    # 5, 8, 10, 13 have variance 34/3; alpha = 3/2 * (1 - (50/12) / (34/3)) = 129/136.
    items = [[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 4]]
    assert [np.var(col, ddof=1) for col in zip(*items, strict=True)] == pytest.approx(
        [20 / 12, 19 / 12, 11 / 12]
    )
    assert cronbach_alpha(items).alpha == pytest.approx(129 / 136)


def test_five_element_survey_from_items_equals_from_covariance():
    rng = np.random.default_rng(11)
    latent = rng.normal(size=(300, 1))
    items = np.clip(np.round(3 + latent + rng.normal(scale=0.8, size=(300, 5))), 1, 5)
    from_items = cronbach_alpha(items)
    from_cov = cronbach_alpha_from_covariance(np.cov(items, rowvar=False), n_respondents=300)
    assert from_items.alpha == pytest.approx(from_cov.alpha)
    assert (from_items.ci_low, from_items.ci_high) == pytest.approx(
        (from_cov.ci_low, from_cov.ci_high)
    )
    assert from_items.n_items == 5 and from_items.n_respondents == 300
    assert from_items.ci_low < from_items.alpha < from_items.ci_high


def test_covariance_from_database_sums_and_cross_products():
    # What the database can aggregate: n, sum(x_i) and sum(x_i * x_j).
    rng = np.random.default_rng(5)
    items = rng.integers(1, 6, size=(50, 4)).astype(float)
    n = items.shape[0]
    sums = items.sum(axis=0)
    cross = items.T @ items
    cov = (cross - np.outer(sums, sums) / n) / (n - 1)
    assert cronbach_alpha_from_covariance(cov).alpha == pytest.approx(cronbach_alpha(items).alpha)


def test_feldt_interval():
    # Feldt (1965): (1 - alpha) / (1 - alpha_hat) ~ F(n - 1, (n - 1)(k - 1)).
    r = cronbach_alpha_from_covariance([[1.0, 0.5], [0.5, 1.0]], n_respondents=101)
    assert r.alpha == pytest.approx(2 / 3)
    assert r.ci_low == pytest.approx(1 - (1 / 3) * stats.f.ppf(0.975, 100, 100))
    assert r.ci_high == pytest.approx(1 - (1 / 3) * stats.f.ppf(0.025, 100, 100))


def test_without_respondent_count_there_is_no_interval():
    r = cronbach_alpha_from_covariance([[1.0, 0.5], [0.5, 1.0]])
    assert isinstance(r, CronbachAlpha)
    assert r.n_respondents is None and math.isnan(r.ci_low)


def test_no_variance_gives_nan():
    assert math.isnan(cronbach_alpha([[3, 3], [3, 3], [3, 3]]).alpha)


@pytest.mark.parametrize(
    ("cov", "message"),
    [
        ([[1.0]], "at least 2 items"),
        ([[1.0, 0.2], [0.5, 1.0]], "symmetric"),
        ([[-1.0, 0.0], [0.0, 1.0]], "negative variance"),
    ],
)
def test_bad_covariance_is_explained(cov, message):
    with pytest.raises(ValueError, match=message):
        cronbach_alpha_from_covariance(cov)


def test_incomplete_rows_are_refused():
    with pytest.raises(ValueError, match="drop incomplete rows"):
        cronbach_alpha([[1, 2], [np.nan, 3], [2, 2]])
