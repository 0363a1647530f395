"""Satisfaction of dossiers returned on time against late ones, per service or unit."""

from __future__ import annotations

from typing import Any

from forms_service.i18n import N_
from forms_service.reports import render
from forms_service.reports.dossier_groups import group_by_values
from forms_service.reports.dossier_schemas import TimelinessReportOut
from forms_service.reports.parameters import AGENCY, CONFIDENCE_LEVEL, LOCALE, PERIOD_PARAM
from forms_service.reports.spec import Param, ReportSpec, Table, column, formatted

__all__ = ["COLUMNS", "GROUP_BY", "SPEC"]

GROUP_BY = Param("group_by", str, "service", max_length=20, cli_choices=False,
                 enum=group_by_values(("service", "unit")),
                 description="service or unit, optionally with a period: unit,year")

COLUMNS = (
    column("period", N_("Period"), "code", optional=True),
    column("key", N_("Key"), "code"),
    column("label", N_("Group"), "label"),
    column("agency", N_("Agency code"), "code"),
    column("returned", N_("Dossiers returned"), "integer"),
    column("on_time", N_("Returned on time"), "integer"),
    column("late", N_("Returned late"), "integer"),
    column("on_time_share", N_("On-time share"), "number"),
    column("on_time_rated", N_("Answers about on-time dossiers"), "integer"),
    column("on_time_rate", N_("Satisfaction, on time"), "number"),
    column("late_rated", N_("Answers about late dossiers"), "integer"),
    column("late_rate", N_("Satisfaction, late"), "number"),
    column("difference", N_("Difference"), "number"),
    column("difference_ci_low", N_("Interval, lower bound"), "number"),
    column("difference_ci_high", N_("Interval, upper bound"), "number"),
    column("pvalue", N_("p-value"), "number"),
    formatted("difference_ci_text", N_("Interval (formatted)")),
)


def tables(data: dict[str, Any], lang: str) -> list[Table]:
    """One table: a row per group (and period)."""
    return [Table("timeliness", N_("Timeliness and satisfaction"), COLUMNS, data["rows"])]


def text(body: TimelinessReportOut, lang: str) -> str:
    """On-time and late satisfaction of each group, aligned."""
    from forms_service.i18n import translate

    headings = [translate(lang, h) for h in (
        N_("Period"), N_("Group"), N_("Returned on time"), N_("Returned late"),
        N_("Satisfaction, on time"), N_("Satisfaction, late"), N_("Difference"),
        N_("Interval"))]
    lines = [[r.period, r.label, r.on_time, r.late, r.on_time_rate_text, r.late_rate_text,
              r.difference_text, r.difference_ci_text] for r in body.rows]
    if not lines:
        return render.tr(lang, "no_rows")
    return render.periodless(headings, lines, right=[2, 3, 4, 5, 6])


SPEC = ReportSpec(
    name="timeliness",
    order=70,
    summary="Satisfaction of dossiers returned on time against late ones (Newcombe interval)",
    download_summary="Timeliness and satisfaction as {formats} (analyst)",
    params=(AGENCY, PERIOD_PARAM, CONFIDENCE_LEVEL, LOCALE, GROUP_BY),
    build="forms_service.reports.timeliness:timeliness_report",
    output=TimelinessReportOut,
    tables=tables,
    text=text,
)
