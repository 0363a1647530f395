"""Competition ranking with ties ("1, 1, 3")."""

from __future__ import annotations

import math
from collections.abc import Iterable

__all__ = ["competition_rank"]


def competition_rank(scores: Iterable[float], *, descending: bool = True) -> list[int]:
    """Rank scores so that ties share a rank and the next rank is skipped.

    Parameters
    ----------
    scores : iterable of float
        Scores to rank, in any order. Scores tie only when they are equal.
    descending : bool, optional
        ``True`` (default): the highest score ranks 1. ``False``: the lowest.

    Returns
    -------
    list of int
        The rank of each score, in the input order: one plus the number of
        scores strictly better than it (standard competition ranking, as in
        the published tables of seed 003: 1, 1, 3, 4 …).

    Notes
    -----
    This is :func:`scipy.stats.rankdata` with ``method='min'`` applied to
    the negated scores when ``descending``.

    Examples
    --------
    >>> competition_rank([93.5, 93.5, 88.0, 86.5])
    [1, 1, 3, 4]
    >>> competition_rank([3, 1, 2, 1], descending=False)
    [4, 1, 3, 1]
    """
    values = []
    for index, score in enumerate(scores):
        if isinstance(score, bool | str | bytes):
            raise TypeError(f"scores[{index}] must be a number, got {score!r}")
        try:
            number = float(score)
        except (TypeError, ValueError):
            raise TypeError(f"scores[{index}] must be a number, got {score!r}") from None
        if math.isnan(number):
            raise ValueError(f"scores[{index}] is nan: drop unscored entries before ranking")
        values.append(number)
    ordered = sorted(values, reverse=descending)
    first_position: dict[float, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_position.setdefault(value, position)
    return [first_position[value] for value in values]
