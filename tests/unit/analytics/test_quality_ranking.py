"""quality_ranking: ranks with ties, grades, distribution and mean."""

import math

import pytest

from analytics import GradeBands, ScoreEntry, quality_ranking


def test_rows_are_ranked_with_ties_and_graded():
    entries = [
        ScoreEntry("C", "Gamma", 70.0),
        ScoreEntry("A", "Alpha", 93.5),
        ScoreEntry("B", "Beta", 93.5),
        ScoreEntry("D", "Delta", 40.0),
    ]
    table = quality_ranking(entries)
    assert [(r.rank, r.code, r.grade) for r in table.rows] == [
        (1, "A", "A"),
        (1, "B", "A"),
        (3, "C", "C"),
        (4, "D", "E"),
    ]
    assert table.mean_score == pytest.approx(74.25)
    assert table.distribution.lines("en") == [
        "Grade A: 2/4 (50%)",
        "Grade B: 0/4 (0%)",
        "Grade C: 1/4 (25%)",
        "Grade D: 0/4 (0%)",
        "Grade E: 1/4 (25%)",
    ]


def test_custom_bands():
    table = quality_ranking([ScoreEntry("A", "A", 86)], GradeBands(85, 70, 55, 40))
    assert table.rows[0].grade == "A"


def test_empty_ranking():
    table = quality_ranking([])
    assert table.rows == () and math.isnan(table.mean_score) and table.distribution.total == 0


def test_entries_are_validated():
    with pytest.raises(ValueError, match="score must be a finite number"):
        ScoreEntry("A", "A", float("nan"))
    with pytest.raises(ValueError, match="code 'A' appears twice"):
        quality_ranking([ScoreEntry("A", "A", 1), ScoreEntry("A", "B", 2)])
    with pytest.raises(TypeError, match="bands must be a GradeBands"):
        quality_ranking([], (90, 80, 65, 50))  # type: ignore[arg-type]
