"""Satisfaction by counter, officer, unit, channel or field (lĩnh vực), or by field
and officer (optionally per month: the monthly counts one-stop systems report),
from the responses themselves (the aggregates do not keep who served), with
Wilson (or the chosen) intervals, empirical-Bayes shrunk rates, the three-level
counts, and the same figures without the kiosk answers flagged as possibly
gamed. Officer figures are for the agency's own analysts and admins only."""

from __future__ import annotations

from typing import Any

from analytics import format_percent, format_percent_range, proportion_ci, shrink_rates
from analytics.periods import Period
from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.errors import Forbidden, InvalidInput
from forms_service.reports.params import (
    StatOptions,
    check_locale,
    check_period,
    resolve_form,
    resolve_scope,
)
from forms_service.reports.specs.counters import (
    GROUPS,
    PAIRS,
    CountersReportOut,
    CountersRowOut,
)

__all__ = ["counters_report"]

# per group: the expression that must be known, the joins, the key and the label
_KEY = {
    "counter": ("r.counter", ("LEFT JOIN counter gc ON gc.id = r.counter",), "gc.code",
                "gc.name"),
    "officer": ("r.officer", ("LEFT JOIN officer gp ON gp.id = r.officer",), "gp.code",
                "gp.name"),
    "unit": ("r.unit", ("LEFT JOIN unit gu ON gu.id = r.unit",), "gu.code", "gu.name"),
    "channel": ("r.channel", (), "r.channel", "r.channel"),
    # the service's field (lĩnh vực), else the field of the counter that served
    "field": ("COALESCE(gs.field, gf.field)", ("LEFT JOIN service gs ON gs.id = r.service",
                                               "LEFT JOIN counter gf ON gf.id = r.counter"),
              "COALESCE(gs.field, gf.field)", "COALESCE(gs.field, gf.field)"),
}


def _months(period: Period) -> list[str]:
    if period.month:
        return [f"{period.year}-{period.month:02d}"]
    if period.quarter:
        first = 3 * (period.quarter - 1) + 1
        return [f"{period.year}-{m:02d}" for m in range(first, first + 3)]
    return [f"{period.year}-{m:02d}" for m in range(1, 13)]


def _group_by(text: str) -> tuple[list[str], bool]:
    parts = [p.strip() for p in (text or "").split(",") if p.strip()]
    monthly = bool(parts) and parts[-1] == "month"
    dims = parts[:-1] if monthly else parts
    if not ((len(dims) == 1 and dims[0] in GROUPS) or dims in PAIRS):
        raise InvalidInput("group_by {value!r} is not valid: name counter, officer, unit, "
                           "channel or field (or field,officer), optionally with month "
                           "(officer,month).", value=str(text)[:40])
    return dims, monthly


async def counters_report(
    ctx: Context, principal: Principal, *, group_by: str = "counter", agency: str | None = None,
    form: str | None = None, period: str | None = None, confidence_level: float = 0.95,
    method: str = "wilson", locale: str | None = None,
) -> CountersReportOut:
    dims, monthly = _group_by(group_by)
    options = StatOptions.checked(threshold=0.9, confidence_level=confidence_level,
                                  method=method, min_n=0)
    chosen = check_period(period)
    lang = check_locale(locale)
    scope = await resolve_scope(principal, agency)
    if "officer" in dims and not principal.is_admin and (
            scope.agency_id is None or principal.agency_id != scope.agency_id):
        raise Forbidden("Officer figures are for the agency's own analysts and admins: "
                        "name the agency with its own analyst key.")
    form_id = await resolve_form(principal, scope, form)
    known = [_KEY[d][0] for d in dims]
    joins = " ".join(j for d in dims for j in _KEY[d][1])
    code = " || ' / ' || ".join(_KEY[d][2] for d in dims)
    name = " || ' / ' || ".join(f"MAX({_KEY[d][3]})" for d in dims)
    where = ["r.satisfied IS NOT NULL", *(f"{c} IS NOT NULL" for c in known)]
    args: list[Any] = []
    if scope.agency_id is not None:
        where.append("r.agency = {}")
        args.append(scope.agency_id)
    if form_id is not None:
        where.append("r.form = {}")
        args.append(form_id)
    if chosen is not None:
        months = _months(chosen)
        where.append("r.month IN (" + ", ".join("{}" for _ in months) + ")")
        args.extend(months)
    month = "r.month" if monthly else "NULL"
    keys = ", ".join(_KEY[d][2] for d in dims)
    grouping = f"r.month, {keys}" if monthly else keys
    sql = (
        f"SELECT {code} AS key, {name} AS label, {month} AS period, COUNT(*) AS n, "
        "SUM(CASE WHEN r.satisfied THEN 1 ELSE 0 END) AS satisfied, "
        "SUM(CASE WHEN r.satisfied AND r.satisfaction_value = t.top THEN 1 ELSE 0 END) "
        "AS very_satisfied, "
        "SUM(CASE WHEN k.flags IS NOT NULL AND k.flags <> '' THEN 1 ELSE 0 END) AS flagged, "
        "SUM(CASE WHEN r.satisfied AND (k.flags IS NULL OR k.flags = '') THEN 1 ELSE 0 END) "
        "AS satisfied_unflagged "
        f"FROM response r {joins} "
        "LEFT JOIN kiosk_answer k ON k.response = r.id "
        "LEFT JOIN (SELECT form_version, MAX(satisfaction_value) AS top FROM response "
        "WHERE satisfied GROUP BY form_version) t ON t.form_version = r.form_version "
        f"WHERE {' AND '.join(where)} GROUP BY {grouping} ORDER BY {grouping}"
    )
    rows = await ctx.db.raw(sql, *args)
    return CountersReportOut(
        group_by=[*dims, *(["month"] if monthly else [])], agency=scope.agency_code,
        form=form or None, period=str(chosen) if chosen else None,
        confidence_level=options.confidence_level, method=options.method,
        rows=_rows(rows, options, lang), locale=lang)


def _rows(rows: list[dict[str, Any]], options: StatOptions,
          lang: str | None) -> list[CountersRowOut]:
    if not rows:
        return []
    ns = [int(r["n"]) for r in rows]
    xs = [int(r["satisfied"]) for r in rows]
    try:
        shrunk: list[float | None] = [
            s.shrunk for s in shrink_rates(xs, ns, confidence_level=options.confidence_level)]
    except ValueError:  # too few groups, or no spread, to fit a prior
        shrunk = [None] * len(rows)
    out = []
    for row, n, x, shrunk_rate in zip(rows, ns, xs, shrunk, strict=True):
        ci = proportion_ci(x, n, method=options.method,  # type: ignore[arg-type]
                           confidence_level=options.confidence_level)
        n_clean = n - int(row["flagged"])
        x_clean = int(row["satisfied_unflagged"])
        item = CountersRowOut(
            key=str(row["key"]), label=str(row["label"] or row["key"]), n=n, satisfied=x,
            rate=ci.estimate, ci_low=ci.ci_low, ci_high=ci.ci_high, shrunk_rate=shrunk_rate,
            very_satisfied=int(row["very_satisfied"]),
            satisfied_only=x - int(row["very_satisfied"]), not_satisfied=n - x,
            flagged=int(row["flagged"]), n_unflagged=n_clean, satisfied_unflagged=x_clean,
            rate_unflagged=x_clean / n_clean if n_clean else None,
            period=row["period"] or None)
        if lang:
            item.rate_text = format_percent(ci.estimate, lang)
            item.ci_text = format_percent_range(ci.ci_low, ci.ci_high, lang)
            if shrunk_rate is not None:
                item.shrunk_rate_text = format_percent(shrunk_rate, lang)
            if item.rate_unflagged is not None:
                item.rate_unflagged_text = format_percent(item.rate_unflagged, lang)
        out.append(item)
    return out
