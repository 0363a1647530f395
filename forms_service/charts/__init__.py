"""Charts as inline SVG: small, accessible, deterministic.

Numbers in, markup out; no HTTP and no database. Every chart is an
``<svg role="img">`` labelled by its own ``<title>`` and ``<desc>``, scales
with its ``viewBox`` to the width of its container (360 px phones
included), writes words beside every coloured mark (a verdict is never told
by colour alone) and escapes every text it is given.

- :func:`interval_bars`: horizontal bars of proportions with interval
  whiskers and an optional threshold line (satisfaction against 90%,
  online share against 50%, channel reach, grade shares).
- :func:`grouped_bars`: the same, several bars per group (before/after).
- :func:`line_chart`: one line per series over ordered periods, with
  whiskers and a reference line (quarterly trends).
- :func:`control_chart`: a p-chart, each period against its own control
  limits, thin periods as gaps (:mod:`forms_service.charts.control`).
"""

from forms_service.charts.bars import Bar, Group, grouped_bars, interval_bars
from forms_service.charts.control import ControlPoint, control_chart
from forms_service.charts.lines import Point, Series, line_chart
from forms_service.charts.palette import SERIES_COLOURS, STATUS_COLOURS, colour

__all__ = [
    "SERIES_COLOURS",
    "STATUS_COLOURS",
    "Bar",
    "ControlPoint",
    "Group",
    "Point",
    "Series",
    "colour",
    "control_chart",
    "grouped_bars",
    "interval_bars",
    "line_chart",
]
