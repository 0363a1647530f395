"""Dashboard pages of the estimates: weighted satisfaction, the p-chart, sample sizes.

- ``/dashboard/weighting``: the satisfaction of a period unweighted and
  weighted to the dossiers returned, side by side, with a sentence saying
  what the difference means, per service, and the non-response view.
- the p-chart section of ``/dashboard/trend``: satisfaction per quarter
  against its control limits, quarters with too few answers drawn as gaps.
- ``/dashboard/sample-size``: the calculator and the quarter's allocation.

The numbers are those of the weighting, satisfaction, trend and sample-size
reports, called with the person's principal, so the pages, the API and the
downloads agree.
"""

from __future__ import annotations

import math
from typing import Any

from analytics import Period, format_number, format_percent, label
from forms_service.auth import Principal
from forms_service.charts import Bar, ControlPoint, Group, control_chart, grouped_bars
from forms_service.charts.palette import SERIES_COLOURS
from forms_service.context import Context
from forms_service.dashboard.views import Filters
from forms_service.errors import InvalidInput, PhieuError
from forms_service.i18n import N_, translate, vietnam_today
from forms_service.reports import change, sampling, satisfaction, weighting
from forms_service.reports.params import check_period

__all__ = [
    "MARGIN_CHOICES",
    "SampleInputs",
    "control_view",
    "last_quarter",
    "sample_view",
    "weighted_view",
]

#: The margins the page offers, with their names.
MARGIN_CHOICES = (
    ("service,channel", N_("Service and channel")),
    ("channel", N_("Channel")),
    ("audience,channel", N_("Audience and channel")),
    ("unit,channel", N_("Unit and channel")),
    ("service,unit,channel", N_("Service, unit and channel")),
)
MARGIN_NAMES = {"service": N_("Service"), "unit": N_("Unit"), "channel": N_("Channel"),
                "audience": N_("Audience")}
CONTROL_PERIODS = 8


def _pct(value: float | None, lang: str) -> str:
    return format_percent(math.nan if value is None else value, lang)


def explanation(lang: str, report: Any) -> str:
    """What the difference between the two rates means, in one plain sentence or two."""
    general = translate(
        lang, "The unweighted rate counts every answer alike. The weighted rate counts each "
        "answer for the dossiers returned in its group, so that groups where few people "
        "answer (often those served at the counter) weigh as much as the people they "
        "stand for.")
    if report.weighted_rate is None:
        return general
    return general + " " + translate(
        lang, "Here: {plain} unweighted, {weighted} weighted; the weights cost as much "
        "precision as {lost} of the {n} answers (design effect {deff}).",
        plain=_pct(report.rate, lang), weighted=_pct(report.weighted_rate, lang),
        lost=format_number(max(0.0, report.n - (report.n_effective or 0.0)), lang, digits=0),
        n=format_number(report.n, lang, digits=0),
        deff=format_number(report.design_effect or math.nan, lang, digits=2))


async def weighted_view(ctx: Context, principal: Principal, filters: Filters, lang: str,
                        margins: str) -> dict[str, Any]:
    """The whole weighted and unweighted, per service side by side, and the strata."""
    report = await weighting.weighting_report(ctx, principal, agency=filters.agency,
                                              period=filters.period, margins=margins,
                                              locale=lang)
    per_service = None
    service_note = ""
    within = ",".join(m for m in margins.split(",") if m != "service") or "channel"
    try:
        per_service = await satisfaction.satisfaction_report(
            ctx, principal, group_by="service", agency=filters.agency, period=filters.period,
            weights="dossiers", margins=within, locale=lang)
    except PhieuError as exc:  # nothing to weight: said on the page, not an error page
        service_note = translate(lang, exc.message, **exc.params)
    plain_word, weighted_word = translate(lang, "Unweighted"), translate(lang, "Weighted")
    groups = [Group(row.label, (
        Bar(plain_word, row.rate, row.ci_low, row.ci_high,
            text=f"{row.rate_text} ({row.ci_text})"),
        Bar(weighted_word, row.weighted_rate, row.weighted_ci_low, row.weighted_ci_high,
            text=f"{row.weighted_rate_text} ({row.weighted_ci_text})"),
    )) for row in (per_service.rows if per_service else [])
        if row.weighted_rate is not None]
    chart = grouped_bars(
        groups, chart_id="weighted-services",
        title=translate(lang, "Unweighted and weighted satisfaction by service"),
        description=translate(lang, "For each service, the rate of its answers as they came "
                              "and weighted to its dossiers returned, each with its 95% "
                              "interval. The table below has the same numbers."),
        threshold=0.9, threshold_text=translate(lang, "threshold {value}",
                                                value=format_percent(0.9, lang, digits=0)),
        locale=lang, series_colours=SERIES_COLOURS[:2],
    ) if groups else None
    return {"weighting": report, "per_service": per_service, "service_note": service_note,
            "chart": chart, "explanation": explanation(lang, report),
            "margin_choices": MARGIN_CHOICES, "margins": margins,
            "margin_names": MARGIN_NAMES, "verdict_text": label(report.verdict, lang),
            "weighted_verdict_text": label(report.weighted_verdict, lang)}


def last_quarter(period: str | None) -> Period:
    """The quarter the p-chart ends with: the period's (its last, for a year), or today's."""
    chosen = check_period(period)
    if chosen is None:
        today = vietnam_today()
        return Period(today.year, quarter=(today.month - 1) // 3 + 1)
    if chosen.quarter is not None:
        return chosen
    if chosen.month is not None:
        return Period(chosen.year, quarter=(chosen.month - 1) // 3 + 1)
    return Period(chosen.year, quarter=4)


async def control_view(ctx: Context, principal: Principal, filters: Filters,
                       lang: str) -> dict[str, Any]:
    """The p-chart of the last eight quarters up to the chosen one, and the change of
    each service from the quarter before."""
    last = last_quarter(filters.period)
    report = await change.trend_report(ctx, principal, period=str(last),
                                       agency=filters.agency, periods=CONTROL_PERIODS,
                                       locale=lang)
    points = [ControlPoint(p.period, p.rate, p.lower, p.upper, p.n, p.gap, p.out_of_control)
              for p in report.chart]
    drawn = [p for p in report.chart if not p.gap]
    chart = control_chart(
        points, report.centre, chart_id="trend-p-chart",
        title=translate(lang, "Control chart of satisfaction by quarter"),
        description=translate(
            lang, "Each quarter's satisfaction rate against the centre line {centre} and its "
            "control limits at 3 standard errors for its number of answers; a quarter "
            "outside its limits is marked with an exclamation mark.",
            centre=_pct(report.centre, lang)),
        words={"rate": translate(lang, "Rate"), "centre": translate(lang, "Centre line"),
               "limits": translate(lang, "Control limits"),
               "out_of_control": translate(lang, "Out of control")},
        locale=lang) if drawn else None
    changes = await change.change_report(ctx, principal, period=str(last),
                                         agency=filters.agency, locale=lang)
    gaps = [f"{p.period} (n = {p.n})" for p in report.chart if p.gap]
    note = translate(lang, "Quarters with fewer than {min_n} answers are gaps, not points: "
                     "{periods}.", min_n=report.min_n, periods="; ".join(gaps)) if gaps else ""
    return {"control": report, "control_chart": chart, "control_note": note,
            "changes": changes,
            "change_query": f"?period={last}" + (
                f"&agency={filters.agency}" if filters.agency else ""),
            "control_query": f"?period={last}" + (
                f"&agency={filters.agency}" if filters.agency else "")
            + f"&periods={CONTROL_PERIODS}"}


class SampleInputs:
    """The calculator's fields as people type them (5%, 0,05; 10.000), checked."""

    def __init__(self, *, margin_of_error: str | None, confidence_level: str | None,
                 expected_rate: str | None, population: str | None,
                 allocation: str | None, group_by: str | None = None) -> None:
        self.raw = {"margin_of_error": margin_of_error or "", "confidence_level":
                    confidence_level or "", "expected_rate": expected_rate or "",
                    "population": population or "", "allocation": allocation or ""}
        self.margin_of_error = _share(margin_of_error, "margin_of_error", 0.05)
        self.confidence_level = _share(confidence_level, "confidence_level", 0.95)
        self.expected_rate = _share(expected_rate, "expected_rate", 0.9)
        self.population = _whole(population)
        self.allocation = (allocation or "proportional").strip()
        self.group_by = (group_by or "service").strip()


def _share(text: str | None, name: str, default: float) -> float:
    if text is None or not text.strip():
        return default
    written = text.strip().replace(" ", "").replace("\u00a0", "")
    percent = written.endswith("%")
    written = written.removesuffix("%").replace(",", ".")
    try:
        number = float(written)
    except ValueError:
        number = math.nan
    if percent or 1.0 < number < 100.0:
        number /= 100.0
    if not 0.0 < number < 1.0:
        raise InvalidInput("Write {name} as a percentage or a proportion, such as 5% or "
                           "0,05; got {value}.", name=name, value=text.strip()[:20])
    return number


def _whole(text: str | None) -> int | None:
    if text is None or not text.strip():
        return None
    digits = text.strip().replace(" ", "").replace(".", "").replace(",", "")
    if not digits.isdigit():
        raise InvalidInput("population must be a whole number of dossiers, such as 12000; "
                           "got {value}.", value=text.strip()[:20])
    return int(digits)


async def sample_view(ctx: Context, principal: Principal, filters: Filters,
                      inputs: SampleInputs, lang: str) -> dict[str, Any]:
    """The sample sizes for the inputs, and their allocation across services."""
    report = await sampling.sample_size_report(
        ctx, principal, agency=filters.agency, period=filters.period,
        population=inputs.population, margin_of_error=inputs.margin_of_error,
        confidence_level=inputs.confidence_level, expected_rate=inputs.expected_rate,
        allocation=inputs.allocation, group_by=inputs.group_by, locale=lang)
    return {"sample": report, "inputs": inputs}
