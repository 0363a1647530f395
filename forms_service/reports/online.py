"""Online-submission rates against the 50% target (seeds 001 and 002).

From the dossier statistics services record per quarter or month: the
share of dossiers filed online, its gap to the target, and the share of
online dossiers the citizen submitted personally, per agency (or service)
and period. The database sums the counts (``GROUP BY``);
:func:`analytics.online_rate_table` adds intervals and the gap.
"""

from __future__ import annotations

import math
from typing import Any

from analytics import DossierCount, OnlineRateRow, Period, online_rate_table
from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.errors import InvalidInput
from forms_service.reports.params import (
    check_confidence_level,
    check_locale,
    check_method,
    check_period,
    check_target,
    month_range,
    resolve_scope,
)
from forms_service.reports.schemas import OnlineRateReportOut, OnlineRateRowOut
from forms_service.reports.sql import NOT_COVERED, Where, period_of_month, stat_period_expr

__all__ = ["online_rate_report"]

INTERVALS = ("month", "quarter", "year")
#: where a row's counts come from: the dossier events, or the recorded statistics
EVENTS, STATISTICS = "events", "statistics"
#: share of online dossiers the citizen submitted personally before the campaign (seed 002)
SELF_BASELINE = 0.182


def _key(row: dict[str, Any], by_service: bool) -> str:
    return f"{row['agency']}/{row['service']}" if by_service else str(row["agency"])


async def _event_rows(ctx: Context, agency_id: int | None, chosen: Period | None,
                      interval: str, by_service: bool) -> list[dict[str, Any]]:
    """Returned dossiers per agency (or service) and period, from the dossier events."""
    where = Where()
    if agency_id is not None:
        where.add("m.agency = {}", agency_id)
    bounds = month_range(chosen)
    if bounds is not None:
        where.add("m.month BETWEEN {} AND {}", *bounds)
    period_sql = period_of_month("m.month", interval)
    service_cols = ", s.code AS service, s.name AS service_name" if by_service else ""
    return await ctx.db.raw(
        f"SELECT ag.code AS agency, ag.name AS agency_name{service_cols}, {period_sql} AS period, "
        "SUM(CASE WHEN m.channel = 'online' THEN m.returned ELSE 0 END) AS online, "
        "SUM(m.returned) AS total, SUM(CASE WHEN m.channel = 'online' AND "
        "m.submitted_by = 'self' THEN m.returned ELSE 0 END) AS self_submitted "
        "FROM dossier_month m JOIN agency ag ON ag.id = m.agency"
        f"{' JOIN service s ON s.id = m.service' if by_service else ''}{where.sql()} "
        f"GROUP BY ag.code, ag.name{', s.code, s.name' if by_service else ''}, {period_sql}",
        *where.args,
    )


async def online_rate_report(
    ctx: Context, principal: Principal, *, agency: str | None = None, period: str | None = None,
    interval: str = "quarter", group_by: str = "agency", target: float = 0.5,
    confidence_level: float = 0.95, method: str = "wilson", locale: str | None = None,
) -> OnlineRateReportOut:
    """Online and self-submitted shares per agency (or service) and period."""
    if interval not in INTERVALS:
        raise InvalidInput("interval must be month, quarter or year.")
    if group_by not in ("agency", "service"):
        raise InvalidInput("group_by must be agency or service for online rates.")
    goal = check_target(target)
    level = check_confidence_level(confidence_level)
    chosen_method = check_method(method)
    chosen = check_period(period)
    lang = check_locale(locale)
    scope = await resolve_scope(principal, agency)
    where = Where().add(NOT_COVERED)
    if scope.agency_id is not None:
        where.add("s.agency = {}", scope.agency_id)
    if interval == "month":
        # a quarter's counts cannot be split into months
        where.add("substr(d.period, 6, 1) <> 'Q'")
    if chosen is not None:
        if chosen.month is not None:
            where.add("d.period = {}", str(chosen))
        elif chosen.quarter is not None:
            where.add(f"{stat_period_expr('d.period', 'quarter')} = {{}}", str(chosen))
        else:
            where.add("substr(d.period, 1, 4) = {}", str(chosen.year))
    by_service = group_by == "service"
    service_cols = ", s.code AS service, s.name AS service_name" if by_service else ""
    rows = await ctx.db.raw(
        f"SELECT ag.code AS agency, ag.name AS agency_name{service_cols}, "
        f"{stat_period_expr('d.period', interval)} AS period, "
        "SUM(d.online_dossiers) AS online, SUM(d.total_dossiers) AS total, "
        "SUM(d.self_submitted_dossiers) AS self_submitted "
        "FROM dossier_stat d JOIN service s ON s.id = d.service "
        f"JOIN agency ag ON ag.id = s.agency{where.sql()} "
        f"GROUP BY ag.code, ag.name{', s.code, s.name' if by_service else ''}, "
        f"{stat_period_expr('d.period', interval)} "
        f"ORDER BY ag.code{', s.code' if by_service else ''}",
        *where.args,
    )
    chosen_rows: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
    for row in rows:
        chosen_rows[(_key(row, by_service), row["period"])] = (row, STATISTICS)
    # a period with dossier events is counted from them, not from the statistics
    for row in await _event_rows(ctx, scope.agency_id, chosen, interval, by_service):
        chosen_rows[(_key(row, by_service), row["period"])] = (row, EVENTS)
    keys = {}
    sources = {}
    counts = []
    for (key, period_key), (row, source) in sorted(chosen_rows.items()):
        keys[key] = row
        sources[(key, period_key)] = source
        counts.append(DossierCount(key, row["period"], online=int(row["online"]),
                                   total=int(row["total"]),
                                   self_submitted=int(row["self_submitted"])))
    table = online_rate_table(counts, target=goal, confidence_level=level,
                              method=chosen_method)  # type: ignore[arg-type]
    return OnlineRateReportOut(
        agency=scope.agency_code, period=str(chosen) if chosen else None, interval=interval,
        group_by=group_by, target=goal, confidence_level=level, method=chosen_method,
        rows=[_row_out(r, keys[r.agency], sources[(r.agency, r.period)], lang)
              for r in table],
        self_baseline=SELF_BASELINE, locale=lang,
    )


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _row_out(row: OnlineRateRow, source: dict[str, str], origin: str,
             lang: str | None) -> OnlineRateRowOut:
    texts = row.to_dict(lang) if lang is not None else {}
    return OnlineRateRowOut(
        agency=source["agency"], agency_name=source["agency_name"],
        service=source.get("service"), service_name=source.get("service_name"),
        period=row.period, total=row.total, online=row.online,
        self_submitted=row.self_submitted, target=row.target,
        online_share=_finite(row.online_share), online_ci_low=_finite(row.online_ci_low),
        online_ci_high=_finite(row.online_ci_high), gap_points=_finite(row.gap_points),
        meets_target=row.meets_target, self_share=_finite(row.self_share),
        self_ci_low=_finite(row.self_ci_low), self_ci_high=_finite(row.self_ci_high),
        source=origin,
        online_share_text=texts.get("online_share_text"),
        online_ci_text=texts.get("online_ci_text"),
        gap_points_text=texts.get("gap_points_text"),
        self_share_text=texts.get("self_share_text"), self_ci_text=texts.get("self_ci_text"),
        target_text=texts.get("target_text"),
    )
