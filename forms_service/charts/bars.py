"""Horizontal bars of proportions with interval whiskers and a threshold line.

Geometry (in ``viewBox`` units): the plot runs from ``x = LEFT`` to
``x = width - RIGHT``; a value ``v`` in ``[0, maximum]`` sits at
``LEFT + v / maximum × plot width``. Each bar takes three lines: its label,
the bar with its whisker, and a line of words (the formatted value and the
verdict in words, written in the verdict's colour); four when the words
need two lines. The dashed threshold line is drawn across the bars only,
never across their words. Text is at least 15 units: 12 px or more when the
360-unit chart is drawn 290 px wide (a phone's column).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from analytics import format_percent
from forms_service.charts.palette import INK, MUTED, colour
from forms_service.charts.svg import clip, element, root, text

__all__ = ["Bar", "Group", "grouped_bars", "interval_bars"]

LEFT = 8.0
RIGHT = 12.0
TOP = 30.0
FONT = 16.0
SMALL = 15.0
BAR = 14.0
ROW = 72.0
LINE = 19.0  # a further line of words
AXIS = 38.0
TICKS = (0.0, 0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class Bar:
    """One bar.

    Attributes
    ----------
    label:
        What the bar is (a service's name); drawn above the bar.
    value:
        The proportion; ``None`` draws no bar (missing or suppressed).
    low, high:
        Interval bounds drawn as a whisker; ``None`` draws none.
    text:
        The numbers in words, such as ``"93,4% (91,2% – 95,1%)"``.
    status:
        Colour key (a verdict, ``meets_target`` …), see ``palette``.
    status_text:
        The status in words, written after ``text``.
    """

    label: str
    value: float | None
    low: float | None = None
    high: float | None = None
    text: str = ""
    status: str = "neutral"
    status_text: str = ""


@dataclass(frozen=True)
class Group:
    """A labelled group of bars (such as before and after for one outcome)."""

    label: str
    bars: tuple[Bar, ...]


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


class _Scale:
    def __init__(self, width: float, maximum: float) -> None:
        if not maximum > 0:
            raise ValueError("maximum must be positive")
        self.left, self.right, self.maximum = LEFT, width - RIGHT, maximum

    def __call__(self, value: float) -> float:
        clamped = min(max(value, 0.0), self.maximum)
        return self.left + clamped / self.maximum * (self.right - self.left)


def _bar_row(bar: Bar, y: float, scale: _Scale, index: int, *, label_size: float = FONT,
             fill: str | None = None, label_weight: str | None = None,
             ) -> tuple[str, float, float]:
    """The lines of one bar starting at ``y``, the height they take, and the top of its bar.

    Label, bar with whisker, then the words; when the numbers and the status
    do not fit on one line, the status goes on a fourth line.
    """
    width = scale.right - scale.left
    out = [element("title", [str(Markup.escape(bar.label))])]
    out.append(text(clip(bar.label, width, label_size), x=LEFT, y=y + 17, font_size=label_size,
                    fill=INK, font_weight=label_weight, class_="bar-label"))
    top = y + 25
    centre = top + BAR / 2
    out.append(element("rect", x=scale.left, y=top, width=width, height=BAR,
                       fill="#eef0f3", class_="track"))
    value = _finite(bar.value)
    tone = fill or colour(bar.status)
    if value is not None:
        out.append(element("rect", x=scale.left, y=top, width=scale(value) - scale.left,
                           height=BAR, fill=tone, class_="bar", data_value=repr(value)))
    low, high = _finite(bar.low), _finite(bar.high)
    if value is not None and low is not None and high is not None:
        x1, x2 = scale(low), scale(high)
        out.append(element("line", x1=x1, x2=x2, y1=centre, y2=centre, stroke=INK,
                           stroke_width=2, class_="whisker"))
        for x in (x1, x2):
            out.append(element("line", x1=x, x2=x, y1=centre - 6, y2=centre + 6, stroke=INK,
                               stroke_width=2, class_="whisker-cap"))
    words = " · ".join(part for part in (bar.text or "—", bar.status_text) if part)
    lines = [words]
    if clip(words, width + RIGHT, SMALL) != words and bar.status_text:
        lines = [bar.text or "—", bar.status_text]
    words_colour = colour(bar.status) if bar.status != "neutral" else INK
    for number, line in enumerate(lines):
        out.append(text(clip(line, width + RIGHT, SMALL), x=LEFT, y=y + 59 + number * LINE,
                        font_size=SMALL, fill=words_colour, class_="bar-words"))
    return (element("g", out, class_="bar-row", data_index=index),
            ROW + LINE * (len(lines) - 1), top)


def _threshold(scale: _Scale, threshold: float | None, label: str,
               tracks: Sequence[float]) -> list[str]:
    """The threshold as a dashed mark across each bar (not across the words), labelled
    once above the first bar."""
    if threshold is None:
        return []
    x = scale(threshold)
    anchor = "end" if x > scale.right - 40 else ("start" if x < scale.left + 40 else "middle")
    marks = [element("line", x1=x, x2=x, y1=top - 5, y2=top + BAR + 5, stroke=INK,
                     stroke_width=2, stroke_dasharray="4 2", class_="threshold",
                     data_value=repr(threshold)) for top in tracks]
    return [element("g", [
        *marks,
        text(label, x=x, y=TOP - 10, font_size=SMALL, fill=INK, text_anchor=anchor,
             class_="threshold-label"),
    ])]


def _axis(scale: _Scale, y: float, locale: str) -> list[str]:
    parts = [element("line", x1=scale.left, x2=scale.right, y1=y, y2=y, stroke=MUTED,
                     class_="axis")]
    for tick in TICKS:
        value = tick * scale.maximum
        x = scale(value)
        anchor = "start" if tick == 0 else ("end" if tick == 1 else "middle")
        parts.append(element("line", x1=x, x2=x, y1=y, y2=y + 5, stroke=MUTED))
        parts.append(text(format_percent(value, locale, digits=0), x=x, y=y + 21,
                          font_size=SMALL, fill=MUTED, text_anchor=anchor))
    return [element("g", parts, class_="axis-group")]


def interval_bars(
    bars: Sequence[Bar], *, chart_id: str, title: str, description: str = "",
    threshold: float | None = None, threshold_text: str = "", locale: str = "vi",
    width: float = 360.0, maximum: float = 1.0,
) -> Markup:
    """Horizontal bars with interval whiskers and a dashed threshold line.

    Parameters
    ----------
    bars:
        The bars, drawn top to bottom in this order.
    chart_id:
        Unique id on the page (the title and description ids derive from it).
    title, description:
        The accessible name and description of the chart.
    threshold:
        Draws a dashed vertical line at this value, labelled ``threshold_text``
        (or the value as a percentage).
    locale:
        Language of the axis labels.
    width:
        ``viewBox`` width; the chart scales to its container.
    maximum:
        The value at the right end of the axis (1.0 = 100%).

    Returns
    -------
    markupsafe.Markup
        The ``<svg>`` element.
    """
    scale = _Scale(width, maximum)
    body: list[str] = []
    tracks: list[float] = []
    y = TOP
    for index, bar in enumerate(bars):
        row, height, track = _bar_row(bar, y, scale, index)
        body.append(row)
        tracks.append(track)
        y += height
    label = threshold_text or (format_percent(threshold, locale, digits=0)
                               if threshold is not None else "")
    body += _threshold(scale, threshold, label, tracks)
    body += _axis(scale, y + 4, locale)
    return root(chart_id, width, y + AXIS, title, description, body, kind="bars")


def grouped_bars(
    groups: Sequence[Group], *, chart_id: str, title: str, description: str = "",
    threshold: float | None = None, threshold_text: str = "", locale: str = "vi",
    width: float = 360.0, maximum: float = 1.0, series_colours: Sequence[str] = (),
) -> Markup:
    """Groups of interval bars under a bold group label (before/after comparisons).

    Bars in the same position of each group share a colour from
    ``series_colours`` (the bar's own ``status`` colours its words); each
    bar's ``label`` names its series, so the words carry the meaning.
    """
    scale = _Scale(width, maximum)
    body: list[str] = []
    tracks: list[float] = []
    y = TOP
    index = 0
    for group in groups:
        body.append(text(clip(group.label, width - LEFT, FONT), x=LEFT, y=y + 16,
                         font_size=FONT + 1, font_weight="700", fill=INK, class_="group-label"))
        y += 26
        for position, bar in enumerate(group.bars):
            tone = series_colours[position % len(series_colours)] if series_colours else None
            row, height, track = _bar_row(bar, y, scale, index, fill=tone, label_size=SMALL)
            body.append(row)
            tracks.append(track)
            y += height
            index += 1
        y += 6
    label = threshold_text or (format_percent(threshold, locale, digits=0)
                               if threshold is not None else "")
    body += _threshold(scale, threshold, label, tracks)
    body += _axis(scale, y + 4, locale)
    return root(chart_id, width, y + AXIS, title, description, body, kind="grouped")

