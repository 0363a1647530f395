"""Exporting the analytics reports as files (CSV, XLSX, JSON: see :mod:`.formats`).

:func:`export_report` runs the report through the registry
(:func:`forms_service.reports.registry.run_report`: the same parameters,
checks and access rules as ``GET /api/v1/analytics/{report}``), then lays
its body out as the tables its specification gives
(:attr:`~forms_service.reports.spec.ReportSpec.tables`): one for
satisfaction, online rates and nominations (an excellence row is a
candidate with its evidence flattened into columns), three for
communication (reach, outcomes by channel, before/after), two for rankings
(the agencies, the grades).

XLSX puts each table on its own sheet, followed by an *About* sheet (report,
parameters, time of export). CSV holds one table; a report of several
tables becomes one CSV with a ``section`` column first and the union of the
columns. JSON is the report's API body. Numbers are raw (proportions in
[0, 1]); the ``*_text`` columns carry them formatted for the locale, which
also sets the headers. Names and labels are neutralized against spreadsheet
formulas as in the raw-response export. Each export is recorded in
``export_audit`` (``dataset`` = the report's name).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from typing import Any

import msgspec

from analytics import format_number
from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.errors import InvalidInput
from forms_service.exports import formats
from forms_service.exports.tables import ExportAudit
from forms_service.exports.writers import Column, ReportFile, Sheet, cell
from forms_service.i18n import LOCALES, N_, translate, vietnam_now
from forms_service.patterns import one_of
from forms_service.reports.notes import COLUMN_NOTES
from forms_service.reports.registry import report as report_spec
from forms_service.reports.registry import run_report
from forms_service.reports.spec import Param, ReportSpec, Table

__all__ = [
    "PARAM_LABELS",
    "REPORT_FORMAT",
    "REPORT_LOCALE",
    "ReportExport",
    "Sheet",
    "export_report",
    "report_filename",
    "report_sheets",
]

#: what a person reads for a parameter in the *About* sheet (others: its description)
PARAM_LABELS = {
    "agency": N_("Agency"), "period": N_("Period"), "group_by": N_("Group by"),
    "threshold": N_("Threshold"), "confidence_level": N_("Confidence level"),
    "method": N_("Interval method"), "min_n": N_("Fewest answers for a verdict"),
    "form": N_("Form"), "target": N_("Target"), "source": N_("Source"),
    "campaign_start": N_("Campaign start"), "kind": N_("Agency kind"),
}

#: the parameters every report export takes before the report's own
REPORT_FORMAT = Param("format", default="csv", max_length=16,
                      description=formats.choices_text(formats.REPORTS),
                      pattern=formats.pattern(formats.REPORTS))
REPORT_LOCALE = Param(
    "locale", max_length=8, pattern=one_of(LOCALES),
    description="Headers and formatted numbers: vi or en (default: Accept-Language, else vi)")

# kinds whose cells are numbers (or text the report formatted from numbers)
_NUMERIC = ("integer", "number", "percent", "flag")


def _sheet(table: Table, lang: str) -> Sheet:
    kept, flat = table.flat()
    columns = [Column(key=c.key, header=c.heading(lang), kind=c.kind,
                      trusted=c.kind in _NUMERIC or c.formatted) for c in kept]
    rows = [[cell(row.get(c.key)) for c in kept] for row in flat]
    return Sheet(table.key, translate(lang, table.title), columns, rows)


def report_sheets(spec: ReportSpec, body: msgspec.Struct, lang: str) -> list[Sheet]:
    """The tables of a report body, with headers in ``lang``."""
    return [_sheet(table, lang) for table in spec.tables(msgspec.to_builtins(body), lang)]


@dataclass
class ReportExport:
    """A report laid out as a file: name, media type, rows, bytes."""

    report: str
    format: str
    filename: str
    media_type: str
    rows: int
    content: bytes = field(repr=False)

    async def chunks(self) -> AsyncGenerator[bytes, None]:
        yield self.content


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in ".-" else "-" for ch in text)[:40]


def report_filename(name: str, params: dict[str, Any], day: dt.date, extension: str) -> str:
    """``phieu-satisfaction-2025-000.00.00.H29-2026-12-06.csv``: what, which period
    (``all-periods`` when none), which agency (when one was named), when."""
    parts = ["phieu", _slug(name), _slug(str(params.get("period") or "all-periods"))]
    if params.get("agency"):
        parts.append(_slug(str(params["agency"])))
    return "-".join([*parts, day.isoformat()]) + f".{extension}"


def _about(spec: ReportSpec, report: str, chosen: dict[str, Any], lang: str,
           now: dt.datetime) -> list[tuple[str, str]]:
    """The *About* lines: the report, the time (Vietnam, offset stated), each parameter
    named for people (its description) rather than by its key."""
    described = {p.name: p.description for p in spec.params}
    lines = [(translate(lang, N_("Report")), report),
             (translate(lang, N_("Exported at")), now.isoformat(timespec="seconds"))]
    for name, value in sorted(chosen.items()):
        label = PARAM_LABELS.get(name) or described.get(name) or name
        lines.append((f"{translate(lang, label)} ({name})", _value_text(value, lang)))
    return lines


def _value_text(value: Any, lang: str) -> str:
    if isinstance(value, float):
        return format_number(value, lang, digits=None)
    return str(value)


async def export_report(
    ctx: Context, principal: Principal, report: str, *, fmt: str = "csv",
    locale: str | None = None, params: dict[str, Any] | None = None,
    name: str | None = None,
) -> ReportExport:
    """Run ``report`` with ``params`` (as the analytics API takes them) and lay it out.

    The report's own checks apply (role, agency, every parameter); an
    unknown report is a ``NotFound`` naming the reports, a bad format or
    locale an ``InvalidInput``. ``name`` names the file and the audit's
    dataset when it is not the report's (a dashboard page's download:
    ``trend``).
    """
    spec = report_spec(report)
    chosen_format = formats.choose(formats.REPORTS, (fmt or "csv").strip().lower())
    lang = (locale or "vi").strip().lower()
    if lang not in LOCALES:
        raise InvalidInput("locale must be vi or en.")
    chosen = {k: v for k, v in (params or {}).items() if v is not None}
    body = await run_report(ctx, principal, spec, locale=lang, params=chosen)
    sheets = report_sheets(spec, body, lang)
    count = sum(len(sheet.rows) for sheet in sheets)
    now = vietnam_now()
    about = _about(spec, report, chosen, lang, now)
    keys = {column.key for sheet in sheets for column in sheet.columns}
    about += [(translate(lang, heading), translate(lang, note))
              for key, (heading, note) in COLUMN_NOTES.items() if key in keys]
    assert chosen_format.report is not None
    content = await asyncio.to_thread(chosen_format.report, ReportFile(body, sheets, about, lang))
    await ExportAudit.insert(ExportAudit(
        key_id=principal.key_id[:64], dataset=report, form=None,
        format=chosen_format.name, locale=lang, row_count=count, completed=True,
        finished_at=dt.datetime.now(dt.UTC),
    )).run()
    return ReportExport(
        report=report, format=chosen_format.name,
        filename=report_filename(name or report, chosen, now.date(), chosen_format.extension),
        media_type=chosen_format.media_type, rows=count, content=content)
