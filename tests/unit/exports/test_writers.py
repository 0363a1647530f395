"""The table writers, read back by the csv module, json and openpyxl."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from forms_service.exports.writers import (
    FORMULA_START,
    Column,
    CsvEncoder,
    JsonEncoder,
    JsonLinesEncoder,
    batched,
    encode_stream,
    neutralize,
    rows_from_dicts,
)
from forms_service.exports.xlsx import XlsxBook, xlsx_stream

COLUMNS = (
    Column("id", "Mã", "integer", trusted=True),
    Column("name", "Tên cơ quan", "text"),
    Column("rate", "Tỷ lệ hài lòng", "number"),
    Column("grade", "=Xếp loại", "code", trusted=True, question="Mức độ",
           codes=(("A", "Xuất sắc"), ("B", "Tốt"))),
)
TRICKY = [
    [1, "Sở Tư pháp, tỉnh Hải Dương", 0.925, "A"],
    [2, 'Trung tâm "Một cửa"\r\nhuyện Kim Thành', 0.8, "B"],
    [3, None, None, None],
    [4, "Ủy ban nhân dân xã\nĐồng Gia; “ngoặc kép”", -0.5, "B"],
]


def _csv(rows: list[list[object]], columns: tuple[Column, ...] = COLUMNS) -> bytes:
    encoder = CsvEncoder(columns)
    return encoder.start() + encoder.rows([list(row) for row in rows]) + encoder.finish()


def test_csv_is_utf8_with_bom_and_rfc4180_quoting() -> None:
    body = _csv(TRICKY)
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.endswith(b"\r\n")
    text = body.decode("utf-8-sig")
    assert '"Trung tâm ""Một cửa""\r\nhuyện Kim Thành"' in text  # quotes doubled, CRLF kept
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["Mã", "Tên cơ quan", "Tỷ lệ hài lòng", "'=Xếp loại"]
    assert rows[1:] == [[str(v) if v is not None else "" for v in row] for row in TRICKY]


@pytest.mark.parametrize("start", sorted(FORMULA_START))
def test_formula_starts_are_neutralized_in_untrusted_columns(start: str) -> None:
    value = f"{start}HYPERLINK(\"http://x\")"
    body = _csv([[1, value, value, "A"]])
    row = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))[1]
    assert row[1] == "'" + value and row[2] == "'" + value
    assert neutralize(value) == "'" + value


def test_trusted_columns_and_numbers_are_left_alone() -> None:
    body = _csv([[1, "Bình thường", -0.5, "-A"]])
    row = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))[1]
    assert row == ["1", "Bình thường", "-0.5", "-A"]  # negative numbers stay numbers
    assert neutralize("") == "" and neutralize("a=b") == "a=b"


def test_json_lines_and_json_carry_exact_values() -> None:
    encoder = JsonLinesEncoder(COLUMNS)
    body = encoder.start() + encoder.rows([list(r) for r in TRICKY]) + encoder.finish()
    lines = [json.loads(line) for line in body.decode().splitlines()]
    assert lines[1] == {"id": 2, "name": TRICKY[1][1], "rate": 0.8, "grade": "B"}
    assert lines[2] == {"id": 3, "name": None, "rate": None, "grade": None}
    array = JsonEncoder(COLUMNS)
    body = (array.start() + array.rows([list(r) for r in TRICKY[:2]])
            + array.rows([list(TRICKY[3])]) + array.rows([]) + array.finish())
    assert [item["id"] for item in json.loads(body)] == [1, 2, 4]
    empty = JsonEncoder(COLUMNS)
    assert json.loads(empty.start() + empty.finish()) == []


def test_rows_from_dicts_for_reports() -> None:
    items = [{"id": 1, "name": "Bộ Tư pháp", "rate": Decimal("0.5"), "extra": "x"},
             {"id": 2, "grade": True, "name": dt.date(2023, 7, 1)}]
    assert rows_from_dicts(COLUMNS, items) == [
        [1, "Bộ Tư pháp", 0.5, None], [2, "2023-07-01", None, 1]]


def test_a_column_checks_its_kind() -> None:
    with pytest.raises(ValueError, match="kind"):
        Column("x", "X", "money")
    with pytest.raises(ValueError, match="key"):
        Column("", "X")


async def test_encode_stream_sends_the_header_first_then_a_chunk_per_batch() -> None:
    chunks = [c async for c in encode_stream(CsvEncoder(COLUMNS),
                                             batched([list(r) for r in TRICKY], size=3))]
    assert len(chunks) == 3 and chunks[0].count(b"\r\n") == 1
    assert b"".join(chunks) == _csv(TRICKY)


def _as_in_xlsx(rows: list[list[object]]) -> list[tuple[object, ...]]:
    """Line breaks become LF in a spreadsheet cell."""
    return [tuple(v.replace("\r\n", "\n") if isinstance(v, str) else v for v in row)
            for row in rows]


def _xlsx_rows(path: Path) -> tuple[list[tuple[object, ...]], openpyxl.Workbook]:
    book = openpyxl.load_workbook(path)
    return list(book.worksheets[0].iter_rows(values_only=True)), book


def test_xlsx_round_trip_with_codebook_and_about(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    book = XlsxBook(str(path), COLUMNS, locale="en", sheet_name="Agencies",
                    about=[("Form", "hai-long")])
    attack = '=HYPERLINK("http://evil")'
    book.write_rows([list(r) for r in TRICKY] + [[5, attack, 1, "A"]])
    book.close()
    rows, workbook = _xlsx_rows(path)
    assert workbook.sheetnames == ["Agencies", "Codebook"]
    assert rows[0] == ("Mã", "Tên cơ quan", "Tỷ lệ hài lòng", "'=Xếp loại")
    assert rows[1:5] == _as_in_xlsx(TRICKY)
    assert rows[5] == (5, "'" + attack, 1, "A")
    assert workbook.worksheets[0]["B6"].data_type == "s"
    codebook = list(workbook["Codebook"].iter_rows(values_only=True))
    assert codebook[0] == ("Column", "Header", "Question", "Kind", "Code", "Label", "Note")
    assert ("grade", "'=Xếp loại", "Mức độ", "code", None, None, None) in codebook
    assert ("grade", None, None, None, "A", "Xuất sắc", None) in codebook
    assert ("Form", "hai-long", None, None, None, None, None) in codebook


def test_xlsx_goes_on_to_further_sheets_when_one_is_full(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    book = XlsxBook(str(path), COLUMNS, sheet_name="Phản hồi", max_rows=3)
    book.write_rows([[i, f"r{i}", None, None] for i in range(5)])
    book.close()
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Phản hồi", "Bảng mã", "Phản hồi (2)", "Phản hồi (3)"]
    ids = [[row[0] for row in workbook[name].iter_rows(values_only=True)]
           for name in ("Phản hồi", "Phản hồi (2)", "Phản hồi (3)")]
    assert ids == [["Mã", 0, 1], ["Mã", 2, 3], ["Mã", 4]]


async def test_xlsx_stream_builds_then_streams_and_cleans_up(tmp_path: Path) -> None:
    body = b"".join([c async for c in xlsx_stream(COLUMNS, batched([list(r) for r in TRICKY]))])
    path = tmp_path / "s.xlsx"
    path.write_bytes(body)
    rows, _ = _xlsx_rows(path)
    assert rows[1:] == _as_in_xlsx(TRICKY)
