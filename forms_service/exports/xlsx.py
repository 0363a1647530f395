"""XLSX: the table on a first sheet, a codebook describing it on a second.

xlsxwriter's ``constant_memory`` mode flushes each row to a temporary file
as soon as the next one starts, so memory stays flat however many rows
there are; the workbook (a zip) can only be assembled at the end, after
which the file is streamed.  Text cells of untrusted columns are neutralized
as in CSV, and every string is written as a string (never as a formula, a
number or a link), with line breaks as LF (a CR would come back from
most readers as ``_x000D_``).  A sheet holds at most 1,048,576 rows: longer
tables go on to further sheets with the same header.

:func:`xlsx_report` writes a whole report instead: each of its tables on a
sheet, then an *About* sheet.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import io
import os
import tempfile
from collections.abc import AsyncGenerator, Sequence
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]

from forms_service.errors import N_
from forms_service.exports.writers import Column, ReportFile, neutralize, neutralize_rows
from forms_service.i18n import VIETNAM, translate

__all__ = ["XLSX_MEDIA_TYPE", "XlsxBook", "xlsx_report", "xlsx_stream"]

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 1_048_576
CHUNK = 1 << 20

CODEBOOK_HEADERS = (
    N_("Column"), N_("Header"), N_("Question"), N_("Kind"), N_("Code"), N_("Label"), N_("Note"),
)
KIND_NAMES = {
    "integer": N_("whole number"),
    "number": N_("number"),
    "percent": N_("proportion from 0 to 1, shown as a percentage"),
    "text": N_("text"),
    "code": N_("code"),
    "label": N_("label"),
    "flag": N_("0/1 (1 = chosen)"),
    "datetime": N_("date and time, Vietnam time (UTC+07:00)"),
}


def _sheet_name(name: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in name).strip("' ")
    return (cleaned or "Sheet")[:31]


class XlsxBook:
    """A workbook being written row by row to ``path`` (synchronous)."""

    def __init__(
        self, path: str, columns: Sequence[Column], *, locale: str = "vi",
        sheet_name: str = "Data", about: Sequence[tuple[str, str]] = (),
        max_rows: int = MAX_ROWS,
    ) -> None:
        self.columns = tuple(columns)
        self.max_rows = max_rows
        self.locale = locale
        self.sheet_name = _sheet_name(sheet_name)
        self._untrusted = tuple(i for i, c in enumerate(self.columns) if not c.trusted)
        self.book = xlsxwriter.Workbook(path, {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "use_zip64": True,
            "tmpdir": os.path.dirname(path) or None,
        })
        self._bold = self.book.add_format({"bold": True})
        self._moment = self.book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        self._moments = tuple(i for i, c in enumerate(self.columns) if c.kind == "datetime")
        self._sheets = 0
        self._new_sheet()
        self._codebook(about)

    def _new_sheet(self) -> None:
        self._sheets += 1
        name = self.sheet_name if self._sheets == 1 else f"{self.sheet_name[:26]} ({self._sheets})"
        self.sheet = self.book.add_worksheet(name)
        self.sheet.freeze_panes(1, 0)
        self.sheet.set_column(0, max(len(self.columns) - 1, 0), 16)
        self.sheet.write_row(0, 0, [neutralize(c.header) for c in self.columns], self._bold)
        self._row = 1

    def _codebook(self, about: Sequence[tuple[str, str]]) -> None:
        t = self.locale
        sheet = self.book.add_worksheet(_sheet_name(translate(t, N_("Codebook"))))
        sheet.set_column(0, 1, 24)
        sheet.set_column(2, 2, 48)
        sheet.set_column(3, 6, 16)
        sheet.write_row(0, 0, [translate(t, h) for h in CODEBOOK_HEADERS], self._bold)
        row = 1
        for column in self.columns:
            kind = translate(t, KIND_NAMES[column.kind])
            sheet.write_row(row, 0, [column.key, neutralize(column.header),
                                     neutralize(column.question), kind, None, None,
                                     neutralize(column.note)])
            row += 1
            for code, label in column.codes:
                code_cell = neutralize(code) if isinstance(code, str) else code
                sheet.write_row(row, 0, [column.key, None, None, None, code_cell,
                                         neutralize(label)])
                row += 1
        if about:
            row += 1
            for name, value in about:
                sheet.write_row(row, 0, [neutralize(name), neutralize(value)])
                row += 1

    def write_rows(self, rows: list[Any]) -> None:
        neutralize_rows(rows, self._untrusted)
        _line_feeds(rows, self._untrusted)
        moments, moment_format = self._moments, self._moment
        for values in rows:
            if self._row >= self.max_rows:
                self._new_sheet()
            self.sheet.write_row(self._row, 0, values)
            for i in moments:  # an Excel date-time (Vietnam time, as the header says)
                value = values[i]
                if value.__class__ is str:
                    self.sheet.write_datetime(self._row, i, _local(value), moment_format)
            self._row += 1

    def close(self) -> None:
        self.book.close()


def _local(text: str) -> dt.datetime:
    """An ISO 8601 time as the naive Vietnam time an Excel cell holds."""
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(VIETNAM).replace(tzinfo=None)
    return moment


def _line_feeds(rows: list[Any], indices: Sequence[int]) -> None:
    """CR LF and lone CR as LF, in place: a cell's line break in a spreadsheet."""
    for row in rows:
        for i in indices:
            value = row[i]
            if value.__class__ is str and "\r" in value:
                row[i] = value.replace("\r\n", "\n").replace("\r", "\n")


async def xlsx_stream(
    columns: Sequence[Column], batches: AsyncGenerator[list[Any], None], *, locale: str = "vi",
    sheet_name: str = "Data", about: Sequence[tuple[str, str]] = (),
) -> AsyncGenerator[bytes, None]:
    """Build the workbook in a temporary file from ``batches``, then stream it."""
    directory = tempfile.mkdtemp(prefix="phieu-xlsx-")
    path = os.path.join(directory, "export.xlsx")
    try:
        book = await asyncio.to_thread(
            XlsxBook, path, columns, locale=locale, sheet_name=sheet_name, about=about
        )
        try:
            async with contextlib.aclosing(batches):
                async for batch in batches:
                    await asyncio.to_thread(book.write_rows, batch)
        finally:
            await asyncio.to_thread(book.close)
        with open(path, "rb") as handle:  # a local temporary file, read 1 MiB at a time
            while chunk := handle.read(CHUNK):
                yield chunk
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        with contextlib.suppress(OSError):
            for leftover in os.listdir(directory):
                os.unlink(os.path.join(directory, leftover))
            os.rmdir(directory)


def xlsx_report(report: ReportFile) -> bytes:
    """A report's tables, a sheet each, and an *About* sheet; built in memory
    (reports have thousands of rows, not millions)."""
    lang = report.locale
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
        "strings_to_urls": False, "nan_inf_to_errors": True,
    })
    bold = book.add_format({"bold": True})
    percent = book.add_format({"num_format": "0.0%"})
    for sheet in report.sheets:
        page = book.add_worksheet(_sheet_name(sheet.title))
        page.freeze_panes(1, 0)
        page.set_column(0, max(len(sheet.columns) - 1, 0), 16)
        page.write_row(0, 0, [neutralize(c.header) for c in sheet.columns], bold)
        untrusted = [i for i, c in enumerate(sheet.columns) if not c.trusted]
        rows = [list(row) for row in sheet.rows]
        neutralize_rows(rows, untrusted)
        shares = [i for i, c in enumerate(sheet.columns) if c.kind == "percent"]
        for number, row in enumerate(rows, start=1):
            page.write_row(number, 0, row)
            for i in shares:  # proportions as percentage cells (0.934 shows 93.4%)
                if isinstance(row[i], int | float):
                    page.write_number(number, i, row[i], percent)
    page = book.add_worksheet(_sheet_name(translate(lang, N_("About"))))
    page.set_column(0, 0, 28)
    page.set_column(1, 1, 48)
    for number, (name, value) in enumerate(report.about):
        page.write_row(number, 0, [neutralize(name), neutralize(value)])
    book.close()
    return buffer.getvalue()
