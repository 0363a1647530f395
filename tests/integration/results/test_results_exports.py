"""A form's results as report exports: one long table, a summary, a codebook."""

from __future__ import annotations

import csv
import io

import openpyxl

from tests.integration.conftest import Api
from tests.integration.results.results_setup import ANSWERS, SLUG, every_kind, send


async def test_results_export_xlsx_and_csv(api: Api, province: dict[str, str]) -> None:
    await api.published_form(province["designer"], SLUG, definition=every_kind())
    for i, answer in enumerate(ANSWERS):
        await send(api, province["portal"], answer, f"X-{i}")
    r = await api.call("GET", "/api/v1/exports/results", province["analyst"],
                       params={"form": SLUG, "format": "xlsx", "locale": "en"})
    assert r.status_code == 200, r.text
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    names = book.sheetnames
    assert names[:3] == ["Answers", "Questions", "Codebook"], names
    rows = list(book["Answers"].iter_rows(values_only=True))
    header = rows[0]
    data = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    five = next(row for row in data if row["Question"] == "overall" and row["Answer code"] == 5)
    assert five["Answers"] == sum(a["overall"] == 5 for a in ANSWERS)
    assert five["Answer"] == "Rất hài lòng"
    # text answers are counted, never exported here
    reason = [row for row in data if row["Question"] == "reason"]
    assert len(reason) == 1 and reason[0]["Answered"] == 3
    assert "0912" not in str(rows)
    codebook = list(book["Codebook"].iter_rows(values_only=True))
    assert codebook[0][6] == "Answer code"
    assert ("heard", "Biết qua đâu?", "multiple_choice", "checkboxes", False, "1", "zalo",
            "Zalo") in codebook
    r = await api.call("GET", "/api/v1/exports/results", province["analyst"],
                       params={"form": SLUG, "format": "csv"})
    assert r.status_code == 200
    text = r.content.decode("utf-8-sig")
    sections = {row[0] for row in csv.reader(io.StringIO(text)) if row}
    assert {"answers", "questions", "codebook"} <= sections, sections
    r = await api.call("GET", "/api/v1/exports/results", province["analyst"],
                       params={"format": "csv"})
    assert r.status_code == 400 and "form" in r.text
