"""Ranking of agencies by quality score, with grades (seed 003, appendix)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from analytics import _checks
from analytics._result import Result
from analytics.grades import DEFAULT_BANDS, Grade, GradeBands, GradeDistribution, grade_distribution
from analytics.ranking import competition_rank

__all__ = ["RankingRow", "RankingTable", "ScoreEntry", "quality_ranking"]


@dataclass(frozen=True)
class ScoreEntry:
    """Quality score (0–100) of one ministry, province or service.

    >>> ScoreEntry("BTTTT", "Bộ Thông tin và Truyền thông", float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: score must be a finite number, got nan
    """

    code: str
    name: str
    score: float

    def __post_init__(self) -> None:
        _checks.text(self.code, "code")
        _checks.text(self.name, "name")
        object.__setattr__(self, "score", _checks.finite(self.score, "score"))


@dataclass(frozen=True, repr=False)
class RankingRow(Result):
    """One line of the ranking: rank (ties share it), name, score and grade."""

    rank: int
    code: str
    name: str
    score: float
    grade: Grade


@dataclass(frozen=True, repr=False)
class RankingTable(Result):
    """Rows in rank order, the grade distribution and the mean score."""

    rows: tuple[RankingRow, ...]
    distribution: GradeDistribution
    mean_score: float
    bands: GradeBands


def quality_ranking(
    entries: Sequence[ScoreEntry], bands: GradeBands = DEFAULT_BANDS, *, locale: str = "vi",
    digits: int | None = None,
) -> RankingTable:
    """Rank entries by score with ties, grade them and count the grades.

    Parameters
    ----------
    entries : sequence of ScoreEntry
        Scores to rank; codes must differ.
    bands : GradeBands, optional
        Grade bands (default A ≥ 90, B ≥ 80, C ≥ 65, D ≥ 50, else E).
    locale : str, optional
        Language of the distribution lines ("vi" or "en").
    digits : int, optional
        Round each score half up to this many decimals before ranking and
        grading, as a published table shows them: then 89.96 and 90 are
        both 90.0, tie, and are both graded A. ``None`` (default) ranks and
        grades the scores as given.

    Returns
    -------
    RankingTable
        ``rows`` (highest score first; equal scores share the competition
        rank, 1, 1, 3 …, and keep their input order), ``distribution``
        (``.lines()`` gives "Mức độ A: 2/20 (10%)"), ``mean_score`` (``nan``
        without entries) and ``bands``.

    Examples
    --------
    >>> table = quality_ranking([
    ...     ScoreEntry("BQP", "Bộ Quốc phòng", 93.5),
    ...     ScoreEntry("BGTVT", "Bộ Giao thông vận tải", 93.5),
    ...     ScoreEntry("BCT", "Bộ Công Thương", 88.0),
    ... ])
    >>> [(r.rank, r.code, r.grade.value) for r in table.rows]
    [(1, 'BQP', 'A'), (1, 'BGTVT', 'A'), (3, 'BCT', 'B')]
    >>> table.distribution.lines()[:2]
    ['Mức độ A: 2/3 (67%)', 'Mức độ B: 1/3 (33%)']
    """
    if not isinstance(bands, GradeBands):
        raise TypeError(f"bands must be a GradeBands, got {type(bands).__name__}")
    codes: set[str] = set()
    for index, entry in enumerate(entries):
        if not isinstance(entry, ScoreEntry):
            raise TypeError(f"entries[{index}] must be a ScoreEntry, got {type(entry).__name__}")
        if entry.code in codes:
            raise ValueError(f"code {entry.code!r} appears twice: each entry needs its own code")
        codes.add(entry.code)
    scores = [entry.score if digits is None else _shown(entry.score, digits) for entry in entries]
    ranks = competition_rank(scores)
    rows = sorted(
        (
            RankingRow(rank, entry.code, entry.name, score, bands.grade(score))
            for rank, entry, score in zip(ranks, entries, scores, strict=True)
        ),
        key=lambda row: row.rank,
    )
    distribution = grade_distribution((row.grade for row in rows), locale=locale)
    mean = math.fsum(entry.score for entry in entries) / len(entries) if entries else math.nan
    return RankingTable(tuple(rows), distribution, mean, bands)


def _shown(score: float, digits: int) -> float:
    """``score`` rounded half up to ``digits`` decimals (89.95 → 90.0 for one)."""
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 6:
        raise ValueError(f"digits must be a whole number from 0 to 6, got {digits!r}")
    step = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(score)).quantize(step, rounding=ROUND_HALF_UP))
