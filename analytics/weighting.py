"""Weighting answers to the population served: post-stratification and raking.

Who answers a survey is not who was served. These functions give each
answer a weight so that the weighted answers add up to the dossiers
returned in the period, in total and along each chosen margin (service,
unit, channel, audience).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from analytics import _checks
from analytics._result import Result

__all__ = ["Collapse", "StratumWeight", "WeightingResult", "post_stratify", "rake"]


@dataclass(frozen=True, repr=False)
class Collapse(Result):
    """Categories of one margin pooled into one stratum, and why."""

    margin: str
    labels: tuple[Hashable, ...]
    reason: str
    """``'few_answers'`` (fewer than ``min_answers``) or ``'no_population'``."""


@dataclass(frozen=True, repr=False)
class StratumWeight(Result):
    """One category of one margin: population, answers and their weight.

    ``response_rate`` is answers / population (``nan`` without population);
    ``weight`` is the mean final weight of its answers (``nan`` without
    answers); ``too_few`` says it had fewer answers than the minimum and was
    pooled (see ``group``, the labels of the stratum it was weighted in).
    """

    margin: str
    label: Hashable
    population: float
    answers: int
    response_rate: float
    weight: float
    too_few: bool
    group: tuple[Hashable, ...]


@dataclass(frozen=True, repr=False)
class WeightingResult(Result):
    """Result of :func:`rake` and :func:`post_stratify`.

    ``weights`` holds one weight per input row (the weight of each answer
    in that row); the weighted answers sum to ``population``.
    ``max_margin_error`` is the largest relative gap between a weighted
    margin and its target after the last iteration.
    """

    weights: np.ndarray = field(repr=False)
    n: int
    population: float
    iterations: int
    converged: bool
    max_margin_error: float
    design_effect: float
    n_effective: float
    trim_ratio: float
    trimmed_answers: int
    collapsed: tuple[Collapse, ...]
    strata: tuple[StratumWeight, ...] = field(repr=False)
    method: str


@dataclass
class _Margin:
    name: str
    labels: list[Hashable]  # every category, sample and population
    codes: np.ndarray  # per row: index into labels
    answers: np.ndarray  # per category
    population: np.ndarray  # per category
    group_of: np.ndarray  # per category: index of its stratum
    pooled: np.ndarray  # per category: pooled for too few answers or no population
    groups: list[tuple[Hashable, ...]]
    collapsed: list[Collapse]


def rake(
    labels: Mapping[str, Sequence[Hashable] | np.ndarray],
    targets: Mapping[str, Mapping[Hashable, float]],
    *,
    counts: Sequence[int] | np.ndarray | None = None,
    tolerance: float = 1e-6,
    max_iterations: int = 100,
    trim_ratio: float | None = None,
    min_answers: int = 1,
) -> WeightingResult:
    """Weight answers so that every margin matches its population total (raking).

    Parameters
    ----------
    labels : mapping of str to sequence
        For each margin (for instance ``'service'``, ``'channel'``), the
        category of each row. All sequences have the same length; a row is
        one answer, or a cell of ``counts`` answers.
    targets : mapping of str to mapping
        For each margin, the population total (dossiers returned) of each
        category. Every margin must add up to the same total.
    counts : sequence of int, optional
        Answers in each row (default 1 each).
    tolerance : float, optional
        Stop when every weighted margin is within this relative distance of
        its target (default 1e-6).
    max_iterations : int, optional
        Most sweeps over the margins (default 100); ``converged`` says
        whether the tolerance was reached.
    trim_ratio : float, optional
        Cap on the ratio of any weight to the mean weight (at least 1). The
        weight above the cap is spread over the other answers in proportion
        to their weights, so the total is kept, and the margins are raked
        again; the final weights always respect the cap.
    min_answers : int, optional
        Categories of a margin with fewer answers than this, and categories
        with answers but no population, are pooled into one stratum of that
        margin (default 1: only categories without answers); the pooling is
        listed in ``collapsed``.

    Returns
    -------
    WeightingResult
        Weights per row, iterations, convergence, the design effect and
        effective sample size, trimming, collapses and per-category
        strata (the non-response view).

    Notes
    -----
    Iterative proportional fitting (Deming and Stephan, 1940): starting from
    equal weights, each sweep scales the weights of every category of each
    margin in turn by target / weighted total. The rows are first grouped
    into cells (one per combination of categories), so a sweep costs one
    pass over the cells, not over the answers. When it converges the result
    is the weighting closest to equal weights, in the Kullback–Leibler
    sense, that meets all the margins (Ireland and Kullback, 1968); it is
    the same as R ``survey::rake`` with the same margins. Trimming follows
    the cap-and-redistribute scheme of Potter (1990).

    References
    ----------
    .. [1] W. E. Deming and F. F. Stephan, "On a least squares adjustment of a
       sampled frequency table when the expected marginal totals are known",
       Annals of Mathematical Statistics 11 (1940) 427–444.
    .. [2] C. T. Ireland and S. Kullback, "Contingency tables with given
       marginals", Biometrika 55 (1968) 179–188.
    .. [3] F. J. Potter, "A study of procedures to identify and trim extreme
       sampling weights", Proceedings of the Survey Research Methods Section,
       American Statistical Association (1990) 225–230.
    .. [4] T. Lumley, ``rake`` and ``postStratify`` in the R package
       ``survey``; T. Lumley, *Complex Surveys* (Wiley, 2010), ch. 7.

    Examples
    --------
    >>> r = rake({"channel": ["counter", "counter", "online"]},
    ...          {"channel": {"counter": 60, "online": 40}})
    >>> r.weights.tolist()
    [30.0, 30.0, 40.0]
    >>> round(r.design_effect, 4), round(r.n_effective, 4)
    (1.02, 2.9412)
    """
    tol = _checks.finite(tolerance, "tolerance")
    if tol <= 0:
        raise ValueError(f"tolerance must be greater than 0, got {tol!r}")
    cap_iterations = _checks.count(max_iterations, "max_iterations")
    if cap_iterations < 1:
        raise ValueError("max_iterations must be at least 1")
    ratio = math.inf if trim_ratio is None else _checks.finite(trim_ratio, "trim_ratio")
    if ratio < 1:
        raise ValueError(
            f"trim_ratio must be at least 1 (a cap on weight / mean weight), got {ratio!r}")
    minimum = max(1, _checks.count(min_answers, "min_answers"))
    rows, per_row = _rows(labels, counts)
    if set(targets) != set(labels):
        raise ValueError(
            f"targets must give the population of the same margins as labels: "
            f"labels has {sorted(labels)}, targets has {sorted(targets)}"
        )
    margins = [_margin(name, labels[name], targets[name], per_row, minimum) for name in labels]
    _same_totals(margins)
    return _fit(margins, per_row, rows, tol, cap_iterations, ratio, "raking")


def post_stratify(
    labels: Mapping[str, Sequence[Hashable] | np.ndarray],
    population: Mapping[tuple[Hashable, ...], float],
    *,
    counts: Sequence[int] | np.ndarray | None = None,
    trim_ratio: float | None = None,
    min_answers: int = 1,
) -> WeightingResult:
    """Weight answers so that each stratum (a cross of the margins) matches its population.

    Parameters
    ----------
    labels : mapping of str to sequence
        For each variable, the category of each row; a stratum is the tuple
        of a row's categories, in the order of ``labels``.
    population : mapping of tuple to float
        Population (dossiers returned) of each stratum, keyed by that tuple.
    counts, trim_ratio, min_answers
        As in :func:`rake`; strata with fewer than ``min_answers`` answers
        (or answers but no population) are pooled into one stratum.

    Returns
    -------
    WeightingResult
        Each answer of stratum h has weight :math:`N_h / n_h`.

    Notes
    -----
    Post-stratification is raking on a single margin, the cross of the
    variables, which converges in one sweep. It needs answers in every cell;
    raking on the separate margins (:func:`rake`) needs only answers in
    every category of each margin.

    References
    ----------
    .. [1] D. Holt and T. M. F. Smith, "Post stratification", JRSS A 142
       (1979) 33–46.
    .. [2] T. Lumley, ``postStratify`` in the R package ``survey``.

    Examples
    --------
    >>> r = post_stratify({"service": ["a", "a", "b"], "channel": ["x", "x", "x"]},
    ...                   {("a", "x"): 10, ("b", "x"): 5})
    >>> r.weights.tolist()
    [5.0, 5.0, 5.0]
    """
    names = list(labels)
    if not names:
        raise ValueError("labels must name at least one variable")
    columns = [list(np.asarray(labels[name]).tolist()) for name in names]
    lengths = {len(column) for column in columns}
    if len(lengths) != 1:
        raise ValueError("every sequence in labels must have one label per row")
    keys = [tuple(values) for values in zip(*columns, strict=True)]
    for key in population:
        if not isinstance(key, tuple) or len(key) != len(names):
            raise ValueError(
                f"population keys must be tuples of {len(names)} labels "
                f"({', '.join(names)}), got {key!r}"
            )
    stratum = "×".join(names)
    result = rake({stratum: _tuple_array(keys)}, {stratum: population}, counts=counts,
                  tolerance=1e-9, max_iterations=2 if trim_ratio is None else 100,
                  trim_ratio=trim_ratio, min_answers=min_answers)
    return _replace_method(result, "post-stratification")


def _tuple_array(keys: list[tuple[Hashable, ...]]) -> np.ndarray:
    array = np.empty(len(keys), dtype=object)
    array[:] = keys
    return array


def _replace_method(result: WeightingResult, method: str) -> WeightingResult:
    return dataclasses.replace(result, method=method)


def _rows(labels: Mapping[str, object], counts: object) -> tuple[int, np.ndarray]:
    if not labels:
        raise ValueError("labels must name at least one margin, for instance {'service': [...]}")
    lengths = {name: len(values) for name, values in labels.items()}  # type: ignore[arg-type]
    if len(set(lengths.values())) != 1:
        raise ValueError(
            f"every margin in labels must have one label per row, got lengths {lengths}")
    rows = next(iter(lengths.values()))
    if counts is None:
        return rows, np.ones(rows, dtype=np.int64)
    per_row = np.asarray(counts)
    if per_row.shape != (rows,):
        raise ValueError(f"counts must have one value per row ({rows}), got shape {per_row.shape}")
    if per_row.size and (per_row.dtype.kind not in "iu" or per_row.min() < 0):
        whole = per_row.dtype.kind == "f" and np.all(per_row == np.round(per_row))
        if whole and per_row.min() >= 0:
            return rows, per_row.astype(np.int64)
        raise ValueError("counts must be whole numbers of answers, zero or more")
    return rows, per_row.astype(np.int64)


def _factorize(values: Sequence[Hashable] | np.ndarray) -> tuple[list[Hashable], np.ndarray]:
    array = np.asarray(values) if not isinstance(values, np.ndarray) else values
    if array.dtype.kind in "iu" and array.size and array.min() >= 0 and array.max() < 1 << 20:
        present = np.bincount(array)  # small codes: no sort needed
        uniques = np.flatnonzero(present)
        lookup = np.zeros(present.size, dtype=np.intp)
        lookup[uniques] = np.arange(uniques.size)
        return uniques.tolist(), lookup[array]
    if array.dtype.kind in "iub" or array.dtype.kind == "U":
        uniques, codes = np.unique(array, return_inverse=True)
        return uniques.tolist(), codes.astype(np.intp)
    index: dict[Hashable, int] = {}
    codes = np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.intp,
                        count=len(values))
    return list(index), codes


def _margin(name: str, values: object, target: Mapping[Hashable, float], per_row: np.ndarray,
            minimum: int) -> _Margin:
    sample_labels, codes = _factorize(values)  # type: ignore[arg-type]
    labels = list(sample_labels)
    position = {label: i for i, label in enumerate(labels)}
    for label in target:
        if label not in position:
            position[label] = len(labels)
            labels.append(label)
    answers = np.bincount(codes, weights=per_row, minlength=len(labels)).astype(np.int64)
    population = np.zeros(len(labels))
    for label, total in target.items():
        number = _checks.finite(total, f"targets[{name!r}][{label!r}]")
        if number < 0:
            raise ValueError(f"targets[{name!r}][{label!r}] must be zero or more, got {number!r}")
        population[position[label]] = number
    few = (answers < minimum) & (population > 0)
    orphan = (answers > 0) & (population == 0)
    pooled = few | orphan
    kept = np.flatnonzero(~pooled & (population > 0))
    group_of = np.full(len(labels), -1, dtype=np.intp)
    group_of[kept] = np.arange(kept.size)
    groups: list[tuple[Hashable, ...]] = [(labels[i],) for i in kept]
    collapsed: list[Collapse] = []
    if pooled.any():
        members = np.flatnonzero(pooled)
        pool_answers = int(answers[members].sum())
        pool_population = float(population[members].sum())
        if (pool_answers < minimum or pool_population == 0) and kept.size:
            smallest = int(kept[np.argmin(answers[kept])])
            target_group = int(group_of[smallest])
            members = np.append(members, smallest)
        else:
            target_group = len(groups)
            groups.append(())
        if answers[members].sum() == 0 or population[members].sum() == 0:
            raise ValueError(
                f"margin {name!r} cannot be weighted: its categories with answers have no "
                "population (dossiers returned) and no category can take them"
            )
        group_of[members] = target_group
        groups[target_group] = tuple(labels[i] for i in members)
        for reason, mask in (("few_answers", few), ("no_population", orphan)):
            chosen = tuple(labels[i] for i in np.flatnonzero(mask))
            if chosen:
                collapsed.append(Collapse(name, chosen, reason))
    group_of[group_of < 0] = 0  # no answers and no population: weighs nothing
    return _Margin(name, labels, codes, answers, population, group_of, pooled, groups, collapsed)


def _same_totals(margins: list[_Margin]) -> None:
    totals = {m.name: float(m.population.sum()) for m in margins}
    first = next(iter(totals.values()))
    if first <= 0:
        raise ValueError("the population totals must be greater than 0")
    if any(abs(total - first) > 1e-9 * first for total in totals.values()):
        raise ValueError(
            f"every margin must add up to the same population total, got {totals}: "
            "count the same dossiers in each margin"
        )


def _fit(margins: list[_Margin], per_row: np.ndarray, rows: int, tol: float,
         max_iterations: int, ratio: float, method: str) -> WeightingResult:
    row_groups = [m.group_of[m.codes] for m in margins]
    sizes = [len(m.groups) for m in margins]
    combined = np.zeros(rows, dtype=np.int64)
    for codes, size in zip(row_groups, sizes, strict=True):
        combined = combined * size + codes
    cells, inverse = _cells(combined, int(np.prod(sizes, dtype=float)))
    cell_n = np.bincount(inverse, weights=per_row, minlength=cells.size)
    cell_groups = []
    for size in reversed(sizes):
        cell_groups.append(cells % size)
        cells = cells // size
    cell_groups.reverse()
    targets = [np.bincount(m.group_of, weights=m.population, minlength=size)
               for m, size in zip(margins, sizes, strict=True)]
    n = int(cell_n.sum())
    if n == 0:
        raise ValueError("there are no answers to weight")
    population = float(targets[0].sum())
    weights = np.full(cells.size, population / n)
    error, iterations, trimmed = math.inf, 0, 0
    for iterations in range(1, max_iterations + 1):  # noqa: B007
        for codes, target, size in zip(cell_groups, targets, sizes, strict=True):
            totals = np.bincount(codes, weights=weights * cell_n, minlength=size)
            weights *= (target / np.where(totals > 0, totals, 1.0))[codes]
        if math.isfinite(ratio):
            trimmed = _trim(weights, cell_n, ratio * population / n)
        error = _margin_error(weights, cell_n, cell_groups, targets, sizes)
        if error <= tol:
            break
    row_weights = weights[inverse]
    total_w = float(np.dot(weights, cell_n))
    deff = float(n * np.dot(cell_n, weights * weights) / (total_w * total_w))
    return WeightingResult(
        row_weights, n, population, iterations, error <= tol, error, deff, n / deff,
        ratio, trimmed, tuple(c for m in margins for c in m.collapsed),
        _strata(margins, row_weights, per_row), method,
    )


def _cells(combined: np.ndarray, possible: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct cell codes and, per row, the index of its cell."""
    if possible <= max(4 * combined.size, 1 << 16):
        present = np.bincount(combined, minlength=int(possible)) > 0
        cells = np.flatnonzero(present)
        lookup = np.zeros(present.size, dtype=np.intp)
        lookup[cells] = np.arange(cells.size)
        return cells, lookup[combined]
    cells, inverse = np.unique(combined, return_inverse=True)
    return cells, inverse


def _margin_error(weights: np.ndarray, cell_n: np.ndarray, cell_groups: list[np.ndarray],
                  targets: list[np.ndarray], sizes: list[int]) -> float:
    worst = 0.0
    for codes, target, size in zip(cell_groups, targets, sizes, strict=True):
        totals = np.bincount(codes, weights=weights * cell_n, minlength=size)
        worst = max(worst, float(np.max(np.abs(totals - target) / target)))
    return worst


def _trim(weights: np.ndarray, cell_n: np.ndarray, cap: float) -> int:
    """Cap ``weights`` in place at ``cap``, spreading the excess; answers capped."""
    for _ in range(weights.size + 1):
        over = weights > cap
        if not over.any():
            break
        excess = float(np.dot(cell_n[over], weights[over] - cap))
        weights[over] = cap
        free = weights < cap
        free_total = float(np.dot(cell_n[free], weights[free]))
        if free_total <= 0:
            break
        weights[free] *= 1.0 + excess / free_total
    np.minimum(weights, cap, out=weights)
    return int(cell_n[weights >= cap * (1 - 1e-12)].sum())


def _strata(margins: list[_Margin], row_weights: np.ndarray,
            per_row: np.ndarray) -> tuple[StratumWeight, ...]:
    strata: list[StratumWeight] = []
    weighted_answers = row_weights * per_row
    for margin in margins:
        sums = np.bincount(margin.codes, weights=weighted_answers, minlength=len(margin.labels))
        for i, label in enumerate(margin.labels):
            answers = int(margin.answers[i])
            population = float(margin.population[i])
            strata.append(StratumWeight(
                margin.name, label, population, answers,
                answers / population if population > 0 else math.nan,
                float(sums[i] / answers) if answers else math.nan,
                bool(margin.pooled[i]), margin.groups[margin.group_of[i]],
            ))
    return tuple(strata)
