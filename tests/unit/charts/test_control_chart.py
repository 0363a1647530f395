"""The p-chart: points where the rate is, limits per period, gaps, out-of-control marks."""

from __future__ import annotations

import pytest

from analytics import p_chart
from forms_service.charts import ControlPoint, control_chart
from tests.unit.charts.test_charts import by_class, parse

PERIODS = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]


def _points(successes: list[int], n: list[int], min_n: int = 30) -> tuple[list, float]:
    chart = p_chart(successes, n, min_n=min_n)
    return [ControlPoint(x, p.rate, p.lower, p.upper, p.n, p.gap, p.out_of_control)
            for x, p in zip(PERIODS, chart.points, strict=True)], chart.centre


def _y_of(tree, value: float) -> float:
    """The y of ``value`` on the chart's axis, from its grid (0% is the axis line)."""
    lines = [e for e in tree.iter() if (e.get("class") or "") in ("axis", "grid")]
    bottom, top = float(lines[0].get("y1")), float(lines[-1].get("y1"))
    texts = [e.text for e in tree.iter() if e.get("text-anchor") == "end"]
    low = float(texts[0].rstrip("%").replace(",", ".")) / 100
    return bottom - (value - low) / (1.0 - low) * (bottom - top)


def test_points_limits_and_gaps() -> None:
    points, centre = _points([20, 25, 38, 8], [40, 40, 40, 10])
    tree = parse(control_chart(points, centre, chart_id="p", title="p-chart", locale="vi"))
    assert tree.get("role") == "img"
    markers = by_class(tree, "marker")
    assert [m.get("data-period") for m in markers] == PERIODS[:3]
    gaps = by_class(tree, "gap")
    assert [g.get("data-period") for g in gaps] == ["2025-Q4"]
    assert gaps[0].text == "n = 10"
    # two limits for each drawn period, none for the gap
    assert len(by_class(tree, "limit")) == 6
    # the third quarter (38/40 = 95%) is above its upper limit: a square and a "!"
    out = by_class(tree, "out-of-control")
    assert [m.get("data-period") for m in out] == ["2025-Q3"] and out[0].tag.endswith("rect")
    assert any(e.text == "!" for e in tree.iter())
    centre_line = by_class(tree, "centre")[0]
    assert float(centre_line.get("y1")) == pytest.approx(_y_of(tree, centre), abs=0.01)
    first = markers[0]
    assert float(first.get("cy")) == pytest.approx(_y_of(tree, 0.5), abs=0.01)
    # the line is broken at the gap: one polyline through the three drawn points
    [line] = by_class(tree, "line")
    assert len(line.get("points").split()) == 3


def test_close_periods_write_a_dash_and_text_is_escaped() -> None:
    points = [ControlPoint(f"2025-{m:02d}", None, None, None, 0, True, False)
              for m in range(1, 13)]
    points[5] = ControlPoint("2025-06", 0.9, 0.8, 1.0, 100, False, False)
    tree = parse(control_chart(points, 0.9, chart_id="m", title="<b>x</b>",
                               words={"rate": "<Tỷ lệ>"}))
    assert {g.text for g in by_class(tree, "gap")} == {"–"}
    assert any(e.text == "<Tỷ lệ>" for e in tree.iter())
    assert tree.find("{http://www.w3.org/2000/svg}title").text == "<b>x</b>"
