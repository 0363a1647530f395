"""Phiếu analytics: statistics for satisfaction surveys of public services.

A pure library: counts in, small frozen result objects out. It knows
nothing of HTTP or the database; the web service runs the ``GROUP BY`` and
passes the counts here, and an analyst can use it from a notebook.

>>> from analytics import proportion_ci, format_percent
>>> format_percent(proportion_ci(182, 1000).estimate, "vi")
'18,2%'
"""

from analytics.change import (
    ChangeInput,
    ChangeRow,
    ChangeVerdict,
    change_table,
)
from analytics.comparison import (
    DifferenceResult,
    proportion_difference,
)
from analytics.contingency import (
    ChiSquareResult,
    chi_square_independence,
)
from analytics.crosstab import (
    MONTE_CARLO_SEED,
    CrossTab,
    crosstab,
)
from analytics.distributions import (
    Histogram,
    MeanResult,
    Quartiles,
    histogram,
    mean_ci,
    quartiles,
)
from analytics.durations import (
    DurationSummary,
    duration_summary,
)
from analytics.excellence import (
    DEFAULT_THRESHOLD,
    ExcellenceResult,
    Verdict,
    excellence_test,
)
from analytics.formatting import (
    MISSING_TEXT,
    format_number,
    format_percent,
    format_percent_range,
)
from analytics.funnel import (
    FunnelColumns,
    FunnelResult,
    funnel_columns,
    response_funnel,
)
from analytics.grades import (
    DEFAULT_BANDS,
    Grade,
    GradeBands,
    GradeDistribution,
    grade,
    grade_distribution,
)
from analytics.group_rates import (
    GroupRateColumns,
    group_rate_columns,
)
from analytics.indices import (
    ElementIndex,
    OverallIndex,
    element_index,
    items_covariance,
    overall_index,
)
from analytics.labels import (
    label,
)
from analytics.likert import (
    LikertSummary,
    likert_summary,
)
from analytics.multiplicity import (
    ADJUST_METHODS,
    adjust_pvalues,
)
from analytics.nps import (
    NPS_METHODS,
    NetPromoterResult,
    net_promoter_score,
    net_promoter_score_from_ratings,
)
from analytics.periods import (
    Period,
    parse_period,
    quarter_of,
)
from analytics.proportions import (
    INTERVAL_METHODS,
    ProportionResult,
    proportion_ci,
)
from analytics.ranking import (
    competition_rank,
)
from analytics.reliability import (
    CronbachAlpha,
    cronbach_alpha,
    cronbach_alpha_from_covariance,
)
from analytics.reports import (
    Audience,
    BeforeAfterResult,
    Candidate,
    ChannelCount,
    ChannelEffect,
    ChannelReach,
    CommunicationReport,
    Criterion,
    Delivery,
    DossierCount,
    ExclusionReason,
    GroupCount,
    NominationReport,
    OnlineRateRow,
    OutcomeCount,
    RankingRow,
    RankingTable,
    SatisfactionColumns,
    SatisfactionRow,
    ScoreEntry,
    ServiceEvidence,
    before_after,
    communication_effectiveness,
    excellence_nominations,
    online_rate_table,
    quality_ranking,
    satisfaction_columns,
    satisfaction_table,
)
from analytics.sampling import (
    ALLOCATION_METHODS,
    Allocation,
    allocate_sample,
    sample_size_proportion,
    sample_size_sipas,
)
from analytics.shrinkage import (
    PRIOR_METHODS,
    BetaPrior,
    ShrunkRate,
    beta_binomial_prior,
    shrink_rates,
)
from analytics.suppression import complementary_suppression, derivable
from analytics.trend import (
    PChart,
    PChartPoint,
    TrendResult,
    p_chart,
    trend_test,
)
from analytics.weighted import (
    WeightedExcellenceResult,
    WeightedProportion,
    design_effect,
    weighted_excellence_test,
    weighted_proportion,
)
from analytics.weighting import (
    Collapse,
    StratumWeight,
    WeightingResult,
    post_stratify,
    rake,
)

__all__ = [
    "ADJUST_METHODS",
    "ALLOCATION_METHODS",
    "DEFAULT_BANDS",
    "DEFAULT_THRESHOLD",
    "INTERVAL_METHODS",
    "MISSING_TEXT",
    "MONTE_CARLO_SEED",
    "NPS_METHODS",
    "PRIOR_METHODS",
    "Allocation",
    "Audience",
    "BeforeAfterResult",
    "BetaPrior",
    "Candidate",
    "ChangeInput",
    "ChangeRow",
    "ChangeVerdict",
    "ChannelCount",
    "ChannelEffect",
    "ChannelReach",
    "ChiSquareResult",
    "Collapse",
    "CommunicationReport",
    "Criterion",
    "CronbachAlpha",
    "CrossTab",
    "Delivery",
    "DifferenceResult",
    "DossierCount",
    "DurationSummary",
    "ElementIndex",
    "ExcellenceResult",
    "ExclusionReason",
    "FunnelColumns",
    "FunnelResult",
    "Grade",
    "GradeBands",
    "GradeDistribution",
    "GroupCount",
    "GroupRateColumns",
    "Histogram",
    "LikertSummary",
    "MeanResult",
    "NetPromoterResult",
    "NominationReport",
    "OnlineRateRow",
    "OutcomeCount",
    "OverallIndex",
    "PChart",
    "PChartPoint",
    "Period",
    "ProportionResult",
    "Quartiles",
    "RankingRow",
    "RankingTable",
    "SatisfactionColumns",
    "SatisfactionRow",
    "ScoreEntry",
    "ServiceEvidence",
    "ShrunkRate",
    "StratumWeight",
    "TrendResult",
    "Verdict",
    "WeightedExcellenceResult",
    "WeightedProportion",
    "WeightingResult",
    "adjust_pvalues",
    "allocate_sample",
    "before_after",
    "beta_binomial_prior",
    "change_table",
    "chi_square_independence",
    "communication_effectiveness",
    "competition_rank",
    "complementary_suppression",
    "cronbach_alpha",
    "cronbach_alpha_from_covariance",
    "crosstab",
    "derivable",
    "design_effect",
    "duration_summary",
    "element_index",
    "excellence_nominations",
    "excellence_test",
    "format_number",
    "format_percent",
    "format_percent_range",
    "funnel_columns",
    "grade",
    "grade_distribution",
    "group_rate_columns",
    "histogram",
    "items_covariance",
    "label",
    "likert_summary",
    "mean_ci",
    "net_promoter_score",
    "net_promoter_score_from_ratings",
    "online_rate_table",
    "overall_index",
    "p_chart",
    "parse_period",
    "post_stratify",
    "proportion_ci",
    "proportion_difference",
    "quality_ranking",
    "quarter_of",
    "quartiles",
    "rake",
    "response_funnel",
    "sample_size_proportion",
    "sample_size_sipas",
    "satisfaction_columns",
    "satisfaction_table",
    "shrink_rates",
    "trend_test",
    "weighted_excellence_test",
    "weighted_proportion",
]
