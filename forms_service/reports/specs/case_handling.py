"""Case handling per unit or service: times to acknowledge and respond in working
days (median, 90th percentile), resolved and overdue shares, and the citizens'
follow-up (asked, answered, solved share with its Wilson interval)."""

from __future__ import annotations

from typing import Any

from forms_service.i18n import N_
from forms_service.reports import render
from forms_service.reports.case_handling import DIMENSIONS, CaseHandlingReportOut
from forms_service.reports.dossier_groups import group_by_values
from forms_service.reports.parameters import AGENCY, LOCALE, PERIOD_PARAM
from forms_service.reports.spec import Param, ReportSpec, Table, column, formatted

__all__ = ["COLUMNS", "GROUP_BY", "SPEC"]

GROUP_BY = Param("group_by", str, "unit", max_length=20, cli_choices=False,
                 enum=group_by_values(DIMENSIONS),
                 description="unit or service, optionally with a period: unit,quarter")

COLUMNS = (
    column("period", N_("Period"), "code", optional=True),
    column("key", N_("Key"), "code"),
    column("label", N_("Group"), "label"),
    column("agency", N_("Agency code"), "code"),
    column("cases", N_("Cases"), "integer"),
    column("acknowledged", N_("Acknowledged"), "integer"),
    column("acknowledge_median_days", N_("Working days to acknowledge (median)"), "number"),
    column("acknowledge_p90_days", N_("Working days to acknowledge (90th percentile)"),
           "number"),
    column("responded", N_("Responded"), "integer"),
    column("respond_median_days", N_("Working days to respond (median)"), "number"),
    column("respond_p90_days", N_("Working days to respond (90th percentile)"), "number"),
    column("closed", N_("Closed"), "integer"),
    column("resolved", N_("Resolved"), "integer"),
    column("resolved_share", N_("Resolved share"), "number"),
    column("overdue", N_("Overdue"), "integer"),
    column("overdue_share", N_("Overdue share"), "number"),
    column("follow_up_asked", N_("Follow-up asked"), "integer"),
    column("follow_up_answered", N_("Follow-up answered"), "integer"),
    column("follow_up_solved", N_("Follow-up: solved"), "integer"),
    column("follow_up_partly", N_("Follow-up: partly solved"), "integer"),
    column("follow_up_solved_share", N_("Solved share (follow-up)"), "percent"),
    column("follow_up_ci_low", N_("Interval, lower bound"), "percent"),
    column("follow_up_ci_high", N_("Interval, upper bound"), "percent"),
    formatted("overdue_share_text", N_("Overdue share (formatted)")),
    formatted("follow_up_solved_share_text", N_("Solved share (follow-up, formatted)")),
    formatted("follow_up_ci_text", N_("Interval (formatted)")),
)


def tables(data: dict[str, Any], lang: str) -> list[Table]:
    """One table: a row per group (and period)."""
    return [Table("case_handling", N_("Case handling"), COLUMNS, data["rows"])]


def text(body: CaseHandlingReportOut, lang: str) -> str:
    """Each group's cases, median times and shares, aligned."""
    from forms_service.i18n import translate

    headings = [translate(lang, h) for h in (
        N_("Period"), N_("Group"), N_("Cases"), N_("Working days to acknowledge (median)"),
        N_("Working days to respond (median)"), N_("Resolved share"), N_("Overdue share"),
        N_("Follow-up answered"), N_("Solved share (follow-up)"), N_("Interval"))]
    lines = [[r.period, r.label, r.cases, r.acknowledge_median_text, r.respond_median_text,
              r.resolved_share_text, r.overdue_share_text,
              f"{r.follow_up_answered}/{r.follow_up_asked}", r.follow_up_solved_share_text,
              r.follow_up_ci_text] for r in body.rows]
    if not lines:
        return render.tr(lang, "no_rows")
    return render.periodless(headings, lines, right=[2, 3, 4, 5, 6, 7, 8])


SPEC = ReportSpec(
    name="case-handling",
    order=85,
    summary="Case handling per unit or service: working days to acknowledge and respond "
            "(median, 90th percentile), resolved and overdue shares, follow-up solved share "
            "with its interval",
    download_summary="Case handling as {formats} (analyst)",
    params=(AGENCY, PERIOD_PARAM, LOCALE, GROUP_BY),
    build="forms_service.reports.case_handling:case_handling_report",
    output=CaseHandlingReportOut,
    tables=tables,
    text=text,
)
