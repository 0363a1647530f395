"""A p-chart: each period's proportion against its control limits.

Geometry as in :mod:`forms_service.charts.lines`: periods evenly spaced from
``x = LEFT`` to ``x = width - RIGHT``. The centre line is solid; each
period's lower and upper limits (3 standard errors for its own number of
answers) are short dashed segments around it, so limits that differ by
period stay readable. A period with too few answers is a gap: no point, no
limits, the line broken, and ``n = …`` (or a dash, when the periods are close)
written in its place. A point out of
control is a square with "!" written beside it (never colour alone); the
legend names the marks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from analytics import format_percent
from forms_service.charts.lines import FONT, LEFT, LEGEND_ROW, RIGHT
from forms_service.charts.palette import INK, MUTED, SERIES_COLOURS, STATUS_COLOURS
from forms_service.charts.svg import clip, element, fmt, root, text

__all__ = ["ControlPoint", "control_chart"]

TONE = SERIES_COLOURS[0]
ALARM = STATUS_COLOURS["below"]


@dataclass(frozen=True)
class ControlPoint:
    """One period: its rate, limits, answers, and whether it is a gap or out of control."""

    x: str
    rate: float | None
    lower: float | None
    upper: float | None
    n: int
    gap: bool
    out_of_control: bool


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def control_chart(
    points: Sequence[ControlPoint], centre: float | None, *, chart_id: str, title: str,
    description: str = "", words: dict[str, str] | None = None, locale: str = "vi",
    width: float = 360.0, plot_height: float = 180.0,
) -> Markup:
    """The p-chart of ``points`` around ``centre``.

    ``words`` names the legend's marks: ``rate``, ``centre``, ``limits`` and
    ``out_of_control`` (English by default).
    """
    names = {"rate": "Rate", "centre": "Centre line", "limits": "Control limits",
             "out_of_control": "Out of control"} | (words or {})
    shown = [p for p in points if not p.gap]
    values = [v for p in shown for v in (_finite(p.rate), _finite(p.lower)) if v is not None]
    if centre is not None and math.isfinite(centre):
        values.append(centre)
    # the axis from a multiple of 20% below the lowest value to 100%: ticks every 5 to 20%
    minimum = max(0.0, math.floor(((min(values) if values else 0.0) - 0.02) * 5) / 5)
    maximum = 1.0
    legend_items = [
        element("circle", cx=14, cy=11, r=4.5, fill=TONE),
        text(names["rate"], x=30, y=16, font_size=FONT, fill=INK),
        element("line", x1=6, x2=24, y1=11 + LEGEND_ROW, y2=11 + LEGEND_ROW, stroke=INK,
                stroke_width=2),
        text(names["centre"], x=30, y=16 + LEGEND_ROW, font_size=FONT, fill=INK),
        element("line", x1=6, x2=24, y1=11 + 2 * LEGEND_ROW, y2=11 + 2 * LEGEND_ROW,
                stroke=MUTED, stroke_width=2, stroke_dasharray="4 3"),
        text(names["limits"], x=30, y=16 + 2 * LEGEND_ROW, font_size=FONT, fill=INK),
        element("rect", x=10, y=7 + 3 * LEGEND_ROW, width=8, height=8, fill=ALARM),
        text(f"! {names['out_of_control']}", x=30, y=16 + 3 * LEGEND_ROW, font_size=FONT,
             fill=INK),
    ]
    top = 16 + 4 * LEGEND_ROW + 6
    bottom = top + plot_height
    right = width - RIGHT
    count = len(points)
    step = (right - LEFT) / max(1, count - 1) if count > 1 else 0.0
    half = min(14.0, step / 3) if count > 1 else 14.0

    def x_of(index: int) -> float:
        return LEFT + step * index if count > 1 else (LEFT + right) / 2

    def y_of(value: float) -> float:
        clamped = min(max(value, minimum), maximum)
        return bottom - (clamped - minimum) / (maximum - minimum) * plot_height

    body = [element("g", legend_items, class_="legend")]
    grid = []
    for tick in range(5):
        value = minimum + (maximum - minimum) * tick / 4
        y = y_of(value)
        grid.append(element("line", x1=LEFT, x2=right, y1=y, y2=y,
                            stroke="#d5d9de" if tick else MUTED,
                            class_="axis" if tick == 0 else "grid"))
        grid.append(text(format_percent(value, locale, digits=0), x=LEFT - 6, y=y + 4,
                         font_size=FONT, fill=MUTED, text_anchor="end"))
    every = max(1, math.ceil(count * 66 / max(1.0, right - LEFT)))
    for index, point in enumerate(points):
        if index % every == 0:
            grid.append(text(point.x, x=x_of(index), y=bottom + 20, font_size=FONT,
                             fill=MUTED, text_anchor="middle", class_="period-label"))
    body.append(element("g", grid, class_="grid-group"))
    if centre is not None and math.isfinite(centre):
        y = y_of(centre)
        body.append(element("line", x1=LEFT, x2=right, y1=y, y2=y, stroke=INK, stroke_width=2,
                            class_="centre", data_value=repr(centre)))
    limits, marks, paths, current = [], [], [], []
    for index, point in enumerate(points):
        x = x_of(index)
        rate = _finite(point.rate)
        if point.gap or rate is None:
            if current:
                paths.append(current)
            current = []
            # "n = 12" where there is room, a dash otherwise (the note lists them all)
            words = f"n = {point.n}" if count < 2 or step >= 56 else "–"
            marks.append(text(words, x=x, y=bottom - 8, font_size=FONT, fill=MUTED,
                              text_anchor="middle", class_="gap", data_period=point.x))
            continue
        for bound in (_finite(point.lower), _finite(point.upper)):
            if bound is not None:
                limits.append(element("line", x1=x - half, x2=x + half, y1=y_of(bound),
                                      y2=y_of(bound), stroke=MUTED, stroke_width=2,
                                      stroke_dasharray="4 3", class_="limit"))
        y = y_of(rate)
        current.append(f"{fmt(x)},{fmt(y)}")
        if point.out_of_control:
            marks.append(element("rect", x=x - 4.5, y=y - 4.5, width=9, height=9, fill=ALARM,
                                 class_="marker out-of-control", data_period=point.x))
            marks.append(text("!", x=x + 8, y=y - 6, font_size=FONT, fill=ALARM,
                              font_weight="bold"))
        else:
            marks.append(element("circle", cx=x, cy=y, r=4.5, fill=TONE, class_="marker",
                                 data_period=point.x))
    if current:
        paths.append(current)
    lines = [element("polyline", points=" ".join(p), fill="none", stroke=TONE,
                     stroke_width=2.5, class_="line") for p in paths if len(p) > 1]
    body.append(element("g", [*limits, *lines, *marks], class_="series"))
    label = clip(title, width, FONT)
    return root(chart_id, width, bottom + 30, label, description, body, kind="control")
