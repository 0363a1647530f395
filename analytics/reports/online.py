"""Online-submission rates against the 50% target (seeds 001 and 002)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from babel import Locale

from analytics import _checks
from analytics._result import Result
from analytics.formatting import format_number, format_percent, format_percent_range
from analytics.labels import label
from analytics.periods import Period, parse_period
from analytics.proportions import IntervalMethod, ProportionResult, proportion_ci

__all__ = ["DossierCount", "OnlineRateRow", "online_rate_table"]


@dataclass(frozen=True)
class DossierCount:
    """Dossiers of one agency in one period.

    ``online`` of the ``total`` dossiers were submitted online remotely, and
    ``self_submitted`` of the online ones by the citizen or business
    personally (not by an official or anyone else on their behalf).

    >>> DossierCount("BTTTT", "2023-Q3", 10, 100, self_submitted=12)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: self_submitted (12) is larger than online (10): self_submitted counts part of ...
    """

    agency: str
    period: str
    online: int
    total: int
    self_submitted: int

    def __post_init__(self) -> None:
        _checks.text(self.agency, "agency")
        object.__setattr__(self, "period", str(parse_period(self.period)))
        online, total = _checks.part_of_whole(self.online, self.total, "online", "total")
        self_submitted, _ = _checks.part_of_whole(
            self.self_submitted, online, "self_submitted", "online"
        )
        object.__setattr__(self, "online", online)
        object.__setattr__(self, "total", total)
        object.__setattr__(self, "self_submitted", self_submitted)


@dataclass(frozen=True, repr=False)
class OnlineRateRow(Result):
    """Online share of one agency and period against the target.

    ``online_share`` = online ÷ total and ``self_share`` = self_submitted ÷
    online are unrounded proportions with their intervals (``nan`` when the
    denominator is 0). ``gap_points`` = (target − online_share) × 100:
    positive when the agency is short of the target, negative when above
    it. ``meets_target`` compares the observed share with the target.
    """

    agency: str
    period: str
    total: int
    online: int
    self_submitted: int
    target: float
    online_share: float
    online_ci_low: float
    online_ci_high: float
    gap_points: float
    meets_target: bool
    self_share: float
    self_ci_low: float
    self_ci_high: float

    def to_dict(self, locale: str | Locale | None = None) -> dict[str, Any]:
        """JSON-safe values; with ``locale``, formatted texts beside them."""
        values = super().to_dict()
        if locale is not None:
            values["online_share_text"] = format_percent(self.online_share, locale)
            values["online_ci_text"] = format_percent_range(
                self.online_ci_low, self.online_ci_high, locale
            )
            values["gap_points_text"] = format_number(self.gap_points, locale, digits=1)
            values["self_share_text"] = format_percent(self.self_share, locale)
            values["self_ci_text"] = format_percent_range(
                self.self_ci_low, self.self_ci_high, locale
            )
            values["target_text"] = label(
                "meets_target" if self.meets_target else "misses_target", locale
            )
        return values


def online_rate_table(
    rows: Sequence[DossierCount],
    *,
    target: float = 0.5,
    confidence_level: float = 0.95,
    method: IntervalMethod = "wilson",
    quarterly: bool = False,
) -> list[OnlineRateRow]:
    """Online share and self-submitted share per agency and period.

    Parameters
    ----------
    rows : sequence of DossierCount
        Dossier counts; rows with the same agency and period are added up.
    target : float, optional
        Target online share (default 0.5: 50% of dossiers submitted online
        remotely, Decision 17/QĐ-UBQGCĐS of 2023).
    confidence_level : float, optional
        Level of the intervals (default 0.95).
    method : {'wilson', 'clopper-pearson', 'jeffreys'}, optional
        Interval method of :func:`analytics.proportion_ci`.
    quarterly : bool, optional
        Turn month periods into their quarter ("2023-07" → "2023-Q3") before
        adding up, for the quarterly monitoring of seed 001.

    Returns
    -------
    list of OnlineRateRow
        Agencies in order of first appearance, each agency's periods in
        chronological order.

    Notes
    -----
    The self-submitted share is taken of online dossiers: the baseline of
    seed 002 is that only 18.2% of online dossiers were submitted by the
    citizen personally. With ``quarterly=True`` a year period stays a year.

    Examples
    --------
    >>> rows = online_rate_table([
    ...     DossierCount("UBND-HN", "2023-07", online=300, total=1000, self_submitted=60),
    ...     DossierCount("UBND-HN", "2023-08", online=500, total=1000, self_submitted=90),
    ... ], quarterly=True)
    >>> r = rows[0]
    >>> r.period, r.online_share, round(r.gap_points, 1), r.meets_target, round(r.self_share, 4)
    ('2023-Q3', 0.4, 10.0, False, 0.1875)
    """
    goal = _checks.unit_interval(target, "target")
    level = _checks.confidence(confidence_level)
    totals: dict[tuple[str, Period], list[int]] = {}
    agencies: dict[str, int] = {}
    for index, row in enumerate(rows):
        if not isinstance(row, DossierCount):
            raise TypeError(f"rows[{index}] must be a DossierCount, got {type(row).__name__}")
        period = parse_period(row.period)
        if quarterly and period.month is not None:
            period = period.to_quarter()
        agencies.setdefault(row.agency, len(agencies))
        sums = totals.setdefault((row.agency, period), [0, 0, 0])
        sums[0] += row.online
        sums[1] += row.total
        sums[2] += row.self_submitted
    ordered = sorted(totals, key=lambda key: (agencies[key[0]], key[1].sort_key))
    result = []
    for agency, period in ordered:
        online, total, self_submitted = totals[(agency, period)]
        share = proportion_ci(online, total, method=method, confidence_level=level)
        personal = proportion_ci(self_submitted, online, method=method, confidence_level=level)
        result.append(_row(agency, str(period), goal, share, personal))
    return result


def _row(
    agency: str, period: str, target: float, share: ProportionResult, personal: ProportionResult
) -> OnlineRateRow:
    estimate = share.estimate
    gap = (target * share.n - share.successes) / share.n * 100.0 if share.n else math.nan
    return OnlineRateRow(
        agency=agency,
        period=period,
        total=share.n,
        online=share.successes,
        self_submitted=personal.successes,
        target=target,
        online_share=estimate,
        online_ci_low=share.ci_low,
        online_ci_high=share.ci_high,
        gap_points=gap,
        meets_target=not math.isnan(estimate) and estimate >= target,
        self_share=personal.estimate,
        self_ci_low=personal.ci_low,
        self_ci_high=personal.ci_high,
    )
