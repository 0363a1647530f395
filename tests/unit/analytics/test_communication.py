"""Communication effectiveness: reach, effects by channel, before/after."""

import json
import math

import pytest
from scipy import stats

from analytics import (
    ChannelCount,
    OutcomeCount,
    before_after,
    communication_effectiveness,
    proportion_difference,
)

CHANNELS = [
    ChannelCount(
        "zalo",
        400,
        (
            OutcomeCount("self_submitted", 120, 400, 90, 600),
            OutcomeCount("satisfied", 300, 350, 400, 500),
        ),
    ),
    ChannelCount("tv", 700, (OutcomeCount("self_submitted", 150, 700, 60, 300),)),
    ChannelCount("tổ công nghệ số", 0, (OutcomeCount("self_submitted", 0, 0, 210, 1000),)),
]


def test_reach_of_each_channel():
    report = communication_effectiveness(1000, CHANNELS)
    assert [r.channel for r in report.reach] == ["zalo", "tv", "tổ công nghệ số"]
    assert [r.share.estimate for r in report.reach] == [0.4, 0.7, 0.0]


def test_effect_of_a_channel_on_an_outcome():
    report = communication_effectiveness(1000, CHANNELS)
    effect = report.effects[0]
    assert (effect.channel, effect.outcome) == ("zalo", "self_submitted")
    assert (effect.reached.estimate, effect.not_reached.estimate) == (0.3, 0.15)
    assert effect.difference == proportion_difference(120, 400, 90, 600)
    table = [[120, 280], [90, 510]]
    reference = stats.chi2_contingency(table, correction=False)
    assert effect.association.statistic == pytest.approx(reference.statistic)
    # The z test and the uncorrected chi-square agree for a 2x2 table.
    assert effect.association.pvalue == pytest.approx(effect.difference.pvalue)
    assert effect.association.cramers_v == pytest.approx(
        stats.contingency.association(table, method="cramer")
    )
    assert len(report.effects) == 4


def test_channel_reaching_nobody_gives_nan_effects_not_errors():
    report = communication_effectiveness(1000, CHANNELS)
    empty = report.effects[-1]
    assert math.isnan(empty.difference.difference) and math.isnan(empty.association.statistic)
    json.dumps(report.to_dict(), allow_nan=False)


def test_counts_must_fit_the_respondents():
    with pytest.raises(
        ValueError, match=r"reached of channel 'zalo' \(400\) is larger than n \(300\)"
    ):
        communication_effectiveness(300, CHANNELS[:1])
    with pytest.raises(
        ValueError, match=r"reached_n .* is larger than the 100 respondents reached"
    ):
        ChannelCount("zalo", 100, (OutcomeCount("x", 1, 200, 0, 0),))
    bad = ChannelCount("tv", 700, (OutcomeCount("x", 1, 10, 0, 301),))
    with pytest.raises(
        ValueError, match=r"not_reached_n .* larger than the 300 respondents not reached"
    ):
        communication_effectiveness(1000, [bad])


def test_before_after_campaign():
    r = before_after((182, 1000), (260, 1000))
    assert r.before.estimate == 0.182 and r.after.estimate == 0.26
    assert r.difference.difference == pytest.approx(0.078)
    assert r.difference == proportion_difference(260, 1000, 182, 1000)
    one_sided = before_after((182, 1000), (260, 1000), alternative="greater")
    assert one_sided.difference.pvalue == pytest.approx(r.difference.pvalue / 2)


def test_before_after_validates_pairs():
    with pytest.raises(ValueError, match=r"before must be a pair \(successes, n\)"):
        before_after((1, 2, 3), (1, 2))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"after successes \(5\) is larger than after n \(2\)"):
        before_after((1, 2), (5, 2))
