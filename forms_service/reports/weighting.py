"""Satisfaction weighted to the dossiers returned, and the non-response view.

The monthly dossier counts (``dossier_month``) hold, per service, unit and
channel, the dossiers returned and the answers linked to them (rated and
satisfied). The database sums them over the period (``GROUP BY``);
:func:`analytics.rake` weights the answers to the dossiers returned along
the chosen margins; :func:`analytics.weighted_proportion` and
:func:`analytics.weighted_excellence_test` give the weighted rate, its
design effect, effective size, interval and verdict, beside the unweighted
figures.
"""

from __future__ import annotations

import math
from typing import Any

from analytics import (
    WeightingResult,
    excellence_test,
    format_percent,
    format_percent_range,
    label,
    proportion_ci,
    rake,
    weighted_excellence_test,
    weighted_proportion,
)
from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.errors import InvalidInput
from forms_service.i18n import DEFAULT_LOCALE, translate
from forms_service.reports.dossier_groups import CHANNEL_LABELS
from forms_service.reports.params import (
    check_confidence_level,
    check_locale,
    check_min_n,
    check_period,
    check_threshold,
    month_range,
    resolve_scope,
)
from forms_service.reports.sql import Where
from forms_service.reports.weighting_schemas import (
    MARGINS,
    NO_UNIT,
    StratumOut,
    WeightingReportOut,
)

__all__ = ["CELLS_GROUP", "cells_sql", "check_margins", "weigh", "weighting_report"]

def cells_sql(extra_select: str = "", extra_join: str = "") -> str:
    """The dossier counts summed per cell (service, unit, channel, audience), with
    ``extra_select`` columns and ``extra_join`` tables; the caller adds its ``WHERE``
    (alias ``d``), ``GROUP BY`` (:data:`CELLS_GROUP` and its own) and ``ORDER BY``."""
    return (
        f"SELECT {extra_select}sa.code AS service_agency, s.code AS service, "
        "s.name AS service_name, u.code AS unit, u.name AS unit_name, d.channel AS channel, "
        "COALESCE(s.audience, '') AS audience, "
        "SUM(d.returned) AS returned, SUM(d.answered_rated) AS rated, "
        "SUM(d.answered_satisfied) AS satisfied "
        "FROM dossier_month d JOIN service s ON s.id = d.service "
        f"JOIN agency sa ON sa.id = s.agency{extra_join} LEFT JOIN unit u ON u.id = d.unit"
    )


CELLS_GROUP = "sa.code, s.code, s.name, u.code, u.name, d.channel, s.audience"


def check_margins(text: str) -> list[str]:
    names = [part.strip() for part in (text or "").split(",") if part.strip()]
    if not names or len(set(names)) != len(names) or any(n not in MARGINS for n in names):
        raise InvalidInput("margins must be one or more of service, unit, channel and "
                           "audience, comma-separated, each once (service,channel).")
    return names


def check_min_answers(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10_000:
        raise InvalidInput("min_answers must be a whole number from 1 to 10000.")
    return value


def check_trim_ratio(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not (
            1.0 <= float(value) <= 100.0):
        raise InvalidInput("trim_ratio must be a number from 1 to 100 (the largest weight "
                           "allowed, as a multiple of the mean weight).")
    return float(value)


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


#: The weighted fields of a group that cannot be weighted (no answers or no dossiers).
UNWEIGHTED: dict[str, Any] = {
    "weighted_rate": None, "weighted_ci_low": None, "weighted_ci_high": None,
    "design_effect": None, "n_effective": None, "weighted_verdict": "insufficient_data",
    "weighted_pvalue": None}


def weigh(
    cells: list[dict[str, Any]], margins: list[str], *, min_answers: int = 5,
    trim_ratio: float | None = None, threshold: float = 0.9, confidence_level: float = 0.95,
    min_n: int = 30,
) -> tuple[dict[str, Any], WeightingResult | None]:
    """The weighted rate of ``cells`` (rows of :func:`cells_sql`) raked on ``margins``.

    Returns the weighted fields (:data:`UNWEIGHTED` when the cells hold no
    answers or no dossiers) and the raking result, or :class:`InvalidInput`
    when the margins cannot be weighted.
    """
    rated = [int(r["rated"] or 0) for r in cells]
    satisfied = [int(r["satisfied"] or 0) for r in cells]
    if not sum(rated) or not sum(int(r["returned"] or 0) for r in cells):
        return dict(UNWEIGHTED), None
    keys = {m: [_key(r, m) for r in cells] for m in margins}
    targets: dict[str, dict[str, float]] = {m: {} for m in margins}
    for m in margins:
        for r, k in zip(cells, keys[m], strict=True):
            targets[m][k] = targets[m].get(k, 0.0) + float(r["returned"] or 0)
    try:
        result = rake(keys, targets, counts=rated, tolerance=1e-8, max_iterations=200,
                      trim_ratio=trim_ratio, min_answers=min_answers)
    except ValueError:
        raise InvalidInput(
            "The answers cannot be weighted on {margins}: a category has answers but no "
            "dossiers returned, and no other category can take them. Choose fewer margins "
            "or a longer period.", margins=",".join(margins)) from None
    weighted = weighted_proportion(satisfied, rated, result.weights,
                                   confidence_level=confidence_level)
    test = weighted_excellence_test(weighted.estimate, weighted.n_effective,
                                    threshold=threshold, confidence_level=confidence_level,
                                    min_n=min_n)
    return {
        "weighted_rate": _finite(weighted.estimate),
        "weighted_ci_low": _finite(weighted.ci_low),
        "weighted_ci_high": _finite(weighted.ci_high),
        "design_effect": _finite(weighted.design_effect),
        "n_effective": _finite(weighted.n_effective),
        "weighted_verdict": test.verdict.value,
        "weighted_pvalue": _finite(test.pvalue),
    }, result


async def weighting_report(
    ctx: Context, principal: Principal, *, agency: str | None = None,
    period: str | None = None, weights: str = "dossiers", margins: str = "service,channel",
    min_answers: int = 5, trim_ratio: float | None = None, threshold: float = 0.9,
    confidence_level: float = 0.95, min_n: int = 30, locale: str | None = None,
) -> WeightingReportOut:
    """Satisfaction weighted to the dossiers returned in ``period``, with the strata."""
    if weights != "dossiers":
        raise InvalidInput("weights must be dossiers (the dossiers returned in the period).")
    chosen_margins = check_margins(margins)
    minimum = check_min_answers(min_answers)
    ratio = check_trim_ratio(trim_ratio)
    p0 = check_threshold(threshold)
    level = check_confidence_level(confidence_level)
    smallest = check_min_n(min_n)
    chosen = check_period(period)
    lang = check_locale(locale)
    scope = await resolve_scope(principal, agency)
    where = Where()
    if scope.agency_id is not None:
        where.add("d.agency = {}", scope.agency_id)
    months = month_range(chosen)
    if months is not None:
        where.add("d.month >= {}", months[0]).add("d.month <= {}", months[1])
    rows = await ctx.db.raw(
        f"{cells_sql()}{where.sql()} GROUP BY {CELLS_GROUP} ORDER BY sa.code, s.code, u.code, "
        "d.channel", *where.args)
    cells = [r for r in rows if int(r["returned"] or 0) or int(r["rated"] or 0)]
    header = {"agency": scope.agency_code, "period": str(chosen) if chosen else None,
              "weights": weights, "margins": chosen_margins, "min_answers": minimum,
              "trim_ratio": ratio, "threshold": p0, "confidence_level": level,
              "min_n": smallest, "interval_method": "wilson-effective-n", "locale": lang}
    names = {(m, _key(r, m)): _name(r, m, lang) for m in chosen_margins for r in cells}
    returned = sum(int(r["returned"] or 0) for r in cells)
    n = sum(int(r["rated"] or 0) for r in cells)
    x = sum(int(r["satisfied"] or 0) for r in cells)
    plain = proportion_ci(x, n, confidence_level=level)
    verdict = excellence_test(x, n, threshold=p0, confidence_level=level, min_n=smallest)
    fields, result = weigh(cells, chosen_margins, min_answers=minimum, trim_ratio=ratio,
                           threshold=p0, confidence_level=level, min_n=smallest)
    body: dict[str, Any] = {
        **header, "returned": returned, "n": n, "satisfied": x, "rate": _finite(plain.estimate),
        "ci_low": _finite(plain.ci_low), "ci_high": _finite(plain.ci_high),
        "verdict": verdict.verdict.value, **fields, "iterations": 0, "converged": False,
        "strata": []}
    if result is not None:
        body.update(
            iterations=result.iterations, converged=result.converged,
            strata=[StratumOut(
                margin=s.margin, key=str(s.label), label=names.get((s.margin, s.label), ""),
                returned=int(s.population), answers=s.answers,
                response_rate=_finite(s.response_rate), weight=_finite(s.weight),
                too_few=s.too_few,
                pooled_with=[str(g) for g in s.group if g != s.label] if s.too_few else [])
                for s in result.strata])
    if lang is not None:
        body.update(
            rate_text=format_percent(plain.estimate, lang),
            ci_text=format_percent_range(plain.ci_low, plain.ci_high, lang),
            weighted_rate_text=format_percent(body["weighted_rate"] or math.nan, lang),
            weighted_ci_text=format_percent_range(body["weighted_ci_low"] or math.nan,
                                                  body["weighted_ci_high"] or math.nan, lang))
    return WeightingReportOut(**body)


def _key(row: dict[str, Any], margin: str) -> str:
    if margin == "service":
        return f"{row['service_agency']}/{row['service']}"
    if margin == "unit":
        return str(row["unit"] or NO_UNIT)
    if margin == "audience":
        return str(row["audience"] or NO_UNIT)
    return str(row["channel"])


def _name(row: dict[str, Any], margin: str, lang: str | None) -> str:
    if margin == "service":
        return str(row["service_name"] or "")
    if margin == "unit":
        return str(row["unit_name"] or "")
    if margin == "audience":
        return label(str(row["audience"]), lang or DEFAULT_LOCALE) if row["audience"] else ""
    channel = str(row["channel"])
    return translate(lang or DEFAULT_LOCALE, CHANNEL_LABELS.get(channel, channel))
