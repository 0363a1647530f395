"""Report tables built from counts that the database aggregates."""

from analytics.reports.columns import SatisfactionColumns, satisfaction_columns
from analytics.reports.communication import (
    BeforeAfterResult,
    ChannelCount,
    ChannelEffect,
    ChannelReach,
    CommunicationReport,
    OutcomeCount,
    before_after,
    communication_effectiveness,
)
from analytics.reports.nominations import (
    Audience,
    Candidate,
    Criterion,
    Delivery,
    ExclusionReason,
    NominationReport,
    ServiceEvidence,
    excellence_nominations,
)
from analytics.reports.online import DossierCount, OnlineRateRow, online_rate_table
from analytics.reports.quality import RankingRow, RankingTable, ScoreEntry, quality_ranking
from analytics.reports.satisfaction import GroupCount, SatisfactionRow, satisfaction_table

__all__ = [
    "Audience",
    "BeforeAfterResult",
    "Candidate",
    "ChannelCount",
    "ChannelEffect",
    "ChannelReach",
    "CommunicationReport",
    "Criterion",
    "Delivery",
    "DossierCount",
    "ExclusionReason",
    "GroupCount",
    "NominationReport",
    "OnlineRateRow",
    "OutcomeCount",
    "RankingRow",
    "RankingTable",
    "SatisfactionColumns",
    "SatisfactionRow",
    "ScoreEntry",
    "ServiceEvidence",
    "before_after",
    "communication_effectiveness",
    "excellence_nominations",
    "online_rate_table",
    "quality_ranking",
    "satisfaction_columns",
    "satisfaction_table",
]
