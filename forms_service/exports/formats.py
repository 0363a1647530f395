"""The file formats of the exports, in one map: name → media type, writers, where offered.

Three exports write files: a form's raw responses (``responses``), the
analytics reports (``reports``: ``/api/v1/exports/<report>`` and
``phieu export report``) and the downloads of the dashboard pages
(``dashboard``). Each reads :data:`FORMATS` for the formats it offers, the
media type and extension of the file and the function that writes it; the
``--format`` choices of the commands and the OpenAPI document (the
``format`` pattern, the media types of each download) are made from it too.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from forms_service.errors import InvalidInput
from forms_service.exports.writers import (
    Column,
    CsvEncoder,
    JsonLinesEncoder,
    ReportFile,
    csv_report,
    csv_table,
    json_report,
    json_table,
    jsonl_table,
)
from forms_service.exports.xlsx import XLSX_MEDIA_TYPE, xlsx_report, xlsx_stream
from forms_service.patterns import one_of

__all__ = [
    "DASHBOARD",
    "FORMATS",
    "REPORTS",
    "RESPONSES",
    "ExportFormat",
    "choices_text",
    "choose",
    "labels_text",
    "offered",
    "pattern",
]

RESPONSES = "responses"
REPORTS = "reports"
DASHBOARD = "dashboard"

#: ``(columns, batches, *, locale, sheet_name, about) -> chunks``: one table, as it comes
TableWriter = Callable[..., AsyncGenerator[bytes, None]]
#: ``(report) -> bytes``: a whole report (run in a worker thread)
ReportWriter = Callable[[ReportFile], bytes]


@dataclass(frozen=True)
class ExportFormat:
    """One file format.

    Attributes
    ----------
    name : str
        The value of ``format`` and the file's extension (at most 8
        characters: ``export_audit.format``).
    label : str
        Its name for people (``JSON Lines``).
    media_type : str
        The ``Content-Type`` of the file.
    offers : mapping
        The exports offering the format (:data:`RESPONSES`,
        :data:`REPORTS`, :data:`DASHBOARD`), each with what the file holds
        there (the OpenAPI document's description of the download).
    table : callable or None
        Writes one table batch by batch: ``table(columns, batches, *,
        locale, sheet_name, about)`` yields the file's bytes. Needed for
        :data:`RESPONSES`.
    report : callable or None
        Writes a whole report (its body and tables, a
        :class:`~forms_service.exports.writers.ReportFile`) as bytes.
        Needed for :data:`REPORTS` and :data:`DASHBOARD` (a page's download
        is its report's export).
    """

    name: str
    label: str
    media_type: str
    offers: Mapping[str, str]
    table: TableWriter | None = None
    report: ReportWriter | None = None

    def __post_init__(self) -> None:
        if not self.name.isalnum() or len(self.name) > 8:
            raise ValueError(f"a format's name is at most 8 letters or digits: {self.name!r}")
        needs = {RESPONSES: self.table, DASHBOARD: self.report, REPORTS: self.report}
        for export in self.offers:
            if needs.get(export, ...) is None:
                raise ValueError(f"format {self.name} is offered for {export} without a writer")

    @property
    def extension(self) -> str:
        return self.name

    def write_table(self, columns: Sequence[Column], batches: AsyncGenerator[list[Any], None],
                    **options: Any) -> AsyncGenerator[bytes, None]:
        """The bytes of one table (see ``table``)."""
        assert self.table is not None
        return self.table(columns, batches, **options)


#: Every format, in the order they are listed (the first is the default).
FORMATS: Mapping[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("csv", "CSV", CsvEncoder.media_type, {
        RESPONSES: "UTF-8 with a BOM, RFC 4180",
        REPORTS: "the report's table, UTF-8 with a BOM",
        DASHBOARD: "the page's report, UTF-8 with a BOM",
    }, table=csv_table, report=csv_report),
    ExportFormat("xlsx", "XLSX", XLSX_MEDIA_TYPE, {
        RESPONSES: "the responses and a codebook sheet",
        REPORTS: "the report's tables",
        DASHBOARD: "the page's report: its tables and an About sheet",
    }, table=xlsx_stream, report=xlsx_report),
    ExportFormat("json", "JSON", "application/json", {
        REPORTS: "the report as the analytics API returns it",
        DASHBOARD: "the page's report as the analytics API returns it",
    }, table=json_table, report=json_report),
    ExportFormat("jsonl", "JSON Lines", JsonLinesEncoder.media_type, {
        RESPONSES: "one JSON object per response",
    }, table=jsonl_table),
)}


def offered(export: str) -> list[str]:
    """The names of the formats ``export`` offers, in order."""
    return [name for name, fmt in FORMATS.items() if export in fmt.offers]


def choose(export: str, name: str) -> ExportFormat:
    """The format ``name`` of ``export``, or ``InvalidInput`` naming the formats."""
    names = offered(export)
    if name not in names:
        raise InvalidInput("format must be {formats} or {last}.",
                           formats=", ".join(names[:-1]), last=names[-1])
    return FORMATS[name]


def choices_text(export: str) -> str:
    """``csv (default), xlsx or json``: the ``format`` parameter's description."""
    first, *others = offered(export)
    listed = f"{first} (default)"
    return f"{listed}, {', '.join(others[:-1])} or {others[-1]}" if len(others) > 1 else (
        f"{listed} or {others[0]}" if others else listed)


def labels_text(export: str) -> str:
    """``CSV, XLSX or JSON Lines``: the formats of ``export`` for people."""
    *others, last = [FORMATS[name].label for name in offered(export)]
    return f"{', '.join(others)} or {last}" if others else last


def pattern(export: str) -> str:
    """The ``format`` values ``export`` accepts (or empty, the default)."""
    return one_of(offered(export))
