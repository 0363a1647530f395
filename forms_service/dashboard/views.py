"""What each dashboard page shows: the report bodies, their charts, their tables.

The numbers come from the report functions of the analytics API, called
with the person's principal (see :mod:`forms_service.dashboard.scope`), so
a page and ``/api/v1/analytics/…`` with the same parameters agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from analytics import format_percent, label
from forms_service.auth import Principal
from forms_service.charts import (
    SERIES_COLOURS,
    Bar,
    Group,
    Point,
    Series,
    grouped_bars,
    interval_bars,
    line_chart,
)
from forms_service.context import Context
from forms_service.i18n import translate
from forms_service.reports import communication, online, rankings, satisfaction
from forms_service.reports.render import tr
from forms_service.reports.schemas import (
    CommunicationReportOut,
    OnlineRateReportOut,
    RankingReportOut,
    SatisfactionReportOut,
)

__all__ = [
    "Filters",
    "communication_view",
    "online_view",
    "rankings_view",
    "satisfaction_view",
    "trend_view",
]

TARGET = 0.5


@dataclass(frozen=True)
class Filters:
    """The query of a dashboard page (also the query of its downloads)."""

    agency: str | None = None
    period: str | None = None
    group_by: str | None = None
    threshold: float | None = None
    form: str | None = None
    campaign_start: str | None = None
    source: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def query(self, **changes: Any) -> str:
        values = {
            "agency": self.agency, "period": self.period, "group_by": self.group_by,
            "threshold": None if self.threshold is None else repr(self.threshold),
            "form": self.form, "campaign_start": self.campaign_start, "source": self.source,
        } | changes
        pairs = [(k, str(v)) for k, v in values.items() if v not in (None, "")]
        return urlencode(pairs)


def _bar(row: Any, lang: str) -> Bar:
    return Bar(row.label, row.rate, row.ci_low, row.ci_high,
               text=f"{row.rate_text} ({row.ci_text})",
               status=row.verdict, status_text=row.verdict_text or label(row.verdict, lang))


def _threshold_words(value: float, lang: str) -> str:
    return translate(lang, "threshold {value}", value=format_percent(value, lang, digits=0))


async def satisfaction_view(
    ctx: Context, principal: Principal, filters: Filters, lang: str, *, chart_id: str
) -> dict[str, Any]:
    report: SatisfactionReportOut = await satisfaction.satisfaction_report(
        ctx, principal, group_by=filters.group_by or "service", agency=filters.agency,
        form=filters.form, period=filters.period,
        threshold=0.9 if filters.threshold is None else filters.threshold, locale=lang,
    )
    threshold = format_percent(report.threshold, lang, digits=0)
    chart = interval_bars(
        [_bar(row, lang) for row in report.rows], chart_id=chart_id,
        title=translate(lang, "Satisfaction rate by group"),
        description=translate(
            lang, "Bars show the share of satisfied answers with the {level} interval as "
            "whiskers; the dashed line is the {threshold} threshold. The table below has "
            "the same numbers.",
            level=format_percent(report.confidence_level, lang, digits=0), threshold=threshold),
        threshold=report.threshold, threshold_text=_threshold_words(report.threshold, lang),
        locale=lang,
    ) if report.rows else None
    return {"report": report, "chart": chart}


async def trend_view(
    ctx: Context, principal: Principal, filters: Filters, lang: str
) -> dict[str, Any]:
    """Satisfaction per quarter for citizens and businesses; online share per quarter."""
    report = await satisfaction.satisfaction_report(
        ctx, principal, group_by="audience,quarter", agency=filters.agency, form=filters.form,
        period=filters.period, threshold=0.9 if filters.threshold is None else filters.threshold,
        locale=lang,
    )
    series: dict[str, list[Point]] = {}
    gaps: list[str] = []
    for row in report.rows:
        # too few answers: a gap in the line (an interval of 20–100% would dominate the
        # chart), named under it; the table keeps the numbers
        insufficient = row.verdict == "insufficient_data"
        if insufficient:
            gaps.append(f"{row.label} {row.period or ''} (n = {row.n})")
        series.setdefault(row.label, []).append(
            Point(row.period or "", None if insufficient else row.rate,
                  None if insufficient else row.ci_low, None if insufficient else row.ci_high))
    chart = line_chart(
        [Series(name, tuple(sorted(points, key=lambda p: p.x)))
         for name, points in sorted(series.items())],
        chart_id="trend-satisfaction",
        title=translate(lang, "Satisfaction rate by quarter"),
        description=translate(lang, "One line per audience with the interval of each quarter; "
                              "the dashed line is the {threshold} threshold.",
                              threshold=format_percent(report.threshold, lang, digits=0)),
        reference=report.threshold, reference_text=_threshold_words(report.threshold, lang),
        locale=lang,
    ) if report.rows else None
    dossiers = await online.online_rate_report(
        ctx, principal, agency=filters.agency, period=filters.period, interval="quarter",
        locale=lang)
    by_agency: dict[str, list[Point]] = {}
    for item in dossiers.rows:
        by_agency.setdefault(item.agency_name, []).append(
            Point(item.period, item.online_share, item.online_ci_low, item.online_ci_high))
    shown = sorted(by_agency.items())[: len(SERIES_COLOURS)]
    online_chart = line_chart(
        [Series(name, tuple(sorted(points, key=lambda p: p.x))) for name, points in shown],
        chart_id="trend-online",
        title=translate(lang, "Dossiers submitted online, by quarter"),
        description=translate(lang, "Share of dossiers submitted online per quarter with its "
                              "95% interval; the dashed line is the {target} target.",
                              target=format_percent(TARGET, lang, digits=0)),
        reference=TARGET, reference_text=translate(
            lang, "target {value}", value=format_percent(TARGET, lang, digits=0)),
        locale=lang,
    ) if shown else None
    gap_note = translate(
        lang, "Not drawn, with fewer than {min_n} answers: {periods}. The table has their "
        "numbers.", min_n=report.min_n, periods="; ".join(gaps)) if gaps else ""
    return {"report": report, "chart": chart, "online": dossiers, "online_chart": online_chart,
            "online_more": max(0, len(by_agency) - len(shown)), "gap_note": gap_note}


async def online_view(
    ctx: Context, principal: Principal, filters: Filters, lang: str
) -> dict[str, Any]:
    report: OnlineRateReportOut = await online.online_rate_report(
        ctx, principal, agency=filters.agency, period=filters.period, interval="quarter",
        target=TARGET, locale=lang)
    groups: dict[str, list[Bar]] = {}
    for row in report.rows:
        status = "meets_target" if row.meets_target else "misses_target"
        groups.setdefault(row.agency_name, []).append(Bar(
            row.period, row.online_share, row.online_ci_low, row.online_ci_high,
            text=f"{row.online_share_text} ({row.online_ci_text})", status=status,
            status_text=label(status, lang)))
    target = format_percent(report.target, lang, digits=0)
    chart = grouped_bars(
        [Group(name, tuple(sorted(bars, key=lambda b: b.label)))
         for name, bars in sorted(groups.items())],
        chart_id="online-rate", title=translate(lang, "Dossiers submitted online, by quarter"),
        description=translate(lang, "Share of dossiers submitted online per quarter with its "
                              "95% interval; the dashed line is the {target} target.",
                              target=target),
        threshold=report.target,
        threshold_text=translate(lang, "target {value}", value=target), locale=lang,
    ) if groups else None
    return {"report": report, "chart": chart}


async def communication_view(
    ctx: Context, principal: Principal, filters: Filters, lang: str
) -> dict[str, Any]:
    report: CommunicationReportOut = await communication.communication_report(
        ctx, principal, agency=filters.agency, form=filters.form, period=filters.period,
        campaign_start=filters.campaign_start, locale=lang)
    reach = interval_bars(
        [Bar(item.label, item.share, item.ci_low, item.ci_high,
             text=f"{item.share_text} ({item.ci_text}) · {item.reached}/{report.n}")
         for item in report.reach],
        chart_id="channel-reach", title=translate(lang, "Reach of each channel"),
        description=translate(lang, "Share of respondents who heard of online public services "
                              "through each channel, with the 95% interval."),
        locale=lang,
    ) if report.reach else None
    before_word, after_word = tr(lang, "before"), tr(lang, "after")
    groups = [
        Group(tr(lang, item.outcome), (
            Bar(before_word, item.before.rate, item.before.ci_low, item.before.ci_high,
                text=f"{item.before.rate_text} ({item.before.successes}/{item.before.n})"),
            Bar(after_word, item.after.rate, item.after.ci_low, item.after.ci_high,
                text=f"{item.after.rate_text} ({item.after.successes}/{item.after.n})"),
        ))
        for item in report.before_after
    ]
    comparison = grouped_bars(
        groups, chart_id="before-after", title=translate(lang, "Before and after the campaign"),
        description=translate(lang, "Each outcome before and after the campaign start, with "
                              "the 95% interval."),
        locale=lang, series_colours=SERIES_COLOURS[:2],
    ) if groups else None
    return {"report": report, "reach_chart": reach, "comparison_chart": comparison,
            "outcome_words": {name: tr(lang, name) for name in communication.OUTCOMES}}


async def rankings_view(
    ctx: Context, principal: Principal, filters: Filters, lang: str, *, default_period: str
) -> dict[str, Any]:
    report: RankingReportOut = await rankings.rankings_report(
        ctx, principal, period=filters.period or default_period,
        source=filters.source or "imported", locale=lang)
    word = label("grade", lang)
    charts: dict[str, Markup] = {}
    for block in report.blocks:
        charts[block.kind] = interval_bars(
            [Bar(f"{word} {g.grade}", g.share, text=f"{g.count}/{block.count} "
                 f"({format_percent(g.share or 0.0, lang, digits=0)})")
             for g in block.distribution],
            chart_id=f"grades-{block.kind}",
            title=translate(lang, "Grade distribution: {title}", title=block.title),
            description="; ".join(block.distribution_lines), locale=lang,
        )
    return {"report": report, "charts": charts}
