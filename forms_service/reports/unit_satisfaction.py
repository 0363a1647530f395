"""Satisfaction by unit and by officer, with intervals, shrunk rates and ranks.

Answers are credited to the unit and officer that served the citizen (given
at submission, else taken from the linked dossier); the database counts the
rated and satisfied answers per group (``response``), closed units count
under their successors, and :func:`analytics.group_rate_columns` adds the
intervals and the ranks by shrunk rate (3 of 3 never outranks 480 of 500).
Officer figures are for the agency's own analysts and for admins.
"""

from __future__ import annotations

import math

import numpy as np

from analytics import format_percent, format_percent_range, group_rate_columns
from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.i18n import DEFAULT_LOCALE
from forms_service.reports.dossier_groups import (
    grouped,
    parse_dossier_group_by,
    require_officer_access,
)
from forms_service.reports.dossier_schemas import GroupRateRowOut, GroupSatisfactionReportOut
from forms_service.reports.params import (
    check_confidence_level,
    check_locale,
    check_method,
    check_period,
    resolve_scope,
)
from forms_service.reports.sql import Where

__all__ = ["DIMENSIONS", "unit_satisfaction_report"]

DIMENSIONS = ("unit", "officer")
COUNTS = {
    "n": "SUM(CASE WHEN m.satisfied IS NULL THEN 0 ELSE 1 END)",
    "satisfied": "SUM(CASE WHEN m.satisfied THEN 1 ELSE 0 END)",
}


def _values(array: np.ndarray) -> list[float | None]:
    return [None if math.isnan(v) else float(v) for v in array.tolist()]


async def unit_satisfaction_report(
    ctx: Context, principal: Principal, *, group_by: str = "unit", agency: str | None = None,
    period: str | None = None, confidence_level: float = 0.95, method: str = "wilson",
    locale: str | None = None,
) -> GroupSatisfactionReportOut:
    """Satisfaction rows per unit (or officer), best shrunk rate first."""
    dimension, granularity = parse_dossier_group_by(group_by, DIMENSIONS)
    level = check_confidence_level(confidence_level)
    chosen_method = check_method(method)
    chosen = check_period(period)
    lang = check_locale(locale)
    scope = await resolve_scope(principal, agency, units=True)
    if dimension == "officer":
        require_officer_access(principal)
    groups = await grouped(ctx.db, scope=scope, dimension=dimension, granularity=granularity,
                           period=chosen, counts=COUNTS, lang=lang or DEFAULT_LOCALE,
                           table="response", where=Where().add("m.satisfied IS NOT NULL"))
    rows: list[GroupRateRowOut] = []
    for period_key in sorted({g.period or "" for g in groups}):
        block = [g for g in groups if (g.period or "") == period_key]
        cols = group_rate_columns([g.counts["satisfied"] for g in block],
                                  [g.counts["n"] for g in block], method=chosen_method,
                                  confidence_level=level)  # type: ignore[arg-type]
        rate, low, high = _values(cols.rate), _values(cols.ci_low), _values(cols.ci_high)
        shrunk, s_low, s_high = (_values(cols.shrunk_rate), _values(cols.shrunk_ci_low),
                                 _values(cols.shrunk_ci_high))
        ranks = cols.rank.tolist()
        order = sorted(range(len(block)), key=lambda i: (ranks[i] or 10**9, block[i].key))
        for i in order:
            group = block[i]
            row = GroupRateRowOut(
                key=group.key, label=group.label, agency=group.agency,
                agency_name=group.agency_name, period=group.period,
                n=int(cols.n[i]), satisfied=int(cols.satisfied[i]), rate=rate[i],
                ci_low=low[i], ci_high=high[i], shrunk_rate=shrunk[i],
                shrunk_ci_low=s_low[i], shrunk_ci_high=s_high[i], rank=ranks[i] or None)
            if lang is not None:
                row.rate_text = format_percent(float(cols.rate[i]), lang)
                row.ci_text = format_percent_range(float(cols.ci_low[i]),
                                                   float(cols.ci_high[i]), lang)
                row.shrunk_rate_text = format_percent(float(cols.shrunk_rate[i]), lang)
            rows.append(row)
    return GroupSatisfactionReportOut(
        group_by=group_by.replace(" ", ""), agency=scope.agency_code,
        period=str(chosen) if chosen else None, confidence_level=level, method=chosen_method,
        rows=rows, locale=lang)
