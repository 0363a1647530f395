"""Communication effectiveness (seed 002): channel reach and outcomes.

Respondents are the responses that name at least one channel through which
the citizen heard of online services (``response_channel`` rows, written by
``store_response`` from the version's ``x-survey.communication`` mapping).
Outcomes are the derived ``self_submitted`` and ``satisfied`` columns.

These reports run ``GROUP BY`` over the raw rows (``response_channel``
joined to ``response``) rather than over ``response_aggregate``: a
communication survey is small next to the satisfaction stream (thousands of
answers per campaign, not millions), and the before/after comparison needs
the exact submission time, which monthly aggregates do not keep.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from analytics import (
    ChannelCount,
    DifferenceResult,
    OutcomeCount,
    ProportionResult,
    before_after,
    communication_effectiveness,
    format_percent,
    format_percent_range,
)
from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.db import Database
from forms_service.i18n import DEFAULT_LOCALE, VIETNAM
from forms_service.reports.params import (
    check_confidence_level,
    check_date,
    check_locale,
    check_period,
    month_range,
    resolve_form,
    resolve_scope,
)
from forms_service.reports.schemas import (
    BeforeAfterOut,
    ChannelEffectOut,
    ChannelReachOut,
    CommunicationReportOut,
    ComparisonOut,
    RateOut,
)
from forms_service.reports.sql import Where

__all__ = ["OUTCOMES", "communication_report"]

OUTCOMES = ("self_submitted", "satisfied")
_COUNTS = ", ".join(
    f"SUM(CASE WHEN r.{o} IS NULL THEN 0 ELSE 1 END) AS {o}_n, "
    f"SUM(CASE WHEN r.{o} THEN 1 ELSE 0 END) AS {o}_yes"
    for o in OUTCOMES
)


async def communication_report(
    ctx: Context, principal: Principal, *, agency: str | None = None, form: str | None = None,
    period: str | None = None, campaign_start: str | None = None,
    confidence_level: float = 0.95, locale: str | None = None,
) -> CommunicationReportOut:
    """Reach of each channel, outcomes among reached and not reached, before/after."""
    level = check_confidence_level(confidence_level)
    chosen = check_period(period)
    start = check_date(campaign_start, "campaign_start")
    lang = check_locale(locale)
    scope = await resolve_scope(principal, agency)
    form_id = await resolve_form(principal, scope, form)
    where = Where()
    if scope.agency_id is not None:
        where.add("r.agency = {}", scope.agency_id)
    if form_id is not None:
        where.add("r.form = {}", form_id)
    months = month_range(chosen)
    if months is not None:
        where.add("r.month BETWEEN {} AND {}", *months)
    totals = await _totals(ctx.db, where, start)
    n = sum(int(row["n"]) for row in totals)
    overall = {o: _sum(totals, o) for o in OUTCOMES}
    outcomes = [o for o in OUTCOMES if overall[o][1] > 0]
    channels = await ctx.db.raw(
        f"SELECT c.channel, COUNT(*) AS reached, {_COUNTS} FROM response_channel c "
        f"JOIN response r ON r.id = c.response{where.sql()} GROUP BY c.channel",
        *where.args,
    )
    channels.sort(key=lambda row: (-int(row["reached"]), row["channel"]))
    counts = [
        ChannelCount(row["channel"], int(row["reached"]), tuple(
            OutcomeCount(o, int(row[f"{o}_yes"]), int(row[f"{o}_n"]),
                         overall[o][0] - int(row[f"{o}_yes"]),
                         overall[o][1] - int(row[f"{o}_n"]))
            for o in outcomes
        ))
        for row in channels
    ]
    report = communication_effectiveness(n, counts, confidence_level=level)
    labels = await _channel_labels(ctx.db, where, lang or DEFAULT_LOCALE)
    comparisons = []
    if start is not None:
        after = [row for row in totals if int(row["is_after"]) == 1]
        before = [row for row in totals if int(row["is_after"]) == 0]
        for o in outcomes:
            result = before_after(_sum(before, o), _sum(after, o), confidence_level=level)
            comparisons.append(BeforeAfterOut(
                outcome=o, before=_rate(result.before, lang), after=_rate(result.after, lang),
                difference=_comparison(result.difference, lang)))
    return CommunicationReportOut(
        agency=scope.agency_code, form=form or None, period=str(chosen) if chosen else None,
        campaign_start=start, confidence_level=level, n=n, outcomes=outcomes,
        reach=[_reach(r.channel, labels.get(r.channel, r.channel), r.share, lang)
               for r in report.reach],
        effects=[ChannelEffectOut(
            channel=e.channel, outcome=e.outcome, reached=_rate(e.reached, lang),
            not_reached=_rate(e.not_reached, lang),
            difference=_comparison(e.difference, lang),
            chi_square=_finite(e.association.statistic),
            chi_square_pvalue=_finite(e.association.pvalue),
            cramers_v=_finite(e.association.cramers_v),
        ) for e in report.effects],
        before_after=comparisons, locale=lang,
    )


async def _totals(db: Database, where: Where, start: dt.date | None) -> list[dict[str, Any]]:
    """Respondents naming a channel, split at the campaign start (``is_after`` 0 or 1)."""
    if start is None:
        split, args = "0", list(where.args)
    else:
        moment = dt.datetime.combine(start, dt.time(), VIETNAM).astimezone(dt.UTC)
        split, args = "CASE WHEN r.submitted_at >= {} THEN 1 ELSE 0 END", [moment, *where.args]
    condition = Where(list(where.conditions), []).add(
        "EXISTS (SELECT 1 FROM response_channel c WHERE c.response = r.id)")
    return await db.raw(
        f"SELECT {split} AS is_after, COUNT(*) AS n, {_COUNTS} "
        f"FROM response r{condition.sql()} GROUP BY 1",
        *args,
    )


def _sum(rows: list[dict[str, Any]], outcome: str) -> tuple[int, int]:
    return (sum(int(row[f"{outcome}_yes"] or 0) for row in rows),
            sum(int(row[f"{outcome}_n"] or 0) for row in rows))


async def _channel_labels(db: Database, where: Where, lang: str) -> dict[str, str]:
    """Titles of the channel choices in the definitions of the forms answered."""
    rows = await db.raw(
        "SELECT fv.definition FROM form_version fv WHERE fv.form IN "
        f"(SELECT DISTINCT r.form FROM response_channel c JOIN response r "
        f"ON r.id = c.response{where.sql()}) ORDER BY fv.id",
        *where.args,
    )
    labels: dict[str, str] = {}
    for row in rows:
        definition = row["definition"]
        if isinstance(definition, str):
            definition = json.loads(definition)
        survey = definition.get("x-survey") or {}
        question = (survey.get("communication") or {}).get("channels")
        prop = (definition.get("properties") or {}).get(question) or {}
        english = (((survey.get("translations") or {}).get("en") or {}).get("properties")
                   or {}).get(question, {}).get("choices", {})
        for choice in (prop.get("items") or {}).get("oneOf") or []:
            value = str(choice.get("const"))
            text = english.get(value) if lang == "en" else None
            labels[value] = text or choice.get("title") or value
    return labels


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _rate(result: ProportionResult, lang: str | None) -> RateOut:
    out = RateOut(successes=result.successes, n=result.n, rate=_finite(result.estimate),
                  ci_low=_finite(result.ci_low), ci_high=_finite(result.ci_high))
    if lang is not None:
        out.rate_text = format_percent(result.estimate, lang)
        out.ci_text = format_percent_range(result.ci_low, result.ci_high, lang)
    return out


def _comparison(result: DifferenceResult, lang: str | None) -> ComparisonOut:
    out = ComparisonOut(difference=_finite(result.difference), ci_low=_finite(result.ci_low),
                        ci_high=_finite(result.ci_high), statistic=_finite(result.statistic),
                        pvalue=_finite(result.pvalue))
    if lang is not None:
        out.difference_text = format_percent(result.difference, lang)
        out.ci_text = format_percent_range(result.ci_low, result.ci_high, lang)
    return out


def _reach(channel: str, text: str, share: ProportionResult, lang: str | None) -> ChannelReachOut:
    out = ChannelReachOut(channel=channel, label=text, reached=share.successes,
                          share=_finite(share.estimate), ci_low=_finite(share.ci_low),
                          ci_high=_finite(share.ci_high))
    if lang is not None:
        out.share_text = format_percent(share.estimate, lang)
        out.ci_text = format_percent_range(share.ci_low, share.ci_high, lang)
    return out
