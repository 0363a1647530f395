"""Bodies of the analytics API.

Numbers are raw: proportions are unrounded values in [0, 1] and a missing
value is ``null`` (never ``NaN``). With ``locale`` the ``*_text`` fields
carry the same numbers formatted for people ("93,4%" in vi, "93.4%" in en);
without it they are left out.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec

__all__ = [
    "BeforeAfterOut",
    "CandidateOut",
    "ChannelEffectOut",
    "ChannelReachOut",
    "CommunicationReportOut",
    "ComparisonOut",
    "EvidenceOut",
    "GradeCountOut",
    "NominationReportOut",
    "OnlineRateReportOut",
    "OnlineRateRowOut",
    "QualityScoreIn",
    "QualityScoresIn",
    "QualityScoresOut",
    "RankingBlockOut",
    "RankingReportOut",
    "RankingRowOut",
    "RateOut",
    "SatisfactionEvidenceOut",
    "SatisfactionReportOut",
    "SatisfactionRowOut",
    "SavingsOut",
    "VersionOut",
]

Text = str | None


class Report(msgspec.Struct, omit_defaults=True):
    """Base of the bodies: ``*_text`` fields appear only with ``locale``."""


class VersionOut(msgspec.Struct):
    """A form version counted by a report, with its satisfaction mapping."""

    form: str
    version: int
    question: str
    satisfied: list[int | str]


class SatisfactionRowOut(Report):
    key: str
    label: str
    n: int
    satisfied: int
    rate: float | None
    ci_low: float | None
    ci_high: float | None
    pvalue: float | None
    pvalue_adjusted: float | None
    verdict: str
    rank: int | None
    shrunk_rate: float | None
    period: str | None = None
    service: str | None = None
    service_name: str | None = None
    agency: str | None = None
    agency_name: str | None = None
    form: str | None = None
    version: int | None = None
    audience: str | None = None
    rate_text: Text = None
    ci_text: Text = None
    shrunk_rate_text: Text = None
    verdict_text: Text = None
    # with weights=dossiers: the answers linked to the group's returned dossiers,
    # weighted to those dossiers (null when the group has none)
    returned: int | None = None
    weighted_n: int | None = None
    weighted_rate: float | None = None
    weighted_ci_low: float | None = None
    weighted_ci_high: float | None = None
    design_effect: float | None = None
    n_effective: float | None = None
    weighted_verdict: str | None = None
    weighted_pvalue: float | None = None
    weighted_rate_text: Text = None
    weighted_ci_text: Text = None


class SatisfactionReportOut(Report):
    group_by: list[str]
    agency: str | None
    form: str | None
    period: str | None
    threshold: float
    confidence_level: float
    method: str
    min_n: int
    adjust: str
    versions: list[VersionOut]
    rows: list[SatisfactionRowOut]
    locale: str | None = None
    weights: str | None = None
    margins: list[str] | None = None
    weighted_interval_method: str | None = None


class RateOut(Report):
    """A proportion with its interval."""

    successes: int
    n: int
    rate: float | None
    ci_low: float | None
    ci_high: float | None
    rate_text: Text = None
    ci_text: Text = None


class SatisfactionEvidenceOut(Report):
    n: int
    satisfied: int
    rate: float | None
    pvalue: float | None
    lower_bound: float | None
    verdict: str
    rate_text: Text = None
    verdict_text: Text = None


class SavingsOut(msgspec.Struct):
    note: str | None
    cost_saving_vnd: int | None
    time_saving_hours: float | None


class EvidenceOut(Report):
    online_dossiers: int
    total_dossiers: int
    online_share: float | None
    online_rank: int | None
    satisfaction: SatisfactionEvidenceOut
    savings: SavingsOut
    online_share_text: Text = None


class CandidateOut(Report):
    service: str
    name: str
    audience: str
    delivery: str
    position: int | None
    reason: str | None
    criteria: list[str]
    evidence: EvidenceOut
    criteria_text: list[str] | None = None
    reason_text: Text = None


class NominationReportOut(Report):
    agency: str
    agency_name: str
    year: int
    per_audience: int
    top_online: int
    threshold: float
    confidence_level: float
    citizen: list[CandidateOut]
    business: list[CandidateOut]
    excluded: list[CandidateOut]
    locale: str | None = None


class OnlineRateRowOut(Report):
    agency: str
    agency_name: str
    period: str
    total: int
    online: int
    self_submitted: int
    target: float
    online_share: float | None
    online_ci_low: float | None
    online_ci_high: float | None
    gap_points: float | None
    meets_target: bool
    self_share: float | None
    self_ci_low: float | None
    self_ci_high: float | None
    source: str  # events (dossier events of the period) or statistics (recorded counts)
    service: str | None = None
    service_name: str | None = None
    online_share_text: Text = None
    online_ci_text: Text = None
    gap_points_text: Text = None
    self_share_text: Text = None
    self_ci_text: Text = None
    target_text: Text = None


class OnlineRateReportOut(Report):
    agency: str | None
    period: str | None
    interval: str
    group_by: str
    target: float
    confidence_level: float
    method: str
    rows: list[OnlineRateRowOut]
    self_baseline: float = 0.182
    locale: str | None = None


class ChannelReachOut(Report):
    channel: str
    label: str
    reached: int
    share: float | None
    ci_low: float | None
    ci_high: float | None
    share_text: Text = None
    ci_text: Text = None


class ComparisonOut(Report):
    """``difference`` = first − second, its interval and two-sided test."""

    difference: float | None
    ci_low: float | None
    ci_high: float | None
    statistic: float | None
    pvalue: float | None
    difference_text: Text = None
    ci_text: Text = None


class ChannelEffectOut(Report):
    channel: str
    outcome: str
    reached: RateOut
    not_reached: RateOut
    difference: ComparisonOut
    chi_square: float | None
    chi_square_pvalue: float | None
    cramers_v: float | None


class BeforeAfterOut(Report):
    outcome: str
    before: RateOut
    after: RateOut
    difference: ComparisonOut


class CommunicationReportOut(Report):
    agency: str | None
    form: str | None
    period: str | None
    campaign_start: dt.date | None
    confidence_level: float
    n: int
    outcomes: list[str]
    reach: list[ChannelReachOut]
    effects: list[ChannelEffectOut]
    before_after: list[BeforeAfterOut]
    locale: str | None = None


class RankingRowOut(msgspec.Struct):
    rank: int
    agency: str
    name: str
    score: float
    grade: str


class GradeCountOut(msgspec.Struct):
    grade: str
    count: int
    share: float | None


class RankingBlockOut(msgspec.Struct):
    kind: str
    title: str
    count: int
    mean_score: float | None
    rows: list[RankingRowOut]
    distribution: list[GradeCountOut]
    distribution_lines: list[str]


class RankingReportOut(msgspec.Struct):
    period: str
    source: str
    min_n: int
    blocks: list[RankingBlockOut]
    locale: str


Score = Annotated[float, msgspec.Meta(ge=0, le=100)]


class QualityScoreIn(msgspec.Struct, forbid_unknown_fields=True):
    agency: Annotated[str, msgspec.Meta(min_length=1, max_length=40, examples=["G14"])]
    score: Score


class QualityScoresIn(msgspec.Struct, forbid_unknown_fields=True):
    period: Annotated[str, msgspec.Meta(max_length=7, examples=["2023"])]
    scores: Annotated[list[QualityScoreIn], msgspec.Meta(min_length=1, max_length=5000)]
    source: Annotated[str, msgspec.Meta(max_length=200)] = ""


class QualityScoresOut(msgspec.Struct):
    period: str
    source: str
    imported: int
    replaced: int
