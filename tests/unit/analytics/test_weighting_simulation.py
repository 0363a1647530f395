"""Under differential response the weighted rate is unbiased and the unweighted one is not."""

import numpy as np

from analytics import rake, weighted_proportion

# Dossiers returned per (service, channel), satisfaction by cell, and response rates that
# multiply a service effect by a channel effect: online users answer six times as often
# as people at the counter, commune offices seldom.
POPULATION = np.array([[3000, 1500, 500], [2000, 2500, 500]])
SATISFIED = np.array([[0.95, 0.80, 0.70], [0.90, 0.75, 0.60]])
RESPONSE_SERVICE = np.array([1.0, 0.6])
RESPONSE_CHANNEL = np.array([0.05, 0.30, 0.08])


def test_weighted_rate_is_unbiased_where_the_unweighted_rate_is_not():
    rng = np.random.default_rng(20261206)
    truth = float((POPULATION * SATISFIED).sum() / POPULATION.sum())
    response = np.outer(RESPONSE_SERVICE, RESPONSE_CHANNEL)
    services, channels = np.indices(POPULATION.shape)
    labels = {"service": services.ravel(), "channel": channels.ravel()}
    targets = {"service": dict(enumerate(POPULATION.sum(axis=1))),
               "channel": dict(enumerate(POPULATION.sum(axis=0)))}
    weighted, unweighted, covered = [], [], 0
    replications = 400
    for _ in range(replications):
        answers = rng.binomial(POPULATION, response).ravel()
        satisfied = rng.binomial(answers, SATISFIED.ravel())
        r = rake(labels, targets, counts=answers, tolerance=1e-8, max_iterations=500)
        rate = weighted_proportion(satisfied, answers, r.weights)
        weighted.append(rate.estimate)
        unweighted.append(rate.unweighted)
        covered += rate.ci_low <= truth <= rate.ci_high
    weighted_bias = np.mean(weighted) - truth
    standard_error = np.std(weighted) / np.sqrt(replications)
    assert abs(weighted_bias) < 3 * standard_error
    assert np.mean(unweighted) - truth < -0.03  # the unweighted rate is off by 3+ points
    assert covered / replications >= 0.90  # the Wilson interval on n_eff covers ~95 %
