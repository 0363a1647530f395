"""How fast hostile form definitions are refused, beside checking a normal template.

For each case of ``tests/integration/hostile_definitions.py`` (remote and
file ``$ref``, recursive ``$ref``, a 10 MB document, schemas nested past the
limit and 2,000 deep, patterns that backtrack catastrophically, absurd
``maxLength`` and ``maxItems``) the run times ``check_definition`` (the
profile check every definition passes before it is stored) and, in the same
run, the same check of the ``sipas`` template as it is (the baseline: a
normal definition of 30 questions).  It prints the median and the slowest of
``--repeat`` runs per case, and says whether each refusal took under the
100 ms goal.  The 10 MB case is built once outside the timing, as the
service receives it already parsed.

Usage::

    python -m benchmarks.hostile_definitions [--repeat 25]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from form_schemas import DefinitionError, check_definition
from tests.integration.hostile_definitions import CASES, normal

GOAL_MS = 100.0


def _time(definition: Any, repeat: int, expect: str | None) -> tuple[float, float]:
    """Median and slowest milliseconds of ``check_definition(definition)``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            check_definition(definition)
            refused: list[str] = []
        except DefinitionError as exc:
            refused = [issue.code for issue in exc.issues]
        times.append((time.perf_counter() - start) * 1000)
        if expect is None:
            assert not refused, refused
        else:
            assert expect in refused, (expect, refused)
    return statistics.median(times), max(times)


def run(repeat: int) -> bool:
    builders: dict[str, tuple[Callable[[], Any], str | None]] = {
        "normal template (sipas), accepted": (normal, None),
    } | {name: (build, code) for name, (build, code) in CASES.items()}
    _time(normal(), 3, None)  # warm the caches the service keeps warm too
    print(f"{'case':<40} {'issue':<18} {'median ms':>10} {'slowest ms':>11}  goal")
    ok = True
    baseline = 0.0
    for name, (build, code) in builders.items():
        definition = build()
        median, slowest = _time(definition, repeat, code)
        if code is None:
            baseline = median
            verdict = "baseline"
        else:
            verdict = "< 100 ms" if slowest < GOAL_MS else "MISSED"
            ok = ok and slowest < GOAL_MS
        print(f"{name:<40} {code or '-':<18} {median:>10.2f} {slowest:>11.2f}  {verdict}")
    print(f"baseline: a normal template is checked in {baseline:.2f} ms (median)")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=25)
    args = parser.parse_args()
    return 0 if run(args.repeat) else 1


if __name__ == "__main__":
    raise SystemExit(main())
