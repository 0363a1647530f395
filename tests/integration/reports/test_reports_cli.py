"""``phieu report …`` and ``phieu aggregates rebuild`` as real processes on a SQLite file."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest

from tests.integration.commands.test_cli import phieu
from tests.integration.reports.test_reports_rankings import LINES


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo")


@pytest.fixture(scope="module")
def demo(demo_dir: Path) -> dict[str, str]:
    """``phieu demo --no-serve`` once for the module, on a SQLite file."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("PHIEU_")}
    base["PHIEU_DATABASE_URL"] = f"sqlite:///{demo_dir / 'demo.db'}"
    phieu("demo", "--no-serve", env=base, cwd=demo_dir, timeout=300)
    secret = (demo_dir / ".phieu-demo-secret").read_text().strip()
    return dict(base, PHIEU_SECRET_KEY=secret)


def test_demo_rankings_print_the_appendix(demo: dict[str, str], demo_dir: Path) -> None:
    out = phieu("report", "rankings", "--period", "2023", env=demo, cwd=demo_dir).stdout
    for line in LINES["ministry"] + LINES["province"]:
        assert line in out.splitlines(), line
    assert "Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ (20) — Điểm trung bình: 70" in out
    assert "Tỉnh, thành phố trực thuộc trung ương (63) — Điểm trung bình: 83" in out
    rows = [re.split(r"\s{2,}", line.strip()) for line in out.splitlines()]
    ranked = [(r[0], r[1], r[2]) for r in rows if len(r) == 4 and r[0].isdigit()]
    assert ranked[:3] == [("1", "Bộ Giao thông vận tải", "A"), ("1", "Bộ Quốc phòng", "A"),
                          ("3", "Bộ Công Thương", "B")]
    assert ("4", "UBND tỉnh Hải Dương", "A") in ranked and ranked[-1] == (
        "63", "UBND tỉnh Bạc Liêu", "D")
    assert len(ranked) == 83
    en = phieu("report", "rankings", "--period", "2023", "--locale", "en", "--kind", "ministry",
               env=demo, cwd=demo_dir).stdout
    assert "Grade A: 2/20 (10%)" in en and "Provinces" not in en
    rows = list(csv.DictReader(io.StringIO(phieu(
        "report", "rankings", "--period", "2023", "--format", "csv", env=demo,
        cwd=demo_dir).stdout)))
    assert len(rows) == 83 and rows[0]["grade"] == "A" and float(rows[0]["score"]) == 93.5


def test_demo_reports_in_three_formats(demo: dict[str, str], demo_dir: Path) -> None:
    table = phieu("report", "satisfaction", "--agency", "000.00.00.H29", env=demo,
                  cwd=demo_dir).stdout
    assert "Hạng" in table and "Đăng ký khai sinh" in table
    assert re.search(r"\d{2},\d%", table)  # vi percentages: 93,4%
    body = json.loads(phieu("report", "satisfaction", "--group-by", "audience,year",
                            "--format", "json", env=demo, cwd=demo_dir).stdout)
    assert {r["audience"] for r in body["rows"]} == {"citizen", "business"}
    assert all(0 <= r["rate"] <= 1 for r in body["rows"])
    assert body["versions"] and body["group_by"] == ["audience", "year"]
    rows = list(csv.DictReader(io.StringIO(phieu(
        "report", "satisfaction", "--group-by", "service", "--format", "csv", "--locale", "en",
        env=demo, cwd=demo_dir).stdout)))
    assert len(rows) == 11 and rows[0]["rank"] == "1" and "%" in rows[0]["rate_text"]
    excellence = phieu("report", "excellence", "--agency", "000.00.00.H29", "--year", "2025",
                       env=demo, cwd=demo_dir).stdout
    assert "Đề xuất cho người dân" in excellence and "Không đề xuất" in excellence
    assert "Không phải dịch vụ công trực tuyến toàn trình" in excellence
    online = phieu("report", "online-rate", "--agency", "000.00.00.H29", "--period", "2025",
                   env=demo, cwd=demo_dir).stdout
    assert "2025-Q1" in online and "2025-Q4" in online and "chỉ tiêu" in online
    com = phieu("report", "communication", "--campaign-start", "2025-06-01", "--locale", "en",
                env=demo, cwd=demo_dir).stdout
    assert "Respondents: 900" in com and "Television" in com and "2025-06-01" in com
    out = phieu("aggregates", "rebuild", env=demo, cwd=demo_dir).stdout
    assert re.search(r"rebuilt \d+ aggregate row", out)


def test_rankings_import_from_a_file_and_errors(
    env: dict[str, str], tmp_path: Path
) -> None:
    for code, name, kind in (("G14", "Bộ Tư pháp", "ministry"),
                             ("000.00.00.G01", "Bộ Giao thông vận tải", "ministry")):
        phieu("agencies", "create", "--code", code, "--name", name, "--kind", kind, env=env,
              cwd=tmp_path)
    scores = tmp_path / "scores.json"
    scores.write_text(json.dumps({"period": "2023", "source": "test", "scores": [
        {"agency": "G14", "score": 71.5}, {"agency": "000.00.00.G01", "score": 93.5}]}))
    out = phieu("report", "rankings", "--import", str(scores), env=env, cwd=tmp_path).stdout
    assert "imported 2 score(s) for 2023" in out
    assert "Mức độ A: 1/2 (50%)" in out and "Mức độ C: 1/2 (50%)" in out
    scores.write_text('{"period": "2023", "scores": [{"agency": "NOPE", "score": 5}]}')
    result = phieu("report", "rankings", "--import", str(scores), env=env, cwd=tmp_path,
                   check=False)
    assert result.returncode == 1 and "NOPE" in result.stderr
    assert "Traceback" not in result.stderr
    scores.write_text("not json")
    result = phieu("report", "rankings", "--import", str(scores), env=env, cwd=tmp_path,
                   check=False)
    assert result.returncode == 1 and "scores.json" in result.stderr
    result = phieu("report", "satisfaction", "--period", "2023-Q5", env=env, cwd=tmp_path,
                   check=False)
    assert result.returncode == 1 and "2023-Q5" in result.stderr


def test_demo_form_results_through_the_command(demo: dict[str, str], demo_dir: Path) -> None:
    body = json.loads(phieu("report", "results", "--form", "demo-nps", "--format", "json",
                            env=demo, cwd=demo_dir).stdout)
    assert body["responses"] > 0
    nps = next(q for q in body["questions"] if q["kind"] == "nps")
    assert nps["nps"]["ci_low"] < nps["nps"]["score"] < nps["nps"]["ci_high"]
    assert sum(c["count"] for c in nps["choices"]) == nps["answered"] > 0
    table = phieu("report", "results", "--form", "demo-sipas", "--locale", "en",
                  env=demo, cwd=demo_dir).stdout
    assert "Codebook" in table and "Very satisfied" in table
    indices = json.loads(phieu("report", "indices", "--form", "demo-sipas", "--format", "json",
                               env=demo, cwd=demo_dir).stdout)
    (row,) = indices["rows"]
    assert [e["key"] for e in row["elements"]] == [
        "access", "procedure", "civil_servant", "result", "feedback"]
    assert all(0 < e["index"] < 1 and e["n"] > 0 for e in row["elements"])
    assert row["overall"]["ci_low"] < row["overall"]["index"] < row["overall"]["ci_high"]
    assert row["rank"] == 1 and row["grade"] in "ABCDE"
    out = phieu("aggregates", "rebuild", env=demo, cwd=demo_dir).stdout
    assert re.search(r"rebuilt \d+ answer count row", out)
    again = json.loads(phieu("report", "results", "--form", "demo-nps", "--format", "json",
                             env=demo, cwd=demo_dir).stdout)
    assert again == body


def test_sample_size_weighting_and_trend_commands(demo: dict[str, str], demo_dir: Path) -> None:
    body = json.loads(phieu("report", "sample-size", "--population", "10000",
                            "--expected-rate", "0.5", "--format", "json", env=demo,
                            cwd=demo_dir).stdout)
    # Israel (1992): 385 by Yamane's formula; Cochran with the correction: 369.97 -> 370
    assert (body["sipas_sample_size"], body["sample_size"]) == (385, 370)
    weighted = json.loads(phieu("report", "weighting", "--agency", "000.00.00.H29",
                                "--format", "json", env=demo, cwd=demo_dir).stdout)
    assert weighted["margins"] == ["service", "channel"] and "design_effect" in weighted
    trend = phieu("report", "trend", "--period", "2025-Q4", "--locale", "en", env=demo,
                  cwd=demo_dir).stdout
    assert "Control chart" in trend or "Lower control limit" in trend
