"""The one map of export formats: what each export offers, and the files written."""

from __future__ import annotations

import csv
import io
import json

import msgspec
import openpyxl
import pytest

from forms_service.errors import InvalidInput
from forms_service.exports import formats
from forms_service.exports.formats import DASHBOARD, FORMATS, REPORTS, RESPONSES, ExportFormat
from forms_service.exports.writers import Column, ReportFile, Sheet, batched, csv_report


def test_each_export_offers_its_formats() -> None:
    assert formats.offered(RESPONSES) == ["csv", "xlsx", "jsonl"]
    assert formats.offered(REPORTS) == ["csv", "xlsx", "json"]
    assert formats.offered(DASHBOARD) == ["csv", "xlsx", "json"]
    assert formats.choices_text(RESPONSES) == "csv (default), xlsx or jsonl"
    assert formats.labels_text(RESPONSES) == "CSV, XLSX or JSON Lines"
    assert formats.pattern(REPORTS) == "^(csv|xlsx|json)?$"
    assert formats.choose(REPORTS, "xlsx").media_type == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    with pytest.raises(InvalidInput) as caught:
        formats.choose(REPORTS, "jsonl")
    assert str(caught.value) == "format must be csv, xlsx or json."
    with pytest.raises(InvalidInput) as caught:
        formats.choose(RESPONSES, "pdf")
    assert str(caught.value) == "format must be csv, xlsx or jsonl."


def test_a_format_has_the_writers_of_the_exports_it_is_offered_for() -> None:
    for fmt in FORMATS.values():
        assert (fmt.table is not None) >= bool({RESPONSES, DASHBOARD} & set(fmt.offers))
        assert (fmt.report is not None) >= (REPORTS in fmt.offers)
    with pytest.raises(ValueError, match="without a writer"):
        ExportFormat("ods", "ODS", "application/vnd.oasis.opendocument.spreadsheet",
                     {REPORTS: "the report's tables"})
    with pytest.raises(ValueError, match="8 letters"):
        ExportFormat("spreadsheet", "X", "x/y", {})


class Body(msgspec.Struct):
    rows: list[int]


SHEETS = [
    Sheet("reach", "Mức độ tiếp cận", [Column("channel", "Kênh", "code", trusted=True),
                                        Column("n", "Số", "integer", trusted=True)],
          [["tv", 12], ["zalo", 8]]),
    Sheet("grades", "Mức độ", [Column("grade", "Mức", "code", trusted=True),
                                Column("label", "Nhãn")], [["A", "=1+1"]]),
]


def test_a_report_file_in_each_format() -> None:
    report = ReportFile(Body(rows=[1, 2]), SHEETS, [("Báo cáo", "x")], "vi")
    rows = list(csv.reader(io.StringIO(csv_report(report).decode("utf-8-sig"))))
    assert rows[0] == ["Phần", "Kênh", "Số", "Mức", "Nhãn"]
    assert rows[1:] == [["reach", "tv", "12", "", ""], ["reach", "zalo", "8", "", ""],
                        ["grades", "", "", "A", "'=1+1"]]
    assert json.loads(FORMATS["json"].report(report)) == {"rows": [1, 2]}  # type: ignore[misc]
    book = openpyxl.load_workbook(io.BytesIO(FORMATS["xlsx"].report(report)))  # type: ignore[misc]
    assert book.sheetnames == ["Mức độ tiếp cận", "Mức độ", "Thông tin"]
    assert list(book["Mức độ"].iter_rows(values_only=True)) == [("Mức", "Nhãn"), ("A", "'=1+1")]


async def test_one_table_in_each_format() -> None:
    columns = [Column("n", "n", "integer", trusted=True), Column("label", "label")]
    out = {}
    for name in formats.offered(DASHBOARD):
        table = [[1, "một"], [2, "=hai"]]  # the CSV writer neutralizes the rows in place
        chunks = FORMATS[name].write_table(columns, batched(table), locale="en",
                                           sheet_name="rows")
        out[name] = b"".join([chunk async for chunk in chunks])
    assert out["csv"].decode("utf-8-sig") == "n,label\r\n1,một\r\n2,'=hai\r\n"
    assert json.loads(out["json"]) == [{"n": 1, "label": "một"}, {"n": 2, "label": "=hai"}]
    assert out["xlsx"][:2] == b"PK"
    chunks = FORMATS["jsonl"].write_table(columns, batched([[1, "một"], [2, "=hai"]]))
    lines = b"".join([chunk async for chunk in chunks]).decode().splitlines()
    assert [json.loads(line) for line in lines] == [{"n": 1, "label": "một"},
                                                    {"n": 2, "label": "=hai"}]
