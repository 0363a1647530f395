"""Change of satisfaction between two periods, and its trend over several.

The database sums the monthly response aggregates per service and month
(``GROUP BY``); the months are gathered into the periods compared, and
:func:`analytics.change_table`, :func:`analytics.trend_test` and
:func:`analytics.p_chart` do the statistics.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from analytics import (
    ADJUST_METHODS,
    ChangeInput,
    Period,
    adjust_pvalues,
    change_table,
    label,
    p_chart,
    trend_test,
)
from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.errors import InvalidInput
from forms_service.i18n import DEFAULT_LOCALE
from forms_service.reports.change_schemas import (
    ChangeReportOut,
    ChangeRowOut,
    PChartPointOut,
    TrendReportOut,
    TrendRowOut,
)
from forms_service.reports.dossier_groups import grouped
from forms_service.reports.params import (
    Scope,
    check_confidence_level,
    check_locale,
    check_min_n,
    check_period,
    month_range,
    resolve_scope,
)
from forms_service.reports.sql import Where

__all__ = ["GROUPS", "change_report", "trend_report"]

COMPARE = ("previous", "year")
GROUPS = ("service", "unit")
UNIT_COUNTS = {
    "n": "SUM(CASE WHEN m.satisfied IS NULL THEN 0 ELSE 1 END)",
    "satisfied": "SUM(CASE WHEN m.satisfied THEN 1 ELSE 0 END)",
}
ADJUST = ADJUST_METHODS[0]


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def shift(period: Period, steps: int) -> Period:
    """The period ``steps`` periods of the same kind before ``period``."""
    try:
        return _shift(period, steps)
    except ValueError:
        raise InvalidInput("The periods compared must fall in the years 1000 to 9999: "
                           "choose a later period.") from None


def _shift(period: Period, steps: int) -> Period:
    if period.month is not None:
        index = period.year * 12 + period.month - 1 - steps
        return Period(index // 12, month=index % 12 + 1)
    if period.quarter is not None:
        index = period.year * 4 + period.quarter - 1 - steps
        return Period(index // 4, quarter=index % 4 + 1)
    return Period(period.year - steps)


def _of_kind(month: str, kind: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    if kind == "month":
        return month
    if kind == "quarter":
        return f"{year}-Q{(number - 1) // 3 + 1}"
    return str(year)


def _required_period(text: str | None) -> Period:
    chosen = check_period(text)
    if chosen is None:
        raise InvalidInput("period is required: write a year (2023), a quarter (2023-Q3) "
                           "or a month (2023-07).")
    return chosen


def _check_group_by(value: Any) -> str:
    if value not in GROUPS:
        raise InvalidInput("group_by must be service or unit (the unit that served, closed "
                           "units counted under their successors).")
    return str(value)


async def _counts(ctx: Context, scope: Scope, first: Period, last: Period,
                  group_by: str = "service", lang: str = DEFAULT_LOCALE,
                  ) -> tuple[dict[tuple[str, str], list[int]], dict[str, str]]:
    """(group key, period) -> [answers, satisfied], and each group's name."""
    if group_by == "unit":
        return await _unit_counts(ctx, scope, first, last, lang)
    scope_agency = scope.agency_id
    where = Where().add("a.span = 'month'").add("a.service <> 0")
    where.add("a.satisfaction_answered > 0")
    where.add("a.period >= {}", month_range(first)[0])  # type: ignore[index]
    where.add("a.period <= {}", month_range(last)[1])  # type: ignore[index]
    if scope_agency is not None:
        where.add("a.agency = {}", scope_agency)
    rows = await ctx.db.raw(
        "SELECT sa.code AS agency, s.code AS service, s.name AS name, a.period AS month, "
        "SUM(a.satisfaction_answered) AS n, SUM(a.satisfied) AS satisfied "
        "FROM response_aggregate a JOIN service s ON s.id = a.service "
        f"JOIN agency sa ON sa.id = s.agency{where.sql()} "
        "GROUP BY sa.code, s.code, s.name, a.period", *where.args)
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    names: dict[str, str] = {}
    for row in rows:
        key = f"{row['agency']}/{row['service']}"
        names[key] = str(row["name"] or "")
        cell = counts[(key, _of_kind(str(row["month"]), first.kind))]
        cell[0] += int(row["n"] or 0)
        cell[1] += int(row["satisfied"] or 0)
    return counts, names


async def _unit_counts(ctx: Context, scope: Scope, first: Period, last: Period, lang: str,
                       ) -> tuple[dict[tuple[str, str], list[int]], dict[str, str]]:
    """As :func:`_counts`, per unit that served (answers credited to a unit)."""
    where = Where().add("m.satisfied IS NOT NULL")
    where.add("m.month BETWEEN {} AND {}", month_range(first)[0],  # type: ignore[index]
              month_range(last)[1])  # type: ignore[index]
    groups = await grouped(ctx.db, scope=scope, dimension="unit", granularity=first.kind,
                           period=None, counts=UNIT_COUNTS, lang=lang, table="response",
                           where=where)
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    names: dict[str, str] = {}
    for group in groups:
        names[group.key] = group.label
        cell = counts[(group.key, str(group.period))]
        cell[0] += group.counts["n"]
        cell[1] += group.counts["satisfied"]
    return counts, names


async def change_report(
    ctx: Context, principal: Principal, *, period: str,
    agency: str | None = None, compare: str = "previous", confidence_level: float = 0.95,
    min_n: int = 30, locale: str | None = None, group_by: str = "service",
) -> ChangeReportOut:
    """Per service (or unit): satisfaction in ``period`` against the period before (or a
    year before)."""
    after = _required_period(period)
    dimension = _check_group_by(group_by)
    if compare not in COMPARE:
        raise InvalidInput("compare must be previous (the period before) or year (the same "
                           "period a year before).")
    before = shift(after, 1) if compare == "previous" else (
        shift(after, 4 if after.quarter else 12 if after.month else 1))
    level = check_confidence_level(confidence_level)
    smallest = check_min_n(min_n)
    lang = check_locale(locale)
    scope = await resolve_scope(principal, agency, units=dimension == "unit")
    counts, names = await _counts(ctx, scope, before, after, dimension,
                                  lang or DEFAULT_LOCALE)
    keys = sorted(names)
    inputs = [ChangeInput(key, *counts.get((key, str(before)), [0, 0])[::-1],
                          *counts.get((key, str(after)), [0, 0])[::-1]) for key in keys]
    # ChangeInput takes successes before n: the lists hold [n, satisfied]
    table = change_table(inputs, confidence_level=level, min_n=smallest)
    rows = [ChangeRowOut(
        key=str(r.key), label=names[str(r.key)], n_before=r.n_before,
        satisfied_before=r.successes_before, rate_before=_finite(r.rate_before),
        n_after=r.n_after, satisfied_after=r.successes_after,
        rate_after=_finite(r.rate_after), difference=_finite(r.difference),
        ci_low=_finite(r.ci_low), ci_high=_finite(r.ci_high), pvalue=_finite(r.pvalue),
        pvalue_adjusted=_finite(r.adjusted_pvalue), tested=r.tested, verdict=r.verdict.value,
        verdict_text=label(r.verdict, lang) if lang else None)
        for r in table]
    return ChangeReportOut(
        agency=scope.agency_code, period=str(after), compare=compare, before=str(before),
        confidence_level=level, min_n=smallest, interval_method="newcombe-hybrid-score",
        test="score (pooled z)", adjust=ADJUST, rows=rows, locale=lang, group_by=dimension)


def _check_periods(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 4 <= value <= 36:
        raise InvalidInput("periods must be a whole number from 4 to 36.")
    return value


async def trend_report(
    ctx: Context, principal: Principal, *, period: str,
    agency: str | None = None, periods: int = 4, min_n: int = 30, locale: str | None = None,
    group_by: str = "service",
) -> TrendReportOut:
    """Trend of satisfaction over ``periods`` periods ending with ``period``, per service
    (or unit)."""
    last = _required_period(period)
    dimension = _check_group_by(group_by)
    count = _check_periods(periods)
    smallest = check_min_n(min_n)
    lang = check_locale(locale)
    scope = await resolve_scope(principal, agency, units=dimension == "unit")
    sequence = [shift(last, steps) for steps in range(count - 1, -1, -1)]
    labels = [str(p) for p in sequence]
    counts, names = await _counts(ctx, scope, sequence[0], last, dimension,
                                  lang or DEFAULT_LOCALE)
    total_n = [sum(counts.get((k, p), [0, 0])[0] for k in names) for p in labels]
    total_x = [sum(counts.get((k, p), [0, 0])[1] for k in names) for p in labels]
    rows = [_trend_row(key, names[key], [counts.get((key, p), [0, 0]) for p in labels])
            for key in sorted(names)]
    adjusted = adjust_pvalues([r.pvalue if r.pvalue is not None else math.nan for r in rows])
    for row, q in zip(rows, adjusted, strict=True):
        row.pvalue_adjusted = _finite(q)
    chart = p_chart(total_x, total_n, min_n=max(smallest, 1))
    return TrendReportOut(
        agency=scope.agency_code, period=str(last), periods=labels, min_n=smallest,
        method="cochran-armitage", centre=_finite(chart.centre), sigmas=chart.sigmas,
        overall=_trend_row("", "", [[n, x] for n, x in zip(total_n, total_x, strict=True)]),
        chart=[PChartPointOut(period=p, n=pt.n, satisfied=pt.successes,
                              rate=_finite(pt.rate), lower=_finite(pt.lower),
                              upper=_finite(pt.upper), gap=pt.gap,
                              out_of_control=pt.out_of_control)
               for p, pt in zip(labels, chart.points, strict=True)],
        rows=rows, locale=lang, group_by=dimension)


def _trend_row(key: str, label: str, cells: list[list[int]]) -> TrendRowOut:
    result = trend_test([c[1] for c in cells], [c[0] for c in cells])
    return TrendRowOut(key=key, label=label, periods=result.periods,
                       n=sum(c[0] for c in cells), slope=_finite(result.slope),
                       statistic=_finite(result.statistic), pvalue=_finite(result.pvalue),
                       pvalue_adjusted=None)
