"""Timeliness × satisfaction: are citizens whose dossier came back late less satisfied?

Per service or unit (and period), the satisfaction of answers about dossiers
returned on or before their due date against those returned late, with the
difference (on time − late), Newcombe's hybrid score interval and the pooled
z test of :func:`analytics.proportion_difference`, from ``dossier_month``.
"""

from __future__ import annotations

import math

from analytics import format_percent, format_percent_range, proportion_difference
from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.i18n import DEFAULT_LOCALE
from forms_service.reports.dossier_groups import grouped, parse_dossier_group_by
from forms_service.reports.dossier_schemas import TimelinessReportOut, TimelinessRowOut
from forms_service.reports.params import (
    check_confidence_level,
    check_locale,
    check_period,
    resolve_scope,
)

__all__ = ["DIMENSIONS", "timeliness_report"]

DIMENSIONS = ("service", "unit")
COUNTS = ("returned", "on_time", "late", "answered_on_time_rated",
          "answered_on_time_satisfied", "answered_late_rated", "answered_late_satisfied")


def _value(number: float) -> float | None:
    return None if math.isnan(number) else float(number)


async def timeliness_report(
    ctx: Context, principal: Principal, *, group_by: str = "service", agency: str | None = None,
    period: str | None = None, confidence_level: float = 0.95, locale: str | None = None,
) -> TimelinessReportOut:
    """On-time and late satisfaction per group of ``group_by`` (service or unit)."""
    dimension, granularity = parse_dossier_group_by(group_by, DIMENSIONS)
    level = check_confidence_level(confidence_level)
    chosen = check_period(period)
    lang = check_locale(locale)
    scope = await resolve_scope(principal, agency, units=dimension == "unit")
    groups = await grouped(ctx.db, scope=scope, dimension=dimension, granularity=granularity,
                           period=chosen, counts=COUNTS, lang=lang or DEFAULT_LOCALE)
    rows = []
    for group in groups:
        c = group.counts
        known = c["on_time"] + c["late"]
        diff = proportion_difference(c["answered_on_time_satisfied"], c["answered_on_time_rated"],
                                     c["answered_late_satisfied"], c["answered_late_rated"],
                                     confidence_level=level)
        share = c["on_time"] / known if known else math.nan
        row = TimelinessRowOut(
            key=group.key, label=group.label, agency=group.agency,
            agency_name=group.agency_name, period=group.period, returned=c["returned"],
            on_time=c["on_time"], late=c["late"], on_time_share=_value(share),
            on_time_rated=c["answered_on_time_rated"],
            on_time_satisfied=c["answered_on_time_satisfied"],
            on_time_rate=_rate(c["answered_on_time_satisfied"], c["answered_on_time_rated"]),
            late_rated=c["answered_late_rated"], late_satisfied=c["answered_late_satisfied"],
            late_rate=_rate(c["answered_late_satisfied"], c["answered_late_rated"]),
            difference=_value(diff.difference), difference_ci_low=_value(diff.ci_low),
            difference_ci_high=_value(diff.ci_high), pvalue=_value(diff.pvalue),
        )
        if lang is not None:
            row.on_time_share_text = format_percent(share, lang)
            row.on_time_rate_text = format_percent(
                math.nan if row.on_time_rate is None else row.on_time_rate, lang)
            row.late_rate_text = format_percent(
                math.nan if row.late_rate is None else row.late_rate, lang)
            row.difference_text = format_percent(diff.difference, lang)
            row.difference_ci_text = format_percent_range(diff.ci_low, diff.ci_high, lang)
        rows.append(row)
    return TimelinessReportOut(
        group_by=group_by.replace(" ", ""), agency=scope.agency_code,
        period=str(chosen) if chosen else None, confidence_level=level,
        interval="newcombe-hybrid-score", rows=rows, locale=lang)


def _rate(satisfied: int, rated: int) -> float | None:
    return satisfied / rated if rated else None
