"""Table writers: rows plus column specs to CSV, JSON Lines and JSON bytes.

Every export is a table: a sequence of :class:`Column` specs and rows (lists
of cell values in column order) arriving in batches.  The raw-responses
export, the analytics reports and the dashboard downloads share these
writers; XLSX lives in :mod:`forms_service.exports.xlsx`, and
:mod:`forms_service.exports.formats` says which writer serves which format.
A report is written whole: its tables (:class:`Sheet`) and its body, as a
:class:`ReportFile`.

Spreadsheet formula injection: in CSV (and XLSX) a text cell starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``
so that a spreadsheet shows it as text instead of evaluating it, and so does
a formula start right after a comma, semicolon or tab inside the text (a
spreadsheet that splits the file at another list separator would start a
cell there).  CSV quotes every field holding a comma, a semicolon, a quote
or a line break, so that a spreadsheet whose list separator is ``;`` (the
usual one in comma-decimal locales such as vi-VN) keeps it in one cell.  Cells of
columns marked ``trusted`` (whose producer already neutralized them, or
which can only hold numbers and validated codes) are not inspected, which
keeps the per-row cost to the free-text columns.  JSON formats carry values
exactly.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import AsyncGenerator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

import msgspec
import orjson

from forms_service.i18n import N_, translate

__all__ = [
    "FORMULA_START",
    "KINDS",
    "Column",
    "CsvEncoder",
    "Encoder",
    "JsonEncoder",
    "JsonLinesEncoder",
    "ReportFile",
    "Sheet",
    "batched",
    "cell",
    "combined",
    "csv_field",
    "csv_report",
    "csv_table",
    "encode_stream",
    "json_report",
    "json_table",
    "jsonl_table",
    "neutralize",
    "rows_from_dicts",
]

FORMULA_START = frozenset("=+-@\t\r")
KINDS = ("integer", "number", "percent", "text", "code", "label", "flag", "datetime")
BOM = "\ufeff".encode()


# a formula start after a list separator inside a cell
_INNER_FORMULA = re.compile(r"([,;\t])([=+\-@])")
_QUOTE = re.compile(r'[",;\r\n]')


def neutralize(text: str) -> str:
    """``text`` made inert for spreadsheets: a ``'`` before a formula start at the
    beginning or right after a comma, semicolon or tab (``text`` itself if none)."""
    if text[:1] in FORMULA_START:
        text = "'" + text
    if ("," in text or ";" in text or "\t" in text) and _INNER_FORMULA.search(text):
        text = _INNER_FORMULA.sub(r"\1'\2", text)
    return text


def csv_field(value: Any, untrusted: bool = True) -> str:
    """One CSV cell: quoted when it holds a comma, a semicolon, a quote or a line
    break; neutralized first if ``untrusted``."""
    if value is None:
        return ""
    if value.__class__ is not str:
        return str(value)
    if untrusted:
        value = neutralize(value)
    if _QUOTE.search(value) is not None:
        return '"' + value.replace('"', '""') + '"'
    return value  # type: ignore[no-any-return]


def _csv_line(row: Sequence[Any]) -> str:
    if len(row) == 1 and (row[0] is None or row[0] == ""):
        return '""\r\n'  # a lone empty cell, told apart from an empty line
    return ",".join([csv_field(value, False) for value in row]) + "\r\n"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of an exported table.

    Attributes
    ----------
    key:
        Stable machine name (JSON key; first column of the codebook).
    header:
        Header text in the export's language.
    kind:
        One of ``KINDS``; says what the cells hold.
    trusted:
        The producer guarantees the cells are numbers, validated codes or
        already neutralized text; otherwise text cells are neutralized.
    question:
        Longer description for the codebook (the question text).
    codes:
        ``(code, label)`` pairs the column's values come from (codebook).
    note:
        Anything else the codebook should say (e.g. the form versions).
    """

    key: str
    header: str
    kind: str = "text"
    trusted: bool = False
    question: str = ""
    codes: tuple[tuple[Any, str], ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column kind must be one of {', '.join(KINDS)}, got {self.kind!r}")
        if not self.key:
            raise ValueError("a column needs a non-empty key")


def cell(value: Any) -> Any:
    """A plain cell value: booleans as 0/1, datetimes as ISO 8601, decimals as float."""
    if value is None or value.__class__ in (int, float, str):
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return "; ".join(str(cell(item)) for item in value)
    return str(value)


def rows_from_dicts(
    columns: Sequence[Column], items: Iterable[Mapping[str, Any]]
) -> list[list[Any]]:
    """Rows in column order from dicts keyed by column key (missing keys are empty)."""
    keys = [column.key for column in columns]
    return [[cell(item.get(key)) for key in keys] for item in items]


def _untrusted(columns: Sequence[Column]) -> tuple[int, ...]:
    return tuple(i for i, column in enumerate(columns) if not column.trusted)


def neutralize_rows(rows: list[Any], indices: Sequence[int]) -> None:
    """Neutralize, in place, the text cells at ``indices`` of every row."""
    if not indices:
        return
    for n, row in enumerate(rows):
        for i in indices:
            value = row[i]
            if value.__class__ is str and (value[:1] in FORMULA_START or (
                    ("," in value or ";" in value or "\t" in value)
                    and _INNER_FORMULA.search(value))):
                if row.__class__ is not list:
                    row = list(row)
                    rows[n] = row
                row[i] = neutralize(value)


class Encoder(Protocol):
    """Turns a table into bytes, batch by batch."""

    media_type: str
    extension: str

    def start(self) -> bytes: ...

    def rows(self, rows: list[Any]) -> bytes: ...

    def finish(self) -> bytes: ...


class CsvEncoder:
    """RFC 4180 CSV (CRLF line ends; quoted when a cell holds a comma, semicolon,
    quote or line break), UTF-8 with a BOM for Excel."""

    media_type = "text/csv"  # the server adds "; charset=utf-8"
    extension = "csv"

    def __init__(self, columns: Sequence[Column], *, bom: bool = True) -> None:
        self.columns = tuple(columns)
        self.bom = bom
        self._untrusted = _untrusted(self.columns)

    def start(self) -> bytes:
        header = _csv_line([neutralize(column.header) for column in self.columns])
        return (BOM if self.bom else b"") + header.encode("utf-8")

    def rows(self, rows: list[Any]) -> bytes:
        neutralize_rows(rows, self._untrusted)
        return "".join([_csv_line(row) for row in rows]).encode("utf-8")

    def finish(self) -> bytes:
        return b""


class JsonLinesEncoder:
    """One JSON object per row, keyed by column key; values exactly as stored."""

    media_type = "application/x-ndjson"
    extension = "jsonl"

    def __init__(self, columns: Sequence[Column]) -> None:
        self.keys = tuple(column.key for column in columns)

    def start(self) -> bytes:
        return b""

    def rows(self, rows: list[Any]) -> bytes:
        keys, dumps, option = self.keys, orjson.dumps, orjson.OPT_APPEND_NEWLINE
        return b"".join([dumps(dict(zip(keys, row, strict=True)), option=option) for row in rows])

    def finish(self) -> bytes:
        return b""


class JsonEncoder:
    """A JSON array of row objects, written incrementally."""

    media_type = "application/json"
    extension = "json"

    def __init__(self, columns: Sequence[Column]) -> None:
        self.keys = tuple(column.key for column in columns)
        self._first = True

    def start(self) -> bytes:
        return b"["

    def rows(self, rows: list[Any]) -> bytes:
        if not rows:
            return b""
        keys, dumps = self.keys, orjson.dumps
        body = b",\n".join([dumps(dict(zip(keys, row, strict=True))) for row in rows])
        prefix = b"\n" if self._first else b",\n"
        self._first = False
        return prefix + body

    def finish(self) -> bytes:
        return b"\n]\n"


async def batched(rows: Sequence[Any], size: int = 5000) -> AsyncGenerator[list[Any], None]:
    """Rows already in memory (a report, say) as batches for the stream functions."""
    for start in range(0, len(rows), size):
        yield list(rows[start:start + size])


async def encode_stream(
    encoder: Encoder, batches: AsyncGenerator[list[Any], None]
) -> AsyncGenerator[bytes, None]:
    """The encoded table: the header at once, then one chunk per batch."""
    head = encoder.start()
    if head:
        yield head
    async with contextlib.aclosing(batches):
        async for batch in batches:
            chunk = encoder.rows(batch)
            if chunk:
                yield chunk
    tail = encoder.finish()
    if tail:
        yield tail


def csv_table(
    columns: Sequence[Column], batches: AsyncGenerator[list[Any], None], **_: Any
) -> AsyncGenerator[bytes, None]:
    """One table as CSV, batch by batch."""
    return encode_stream(CsvEncoder(columns), batches)


def json_table(
    columns: Sequence[Column], batches: AsyncGenerator[list[Any], None], **_: Any
) -> AsyncGenerator[bytes, None]:
    """One table as a JSON array of row objects, batch by batch."""
    return encode_stream(JsonEncoder(columns), batches)


def jsonl_table(
    columns: Sequence[Column], batches: AsyncGenerator[list[Any], None], **_: Any
) -> AsyncGenerator[bytes, None]:
    """One table as JSON Lines, batch by batch."""
    return encode_stream(JsonLinesEncoder(columns), batches)


@dataclass
class Sheet:
    """One table of a report: a sheet of the workbook, a section of the CSV."""

    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]


@dataclass(frozen=True)
class ReportFile:
    """What a report file is written from: the body, its tables, the facts of the export.

    ``about`` holds (name, value) pairs: the report, the time of the export,
    the parameters; ``locale`` the language of the headers.
    """

    body: msgspec.Struct
    sheets: list[Sheet]
    about: list[tuple[str, str]]
    locale: str


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


def csv_report(report: ReportFile) -> bytes:
    """A report as one CSV table (several tables become sections, see :func:`combined`)."""
    columns, rows = combined(report.sheets, report.locale)
    encoder = CsvEncoder(columns)
    return encoder.start() + encoder.rows([list(row) for row in rows]) + encoder.finish()


def json_report(report: ReportFile) -> bytes:
    """A report as its API body."""
    return msgspec.json.encode(report.body)
