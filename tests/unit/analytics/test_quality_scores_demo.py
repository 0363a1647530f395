"""The demo data reproduces the appendix of seed 003 through quality_ranking."""

import json
import unicodedata
from pathlib import Path

import pytest

from analytics import ScoreEntry, quality_ranking

DEMO = (
    Path(__file__).resolve().parents[3] / "forms_service" / "demo_data" / "quality_scores_2023.json"
)

# Seed 003, appendix I.1(a) and I.2(a), with the percent written without a space.
EXPECTED = {
    "ministries": (
        20,
        70,
        [
            "Mức độ A: 2/20 (10%)",
            "Mức độ B: 4/20 (20%)",
            "Mức độ C: 10/20 (50%)",
            "Mức độ D: 0/20 (0%)",
            "Mức độ E: 4/20 (20%)",
        ],
    ),
    "provinces": (
        63,
        83,
        [
            "Mức độ A: 9/63 (14%)",
            "Mức độ B: 43/63 (68%)",
            "Mức độ C: 10/63 (16%)",
            "Mức độ D: 1/63 (2%)",
            "Mức độ E: 0/63 (0%)",
        ],
    ),
}


@pytest.fixture(scope="module")
def demo() -> dict:
    return json.loads(DEMO.read_text(encoding="utf-8"))


@pytest.mark.parametrize("block", ["ministries", "provinces"])
def test_ranking_reproduces_the_appendix(demo, block):
    count, mean, lines = EXPECTED[block]
    published = demo[block]
    assert len(published) == count
    entries = [ScoreEntry(f"{block}-{i}", e["name"], e["score"]) for i, e in enumerate(published)]
    table = quality_ranking(entries)
    by_code = {row.code: row for row in table.rows}
    for entry, item in zip(entries, published, strict=True):
        row = by_code[entry.code]
        assert (row.rank, row.grade.value) == (item["rank"], item["grade"]), item["name"]
    assert [row.name for row in table.rows] == [item["name"] for item in published]
    assert round(table.mean_score) == mean
    assert table.distribution.lines() == lines


@pytest.mark.parametrize("block", ["ministries", "provinces"])
def test_entries_are_complete_and_nfc(demo, block):
    for item in demo[block]:
        assert set(item) == {"name", "grade", "rank", "vendor", "score"}
        assert unicodedata.is_normalized("NFC", item["name"])
        assert item["vendor"] == item["vendor"].strip() != ""
