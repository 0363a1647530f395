"""Excellent full-online services to nominate for a year (seed 000)."""

from __future__ import annotations

import dataclasses
from typing import Any

from forms_service.i18n import N_, translate
from forms_service.reports import render
from forms_service.reports.parameters import AGENCY, CONFIDENCE_LEVEL, LOCALE, MIN_N, THRESHOLD
from forms_service.reports.render import tr
from forms_service.reports.schemas import NominationReportOut
from forms_service.reports.spec import Param, ReportSpec, Table, column, formatted

__all__ = ["COLUMNS", "SECTIONS", "SPEC"]

SECTIONS = ("citizen", "business", "excluded")
YEAR = Param("year", int, required=True, description="e.g. 2023", minimum=2000, maximum=2100)
PER_AUDIENCE = Param("per_audience", int, 5, minimum=1, maximum=50,
                     description="Services to nominate for citizens, and for businesses")
TOP_ONLINE = Param("top_online", int, 5, minimum=1, maximum=50,
                   description="How many services lead by online dossiers")

_RATE = N_("Rate")
COLUMNS = (
    column("section", N_("Section"), "code"),
    column("section_text", N_("List"), "label"),
    column("position", N_("Position"), "integer"),
    column("service", N_("Service code"), "code"),
    column("name", N_("Service"), "text"),
    column("audience", N_("Audience"), "code"),
    column("delivery", N_("Delivery"), "code"),
    column("criteria", N_("Criteria codes"), "code"),
    column("criteria_text", N_("Criteria"), "label"),
    column("reason", N_("Reason code"), "code"),
    column("reason_text", N_("Reason"), "label"),
    column("evidence.online_dossiers", N_("Online dossiers"), "integer"),
    column("evidence.total_dossiers", N_("Total dossiers"), "integer"),
    column("evidence.online_share", N_("Online share"), "percent"),
    formatted("evidence.online_share_text", N_("Online share (formatted)")),
    column("evidence.online_rank", N_("Rank by online dossiers"), "integer"),
    column("evidence.satisfaction.n", N_("Answers"), "integer"),
    column("evidence.satisfaction.satisfied", N_("Satisfied"), "integer"),
    column("evidence.satisfaction.rate", _RATE, "percent"),
    formatted("evidence.satisfaction.rate_text", N_("Rate (formatted)")),
    column("evidence.satisfaction.pvalue", N_("p-value"), "number"),
    column("evidence.satisfaction.lower_bound", N_("Lower confidence bound"), "percent"),
    column("evidence.satisfaction.verdict", N_("Verdict code"), "code"),
    column("evidence.satisfaction.verdict_text", N_("Verdict"), "label"),
    column("evidence.savings.note", N_("Savings"), "text"),
    column("evidence.savings.cost_saving_vnd", N_("Cost saving (VND)"), "integer"),
    column("evidence.savings.time_saving_hours", N_("Time saving (hours)"), "number"),
)


def tables(data: dict[str, Any], lang: str) -> list[Table]:
    """One table: a candidate per row with its evidence, ``section`` saying its list."""
    items = [{"section": section, "section_text": translate(lang, render.WORDS[section]),
              **candidate}
             for section in SECTIONS for candidate in data[section]]
    return [Table("excellence", N_("Nominations"), COLUMNS, items)]


def rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The candidates of every list, flat (``phieu report excellence --format csv``)."""
    return [{"section": section, **render.flatten(c)}
            for section in SECTIONS for c in data[section]]


def text(body: NominationReportOut, lang: str) -> str:
    """The three lists, each aligned."""
    parts = [f"{body.agency} {body.agency_name} — {body.year}"]
    for section in SECTIONS:
        candidates = getattr(body, section)
        headings = [tr(lang, w) for w in ("position", "service", "name", "online_dossiers",
                                          "rate", "verdict", "criteria")]
        if section == "excluded":
            headings[0] = tr(lang, "reason")
        lines = [[c.reason_text if section == "excluded" else c.position, c.service, c.name,
                  c.evidence.online_dossiers, c.evidence.satisfaction.rate_text,
                  c.evidence.satisfaction.verdict_text, "; ".join(c.criteria_text or [])]
                 for c in candidates]
        parts += ["", tr(lang, section),
                  render.table(headings, lines, right=[3, 4]) if lines else tr(lang, "no_rows")]
    return "\n".join(parts)


SPEC = ReportSpec(
    name="excellence",
    order=20,
    summary="Excellent full-online services to nominate (seed 000)",
    download_summary="The nominations of excellent services as a file (analyst)",
    # the command line (the national office) must name the agency
    params=(YEAR, dataclasses.replace(AGENCY, cli_required=True), THRESHOLD, CONFIDENCE_LEVEL,
            MIN_N, LOCALE, PER_AUDIENCE, TOP_ONLINE),
    build="forms_service.reports.excellence:excellence_report",
    output=NominationReportOut,
    tables=tables,
    text=text,
    rows=rows,
)
