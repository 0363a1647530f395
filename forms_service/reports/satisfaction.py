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
from forms_service.db import Database, json_value
from forms_service.i18n import DEFAULT_LOCALE
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
from forms_service.reports.weighted_rows import INTERVAL_METHOD, add_weights, check_weights

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
    locale: str | None = None, weights: str | None = None, margins: str = "service,channel",
) -> SatisfactionReportOut:
    """Satisfaction rows for the groups of ``group_by`` within the caller's scope.

    With ``weights='dossiers'`` each row also carries its rate weighted to the
    dossiers returned (:mod:`forms_service.reports.weighted_rows`).
    """
    dims, granularity = parse_group_by(group_by)
    options = StatOptions.checked(threshold=threshold, confidence_level=confidence_level,
                                  method=method, min_n=min_n)
    chosen_margins = check_weights(weights, margins, dims, form)
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
        _versions(ctx, where, scope.agency_id),
    )
    rows = _rows(grouped, dims, options, lang) if grouped.get("n") else []
    if chosen_margins is not None:
        await add_weights(ctx, rows, dims=dims, granularity=granularity,
                          agency_id=scope.agency_id, period=chosen, margins=chosen_margins,
                          threshold=options.threshold,
                          confidence_level=options.confidence_level, min_n=options.min_n,
                          lang=lang)
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
        rows=rows,
        locale=lang,
        weights=None if chosen_margins is None else "dossiers",
        margins=chosen_margins,
        weighted_interval_method=None if chosen_margins is None else INTERVAL_METHOD,
    )


async def _grouped_counts(
    db: Database, dims: list[str], period_sql: str | None, where: Where
) -> dict[str, list[Any]]:
    """The counts and labels of each group, as columns (one list per column)."""
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
    names, rows = await db.fetch(f"SELECT g.*{labels} FROM ({inner}) g{joins}", *where.args)
    values = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return {name: list(column) for name, column in zip(names, values, strict=True)}


async def _versions(ctx: Context, where: Where, agency_id: int | None) -> list[VersionOut]:
    """The versions counted: each probes the aggregates once, through an index.

    Published versions never change: their definitions are read (and
    compiled) once per process, and kept with the validators of the answers.
    """
    counted = Where(list(where.conditions), list(where.args)).add("a.form_version = fv.id")
    scope = Where()
    if agency_id is not None:
        scope.add("f.agency = {}", agency_id)
    _, rows = await ctx.db.fetch(
        "SELECT fv.id, f.slug, fv.number FROM form_version fv "
        f"JOIN form f ON f.id = fv.form{scope.sql()}{' AND' if scope.conditions else ' WHERE'} "
        f"EXISTS (SELECT 1 FROM response_aggregate a{counted.sql()}) "
        "ORDER BY f.slug, fv.number",
        *scope.args, *counted.args,
    )
    definitions: dict[int, Any] = {}
    for row in rows:
        compiled = ctx.forms.cached(int(row[0]))
        if compiled is not None:
            definitions[int(row[0])] = compiled.definition
    unread = [int(row[0]) for row in rows if int(row[0]) not in definitions]
    if unread:
        marks = ", ".join("{}" for _ in unread)
        for row in await ctx.db.raw(
                f"SELECT id, definition FROM form_version WHERE id IN ({marks})", *unread):
            definitions[int(row["id"])] = ctx.forms.get(
                int(row["id"]), json_value(row["definition"])).definition
    out = []
    for version_id, slug, number in rows:
        definition = definitions.get(int(version_id)) or {}
        mapping = (definition.get("x-survey") or {}).get("satisfaction") or {}
        out.append(VersionOut(form=slug, version=int(number),
                              question=str(mapping.get("question", "")),
                              satisfied=list(mapping.get("satisfied", []))))
    return out


def _keys_and_labels(
    columns: dict[str, list[Any]], dims: list[str], lang: str
) -> tuple[list[str], list[str]]:
    """The key (``H29/1.001193``) and label of each group, from the label columns."""
    keys, labels = [], []
    for dim in dims:
        if dim == "service":
            keys.append([f"{a}/{c}" for a, c in zip(columns["service_agency"],
                                                    columns["service_code"], strict=True)])
            labels.append(columns["service_name"])
        elif dim == "agency":
            keys.append(columns["agency_code"])
            labels.append(columns["agency_name"])
        elif dim == "form":
            pairs = list(zip(columns["form_slug"], columns["form_number"], strict=True))
            keys.append([f"{slug}/v{number}" for slug, number in pairs])
            labels.append([f"{slug} v{number}" for slug, number in pairs])
        else:
            keys.append(columns["g_audience"])
            labels.append([label(value, lang) for value in columns["g_audience"]])
    if len(dims) == 1:
        return [str(k) for k in keys[0]], [str(t) for t in labels[0]]
    return (["|".join(map(str, parts)) for parts in zip(*keys, strict=True)],
            [" — ".join(map(str, parts)) for parts in zip(*labels, strict=True)])


def _rows(
    columns: dict[str, list[Any]], dims: list[str], options: StatOptions, lang: str | None
) -> list[SatisfactionRowOut]:
    """One statistics pass per period (ranks and adjustments stay within a period)."""
    size = len(columns["n"])
    keys, texts = _keys_and_labels(columns, dims, lang or DEFAULT_LOCALE)
    none = [None] * size
    fields = [columns.get(name, none) for name in _LABEL_FIELDS]
    # the agency of a row grouped by service is the service's agency
    if "agency_code" not in columns and "service_agency" in columns:
        fields[2] = columns["service_agency"]
    satisfied_all = np.asarray(columns["satisfied"], dtype=float)
    n_all = np.asarray(columns["n"], dtype=float)
    out: list[SatisfactionRowOut] = []
    for period, index in _period_blocks(columns.get("g_period"), size):
        stats = satisfaction_columns(
            satisfied_all[index], n_all[index],
            threshold=options.threshold, confidence_level=options.confidence_level,
            method=options.method, min_n=options.min_n, adjust=ADJUST,  # type: ignore[arg-type]
        )
        # best rank first, groups without answers last, ties by key
        by_key = np.argsort(np.array([keys[i] for i in index.tolist()]), kind="stable")
        rank = np.where(stats.rank > 0, stats.rank, np.iinfo(np.int64).max)
        order = by_key[np.argsort(rank[by_key], kind="stable")]
        out.extend(_rows_out(stats, order, index, keys, texts, fields, period))
    if lang is not None:
        _add_texts(out, lang)
    return out


def _period_blocks(
    periods: list[str | None] | None, size: int
) -> list[tuple[str | None, np.ndarray]]:
    """The periods in order, each with the positions of its groups."""
    if periods is None:
        return [(None, np.arange(size))]
    positions: dict[str | None, list[int]] = {}
    for i, period in enumerate(periods):
        positions.setdefault(period, []).append(i)
    return [(period, np.asarray(positions[period], dtype=np.intp))
            for period in sorted(positions, key=lambda p: p or "")]


# label columns in the order of the last fields of SatisfactionRowOut
_LABEL_FIELDS = ("service_code", "service_name", "agency_code", "agency_name", "form_slug",
                 "form_number", "g_audience")


def _nullable(values: np.ndarray) -> list[float | None]:
    """Floats with ``nan`` (a missing value) as ``None``, for JSON."""
    out = values.astype(object)
    out[np.isnan(values)] = None
    return out.tolist()  # type: ignore[no-any-return]


def _rows_out(
    stats: SatisfactionColumns, order: np.ndarray, index: np.ndarray, keys: list[str],
    texts: list[str], fields: list[list[Any]], period: str | None,
) -> list[SatisfactionRowOut]:
    """The rows of one period in ``order`` (positions into ``stats``)."""
    service, service_name, agency, agency_name, form, version, audience = fields
    # a verdict is a StrEnum: str() gives its plain value, cheaply
    verdicts = list(map(str, stats.verdict))
    ranks = [rank or None for rank in stats.rank.tolist()]
    columns = (stats.n.tolist(), stats.satisfied.tolist(), _nullable(stats.rate),
               _nullable(stats.ci_low), _nullable(stats.ci_high), _nullable(stats.pvalue),
               _nullable(stats.pvalue_adjusted), verdicts, ranks, _nullable(stats.shrunk_rate))
    n, satisfied, rate, low, high, pvalue, adjusted, verdict, rank, shrunk = columns
    positions = index.tolist()
    # positional, in the field order of SatisfactionRowOut: keyword
    # construction costs several times more, and a report may have
    # thousands of rows
    out = []
    for j in order.tolist():
        i = positions[j]
        out.append(SatisfactionRowOut(
            keys[i], texts[i], n[j], satisfied[j], rate[j], low[j], high[j], pvalue[j],
            adjusted[j], verdict[j], rank[j], shrunk[j], period, service[i], service_name[i],
            agency[i], agency_name[i], form[i], version[i], audience[i],
        ))
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
