"""Exporting the analytics reports as CSV, XLSX or JSON files.

:func:`export_report` runs the report with the same service function (and
so the same parameters, checks and access rules) as
``GET /api/v1/analytics/{report}``, then lays its body out as tables:

* ``satisfaction``, ``online-rate`` and ``excellence`` are one table each
  (an excellence row is a candidate with its evidence flattened into
  columns, ``section`` saying whether it is nominated for citizens, for
  businesses, or left out);
* ``communication`` has three: the reach of each channel, the outcomes
  among those reached and not reached, and the before/after comparisons;
* ``rankings`` has two: the ranked agencies and the grade distribution.

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
import io
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import msgspec

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.errors import N_, InvalidInput, NotFound
from forms_service.exports.report_columns import (
    BEFORE_AFTER,
    EFFECTS,
    EXCELLENCE,
    GRADES,
    ONLINE_RATE,
    RANKINGS,
    REACH,
    SATISFACTION,
    WORDS,
    Spec,
)
from forms_service.exports.tables import ExportAudit
from forms_service.exports.writers import (
    Column,
    CsvEncoder,
    cell,
    neutralize,
    neutralize_rows,
)
from forms_service.exports.xlsx import XLSX_MEDIA_TYPE
from forms_service.i18n import DEFAULT_LOCALE, LOCALES, translate, vietnam_now

__all__ = ["FORMATS", "REPORTS", "ReportExport", "Sheet", "export_report", "report_sheets"]

REPORTS = ("satisfaction", "excellence", "online-rate", "communication", "rankings")
FORMATS = ("csv", "xlsx", "json")
MEDIA_TYPES = {"csv": CsvEncoder.media_type, "xlsx": XLSX_MEDIA_TYPE, "json": "application/json"}

# kinds whose cells are numbers (or text the report formatted from numbers)
_NUMERIC = ("integer", "number", "flag")


@dataclass
class Sheet:
    """One table of a report: a sheet of the workbook, a section of the CSV."""

    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]


def _flatten(value: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, item in value.items():
        if isinstance(item, dict):
            out.update(_flatten(item, f"{prefix}{key}."))
        elif isinstance(item, list):
            out[f"{prefix}{key}"] = "; ".join(str(v) for v in item)
        else:
            out[f"{prefix}{key}"] = item
    return out


def _sheet(key: str, title: str, specs: Sequence[Spec], items: list[dict[str, Any]],
           lang: str) -> Sheet:
    flat = [_flatten(item) for item in items]
    kept = [s for s in specs
            if not s.optional or any(row.get(s.key) is not None for row in flat)]
    columns = [Column(key=s.key, header=_header(s.header, lang), kind=s.kind,
                      trusted=s.kind in _NUMERIC or s.formatted) for s in kept]
    rows = [[cell(row.get(s.key)) for s in kept] for row in flat]
    return Sheet(key, translate(lang, title), columns, rows)


def _header(header: str, lang: str) -> str:
    # "Reached: rate" is translated piece by piece
    return ": ".join(translate(lang, part) for part in header.split(": "))


def report_sheets(report: str, body: msgspec.Struct, lang: str) -> list[Sheet]:
    """The tables of a report body, with headers in ``lang``."""
    data = msgspec.to_builtins(body)
    if report == "satisfaction":
        return [_sheet("satisfaction", N_("Satisfaction"), SATISFACTION, data["rows"], lang)]
    if report == "online-rate":
        return [_sheet("online-rate", N_("Online dossiers"), ONLINE_RATE, data["rows"], lang)]
    if report == "excellence":
        items = [{"section": section, "section_text": translate(lang, WORDS[section]),
                  **candidate}
                 for section in ("citizen", "business", "excluded")
                 for candidate in data[section]]
        return [_sheet("excellence", N_("Nominations"), EXCELLENCE, items, lang)]
    if report == "communication":
        labels = {r["channel"]: r["label"] for r in data["reach"]}
        effects = [{**e, "channel_label": labels.get(e["channel"], e["channel"]),
                    "outcome_label": translate(lang, WORDS.get(e["outcome"], e["outcome"]))}
                   for e in data["effects"]]
        before_after = [{**c, "outcome_label": translate(
            lang, WORDS.get(c["outcome"], c["outcome"]))} for c in data["before_after"]]
        sheets = [_sheet("reach", N_("Reach"), REACH, data["reach"], lang),
                  _sheet("effects", N_("Outcomes by channel"), EFFECTS, effects, lang)]
        if data.get("campaign_start"):
            sheets.append(_sheet("before_after", N_("Before and after"), BEFORE_AFTER,
                                 before_after, lang))
        return sheets
    if report == "rankings":
        ranked = [{"kind": b["kind"], "title": b["title"], **row}
                  for b in data["blocks"] for row in b["rows"]]
        grades = [{"kind": b["kind"], "title": b["title"], **g, "line": line}
                  for b in data["blocks"]
                  for g, line in zip(b["distribution"], b["distribution_lines"], strict=False)]
        return [_sheet("rankings", N_("Rankings"), RANKINGS, ranked, lang),
                _sheet("grades", N_("Grades"), GRADES, grades, lang)]
    raise _unknown(report)


def _unknown(report: str) -> NotFound:
    return NotFound("There is no report {report}: the reports are {reports}.",
                    report=report[:40], reports=", ".join(REPORTS))


def combined(sheets: list[Sheet], lang: str) -> tuple[list[Column], list[list[Any]]]:
    """One table from several: a ``section`` column, then the union of the columns."""
    if len(sheets) == 1:
        return sheets[0].columns, sheets[0].rows
    columns: dict[str, Column] = {}
    for sheet in sheets:
        for column in sheet.columns:
            columns.setdefault(column.key, column)
    keys = list(columns)
    rows = []
    for sheet in sheets:
        where = {column.key: i for i, column in enumerate(sheet.columns)}
        for row in sheet.rows:
            rows.append([sheet.key, *(row[where[k]] if k in where else None for k in keys)])
    section = Column(key="section", header=translate(lang, N_("Section")), kind="code",
                     trusted=True)
    return [section, *columns.values()], rows


def _csv(sheets: list[Sheet], lang: str) -> bytes:
    columns, rows = combined(sheets, lang)
    encoder = CsvEncoder(columns)
    return encoder.start() + encoder.rows([list(row) for row in rows]) + encoder.finish()


def _xlsx(sheets: list[Sheet], about: list[tuple[str, str]], lang: str) -> bytes:
    """The workbook in memory: reports have thousands of rows, not millions."""
    import xlsxwriter  # type: ignore[import-untyped]

    from forms_service.exports.xlsx import _sheet_name

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
        "strings_to_urls": False, "nan_inf_to_errors": True,
    })
    bold = book.add_format({"bold": True})
    for sheet in sheets:
        page = book.add_worksheet(_sheet_name(sheet.title))
        page.freeze_panes(1, 0)
        page.set_column(0, max(len(sheet.columns) - 1, 0), 16)
        page.write_row(0, 0, [neutralize(c.header) for c in sheet.columns], bold)
        untrusted = [i for i, c in enumerate(sheet.columns) if not c.trusted]
        rows = [list(row) for row in sheet.rows]
        neutralize_rows(rows, untrusted)
        for number, row in enumerate(rows, start=1):
            page.write_row(number, 0, row)
    page = book.add_worksheet(_sheet_name(translate(lang, N_("About"))))
    page.set_column(0, 0, 28)
    page.set_column(1, 1, 48)
    for number, (name, value) in enumerate(about):
        page.write_row(number, 0, [neutralize(name), neutralize(value)])
    book.close()
    return buffer.getvalue()


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


Runner = Callable[..., Awaitable[msgspec.Struct]]


def _runner(report: str) -> Runner:
    from forms_service.reports import communication, excellence, online, rankings, satisfaction

    return {  # type: ignore[return-value]
        "satisfaction": satisfaction.satisfaction_report,
        "excellence": excellence.excellence_report,
        "online-rate": online.online_rate_report,
        "communication": communication.communication_report,
        "rankings": rankings.rankings_report,
    }[report]


def check_format(fmt: str | None) -> str:
    value = (fmt or "csv").strip().lower()
    if value not in FORMATS:
        raise InvalidInput("format must be csv, xlsx or json.")
    return value


async def export_report(
    ctx: Context, principal: Principal, report: str, *, fmt: str = "csv",
    locale: str | None = None, params: dict[str, Any] | None = None,
) -> ReportExport:
    """Run ``report`` with ``params`` (as the analytics API takes them) and lay it out.

    The report's own checks apply (role, agency, every parameter); an
    unknown report is a ``NotFound`` naming the reports, a bad format or
    locale an ``InvalidInput``.
    """
    if report not in REPORTS:
        raise _unknown(report)
    fmt = check_format(fmt)
    lang = (locale or DEFAULT_LOCALE).strip().lower()
    if lang not in LOCALES:
        raise InvalidInput("locale must be vi or en.")
    chosen = {k: v for k, v in (params or {}).items() if v is not None}
    body = await _runner(report)(ctx, principal, locale=lang, **chosen)
    sheets = report_sheets(report, body, lang)
    count = sum(len(sheet.rows) for sheet in sheets)
    now = vietnam_now()
    if fmt == "json":
        content = msgspec.json.encode(body)
    elif fmt == "csv":
        content = _csv(sheets, lang)
    else:
        about = [(translate(lang, N_("Report")), report),
                 (translate(lang, N_("Exported at")), now.isoformat(timespec="seconds")),
                 *((name, str(value)) for name, value in sorted(chosen.items()))]
        content = await asyncio.to_thread(_xlsx, sheets, about, lang)
    await ExportAudit.insert(ExportAudit(
        key_id=principal.key_id[:64], dataset=report, form=None, format=fmt, locale=lang,
        row_count=count, completed=True, finished_at=dt.datetime.now(dt.UTC),
    )).run()
    return ReportExport(report=report, format=fmt,
                        filename=f"phieu-{report}-{now.date().isoformat()}.{fmt}",
                        media_type=MEDIA_TYPES[fmt], rows=count, content=content)
