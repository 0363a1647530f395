"""Element and overall satisfaction indices from counts, against independent references.

References: ``scipy.stats.binomtest(...).proportion_ci(method="wilson")`` for
one-item elements; for the overall index with every element answered, the
mean of means equals the mean of each respondent's average score and its
delta-method variance equals ``numpy.var(averages, ddof=1) / n`` exactly;
``numpy.cov`` for the items' covariance.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from scipy import stats

from analytics import (
    cronbach_alpha,
    cronbach_alpha_from_covariance,
    element_index,
    items_covariance,
    overall_index,
)


def test_one_item_element_is_a_wilson_share() -> None:
    result = element_index({(1, 1): 81, (0, 1): 182})
    ci = stats.binomtest(81, 263).proportion_ci(method="wilson")
    assert result.method == "wilson" and result.n == 263
    assert (result.index, result.ci_low, result.ci_high) == pytest.approx(
        (81 / 263, ci.low, ci.high))


def test_several_items_take_the_mean_score_with_a_t_interval() -> None:
    scores = {(2, 2): 10, (1, 2): 5, (0, 2): 1, (1, 1): 4}
    values = [1.0] * 10 + [0.5] * 5 + [0.0] + [1.0] * 4
    result = element_index(scores)
    low, high = stats.t.interval(0.95, len(values) - 1, loc=np.mean(values),
                                 scale=stats.sem(values))
    assert result.method == "t" and result.index == pytest.approx(np.mean(values))
    assert (result.ci_low, result.ci_high) == pytest.approx((low, min(high, 1.0)))


def test_overall_index_equals_the_complete_data_reference() -> None:
    rng = np.random.default_rng(5)
    n, k = 400, 5
    latent = rng.normal(size=n)
    satisfied = (latent[:, None] + rng.normal(size=(n, k)) > -1.0).astype(int)
    elements = [Counter((int(v), 1) for v in satisfied[:, i]) for i in range(k)]
    pairs = {(i, j): Counter(((int(a), 1), (int(b), 1))
                             for a, b in zip(satisfied[:, i], satisfied[:, j], strict=True))
             for i in range(k) for j in range(i + 1, k)}
    result = overall_index(elements, pairs)
    averages = satisfied.mean(axis=1)
    se = np.sqrt(np.var(averages, ddof=1) / n)
    assert result.index == pytest.approx(averages.mean())
    assert result.se == pytest.approx(se)
    z = stats.norm.ppf(0.975)
    assert (result.ci_low, result.ci_high) == pytest.approx(
        (averages.mean() - z * se, averages.mean() + z * se))
    # treating the correlated elements as independent would understate it
    independent = np.sqrt(sum(np.var(satisfied[:, i], ddof=1) / n for i in range(k))) / k
    assert result.se > independent


def test_items_covariance_equals_numpy_and_gives_alpha() -> None:
    answers = np.array([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 4], [2, 2, 3]])
    pairs: dict[tuple[int, int], Counter[tuple[float, float]]] = {}
    for i in range(3):
        for j in range(i, 3):
            pairs[(i, j)] = Counter((float(a), float(b))
                                    for a, b in zip(answers[:, i], answers[:, j], strict=True))
    matrix = items_covariance(pairs, 3, len(answers))
    assert matrix == pytest.approx(np.cov(answers, rowvar=False, ddof=1))
    alpha = cronbach_alpha_from_covariance(matrix, n_respondents=len(answers))
    assert alpha.alpha == pytest.approx(cronbach_alpha(answers).alpha)


def test_bad_scores_say_what_a_score_is() -> None:
    with pytest.raises(ValueError, match="k satisfied of m"):
        element_index({(3, 2): 1})
