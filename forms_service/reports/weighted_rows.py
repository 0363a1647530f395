"""Satisfaction rows weighted to the dossiers returned (``weights=dossiers``).

For each row of the satisfaction report (a service, agency or audience, and
a period), the answers linked to the dossiers returned in that group and
period (``dossier_month``) are raked to those dossiers along the chosen
margins, as the weighting report does for the whole
(:func:`forms_service.reports.weighting.weigh`). The row keeps its
unweighted figures (every answer, linked or not) and gains the weighted
rate, its interval on the effective sample size, the design effect and the
weighted excellence verdict.
"""

from __future__ import annotations

import math
from typing import Any

from analytics import Period, format_percent, format_percent_range
from forms_service.context import Context
from forms_service.errors import InvalidInput
from forms_service.reports.params import month_range
from forms_service.reports.schemas import SatisfactionRowOut
from forms_service.reports.sql import Where, period_of_month
from forms_service.reports.weighting import CELLS_GROUP, cells_sql, check_margins, weigh

__all__ = ["INTERVAL_METHOD", "WEIGHTED_DIMENSIONS", "add_weights", "check_weights"]

#: The groupings the dossier counts know (they are not counted by form).
WEIGHTED_DIMENSIONS = ("service", "agency", "audience")
INTERVAL_METHOD = "wilson-effective-n"


def check_weights(weights: str | None, margins: str, dims: list[str],
                  form: str | None) -> list[str] | None:
    """The margins to rake on, ``None`` without weights, or :class:`InvalidInput`
    (``margins`` is checked with or without weights, as the API document says)."""
    chosen = check_margins(margins)
    if weights is None or not weights.strip():
        return None
    if weights.strip() != "dossiers":
        raise InvalidInput("weights must be dossiers (the dossiers returned in the period).")
    if form or any(dim not in WEIGHTED_DIMENSIONS for dim in dims):
        raise InvalidInput(
            "weights=dossiers groups by service, agency or audience: dossiers are not "
            "counted by form. Leave form out of group_by and of the filters.")
    return chosen


def _group_key(cell: dict[str, Any], dims: list[str]) -> str:
    parts = []
    for dim in dims:
        if dim == "service":
            parts.append(f"{cell['service_agency']}/{cell['service']}")
        elif dim == "agency":
            parts.append(str(cell["g_agency"]))
        else:
            parts.append(str(cell["audience"]))
    return "|".join(parts)


async def add_weights(
    ctx: Context, rows: list[SatisfactionRowOut], *, dims: list[str],
    granularity: str | None, agency_id: int | None, period: Period | None,
    margins: list[str], threshold: float, confidence_level: float, min_n: int,
    lang: str | None,
) -> None:
    """Fill the weighted fields of ``rows`` in place.

    Raises :class:`InvalidInput` when there are rows but none of their
    answers is linked to a returned dossier (nothing to weight to).
    """
    if not rows:
        return
    where = Where()
    if agency_id is not None:
        where.add("d.agency = {}", agency_id)
    months = month_range(period)
    if months is not None:
        where.add("d.month >= {}", months[0]).add("d.month <= {}", months[1])
    period_sql = period_of_month("d.month", granularity) if granularity else "''"
    select = cells_sql(f"ag.code AS g_agency, {period_sql} AS g_period, ",
                       " JOIN agency ag ON ag.id = d.agency")
    # a constant is no GROUP BY term in PostgreSQL: the period only when there is one
    by_period = f"{period_sql}, " if granularity else ""
    cells = await ctx.db.raw(
        f"{select}{where.sql()} GROUP BY ag.code, {by_period}{CELLS_GROUP}", *where.args)
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for cell in cells:
        if int(cell["returned"] or 0) or int(cell["rated"] or 0):
            groups.setdefault((_group_key(cell, dims), str(cell["g_period"] or "")),
                              []).append(cell)
    weighted = 0
    for row in rows:
        mine = groups.get((row.key, row.period or ""), [])
        fields, result = weigh(mine, margins, threshold=threshold,
                               confidence_level=confidence_level, min_n=min_n)
        row.returned = sum(int(c["returned"] or 0) for c in mine)
        row.weighted_n = sum(int(c["rated"] or 0) for c in mine)
        for name, value in fields.items():
            setattr(row, name, value)
        if result is not None:
            weighted += 1
        if lang is not None:
            rate, low, high = (math.nan if v is None else v for v in (
                row.weighted_rate, row.weighted_ci_low, row.weighted_ci_high))
            row.weighted_rate_text = format_percent(rate, lang)
            row.weighted_ci_text = format_percent_range(low, high, lang)
    if not weighted:
        raise InvalidInput(
            "No answer of these groups is linked to a dossier returned in the period, so "
            "there is nothing to weight them to: send the dossier events of the one-stop "
            "system (POST /api/v1/dossier-events), choose another period, or leave weights "
            "out.")
