"""What a table shows is what is ranked and graded; errors name what the caller passed."""

from __future__ import annotations

import pytest

from analytics import ScoreEntry, competition_rank, cronbach_alpha, quality_ranking
from forms_service.reports.schemas import RankingBlockOut, RankingReportOut
from forms_service.reports.specs.rankings import text


def test_scores_are_graded_and_tied_as_shown() -> None:
    entries = [ScoreEntry("A", "Tỉnh A", 90.0), ScoreEntry("B", "Tỉnh B", 89.96),
               ScoreEntry("C", "Tỉnh C", 89.94), ScoreEntry("D", "Tỉnh D", 89.95)]
    raw = quality_ranking(entries)
    assert [(r.code, r.rank, r.grade.value) for r in raw.rows][:2] == [("A", 1, "A"),
                                                                        ("B", 2, "B")]
    shown = quality_ranking(entries, digits=1)
    assert [(r.code, r.rank, r.score, r.grade.value) for r in shown.rows] == [
        ("A", 1, 90.0, "A"), ("B", 1, 90.0, "A"), ("D", 1, 90.0, "A"),  # 89.95 rounds half up
        ("C", 4, 89.9, "B")]
    assert shown.distribution.lines()[0] == "Mức độ A: 3/4 (75%)"
    with pytest.raises(ValueError, match="digits must be a whole number"):
        quality_ranking(entries, digits=-1)


def test_competition_rank_names_the_entry_that_is_not_a_number() -> None:
    with pytest.raises(TypeError, match=r"scores\[1\] must be a number, got 'a'"):
        competition_rank([1, "a"])
    with pytest.raises(TypeError, match=r"scores\[2\] must be a number, got None"):
        competition_rank([1, 2, None])  # type: ignore[list-item]


def test_cronbach_alpha_with_one_item_speaks_of_items() -> None:
    with pytest.raises(ValueError) as caught:
        cronbach_alpha([[1], [2], [3]])
    message = str(caught.value)
    assert "cov" not in message
    assert "at least 2 items" in message and "got 1" in message


def test_a_mean_score_of_zero_is_printed() -> None:
    block = RankingBlockOut(kind="province", title="Tỉnh", count=1, mean_score=0.0, rows=[],
                            distribution=[], distribution_lines=[])
    body = RankingReportOut(period="2023", source="imported", min_n=0, blocks=[block],
                            locale="vi")
    first = text(body, "vi").splitlines()[0]
    assert first.endswith(": 0") and "None" not in first
