"""Bodies of the public results pages (the JSON twins).

A suppressed group (fewer answers than the minimum) keeps its name and
``suppressed: true``; its numbers are absent, not zero.
"""

from __future__ import annotations

import msgspec

from forms_service.public.forms import PublicFormOut
from forms_service.reports.schemas import RankingBlockOut

__all__ = [
    "PublicAgencyOut",
    "PublicIndexOut",
    "PublicListedAgencyOut",
    "PublicOnlineRowOut",
    "PublicRankingsOut",
    "PublicSatisfactionRowOut",
    "PublicUnitRowOut",
]


class Public(msgspec.Struct, omit_defaults=True):
    """Base: absent numbers are left out of the JSON."""


class PublicSatisfactionRowOut(Public):
    service: str
    name: str
    suppressed: bool
    n: int | None = None
    satisfied: int | None = None
    rate: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    verdict: str | None = None
    rate_text: str | None = None
    ci_text: str | None = None
    verdict_text: str | None = None


class PublicOnlineRowOut(Public):
    period: str
    suppressed: bool
    target: float
    total: int | None = None
    online: int | None = None
    online_share: float | None = None
    online_ci_low: float | None = None
    online_ci_high: float | None = None
    gap_points: float | None = None
    meets_target: bool | None = None
    online_share_text: str | None = None
    online_ci_text: str | None = None
    gap_points_text: str | None = None


class PublicUnitRowOut(Public):
    """Satisfaction of one unit (never of an officer), suppressed when small."""

    unit: str
    name: str
    suppressed: bool
    n: int | None = None
    satisfied: int | None = None
    rate: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    rate_text: str | None = None
    ci_text: str | None = None


class PublicAgencyOut(msgspec.Struct):
    agency: str
    name: str
    kind: str
    period: str | None
    locale: str
    min_answers: int
    threshold: float
    confidence_level: float
    target: float
    satisfaction: list[PublicSatisfactionRowOut]
    online_rate: list[PublicOnlineRowOut]
    units: list[PublicUnitRowOut] = msgspec.field(default_factory=list)
    # each published form's closed questions and indices (forms_service.public.forms)
    forms: list[PublicFormOut] = []


class PublicListedAgencyOut(msgspec.Struct):
    agency: str
    name: str
    kind: str
    url: str


class PublicIndexOut(msgspec.Struct):
    locale: str
    agencies: list[PublicListedAgencyOut]
    ranking_periods: list[str]
    honour_years: list[int] = msgspec.field(default_factory=list)  # published honour lists


class PublicRankingsOut(msgspec.Struct):
    """The published quality rankings of a period (``GET /api/v1/analytics/rankings``)."""

    period: str
    locale: str
    source: str
    blocks: list[RankingBlockOut]
