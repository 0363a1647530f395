"""The bodies of the weighting report (no statistics imported: the commands read them)."""

from __future__ import annotations

import msgspec

__all__ = ["MARGINS", "NO_UNIT", "StratumOut", "WeightingReportOut"]

MARGINS = ("service", "unit", "channel", "audience")
NO_UNIT = "-"


class StratumOut(msgspec.Struct, kw_only=True):
    """One category of one margin: dossiers returned, answers, response rate, weight."""

    margin: str
    key: str
    label: str
    returned: int
    answers: int
    response_rate: float | None
    weight: float | None
    too_few: bool
    pooled_with: list[str]


class WeightingReportOut(msgspec.Struct, kw_only=True):
    """The weighted and unweighted satisfaction of a period, and the strata."""

    agency: str | None
    period: str | None
    weights: str
    margins: list[str]
    min_answers: int
    trim_ratio: float | None
    threshold: float
    confidence_level: float
    min_n: int
    returned: int
    n: int
    satisfied: int
    rate: float | None
    ci_low: float | None
    ci_high: float | None
    verdict: str
    weighted_rate: float | None
    weighted_ci_low: float | None
    weighted_ci_high: float | None
    design_effect: float | None
    n_effective: float | None
    weighted_verdict: str
    weighted_pvalue: float | None
    interval_method: str
    iterations: int
    converged: bool
    strata: list[StratumOut]
    locale: str | None = None
    rate_text: str | None = None
    weighted_rate_text: str | None = None
    ci_text: str | None = None
    weighted_ci_text: str | None = None
