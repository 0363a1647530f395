"""Change of satisfaction per service between two periods."""

from __future__ import annotations

import dataclasses
from typing import Any

from forms_service.i18n import N_
from forms_service.reports.change_schemas import ChangeReportOut
from forms_service.reports.parameters import AGENCY, CONFIDENCE_LEVEL, LOCALE, MIN_N, PERIOD_PARAM
from forms_service.reports.spec import Param, ReportSpec, Table, column

__all__ = ["COLUMNS", "GROUP_BY", "SPEC"]

GROUP_BY = Param("group_by", str, "service", enum=("service", "unit"), max_length=10,
                 description="service, or unit (the unit that served; closed units count "
                 "under their successors)")


PERIOD = dataclasses.replace(PERIOD_PARAM, required=True,
                             description="The later period: 2025, 2025-Q3 or 2025-07")
COMPARE = Param("compare", str, "previous", enum=("previous", "year"), max_length=10,
                description="previous (the period before) or year (the same period a year "
                "before)")

COLUMNS = (
    column("key", N_("Key"), "code"),
    column("label", N_("Group"), "label"),
    column("n_before", N_("Answers before"), "integer"),
    column("rate_before", N_("Rate before"), "number"),
    column("n_after", N_("Answers after"), "integer"),
    column("rate_after", N_("Rate after"), "number"),
    column("difference", N_("Difference"), "number"),
    column("ci_low", N_("Interval, lower bound"), "number"),
    column("ci_high", N_("Interval, upper bound"), "number"),
    column("pvalue", N_("p-value"), "number"),
    column("pvalue_adjusted", N_("Adjusted p-value"), "number"),
    column("verdict", N_("Verdict code"), "code"),
)


def tables(data: dict[str, Any], lang: str) -> list[Table]:
    """One row per service."""
    return [Table("change", N_("Change between periods"), COLUMNS, data["rows"])]


SPEC = ReportSpec(
    name="change",
    order=70,
    summary="Change of satisfaction per service or unit between two periods, with verdicts",
    download_summary="The change between periods as {formats} (analyst)",
    params=(PERIOD, AGENCY, COMPARE, CONFIDENCE_LEVEL, MIN_N, LOCALE, GROUP_BY),
    build="forms_service.reports.change:change_report",
    output=ChangeReportOut,
    tables=tables,
)
