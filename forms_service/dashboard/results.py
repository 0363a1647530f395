"""The dashboard's "Kết quả" page: every question of a form, and its indices.

The numbers come from the ``results`` and ``indices`` reports (the same
functions as ``/api/v1/forms/{slug}/results`` and
``/api/v1/analytics/indices``), run with the person's principal. Each
question gets an SVG chart (bars of shares with their intervals) and a
table with the same numbers; text questions get their count only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from analytics import format_number, format_percent
from forms_service.auth import Principal
from forms_service.charts import Bar, interval_bars
from forms_service.context import Context
from forms_service.i18n import translate
from forms_service.results.crosstab import CLOSED, GROUPS, crosstab_report
from forms_service.results.indices import indices_report
from forms_service.results.report import form_results
from forms_service.results.schemas import IndicesOut, QuestionResultOut, ResultsOut

__all__ = ["ResultsFilters", "indices_view", "results_view"]


@dataclass(frozen=True)
class ResultsFilters:
    agency: str | None = None
    form: str | None = None
    period: str | None = None
    channel: str | None = None
    audience: str | None = None
    unit: str | None = None
    question: str | None = None  # the cross-tabulation, if one is asked for
    by: str | None = None

    def query(self) -> str:
        pairs = [(k, v) for k, v in (("agency", self.agency), ("form", self.form),
                                     ("period", self.period), ("channel", self.channel),
                                     ("audience", self.audience), ("unit", self.unit),
                                     ("question", self.question), ("by", self.by)) if v]
        return urlencode(pairs)


def _describe(lang: str, level: float) -> str:
    return translate(lang, "Bars show each share with its {level} interval as whiskers. "
                     "The table below has the same numbers.",
                     level=format_percent(level, lang, digits=0))


def _chart(block: QuestionResultOut, index: int, lang: str, level: float) -> Markup | None:
    title = block.title
    if block.histogram is not None and block.histogram.counts:
        n = sum(block.histogram.counts) or 1
        edges = block.histogram.edges
        bars = [Bar(f"{format_number(edges[i], lang, digits=1)} – "
                    f"{format_number(edges[i + 1], lang, digits=1)}", count / n,
                    text=f"{format_number(count, lang, digits=0)} "
                         f"({format_percent(count / n, lang)})")
                for i, count in enumerate(block.histogram.counts)]
    elif block.choices and block.answered:
        bars = [Bar(choice.label, choice.share, choice.ci_low, choice.ci_high,
                    text=f"{choice.share_text} ({choice.ci_text})")
                for choice in block.choices]
    else:
        return None
    return interval_bars(bars, chart_id=f"q{index}", title=title,
                         description=_describe(lang, level), locale=lang)


def _indices_chart(indices: IndicesOut, lang: str) -> Markup | None:
    if not indices.rows:
        return None
    row = indices.rows[0]
    bars = [Bar(element.title, element.index, element.ci_low, element.ci_high,
                text=f"{element.index_text} ({element.ci_text})") for element in row.elements]
    bars.append(Bar(translate(lang, "Overall index"), row.overall.index, row.overall.ci_low,
                    row.overall.ci_high,
                    text=f"{row.overall.index_text} ({row.overall.ci_text})"))
    return interval_bars(bars, chart_id="indices", title=translate(lang, "Satisfaction indices"),
                         description=_describe(lang, indices.confidence_level), locale=lang)


async def results_view(ctx: Context, principal: Principal, filters: ResultsFilters,
                       lang: str) -> dict[str, Any]:
    """The report, a chart per question, and the indices when the form declares them."""
    if not filters.form:
        return {"results": None, "charts": [], "indices": None, "indices_chart": None,
                "closed_questions": [], "crosstab_groups": GROUPS, "crosstab": None,
                "units": []}
    results: ResultsOut = await form_results(
        ctx, principal, form=filters.form, period=filters.period, channel=filters.channel,
        audience=filters.audience, unit=filters.unit, locale=lang)
    units = [(row["code"], row["name"]) for row in await ctx.db.raw(
        "SELECT u.id, u.code, u.name FROM unit u JOIN form f ON f.agency = u.agency "
        "WHERE f.slug = {} AND u.active ORDER BY u.code", filters.form)
        if principal.can_see_unit(row["id"])]
    charts = [_chart(block, i, lang, results.confidence_level)
              for i, block in enumerate(results.questions)]
    # by form, or by unit for a person limited to a unit (the counts keep no unit)
    indices = await indices_report(ctx, principal, form=filters.form, period=filters.period,
                                   group_by="unit" if principal.is_unit_scoped else "form",
                                   locale=lang)
    closed = [(q.key, q.title) for q in results.questions if q.kind in CLOSED]
    table = None
    if filters.question and filters.by:
        table = await crosstab_report(ctx, principal, form=filters.form,
                                      question=filters.question, by=filters.by,
                                      period=filters.period, locale=lang)
    return {"results": results, "charts": charts,
            "indices": indices if indices.rows else None,
            "indices_chart": _indices_chart(indices, lang),
            "closed_questions": list(dict.fromkeys(closed)), "crosstab_groups": GROUPS,
            "crosstab": table, "units": units}


async def indices_view(ctx: Context, principal: Principal, *, agency: str | None,
                       period: str | None, group_by: str, lang: str) -> dict[str, Any]:
    """Groups ranked by their overall index, with a chart of the indices and intervals."""
    report = await indices_report(ctx, principal, agency=agency, period=period,
                                  group_by=group_by, locale=lang)
    bars = [Bar(row.label, row.overall.index, row.overall.ci_low, row.overall.ci_high,
                text=f"{row.overall.index_text} ({row.overall.ci_text})",
                status_text=translate(lang, "grade {grade}", grade=row.grade or "—"))
            for row in report.rows]
    chart = interval_bars(bars, chart_id="indices-ranking",
                          title=translate(lang, "Satisfaction indices"),
                          description=_describe(lang, report.confidence_level),
                          locale=lang) if bars else None
    names: dict[str, str] = {}
    for row in report.rows:
        for element in row.elements:
            names.setdefault(element.key, element.title)
    return {"report": report, "chart": chart, "element_names": names}
