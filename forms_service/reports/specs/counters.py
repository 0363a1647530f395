"""The counters report: satisfaction by counter, officer, channel or field, with and
without the kiosk answers flagged as possibly gamed, and the three-level counts
one-stop systems report (very satisfied, satisfied, not satisfied)."""

from __future__ import annotations

from typing import Any

import msgspec

from forms_service.i18n import N_
from forms_service.reports.parameters import (
    AGENCY,
    CONFIDENCE_LEVEL,
    FORM,
    LOCALE,
    METHOD,
    PERIOD_PARAM,
)
from forms_service.reports.schemas import Report
from forms_service.reports.spec import Param, ReportSpec, Table, column, formatted

__all__ = ["GROUPS", "GROUP_BY", "PAIRS", "SPEC", "CountersReportOut", "CountersRowOut"]

GROUPS = ("counter", "officer", "unit", "channel", "field")
# two groups at once: the field (lĩnh vực) and the officer, as one-stop systems report
PAIRS = (["field", "officer"],)
_CHOICES = (*GROUPS, *(",".join(p) for p in PAIRS))
GROUP_BY = Param(
    "group_by", str, "counter",
    description="counter, officer, unit, channel or field (lĩnh vực: the service's, else "
    "the counter's), or field,officer; optionally with month (field,officer,month: the "
    "monthly counts per field and officer); officer figures only for the agency's own "
    "analysts and admins",
    max_length=40, cli_choices=False,
    enum=tuple(sorted((*_CHOICES, *(f"{g},month" for g in _CHOICES)))),
)


class CountersRowOut(msgspec.Struct, omit_defaults=True):
    key: str
    label: str
    n: int
    satisfied: int
    rate: float | None
    ci_low: float | None
    ci_high: float | None
    shrunk_rate: float | None
    very_satisfied: int
    satisfied_only: int
    not_satisfied: int
    flagged: int
    n_unflagged: int
    satisfied_unflagged: int
    rate_unflagged: float | None
    period: str | None = None
    rate_text: str | None = None
    ci_text: str | None = None
    shrunk_rate_text: str | None = None
    rate_unflagged_text: str | None = None


class CountersReportOut(Report):
    group_by: list[str]
    agency: str | None
    form: str | None
    period: str | None
    confidence_level: float
    method: str
    rows: list[CountersRowOut]
    locale: str | None = None


COLUMNS = (
    column("period", N_("Period"), "code", optional=True),
    column("key", N_("Key"), "code"),
    column("label", N_("Group"), "label"),
    column("n", N_("Answers"), "integer"),
    column("satisfied", N_("Satisfied"), "integer"),
    column("rate", N_("Rate"), "number"),
    column("ci_low", N_("Interval, lower bound"), "number"),
    column("ci_high", N_("Interval, upper bound"), "number"),
    column("shrunk_rate", N_("Shrunk rate"), "number"),
    column("very_satisfied", N_("Very satisfied"), "integer"),
    column("satisfied_only", N_("Satisfied (not very)"), "integer"),
    column("not_satisfied", N_("Not satisfied"), "integer"),
    column("flagged", N_("Flagged kiosk answers"), "integer"),
    column("n_unflagged", N_("Answers without flagged"), "integer"),
    column("satisfied_unflagged", N_("Satisfied without flagged"), "integer"),
    column("rate_unflagged", N_("Rate without flagged"), "number"),
    formatted("rate_text", N_("Rate (formatted)")),
    formatted("ci_text", N_("Interval (formatted)")),
    formatted("shrunk_rate_text", N_("Shrunk rate (formatted)")),
)


def tables(data: dict[str, Any], lang: str) -> list[Table]:
    """One table: a row per group (and month)."""
    return [Table("counters", N_("Satisfaction at the counters"), COLUMNS, data["rows"])]


SPEC = ReportSpec(
    name="counters",
    order=60,
    summary="Satisfaction by counter, officer, unit, channel or field, with and without flagged "
            "kiosk answers",
    download_summary="The counters report as {formats} (analyst)",
    params=(AGENCY, FORM, PERIOD_PARAM, CONFIDENCE_LEVEL, METHOD, LOCALE, GROUP_BY),
    build="forms_service.reports.counters:counters_report",
    output=CountersReportOut,
    tables=tables,
)
