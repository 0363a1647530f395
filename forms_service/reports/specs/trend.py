"""Trend of satisfaction over consecutive periods, with the p-chart."""

from __future__ import annotations

import dataclasses
from typing import Any

from forms_service.i18n import N_
from forms_service.reports.change_schemas import TrendReportOut
from forms_service.reports.parameters import AGENCY, LOCALE, MIN_N, PERIOD_PARAM
from forms_service.reports.spec import Param, ReportSpec, Table, column
from forms_service.reports.specs.change import GROUP_BY

__all__ = ["CHART", "ROWS", "SPEC"]

PERIOD = dataclasses.replace(PERIOD_PARAM, required=True,
                             description="The last period: 2025, 2025-Q3 or 2025-07; the "
                             "periods before it are of the same kind")
PERIODS = Param("periods", int, 4, minimum=4, maximum=36,
                description="How many periods, ending with period (4 to 36)")

CHART = (
    column("period", N_("Period"), "code"),
    column("n", N_("Answers"), "integer"),
    column("satisfied", N_("Satisfied"), "integer"),
    column("rate", N_("Rate"), "number"),
    column("lower", N_("Lower control limit"), "number"),
    column("upper", N_("Upper control limit"), "number"),
    column("gap", N_("Too few answers"), "flag"),
    column("out_of_control", N_("Out of control"), "flag"),
)
ROWS = (
    column("key", N_("Key"), "code"),
    column("label", N_("Group"), "label"),
    column("periods", N_("Periods with answers"), "integer"),
    column("n", N_("Answers"), "integer"),
    column("slope", N_("Change per period"), "number"),
    column("pvalue", N_("p-value"), "number"),
    column("pvalue_adjusted", N_("Adjusted p-value"), "number"),
)


def tables(data: dict[str, Any], lang: str) -> list[Table]:
    """The p-chart of the whole, then the trend of each service."""
    return [Table("p-chart", N_("Control chart"), CHART, data["chart"]),
            Table("trend", N_("Trend by unit") if data.get("group_by") == "unit"
                  else N_("Trend by service"), ROWS, data["rows"])]


SPEC = ReportSpec(
    name="trend",
    order=80,
    summary="Trend of satisfaction over periods (Cochran-Armitage) and its p-chart",
    download_summary="The trend and control chart as {formats} (analyst)",
    params=(PERIOD, AGENCY, PERIODS, MIN_N, LOCALE, GROUP_BY),
    build="forms_service.reports.change:trend_report",
    output=TrendReportOut,
    tables=tables,
)
