"""Communication effectiveness: channel reach and outcomes (seed 002).

A survey asks each respondent through which channels they heard about the
online services (a respondent may name several) and records outcomes such as
"submitted the dossier personally" or "satisfied". The database returns, per
channel and outcome, the counts below; this module turns them into reach,
outcome rates among reached and not reached, their difference and a test.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from analytics import _checks
from analytics._result import Result
from analytics.comparison import Alternative, DifferenceResult, proportion_difference
from analytics.contingency import ChiSquareResult, chi_square_independence
from analytics.proportions import ProportionResult, proportion_ci

__all__ = [
    "BeforeAfterResult",
    "ChannelCount",
    "ChannelEffect",
    "ChannelReach",
    "CommunicationReport",
    "OutcomeCount",
    "before_after",
    "communication_effectiveness",
]


@dataclass(frozen=True)
class OutcomeCount:
    """A binary outcome among respondents reached and not reached by a channel.

    ``reached_n`` respondents reached by the channel answered the outcome
    question and ``reached_yes`` of them had the outcome; likewise for those
    not reached.
    """

    outcome: str
    reached_yes: int
    reached_n: int
    not_reached_yes: int
    not_reached_n: int

    def __post_init__(self) -> None:
        _checks.text(self.outcome, "outcome")
        _checks.part_of_whole(self.reached_yes, self.reached_n, "reached_yes", "reached_n")
        _checks.part_of_whole(
            self.not_reached_yes, self.not_reached_n, "not_reached_yes", "not_reached_n"
        )


@dataclass(frozen=True)
class ChannelCount:
    """Respondents reached by one channel, and outcome counts split by reach."""

    channel: str
    reached: int
    outcomes: tuple[OutcomeCount, ...] = ()

    def __post_init__(self) -> None:
        _checks.text(self.channel, "channel")
        reached = _checks.count(self.reached, "reached")
        object.__setattr__(self, "reached", reached)
        object.__setattr__(self, "outcomes", tuple(self.outcomes))
        for outcome in self.outcomes:
            if not isinstance(outcome, OutcomeCount):
                raise TypeError(f"outcomes must be OutcomeCount values, got {outcome!r}")
            if outcome.reached_n > reached:
                raise ValueError(
                    f"channel {self.channel!r}, outcome {outcome.outcome!r}: reached_n "
                    f"({outcome.reached_n}) is larger than the {reached} respondents reached"
                )


@dataclass(frozen=True, repr=False)
class ChannelReach(Result):
    """Share of the respondents reached by one channel."""

    channel: str
    share: ProportionResult


@dataclass(frozen=True, repr=False)
class ChannelEffect(Result):
    """One outcome compared between respondents reached and not reached."""

    channel: str
    outcome: str
    reached: ProportionResult
    not_reached: ProportionResult
    difference: DifferenceResult
    association: ChiSquareResult


@dataclass(frozen=True, repr=False)
class CommunicationReport(Result):
    """Reach of each channel and the effect of each channel on each outcome."""

    n: int
    reach: tuple[ChannelReach, ...]
    effects: tuple[ChannelEffect, ...]


@dataclass(frozen=True, repr=False)
class BeforeAfterResult(Result):
    """An outcome rate before and after a date, and the change (after − before)."""

    before: ProportionResult
    after: ProportionResult
    difference: DifferenceResult


def communication_effectiveness(
    n: int, channels: Sequence[ChannelCount], *, confidence_level: float = 0.95
) -> CommunicationReport:
    """Reach of each channel and its association with each outcome.

    Parameters
    ----------
    n : int
        Respondents of the survey.
    channels : sequence of ChannelCount
        Per channel: respondents reached, and per outcome the counts among
        reached and not reached respondents.
    confidence_level : float, optional
        Level of all intervals (default 0.95).

    Returns
    -------
    CommunicationReport
        ``reach``: per channel, the share of the n respondents reached
        (Wilson interval), in input order. ``effects``: for each channel and outcome,
        the outcome rate among reached and not reached (Wilson), the
        difference reached − not reached (Newcombe interval, pooled z test)
        and the chi-square test of the 2 × 2 table with Cramér's V.

    Notes
    -----
    Channels overlap (one respondent can hear through several), so reach
    shares need not add up to 1 and each channel is compared with everyone
    it did not reach. The z test and the uncorrected chi-square test of a
    2 × 2 table give the same two-sided p-value; the chi-square result adds
    Cramér's V (here the absolute phi coefficient) as a size of the
    association. The comparison is observational: people reached by a
    channel may differ from others in other ways.

    Examples
    --------
    >>> report = communication_effectiveness(1000, [
    ...     ChannelCount("zalo", 400, (OutcomeCount("self_submitted", 120, 400, 90, 600),)),
    ... ])
    >>> reach = report.reach[0]
    >>> reach.channel, reach.share.estimate, round(report.effects[0].difference.difference, 2)
    ('zalo', 0.4, 0.15)
    """
    total = _checks.count(n, "n")
    level = _checks.confidence(confidence_level)
    reach = []
    effects = []
    for index, channel in enumerate(channels):
        if not isinstance(channel, ChannelCount):
            raise TypeError(
                f"channels[{index}] must be a ChannelCount, got {type(channel).__name__}"
            )
        _checks.part_of_whole(
            channel.reached, total, f"reached of channel {channel.channel!r}", "n"
        )
        share = proportion_ci(channel.reached, total, confidence_level=level)
        reach.append(ChannelReach(channel.channel, share))
        for outcome in channel.outcomes:
            if outcome.not_reached_n > total - channel.reached:
                raise ValueError(
                    f"channel {channel.channel!r}, outcome {outcome.outcome!r}: not_reached_n "
                    f"({outcome.not_reached_n}) is larger than the {total - channel.reached} "
                    "respondents not reached"
                )
            effects.append(_effect(channel.channel, outcome, level))
    return CommunicationReport(total, tuple(reach), tuple(effects))


def _effect(channel: str, outcome: OutcomeCount, level: float) -> ChannelEffect:
    yes1, n1 = outcome.reached_yes, outcome.reached_n
    yes2, n2 = outcome.not_reached_yes, outcome.not_reached_n
    return ChannelEffect(
        channel=channel,
        outcome=outcome.outcome,
        reached=proportion_ci(yes1, n1, confidence_level=level),
        not_reached=proportion_ci(yes2, n2, confidence_level=level),
        difference=proportion_difference(yes1, n1, yes2, n2, confidence_level=level),
        association=chi_square_independence([[yes1, n1 - yes1], [yes2, n2 - yes2]]),
    )


def before_after(
    before: tuple[int, int],
    after: tuple[int, int],
    *,
    confidence_level: float = 0.95,
    alternative: Alternative = "two-sided",
) -> BeforeAfterResult:
    """Compare an outcome rate before and after a campaign start date.

    Parameters
    ----------
    before, after : (successes, n)
        Outcome counts and respondents before and after the date.
    confidence_level : float, optional
        Level of the intervals (default 0.95).
    alternative : {'two-sided', 'less', 'greater'}, optional
        About after − before; ``'greater'`` asks whether the rate rose.

    Returns
    -------
    BeforeAfterResult
        ``before`` and ``after`` rates (Wilson intervals) and ``difference``
        = after − before (:func:`analytics.proportion_difference`: Newcombe
        interval, pooled z test).

    Notes
    -----
    The samples before and after must be independent (different
    respondents). A change in the rate is not proof that the campaign
    caused it: other things change over time too.

    Examples
    --------
    >>> r = before_after((182, 1000), (260, 1000), alternative="greater")
    >>> round(r.difference.difference, 3), r.difference.pvalue < 0.001
    (0.078, True)
    """
    level = _checks.confidence(confidence_level)
    (yes_before, n_before), (yes_after, n_after) = _pair(before, "before"), _pair(after, "after")
    return BeforeAfterResult(
        proportion_ci(yes_before, n_before, confidence_level=level),
        proportion_ci(yes_after, n_after, confidence_level=level),
        proportion_difference(
            yes_after,
            n_after,
            yes_before,
            n_before,
            confidence_level=level,
            alternative=alternative,
        ),
    )


def _pair(value: tuple[int, int], name: str) -> tuple[int, int]:
    try:
        successes, n = value
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (successes, n), got {value!r}") from None
    return _checks.part_of_whole(successes, n, f"{name} successes", f"{name} n")
