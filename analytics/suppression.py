"""Complementary (secondary) suppression of small counts in published tables.

A count below the publication minimum is hidden (primary suppression), but
a hidden cell can often be recomputed from what is shown: a year minus its
eleven shown months gives the twelfth.  :func:`complementary_suppression`
hides further cells until no hidden cell is determined by the shown cells
and the tables' additive relations (``parent = sum of children``);
:func:`derivable` is the audit it iterates on: a hidden cell is derivable
when its unit vector lies in the row space of the relations restricted to
the hidden cells (exact linear algebra on small integer matrices).

Examples
--------
>>> cells = {"2025": 20, "2025-01": 8, "2025-02": 12}
>>> sorted(complementary_suppression(cells, [("2025", ["2025-01", "2025-02"])], {"2025-01"}))
['2025-01', '2025-02']
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

import numpy as np

__all__ = ["complementary_suppression", "derivable"]

K = TypeVar("K", bound=Hashable)


def _matrix(relations: Sequence[tuple[K, Sequence[K]]], hidden: list[K]) -> np.ndarray:
    column = {key: i for i, key in enumerate(hidden)}
    rows = []
    for parent, children in relations:
        row = np.zeros(len(hidden))
        touched = False
        for key, sign in ((parent, 1.0), *((child, -1.0) for child in children)):
            if key in column:
                row[column[key]] += sign
                touched = True
        if touched:
            rows.append(row)
    return np.array(rows) if rows else np.zeros((0, len(hidden)))


def derivable(relations: Sequence[tuple[K, Sequence[K]]], hidden: set[K]) -> set[K]:
    """The hidden cells whose value follows from the shown cells and ``relations``.

    Parameters
    ----------
    relations:
        ``(parent, children)``: the parent's count is the sum of its children's.
    hidden:
        The cells not shown; every other cell of the relations is shown.

    Returns
    -------
    set
        The hidden cells a reader can recompute.

    Examples
    --------
    >>> relations = [("2025", ["2025-01", "2025-02", "2025-03"])]
    >>> sorted(derivable(relations, {"2025-02"}))
    ['2025-02']
    >>> sorted(derivable(relations, {"2025-01", "2025-02"}))
    []
    """
    ordered = sorted(hidden, key=repr)
    matrix = _matrix(relations, ordered)
    if matrix.shape[0] == 0:
        return set()
    rank = np.linalg.matrix_rank(matrix)
    found = set()
    for i, key in enumerate(ordered):
        unit = np.zeros(len(ordered))
        unit[i] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.add(key)
    return found


def complementary_suppression(
    cells: Mapping[K, int], relations: Sequence[tuple[K, Sequence[K]]], hidden: set[K],
) -> set[K]:
    """``hidden`` and the further cells to hide so that none of them is derivable.

    Greedy: while a hidden cell is derivable, hide the smallest shown cell
    (by count, cells of zero excepted: their absence is itself shown) of a
    relation that involves it.  Cells of zero are never hidden.

    Parameters
    ----------
    cells:
        Every cell's count (the shown and the hidden).
    relations:
        ``(parent, children)`` with ``parent = sum(children)``.
    hidden:
        The primary suppressions.

    Returns
    -------
    set
        The cells to hide.

    Notes
    -----
    Only exact recomputation is prevented; the bounds a reader gets from
    counts being non-negative are not considered.

    Examples
    --------
    >>> cells = {"2025": 70, "2025-01": 30, "2025-02": 8, "2025-03": 32}
    >>> relations = [("2025", ["2025-01", "2025-02", "2025-03"])]
    >>> sorted(complementary_suppression(cells, relations, {"2025-02"}))
    ['2025-01', '2025-02']
    """
    result = {key for key in hidden if cells.get(key, 0) > 0}
    while True:
        exposed = derivable(relations, result)
        if not exposed:
            return result
        target = min(exposed, key=repr)
        candidates = [
            key for parent, children in relations if target in (parent, *children)
            for key in (parent, *children)
            if key not in result and cells.get(key, 0) > 0
        ]
        if not candidates:  # nothing left to hide beside it: hide what derives it
            candidates = [key for key in cells if key not in result and cells[key] > 0]
            if not candidates:
                return result
        result.add(min(candidates, key=lambda key: (cells[key], repr(key))))
