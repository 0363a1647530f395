"""Grades A–E, configurable bands and the distribution lines of seed 003."""

import pytest

from analytics import DEFAULT_BANDS, Grade, GradeBands, grade, grade_distribution


@pytest.mark.parametrize(
    ("score", "expected"),
    [(100, "A"), (90, "A"), (89.9, "B"), (80, "B"), (79.9, "C"), (65, "C"), (64.9, "D"),
     (50, "D"), (49.9, "E"), (0, "E")],
)  # fmt: skip
def test_default_bands(score, expected):
    assert grade(score) == expected
    assert grade(score) is Grade(expected)


def test_custom_bands():
    bands = GradeBands(a=85, b=70, c=55, d=40)
    assert [grade(s, bands) for s in (86, 71, 56, 41, 39)] == ["A", "B", "C", "D", "E"]
    assert GradeBands(90, 80, 65, 50) == DEFAULT_BANDS


@pytest.mark.parametrize(
    "bounds",
    [
        {"a": 80, "b": 90, "c": 65, "d": 50},
        {"a": 90, "b": 80, "c": 80, "d": 50},
        {"a": 90, "b": 80, "c": 65, "d": 70},
    ],
)
def test_bands_must_decrease(bounds):
    with pytest.raises(ValueError, match=r"must decrease from A to D \(a > b > c > d\)"):
        GradeBands(**bounds)


def test_bands_must_be_finite():
    with pytest.raises(ValueError, match="a must be a finite number"):
        GradeBands(a=float("inf"))


def test_distribution_lines_in_vietnamese_and_english():
    # Seed 003, appendix I.1(a): the ministries' grade distribution.
    d = grade_distribution("A" * 2 + "B" * 4 + "C" * 10 + "E" * 4)
    assert d.lines() == [
        "Mức độ A: 2/20 (10%)",
        "Mức độ B: 4/20 (20%)",
        "Mức độ C: 10/20 (50%)",
        "Mức độ D: 0/20 (0%)",
        "Mức độ E: 4/20 (20%)",
    ]
    assert d.lines("en")[0] == "Grade A: 2/20 (10%)"
    english = grade_distribution("AB", locale="en").lines()
    assert english[:3] == ["Grade A: 1/2 (50%)", "Grade B: 1/2 (50%)", "Grade C: 0/2 (0%)"]


def test_percentages_round_half_up():
    # 1/8 = 12.5% is shown as 13% (half up), not 12% (half to even).
    assert grade_distribution("A" + "B" * 7).lines()[0] == "Mức độ A: 1/8 (13%)"


def test_counts_and_shares():
    d = grade_distribution(["A", Grade.B, "B"])
    assert d.total == 3 and d.count("B") == 2 and d.share(Grade.A) == pytest.approx(1 / 3)
    assert d.to_dict()["counts"][0] == ["A", 1]


def test_unknown_grade_is_refused():
    with pytest.raises(ValueError, match=r"grades\[1\] = 'F' is not a grade"):
        grade_distribution(["A", "F"])
