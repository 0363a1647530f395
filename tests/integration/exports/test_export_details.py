"""What a person reads in the files: Excel date-times and percentages, Vietnam time with
its offset, parameters named in words, and dashboard downloads that are report exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import openpyxl

from forms_service.exports.tables import ExportAudit
from forms_service.i18n import VIETNAM
from tests.integration.conftest import Api
from tests.integration.exports_setup import answer, export, read_xlsx, stored, submit

SUBMITTED = "Thời điểm gửi (giờ Việt Nam, UTC+07:00)"


def _moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


async def test_responses_xlsx_has_excel_date_times_in_vietnam_time(
    api: Api, province: dict[str, str]
) -> None:
    await submit(api, province["portal"], answer(3, "HS-1"), answer(1, "HS-2"))
    r = await export(api, province["analyst"], "&format=xlsx")
    assert r.status_code == 200, r.text
    rows, book = read_xlsx(r.content)
    items = await stored(api, province["analyst"])
    for row, item in zip(rows, items, strict=True):
        cell = row[SUBMITTED]
        assert isinstance(cell, dt.datetime)  # an Excel date-time, not text
        local = _moment(item["submitted_at"]).astimezone(VIETNAM).replace(tzinfo=None)
        assert cell == local.replace(microsecond=cell.microsecond)
        assert abs((cell - local).total_seconds()) < 0.001
    sheet = book.worksheets[0]
    assert "yyyy" in sheet.cell(row=2, column=2).number_format
    codebook = list(book["Bảng mã"].iter_rows(values_only=True))
    exported_at = next(row[1] for row in codebook if row[0] == "Thời điểm xuất")
    assert exported_at.endswith("+07:00")
    # the CSV of the same responses: the same moments, Vietnam time with the offset
    r = await export(api, province["analyst"], "&format=csv")
    table = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert [_moment(row[SUBMITTED]) for row in table] == [
        _moment(item["submitted_at"]) for item in items]
    assert all(row[SUBMITTED].endswith("+07:00") for row in table)


async def test_report_xlsx_has_percent_cells_and_words_for_parameters(
    api: Api, province: dict[str, str]
) -> None:
    await submit(api, province["portal"], *[answer(3, f"HS-{i}") for i in range(9)],
                 answer(1, "HS-9"))
    r = await api.call("GET", "/api/v1/exports/satisfaction", province["analyst"], params={
        "format": "xlsx", "locale": "vi", "confidence_level": "0.9", "threshold": "0.8"})
    assert r.status_code == 200, r.text
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    rate = sheet.cell(row=2, column=header.index("Tỷ lệ") + 1)
    assert rate.value == 0.9 and rate.number_format == "0.0%"
    low = sheet.cell(row=2, column=header.index("Khoảng tin cậy, cận dưới") + 1)
    assert low.number_format == "0.0%"
    answers = sheet.cell(row=2, column=header.index("Số trả lời") + 1)
    assert answers.value == 10 and answers.number_format == "General"
    about = dict(book.worksheets[-1].iter_rows(values_only=True))
    assert about["Mức tin cậy (confidence_level)"] == "0,9"
    assert about["Ngưỡng (threshold)"] == "0,8"
    assert "confidence_level" not in about
    assert about["Thời điểm xuất"].endswith("+07:00")


async def test_dashboard_downloads_are_report_exports_on_record(
    api: Api, province: dict[str, str], sign_in: Any
) -> None:
    await submit(api, province["portal"], answer(3, "HS-1"), answer(1, "HS-2"))
    analyst = await sign_in("analyst", "000.00.00.H29")
    before = await ExportAudit.count().run()
    for name, report in (("trend", "satisfaction"), ("online-rate", "online-rate"),
                         ("satisfaction", "satisfaction")):
        r = await analyst.get(f"/dashboard/export/{name}.csv")
        assert r.status_code == 200, r.text
        header = r.content.decode("utf-8-sig").split("\r\n", 1)[0]
        assert "rate" not in header.split(",") and "key" not in header.split(",")
        assert f'filename="phieu-{name}-all-periods-' in r.headers["content-disposition"]
        row = await ExportAudit.select().order_by(ExportAudit.id, ascending=False).first().run()
        assert row["dataset"] == report and row["key_id"].startswith("person:")
        assert row["completed"] and row["format"] == "csv"
    r = await analyst.get("/dashboard/export/trend.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    about = dict(book.worksheets[-1].iter_rows(values_only=True))
    assert about["Nhóm theo (group_by)"] == "audience,quarter"
    assert await ExportAudit.count().run() == before + 4
