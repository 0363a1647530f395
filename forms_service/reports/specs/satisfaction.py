"""The satisfaction report: rates, intervals, excellence verdicts and ranks per group."""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

from forms_service.i18n import N_, translate
from forms_service.reports import render
from forms_service.reports.notes import INTERVAL_NOTE, SHRUNK_NOTE
from forms_service.reports.parameters import (
    AGENCY,
    CONFIDENCE_LEVEL,
    FORM,
    LOCALE,
    METHOD,
    MIN_N,
    PERIOD_PARAM,
    THRESHOLD,
)
from forms_service.reports.render import tr
from forms_service.reports.schemas import SatisfactionReportOut
from forms_service.reports.spec import Param, ReportSpec, Table, column, formatted
from forms_service.reports.specs.weighting import MARGIN_PARAM

__all__ = ["COLUMNS", "GROUP_BY", "GROUP_DIMENSIONS", "PERIOD_DIMENSIONS", "SPEC"]

GROUP_DIMENSIONS = ("service", "agency", "form", "audience")
PERIOD_DIMENSIONS = ("month", "quarter", "year")
GROUP_BY = Param(
    "group_by", str, "service",
    description="service, agency, form or audience, optionally with one of month, quarter, "
    "year (comma-separated: agency,quarter)",
    max_length=80, cli_choices=False,
    enum=tuple(sorted(
        ",".join((*dims, *period))
        for size in range(1, len(GROUP_DIMENSIONS) + 1)
        for dims in itertools.combinations(GROUP_DIMENSIONS, size)
        for period in ((), *((p,) for p in PERIOD_DIMENSIONS))
    )),
)

WEIGHTS = Param("weights", str, None, enum=("dossiers",), max_length=20,
                description="dossiers: also weight each group's answers to the dossiers "
                "returned (weighted_rate, weighted_ci_low, weighted_ci_high, design_effect, "
                "n_effective); left out: unweighted only")
MARGINS_PARAM = dataclasses.replace(
    MARGIN_PARAM, description="With weights: the margins to rake on, one or more of "
    "service, unit, channel, audience (comma-separated)")

_RATE = N_("Rate")
COLUMNS = (
    column("period", N_("Period"), "code", optional=True),
    column("key", N_("Key"), "code"),
    column("label", N_("Group"), "label"),
    column("service", N_("Service code"), "code", optional=True),
    column("service_name", N_("Service"), optional=True),
    column("agency", N_("Agency code"), "code", optional=True),
    column("agency_name", N_("Agency"), optional=True),
    column("form", N_("Form"), "code", optional=True),
    column("version", N_("Form version"), "integer", optional=True),
    column("audience", N_("Audience"), "code", optional=True),
    column("n", N_("Answers"), "integer"),
    column("satisfied", N_("Satisfied"), "integer"),
    column("rate", _RATE, "percent"),
    column("ci_low", N_("Interval, lower bound"), "percent"),
    column("ci_high", N_("Interval, upper bound"), "percent"),
    column("pvalue", N_("p-value"), "number"),
    column("pvalue_adjusted", N_("Adjusted p-value"), "number"),
    column("verdict", N_("Verdict code"), "code"),
    column("verdict_text", N_("Verdict"), "label"),
    column("rank", N_("Rank"), "integer"),
    column("shrunk_rate", N_("Shrunk rate"), "percent"),
    column("returned", N_("Dossiers returned"), "integer", optional=True),
    column("weighted_n", N_("Answers linked to dossiers"), "integer", optional=True),
    column("weighted_rate", N_("Weighted rate"), "percent", optional=True),
    column("weighted_ci_low", N_("Weighted interval, lower bound"), "percent", optional=True),
    column("weighted_ci_high", N_("Weighted interval, upper bound"), "percent",
           optional=True),
    column("design_effect", N_("Design effect"), "number", optional=True),
    column("n_effective", N_("Effective answers"), "number", optional=True),
    column("weighted_verdict", N_("Weighted verdict code"), "code", optional=True),
    formatted("rate_text", N_("Rate (formatted)")),
    formatted("ci_text", N_("Interval (formatted)")),
    formatted("shrunk_rate_text", N_("Shrunk rate (formatted)")),
)


def tables(data: dict[str, Any], lang: str) -> list[Table]:
    """One table: a row per group (and period)."""
    return [Table("satisfaction", N_("Satisfaction"), COLUMNS, data["rows"])]


def text(body: SatisfactionReportOut, lang: str) -> str:
    """The groups aligned, with the formatted numbers."""
    periods = any(row.period for row in body.rows)
    headings = ([tr(lang, "period")] if periods else []) + [
        tr(lang, w) for w in ("rank", "group", "answers", "satisfied", "rate", "interval",
                              "pvalue", "adjusted", "verdict", "shrunk")]
    rows = [([row.period] if periods else []) + [
        row.rank, row.label or row.key, row.n, row.satisfied, row.rate_text, row.ci_text,
        render.pvalue(row.pvalue, lang), render.pvalue(row.pvalue_adjusted, lang),
        row.verdict_text, row.shrunk_rate_text] for row in body.rows]
    shift = 1 if periods else 0
    right = [i + shift for i in (0, 2, 3, 4, 6, 7, 9)]
    if body.weights:  # the weighted figures beside the unweighted ones
        headings += [tr(lang, w) for w in ("weighted", "weighted_interval", "deff")]
        for values, row in zip(rows, body.rows, strict=True):
            values += [row.weighted_rate_text, row.weighted_ci_text,
                       render.number(row.design_effect, lang, 2)]
        right += [len(headings) - 3, len(headings) - 1]
    table = render.table(headings, rows, right=right)
    notes = [translate(lang, INTERVAL_NOTE), translate(lang, SHRUNK_NOTE)] if rows else []
    return "\n".join([table, "", *notes]) if notes else table


SPEC = ReportSpec(
    name="satisfaction",
    order=10,
    summary="Satisfaction rates, intervals, excellence verdicts, ranks",
    download_summary="The satisfaction report as {formats} (analyst)",
    params=(AGENCY, FORM, PERIOD_PARAM, THRESHOLD, CONFIDENCE_LEVEL, METHOD, MIN_N, LOCALE,
            GROUP_BY, WEIGHTS, MARGINS_PARAM),
    build="forms_service.reports.satisfaction:satisfaction_report",
    output=SatisfactionReportOut,
    tables=tables,
    text=text,
)
