"""Line charts of proportions over ordered periods (quarterly trends).

Geometry (in ``viewBox`` units): periods are spaced evenly from
``x = LEFT`` to ``x = width - RIGHT``; a value ``v`` in ``[minimum,
maximum]`` sits at ``y = bottom - (v - minimum) / (maximum - minimum) ×
plot height``. Each series has its own colour and marker shape and is
named in the legend, so series are told apart without colour; the dashed
reference line is named in the legend too, so no line crosses its label.
A period without a value (too few answers, say) is a gap in its line.
Text is at least 15 units (12 px when the chart is drawn 290 px wide).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from analytics import format_percent
from forms_service.charts.palette import INK, MUTED, SERIES_COLOURS
from forms_service.charts.svg import clip, element, fmt, root, text

__all__ = ["Point", "Series", "line_chart"]

LEFT = 48.0
RIGHT = 30.0
FONT = 15.0
LEGEND_ROW = 22.0
SHAPES = ("circle", "square", "diamond", "triangle")


@dataclass(frozen=True)
class Point:
    """A value of a series in one period, with an optional interval."""

    x: str
    value: float | None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[Point, ...]


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _marker(shape: str, x: float, y: float, fill: str) -> str:
    if shape == "circle":
        return element("circle", cx=x, cy=y, r=4.5, fill=fill, class_="marker")
    if shape == "square":
        return element("rect", x=x - 4, y=y - 4, width=8, height=8, fill=fill, class_="marker")
    if shape == "diamond":
        points = f"{fmt(x)},{fmt(y - 5.5)} {fmt(x + 5.5)},{fmt(y)} {fmt(x)},{fmt(y + 5.5)} " \
                 f"{fmt(x - 5.5)},{fmt(y)}"
        return element("polygon", points=points, fill=fill, class_="marker")
    points = f"{fmt(x)},{fmt(y - 5.5)} {fmt(x + 5.5)},{fmt(y + 4.5)} {fmt(x - 5.5)},{fmt(y + 4.5)}"
    return element("polygon", points=points, fill=fill, class_="marker")


def line_chart(
    series: Sequence[Series], *, chart_id: str, title: str, description: str = "",
    reference: float | None = None, reference_text: str = "", locale: str = "vi",
    width: float = 360.0, plot_height: float = 180.0, minimum: float = 0.0,
    maximum: float = 1.0,
) -> Markup:
    """One line per series over the periods, whiskers at each point, a reference line.

    Periods are the ``x`` values of all series in order of first appearance;
    a missing value breaks the line. ``reference`` draws a dashed horizontal
    line (the 90% threshold, the 50% target) labelled ``reference_text``.
    """
    if not maximum > minimum:
        raise ValueError("maximum must be greater than minimum")
    periods: list[str] = []
    for item in series:
        for point in item.points:
            if point.x not in periods:
                periods.append(point.x)
    legend: list[str] = []
    for position, item in enumerate(series):
        tone = SERIES_COLOURS[position % len(SERIES_COLOURS)]
        ly = 16 + position * LEGEND_ROW
        legend.append(_marker(SHAPES[position % len(SHAPES)], 14, ly - 5, tone))
        legend.append(text(clip(item.name, width - 40, FONT), x=30, y=ly, font_size=FONT,
                           fill=INK, class_="legend-label"))
    rows = len(series)
    if reference is not None:  # the dashed line named in the legend, clear of the lines
        ly = 16 + rows * LEGEND_ROW
        legend.append(element("line", x1=6, x2=24, y1=ly - 5, y2=ly - 5, stroke=INK,
                              stroke_width=2, stroke_dasharray="5 3"))
        legend.append(text(clip(reference_text or format_percent(reference, locale, digits=0),
                                width - 40, FONT), x=30, y=ly, font_size=FONT, fill=INK,
                           class_="reference-label"))
        rows += 1
    top = 16 + rows * LEGEND_ROW + 6
    bottom = top + plot_height
    right = width - RIGHT
    step = (right - LEFT) / max(1, len(periods) - 1) if len(periods) > 1 else 0.0

    def x_of(index: int) -> float:
        return LEFT + step * index if len(periods) > 1 else (LEFT + right) / 2

    def y_of(value: float) -> float:
        clamped = min(max(value, minimum), maximum)
        return bottom - (clamped - minimum) / (maximum - minimum) * plot_height

    body = [element("g", legend, class_="legend")]
    grid = []
    for tick in range(5):
        value = minimum + (maximum - minimum) * tick / 4
        y = y_of(value)
        grid.append(element("line", x1=LEFT, x2=right, y1=y, y2=y,
                            stroke="#d5d9de" if tick else MUTED,
                            class_="axis" if tick == 0 else "grid"))
        grid.append(text(format_percent(value, locale, digits=0), x=LEFT - 6, y=y + 4,
                         font_size=FONT, fill=MUTED, text_anchor="end"))
    every = max(1, math.ceil(len(periods) * 66 / max(1.0, right - LEFT)))
    for index, period in enumerate(periods):
        if index % every == 0:
            grid.append(text(period, x=x_of(index), y=bottom + 20, font_size=FONT,
                             fill=MUTED, text_anchor="middle", class_="period-label"))
    body.append(element("g", grid, class_="grid-group"))
    if reference is not None:
        y = y_of(reference)
        body.append(element("line", x1=LEFT, x2=right, y1=y, y2=y, stroke=INK, stroke_width=2,
                            stroke_dasharray="5 3", class_="reference",
                            data_value=repr(reference)))
    for position, item in enumerate(series):
        tone = SERIES_COLOURS[position % len(SERIES_COLOURS)]
        shape = SHAPES[position % len(SHAPES)]
        values = {point.x: point for point in item.points}
        paths, current, marks = [], [], []
        for index, period in enumerate(periods):
            point = values.get(period)
            value = _finite(point.value) if point else None
            if point is None or value is None:
                if current:
                    paths.append(current)
                current = []
                continue
            x, y = x_of(index), y_of(value)
            current.append(f"{fmt(x)},{fmt(y)}")
            low, high = _finite(point.low), _finite(point.high)
            if low is not None and high is not None:
                marks.append(element("line", x1=x, x2=x, y1=y_of(low), y2=y_of(high),
                                     stroke=tone, stroke_width=1.5, class_="whisker"))
            marks.append(_marker(shape, x, y, tone))
        if current:
            paths.append(current)
        lines = [element("polyline", points=" ".join(p), fill="none", stroke=tone,
                         stroke_width=2.5, class_="line") for p in paths if len(p) > 1]
        body.append(element("g", [*lines, *marks], class_="series", data_series=position))
    return root(chart_id, width, bottom + 30, title, description, body, kind="line")
