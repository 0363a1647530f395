"""The response-rate funnel: dossiers returned → survey offered → opened → answered.

The database sums ``dossier_month`` per service, unit, officer or channel
(and period); :func:`analytics.funnel_columns` gives each stage its rate and
interval. The response rate is AAPOR's RR1: answers ÷ dossiers returned,
every returned dossier being an eligible case. Beside the groups, the
report breaks the same dossiers down by invitation channel (e-mail, SMS,
Zalo, the receipt's QR code: :mod:`forms_service.reports.invitation_channels`).
"""

from __future__ import annotations

import math

import numpy as np

from analytics import format_percent, format_percent_range, funnel_columns
from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.i18n import DEFAULT_LOCALE
from forms_service.reports.dossier_groups import (
    grouped,
    parse_dossier_group_by,
    require_officer_access,
)
from forms_service.reports.dossier_schemas import ResponseRateReportOut, ResponseRateRowOut
from forms_service.reports.invitation_channels import invitation_channel_rows
from forms_service.reports.params import (
    check_confidence_level,
    check_locale,
    check_method,
    check_period,
    resolve_scope,
)

__all__ = ["DEFINITION", "response_rate_report"]

#: the AAPOR outcome rate the report's ``response_rate`` is
DEFINITION = "AAPOR RR1"
STAGES = ("returned", "offered", "opened", "answered")


def _value(number: float) -> float | None:
    return None if math.isnan(number) else float(number)


async def response_rate_report(
    ctx: Context, principal: Principal, *, group_by: str = "service", agency: str | None = None,
    period: str | None = None, confidence_level: float = 0.95, method: str = "wilson",
    locale: str | None = None,
) -> ResponseRateReportOut:
    """The funnel of every group of ``group_by`` within the caller's scope."""
    dimension, granularity = parse_dossier_group_by(group_by)
    level = check_confidence_level(confidence_level)
    chosen_method = check_method(method)
    chosen = check_period(period)
    lang = check_locale(locale)
    scope = await resolve_scope(principal, agency, units=dimension == "unit")
    if dimension == "officer":
        require_officer_access(principal)
    groups = await grouped(ctx.db, scope=scope, dimension=dimension, granularity=granularity,
                           period=chosen, counts=STAGES, lang=lang or DEFAULT_LOCALE)
    counts = {stage: np.array([g.counts[stage] for g in groups], dtype=np.int64)
              for stage in STAGES}
    cols = funnel_columns(counts["returned"], counts["offered"], counts["opened"],
                          counts["answered"], method=chosen_method,  # type: ignore[arg-type]
                          confidence_level=level)
    rows = []
    for i, group in enumerate(groups):
        stats = cols.row(i, chosen_method, level)
        row = ResponseRateRowOut(
            key=group.key, label=group.label, agency=group.agency,
            agency_name=group.agency_name, period=group.period,
            returned=stats.returned, offered=stats.offered, opened=stats.opened,
            answered=stats.answered,
            response_rate=_value(stats.response_rate),
            response_ci_low=_value(stats.response_ci_low),
            response_ci_high=_value(stats.response_ci_high),
            contact_rate=_value(stats.contact_rate),
            contact_ci_low=_value(stats.contact_ci_low),
            contact_ci_high=_value(stats.contact_ci_high),
            open_rate=_value(stats.open_rate), open_ci_low=_value(stats.open_ci_low),
            open_ci_high=_value(stats.open_ci_high),
            cooperation_rate=_value(stats.cooperation_rate),
            cooperation_ci_low=_value(stats.cooperation_ci_low),
            cooperation_ci_high=_value(stats.cooperation_ci_high),
        )
        if lang is not None:
            row.response_rate_text = format_percent(stats.response_rate, lang)
            row.response_ci_text = format_percent_range(stats.response_ci_low,
                                                        stats.response_ci_high, lang)
            row.contact_rate_text = format_percent(stats.contact_rate, lang)
            row.open_rate_text = format_percent(stats.open_rate, lang)
            row.cooperation_rate_text = format_percent(stats.cooperation_rate, lang)
        rows.append(row)
    return ResponseRateReportOut(
        group_by=group_by.replace(" ", ""), agency=scope.agency_code,
        period=str(chosen) if chosen else None, definition=DEFINITION, confidence_level=level,
        method=chosen_method, rows=rows,
        channels=await invitation_channel_rows(ctx.db, scope=scope, period=chosen,
                                               method=chosen_method, level=level, lang=lang),
        locale=lang)
