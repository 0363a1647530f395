"""Satisfaction weighted to the dossiers returned, with the non-response view."""

from __future__ import annotations

import itertools
from typing import Any

from forms_service.i18n import N_
from forms_service.reports.parameters import (
    AGENCY,
    CONFIDENCE_LEVEL,
    LOCALE,
    MIN_N,
    PERIOD_PARAM,
    THRESHOLD,
)
from forms_service.reports.spec import Param, ReportSpec, Table, column, formatted
from forms_service.reports.weighting_schemas import MARGINS, WeightingReportOut

__all__ = ["SPEC", "STRATA", "SUMMARY"]

WEIGHTS = Param("weights", str, "dossiers", enum=("dossiers",), max_length=20,
                description="What the answers are weighted to: dossiers (returned in the "
                "period, from the dossier events)")
MARGIN_PARAM = Param(
    "margins", str, "service,channel", max_length=40, cli_choices=False,
    description="Margins to rake on: one or more of service, unit, channel, audience "
    "(citizen or business; comma-separated)",
    enum=tuple(sorted(",".join(c) for size in range(1, len(MARGINS) + 1)
                      for c in itertools.permutations(MARGINS, size))),
)
MIN_ANSWERS = Param("min_answers", int, 5, minimum=1, maximum=10_000,
                    description="Categories with fewer answers are pooled (and flagged)")
TRIM_RATIO = Param("trim_ratio", float, None, minimum=1, maximum=100,
                   description="Cap on a weight, as a multiple of the mean weight (none: "
                   "no trimming)")

SUMMARY = (
    column("returned", N_("Dossiers returned"), "integer"),
    column("n", N_("Answers"), "integer"),
    column("satisfied", N_("Satisfied"), "integer"),
    column("rate", N_("Rate"), "number"),
    column("ci_low", N_("Interval, lower bound"), "number"),
    column("ci_high", N_("Interval, upper bound"), "number"),
    column("verdict", N_("Verdict code"), "code"),
    column("weighted_rate", N_("Weighted rate"), "number"),
    column("weighted_ci_low", N_("Weighted interval, lower bound"), "number"),
    column("weighted_ci_high", N_("Weighted interval, upper bound"), "number"),
    column("design_effect", N_("Design effect"), "number"),
    column("n_effective", N_("Effective answers"), "number"),
    column("weighted_verdict", N_("Weighted verdict code"), "code"),
    formatted("rate_text", N_("Rate (formatted)")),
    formatted("weighted_rate_text", N_("Weighted rate (formatted)")),
)
STRATA = (
    column("margin", N_("Margin"), "code"),
    column("key", N_("Key"), "code"),
    column("label", N_("Group"), "label"),
    column("returned", N_("Dossiers returned"), "integer"),
    column("answers", N_("Answers"), "integer"),
    column("response_rate", N_("Response rate"), "number"),
    column("weight", N_("Weight"), "number"),
    column("too_few", N_("Too few answers"), "flag"),
    column("pooled_with", N_("Pooled with"), "text"),
)


def tables(data: dict[str, Any], lang: str) -> list[Table]:
    """The weighted and unweighted rates, then one row per stratum."""
    return [Table("weighting", N_("Weighted satisfaction"), SUMMARY, [data]),
            Table("strata", N_("Answers and dossiers by stratum"), STRATA, data["strata"])]


SPEC = ReportSpec(
    name="weighting",
    order=60,
    summary="Satisfaction weighted to the dossiers returned, with design effect and strata",
    download_summary="The weighted satisfaction and its strata as {formats} (analyst)",
    params=(AGENCY, PERIOD_PARAM, WEIGHTS, MARGIN_PARAM, MIN_ANSWERS, TRIM_RATIO, THRESHOLD,
            CONFIDENCE_LEVEL, MIN_N, LOCALE),
    build="forms_service.reports.weighting:weighting_report",
    output=WeightingReportOut,
    tables=tables,
)
