"""Online and self-submitted shares of dossiers against the target (seeds 001 and 002)."""

from __future__ import annotations

from typing import Any

from forms_service.i18n import N_
from forms_service.reports import render
from forms_service.reports.parameters import (
    AGENCY,
    CONFIDENCE_LEVEL,
    LOCALE,
    METHOD,
    PERIOD_PARAM,
)
from forms_service.reports.render import tr
from forms_service.reports.schemas import OnlineRateReportOut
from forms_service.reports.spec import Param, ReportSpec, Table, column, formatted

__all__ = ["COLUMNS", "SPEC"]

INTERVAL = Param("interval", str, "quarter", description="month, quarter or year",
                 max_length=10, enum=("month", "quarter", "year"))
GROUP_BY = Param("group_by", str, "agency", description="agency or service", max_length=10,
                 enum=("agency", "service"))
TARGET = Param("target", float, 0.5, exclusive_minimum=0, exclusive_maximum=1,
               description="Target share of dossiers submitted online, strictly between 0 "
               "and 1")

COLUMNS = (
    column("agency", N_("Agency code"), "code"),
    column("agency_name", N_("Agency"), "text"),
    column("service", N_("Service code"), "code", optional=True),
    column("service_name", N_("Service"), "text", optional=True),
    column("period", N_("Period"), "code"),
    column("source", N_("Counted from"), "code"),
    column("total", N_("Total dossiers"), "integer"),
    column("online", N_("Online dossiers"), "integer"),
    column("self_submitted", N_("Submitted personally"), "integer"),
    column("target", N_("Target"), "percent"),
    column("online_share", N_("Online share"), "percent"),
    column("online_ci_low", N_("Interval, lower bound"), "percent"),
    column("online_ci_high", N_("Interval, upper bound"), "percent"),
    column("gap_points", N_("Gap to target (points)"), "number"),
    column("meets_target", N_("Meets the target"), "flag"),
    column("self_share", N_("Share submitted personally"), "percent"),
    column("self_ci_low", N_("Share submitted personally, lower bound"), "percent"),
    column("self_ci_high", N_("Share submitted personally, upper bound"), "percent"),
    formatted("online_share_text", N_("Online share (formatted)")),
    formatted("online_ci_text", N_("Interval (formatted)")),
    formatted("gap_points_text", N_("Gap to target (formatted)")),
    formatted("self_share_text", N_("Share submitted personally (formatted)")),
    formatted("self_ci_text", N_("Interval of the share submitted personally (formatted)")),
    formatted("target_text", N_("Target (formatted)")),
)


def tables(data: dict[str, Any], lang: str) -> list[Table]:
    """One table: a row per agency (or service) and period."""
    return [Table("online-rate", N_("Online dossiers"), COLUMNS, data["rows"])]


def text(body: OnlineRateReportOut, lang: str) -> str:
    """The rows aligned, with the formatted shares."""
    by_service = body.group_by == "service"
    headings = [tr(lang, w) for w in ("agency", "period", "total", "online", "online_share",
                                      "interval", "gap", "target", "self_share", "source")]
    if by_service:
        headings.insert(1, tr(lang, "service"))
    lines = []
    for r in body.rows:
        line = [r.agency_name, r.period, r.total, r.online, r.online_share_text,
                r.online_ci_text, r.gap_points_text, r.target_text, r.self_share_text,
                tr(lang, r.source)]
        if by_service:
            line.insert(1, r.service)
        lines.append(line)
    shift = 1 if by_service else 0
    right = [i + shift for i in (2, 3, 4, 6, 8)]
    return render.table(headings, lines, right=right) if lines else tr(lang, "no_rows")


SPEC = ReportSpec(
    name="online-rate",
    order=30,
    summary="Online and self-submitted dossier shares against the target",
    download_summary="Online and self-submitted dossier shares as a file (analyst)",
    params=(AGENCY, PERIOD_PARAM, CONFIDENCE_LEVEL, METHOD, LOCALE, INTERVAL, GROUP_BY, TARGET),
    build="forms_service.reports.online:online_rate_report",
    output=OnlineRateReportOut,
    tables=tables,
    text=text,
)
