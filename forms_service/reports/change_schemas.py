"""The bodies of the change, trend and sample-size reports (no statistics imported)."""

from __future__ import annotations

import msgspec

__all__ = [
    "AllocationOut",
    "ChangeReportOut",
    "ChangeRowOut",
    "PChartPointOut",
    "SampleSizeReportOut",
    "TrendReportOut",
    "TrendRowOut",
]


class ChangeRowOut(msgspec.Struct, kw_only=True):
    """One service: satisfaction before and after, the difference and the verdict."""

    key: str
    label: str
    n_before: int
    satisfied_before: int
    rate_before: float | None
    n_after: int
    satisfied_after: int
    rate_after: float | None
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    pvalue: float | None
    pvalue_adjusted: float | None
    tested: bool
    verdict: str
    verdict_text: str | None = None


class ChangeReportOut(msgspec.Struct, kw_only=True):
    """Change of satisfaction per service between two periods."""

    agency: str | None
    period: str
    compare: str
    before: str
    confidence_level: float
    min_n: int
    interval_method: str
    test: str
    adjust: str
    rows: list[ChangeRowOut]
    locale: str | None = None
    group_by: str = "service"


class PChartPointOut(msgspec.Struct, kw_only=True):
    """One period of the p-chart; ``gap`` periods have too few answers to draw."""

    period: str
    n: int
    satisfied: int
    rate: float | None
    lower: float | None
    upper: float | None
    gap: bool
    out_of_control: bool


class TrendRowOut(msgspec.Struct, kw_only=True):
    """The trend of one service (or of all, ``key`` empty) over the periods."""

    key: str
    label: str
    periods: int
    n: int
    slope: float | None
    statistic: float | None
    pvalue: float | None
    pvalue_adjusted: float | None


class TrendReportOut(msgspec.Struct, kw_only=True):
    """Trend of satisfaction over consecutive periods, and the p-chart of the whole."""

    agency: str | None
    period: str
    periods: list[str]
    min_n: int
    method: str
    centre: float | None
    sigmas: float
    overall: TrendRowOut
    chart: list[PChartPointOut]
    rows: list[TrendRowOut]
    locale: str | None = None
    group_by: str = "service"


class AllocationOut(msgspec.Struct, kw_only=True):
    """One service's share of the sample."""

    key: str
    label: str
    returned: int
    expected_rate: float
    sample_size: int


class SampleSizeReportOut(msgspec.Struct, kw_only=True):
    """Answers needed for a margin of error, and their allocation across services."""

    agency: str | None
    period: str | None
    population: int
    margin_of_error: float
    confidence_level: float
    expected_rate: float
    sipas_sample_size: int | None
    sample_size: int
    allocation_method: str
    allocation: list[AllocationOut]
    locale: str | None = None
    group_by: str = "service"
