"""CSV read with ``;`` as the list separator (Excel in vi-VN and other
comma-decimal locales) keeps each text in its cell and starts no formula."""

from __future__ import annotations

import csv
import io

import pytest

from forms_service.exports.writers import Column, CsvEncoder, csv_field, neutralize

HOSTILE = ["ok;=1+1", "a,=HYPERLINK(\"x\")", "x;+1", "y,@SUM(A1)", "z\t-2", "=1+1"]


def _cells(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_no_cell_starts_a_formula_whatever_the_separator(value: str, delimiter: str) -> None:
    encoder = CsvEncoder([Column("id", "id", kind="integer", trusted=True),
                          Column("text", "text")], bom=False)
    text = (encoder.start() + encoder.rows([[1, value]])).decode("utf-8")
    for row in _cells(text, delimiter):
        for cell in row:
            assert cell[:1] not in "=+-@", (value, delimiter, row)


def test_semicolons_are_quoted_and_formula_starts_after_separators_neutralized() -> None:
    assert csv_field("ok;=1+1") == "\"ok;'=1+1\""
    assert csv_field("a;b", untrusted=False) == '"a;b"'
    assert neutralize("tốt, -") == "tốt, -"  # a space after the separator: no formula
    assert neutralize("1;-2") == "1;'-2"
    assert neutralize("không có gì") == "không có gì"


def test_the_encoder_matches_the_csv_module_when_nothing_needs_more_quoting() -> None:
    rows = [[1, "một", 2.5, None], [2, 'có "ngoặc"', 0, "dòng\nhai"]]
    columns = [Column(k, k) for k in "abcd"]
    ours = CsvEncoder(columns, bom=False).rows([list(r) for r in rows]).decode()
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    assert ours == buffer.getvalue()
    assert CsvEncoder([Column("a", "a")], bom=False).rows([[""]]) == b'""\r\n'
