"""Raking 1,000,000 answers over four margins: ``analytics.rake`` beside plain numpy IPF.

Deterministic answers (seeded) carry four labels — service (32), unit (4),
channel (4) and audience (2), 1,024 cells — drawn with response rates that
differ by channel and audience; the population margins are the dossiers
returned. In the same run, each timed as the median of ``--repeat`` runs
after a warm-up, taken in turn so that other work on the machine slows
both alike:

* ``analytics.rake`` on the answers (labels as integer arrays, one row per
  answer): grouping into cells, the IPF sweeps to a relative tolerance of
  1e-6, the weights per answer, the design effect and the strata;
* the textbook loop: a plain numpy iterative proportional fitting over the
  answers themselves (one ``bincount`` per margin per sweep over the
  1,000,000 weights), to the same tolerance;
* when the ``ipfn`` package is installed, ``ipfn`` on the 4-D table of
  cell counts (the per-table implementation most Python users reach for).

Run::

    python -m benchmarks.weighting [--answers 1000000] [--repeat 5]

The goal is ≤ 1 s for ``analytics.rake``; the figures are printed, not
asserted.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np

from analytics import rake

SHAPE = (32, 4, 4, 2)
NAMES = ("service", "unit", "channel", "audience")
TOLERANCE = 1e-6


def make_answers(answers: int, seed: int = 21) -> tuple[dict[str, np.ndarray], dict]:
    rng = np.random.default_rng(seed)
    population = rng.integers(200, 3000, size=SHAPE).astype(float)
    response = (rng.uniform(0.5, 1.5, SHAPE[0])[:, None, None, None]
                * np.array([1.0, 0.8, 1.2, 0.9])[None, :, None, None]
                * np.array([0.3, 1.5, 0.6, 0.2])[None, None, :, None]
                * np.array([1.0, 0.4])[None, None, None, :])
    chance = (population * response).ravel()
    cells = rng.choice(chance.size, size=answers, p=chance / chance.sum())
    codes = np.unravel_index(cells, SHAPE)
    labels = {name: code.astype(np.int64) for name, code in zip(NAMES, codes, strict=True)}
    scale = answers * 20 / population.sum()  # about one answer for twenty dossiers
    targets = {}
    for axis, name in enumerate(NAMES):
        other = tuple(a for a in range(len(SHAPE)) if a != axis)
        targets[name] = dict(enumerate((population * scale).sum(axis=other)))
    return labels, targets


def numpy_ipf(labels: dict[str, np.ndarray], targets: dict) -> tuple[np.ndarray, int]:
    codes = [labels[name] for name in NAMES]
    goals = [np.array([targets[name][k] for k in range(size)])
             for name, size in zip(NAMES, SHAPE, strict=True)]
    n = codes[0].size
    weights = np.full(n, goals[0].sum() / n)
    for iteration in range(1, 1001):
        for code, goal in zip(codes, goals, strict=True):
            weights *= (goal / np.bincount(code, weights=weights, minlength=goal.size))[code]
        error = max(float(np.max(np.abs(np.bincount(c, weights=weights, minlength=g.size) - g)
                                 / g)) for c, g in zip(codes, goals, strict=True))
        if error <= TOLERANCE:
            return weights, iteration
    return weights, 1000


def ipfn_table(labels: dict[str, np.ndarray], targets: dict) -> Callable[[], np.ndarray] | None:
    try:
        from ipfn import ipfn
    except ImportError:
        return None
    flat = np.ravel_multi_index(tuple(labels[name] for name in NAMES), SHAPE)
    table = np.bincount(flat, minlength=int(np.prod(SHAPE))).reshape(SHAPE).astype(float)
    goals = [np.array([targets[name][k] for k in range(size)])
             for name, size in zip(NAMES, SHAPE, strict=True)]

    def run() -> np.ndarray:
        return ipfn.ipfn(table.copy(), [g.copy() for g in goals], [[0], [1], [2], [3]],
                         convergence_rate=TOLERANCE, max_iteration=1000).iteration()

    return run


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    labels, targets = make_answers(args.answers)
    result = rake(labels, targets, tolerance=TOLERANCE, max_iterations=1000)
    baseline, sweeps = numpy_ipf(labels, targets)
    agreement = float(np.max(np.abs(result.weights - baseline) / baseline))
    contenders: dict[str, Callable[[], object]] = {
        "analytics.rake": lambda: rake(labels, targets, tolerance=TOLERANCE,
                                       max_iterations=1000),
        "numpy IPF over answers": lambda: numpy_ipf(labels, targets),
    }
    table = ipfn_table(labels, targets)
    if table is not None:
        table()
        contenders["ipfn on the 4-D table"] = table
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(args.repeat):
        for name, function in contenders.items():
            times[name].append(timed(function))
    cells = len({tuple(c) for c in np.stack([labels[n] for n in NAMES], axis=1)[:200_000]})
    print(f"{args.answers:,} answers, four margins {dict(zip(NAMES, SHAPE, strict=True))}, "
          f"{int(np.prod(SHAPE)):,} cells ({cells:,} seen in the first 200,000 answers)")
    print(f"analytics.rake: {result.iterations} sweeps, converged={result.converged}, "
          f"design effect {result.design_effect:.4f}; numpy loop: {sweeps} sweeps; "
          f"largest relative difference of the weights {agreement:.2e}")
    for name, values in times.items():
        print(f"  {name:<24} median {statistics.median(values):7.3f} s "
              f"(min {min(values):.3f}, {args.repeat} runs)")
    ours = statistics.median(times["analytics.rake"])
    print(f"goal ≤ 1 s: {'met' if ours <= 1.0 else 'NOT met'} ({ours:.3f} s)")


if __name__ == "__main__":
    main()
