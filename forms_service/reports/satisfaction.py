"""Satisfaction by service, agency, form version, audience and period.

The database adds up the aggregate rows (``GROUP BY`` over
``response_aggregate``); :func:`analytics.satisfaction_columns` turns the
counts of all groups at once into rates, intervals, excellence tests,
verdicts and ranks (the numbers of :func:`analytics.satisfaction_table`,
without an object per group). Each response was counted as satisfied or
not by the ``x-survey.satisfaction`` mapping of the version it answered;
the report lists those versions and mappings.
"""

from __future__ import annotations

import asyncio
import json
import math
from typing import Any

import numpy as np

from analytics import (
    SatisfactionColumns,
    format_percent,
    format_percent_range,
    label,
    satisfaction_columns,
)
from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.db import Database
from forms_service.reports.params import (
    StatOptions,
    check_locale,
    check_period,
    parse_group_by,
    resolve_form,
    resolve_scope,
)
from forms_service.reports.schemas import SatisfactionReportOut, SatisfactionRowOut, VersionOut
from forms_service.reports.sql import Where, aggregate_periods

__all__ = ["satisfaction_report"]

ADJUST = "bh"
_COLUMN = {
    "service": "a.service",
    "agency": "a.agency",
    "form": "a.form_version",
    "audience": "a.audience",
}
_JOINS = {
    "service": " LEFT JOIN service s ON s.id = g.g_service"
    " LEFT JOIN agency sa ON sa.id = s.agency",
    "agency": " LEFT JOIN agency ag ON ag.id = g.g_agency",
    "form": " LEFT JOIN form_version fv ON fv.id = g.g_form LEFT JOIN form f ON f.id = fv.form",
    "audience": "",
}
_LABELS = {
    "service": ", s.code AS service_code, s.name AS service_name, sa.code AS service_agency",
    "agency": ", ag.code AS agency_code, ag.name AS agency_name",
    "form": ", f.slug AS form_slug, fv.number AS form_number",
    "audience": "",
}


async def satisfaction_report(
    ctx: Context, principal: Principal, *, group_by: str = "service", agency: str | None = None,
    form: str | None = None, period: str | None = None, threshold: float = 0.9,
    confidence_level: float = 0.95, method: str = "wilson", min_n: int = 30,
    locale: str | None = None,
) -> SatisfactionReportOut:
    """Satisfaction rows for the groups of ``group_by`` within the caller's scope."""
    dims, granularity = parse_group_by(group_by)
    options = StatOptions.checked(threshold=threshold, confidence_level=confidence_level,
                                  method=method, min_n=min_n)
    chosen = check_period(period)
    lang = check_locale(locale)
    scope = await resolve_scope(principal, agency)
    form_id = await resolve_form(principal, scope, form)
    where = Where().add("a.satisfaction_answered > 0")
    if scope.agency_id is not None:
        where.add("a.agency = {}", scope.agency_id)
    if form_id is not None:
        where.add("a.form = {}", form_id)
    period_sql = aggregate_periods(where, chosen, granularity)
    if "service" in dims:
        where.add("a.service <> 0")
    if "audience" in dims:
        where.add("a.audience <> ''")
    # the two reads are independent: run them side by side
    grouped, versions = await asyncio.gather(
        _grouped_counts(ctx.db, dims, period_sql, where),
        _versions(ctx.db, where, scope.agency_id),
    )
    return SatisfactionReportOut(
        group_by=dims + ([granularity] if granularity else []),
        agency=scope.agency_code,
        form=form or None,
        period=str(chosen) if chosen else None,
        threshold=options.threshold,
        confidence_level=options.confidence_level,
        method=options.method,
        min_n=options.min_n,
        adjust=ADJUST,
        versions=versions,
        rows=_rows(grouped, dims, options, lang),
        locale=lang,
    )


async def _grouped_counts(
    db: Database, dims: list[str], period_sql: str | None, where: Where
) -> list[dict[str, Any]]:
    select = [f"{_COLUMN[d]} AS g_{d}" for d in dims]
    if period_sql:
        select.append(f"{period_sql} AS g_period")
    ordinals = ", ".join(str(i + 1) for i in range(len(select)))
    inner = (
        f"SELECT {', '.join(select)}, SUM(a.satisfaction_answered) AS n, "
        f"SUM(a.satisfied) AS satisfied FROM response_aggregate a{where.sql()} "
        f"GROUP BY {ordinals}"
    )
    labels = "".join(_LABELS[d] for d in dims)
    joins = "".join(_JOINS[d] for d in dims)
    return await db.raw(f"SELECT g.*{labels} FROM ({inner}) g{joins}", *where.args)


async def _versions(db: Database, where: Where, agency_id: int | None) -> list[VersionOut]:
    """The versions counted: each probes the aggregates once, through an index."""
    counted = Where(list(where.conditions), list(where.args)).add("a.form_version = fv.id")
    scope = Where()
    if agency_id is not None:
        scope.add("f.agency = {}", agency_id)
    rows = await db.raw(
        "SELECT f.slug, fv.number, fv.definition FROM form_version fv "
        f"JOIN form f ON f.id = fv.form{scope.sql()}{' AND' if scope.conditions else ' WHERE'} "
        f"EXISTS (SELECT 1 FROM response_aggregate a{counted.sql()}) "
        "ORDER BY f.slug, fv.number",
        *scope.args, *counted.args,
    )
    out = []
    for row in rows:
        definition = row["definition"]
        if isinstance(definition, str):
            definition = json.loads(definition)
        mapping = ((definition or {}).get("x-survey") or {}).get("satisfaction") or {}
        out.append(VersionOut(form=row["slug"], version=int(row["number"]),
                              question=str(mapping.get("question", "")),
                              satisfied=list(mapping.get("satisfied", []))))
    return out


def _key_and_label(row: dict[str, Any], dims: list[str], lang: str) -> tuple[str, str]:
    keys, labels = [], []
    for dim in dims:
        if dim == "service":
            keys.append(f"{row['service_agency']}/{row['service_code']}")
            labels.append(row["service_name"])
        elif dim == "agency":
            keys.append(row["agency_code"])
            labels.append(row["agency_name"])
        elif dim == "form":
            keys.append(f"{row['form_slug']}/v{row['form_number']}")
            labels.append(f"{row['form_slug']} v{row['form_number']}")
        else:
            keys.append(row["g_audience"])
            labels.append(label(row["g_audience"], lang))
    return "|".join(keys), " — ".join(labels)


def _rows(
    grouped: list[dict[str, Any]], dims: list[str], options: StatOptions, lang: str | None
) -> list[SatisfactionRowOut]:
    """One statistics pass per period (ranks and adjustments stay within a period)."""
    by_period: dict[str | None, list[dict[str, Any]]] = {}
    for row in grouped:
        by_period.setdefault(row.get("g_period"), []).append(row)
    out: list[SatisfactionRowOut] = []
    for period in sorted(by_period, key=lambda p: p or ""):
        rows = by_period[period]
        columns = satisfaction_columns(
            [int(row["satisfied"]) for row in rows], [int(row["n"]) for row in rows],
            threshold=options.threshold, confidence_level=options.confidence_level,
            method=options.method, min_n=options.min_n, adjust=ADJUST,  # type: ignore[arg-type]
        )
        block = _rows_out(columns, rows, dims, period, lang)
        block.sort(key=lambda r: (r.rank is None, r.rank or 0, r.key))
        out.extend(block)
    return out


def _nullable(values: np.ndarray) -> list[float | None]:
    """Floats with ``nan`` (a missing value) as ``None``, for JSON."""
    out = values.astype(object)
    out[np.isnan(values)] = None
    return out.tolist()  # type: ignore[no-any-return]


def _rows_out(
    columns: SatisfactionColumns, rows: list[dict[str, Any]], dims: list[str],
    period: str | None, lang: str | None,
) -> list[SatisfactionRowOut]:
    out = []
    for row, n, satisfied, rate, low, high, pvalue, adjusted, verdict, rank, shrunk in zip(
        rows, columns.n.tolist(), columns.satisfied.tolist(), _nullable(columns.rate),
        _nullable(columns.ci_low), _nullable(columns.ci_high), _nullable(columns.pvalue),
        _nullable(columns.pvalue_adjusted), [v.value for v in columns.verdict],
        columns.rank.tolist(), _nullable(columns.shrunk_rate), strict=True,
    ):
        key, text = _key_and_label(row, dims, lang or "vi")
        # positional, in the field order of SatisfactionRowOut: keyword
        # construction costs several times more, and a report may have
        # thousands of rows
        out.append(SatisfactionRowOut(
            key, text, n, satisfied, rate, low, high, pvalue, adjusted, verdict, rank or None,
            shrunk, period, row.get("service_code"), row.get("service_name"),
            row.get("agency_code") or row.get("service_agency"), row.get("agency_name"),
            row.get("form_slug"), row.get("form_number"), row.get("g_audience"),
        ))
    if lang is not None:
        _add_texts(out, lang)
    return out


def _add_texts(rows: list[SatisfactionRowOut], lang: str) -> None:
    missing = math.nan
    for item in rows:
        rate = missing if item.rate is None else item.rate
        shrunk = missing if item.shrunk_rate is None else item.shrunk_rate
        low = missing if item.ci_low is None else item.ci_low
        high = missing if item.ci_high is None else item.ci_high
        item.rate_text = format_percent(rate, lang)
        item.ci_text = format_percent_range(low, high, lang)
        item.shrunk_rate_text = format_percent(shrunk, lang)
        item.verdict_text = label(item.verdict, lang)
