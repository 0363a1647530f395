"""Satisfaction by unit or officer, with intervals, shrunk rates and ranks."""

from __future__ import annotations

from typing import Any

from forms_service.i18n import N_
from forms_service.reports import render
from forms_service.reports.dossier_groups import group_by_values
from forms_service.reports.dossier_schemas import GroupSatisfactionReportOut
from forms_service.reports.parameters import AGENCY, CONFIDENCE_LEVEL, LOCALE, METHOD, PERIOD_PARAM
from forms_service.reports.spec import Param, ReportSpec, Table, column, formatted

__all__ = ["COLUMNS", "GROUP_BY", "SPEC"]

GROUP_BY = Param("group_by", str, "unit", max_length=20, cli_choices=False,
                 enum=group_by_values(("unit", "officer")),
                 description="unit, or officer (the agency's analysts and admins only), "
                 "optionally with a period: unit,quarter")

COLUMNS = (
    column("period", N_("Period"), "code", optional=True),
    column("rank", N_("Rank"), "integer"),
    column("key", N_("Key"), "code"),
    column("label", N_("Group"), "label"),
    column("agency", N_("Agency code"), "code"),
    column("n", N_("Answers"), "integer"),
    column("satisfied", N_("Satisfied"), "integer"),
    column("rate", N_("Rate"), "number"),
    column("ci_low", N_("Interval, lower bound"), "number"),
    column("ci_high", N_("Interval, upper bound"), "number"),
    column("shrunk_rate", N_("Shrunk rate"), "number"),
    formatted("rate_text", N_("Rate (formatted)")),
    formatted("ci_text", N_("Interval (formatted)")),
    formatted("shrunk_rate_text", N_("Shrunk rate (formatted)")),
)


def tables(data: dict[str, Any], lang: str) -> list[Table]:
    """One table: a row per unit or officer (and period), best first."""
    return [Table("unit-satisfaction", N_("Satisfaction by unit"), COLUMNS, data["rows"])]


def text(body: GroupSatisfactionReportOut, lang: str) -> str:
    """The groups aligned, best shrunk rate first."""
    headings = [render.tr(lang, w) for w in ("period", "rank", "group", "answers", "satisfied",
                                             "rate", "interval", "shrunk")]
    lines = [[r.period, r.rank, r.label, r.n, r.satisfied, r.rate_text, r.ci_text,
              r.shrunk_rate_text] for r in body.rows]
    if not lines:
        return render.tr(lang, "no_rows")
    return render.periodless(headings, lines, right=[1, 3, 4, 5, 7])


SPEC = ReportSpec(
    name="unit-satisfaction",
    order=80,
    summary="Satisfaction by unit or officer, with intervals and shrunk ranks",
    download_summary="Satisfaction by unit or officer as {formats} (analyst)",
    params=(AGENCY, PERIOD_PARAM, CONFIDENCE_LEVEL, METHOD, LOCALE, GROUP_BY),
    build="forms_service.reports.unit_satisfaction:unit_satisfaction_report",
    output=GroupSatisfactionReportOut,
    tables=tables,
    text=text,
)
