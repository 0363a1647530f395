"""Colours of the charts.

Every colour has a contrast ratio of at least 4.5:1 against white, so it
serves for marks (WCAG 1.4.11 asks 3:1) and for the words written in it
(1.4.3 asks 4.5:1). Meaning is always written out as well.
"""

from __future__ import annotations

__all__ = ["INK", "MUTED", "SERIES_COLOURS", "STATUS_COLOURS", "colour"]

INK = "#1f2328"      # text and whiskers (15.8:1)
MUTED = "#595f66"    # axes and secondary text (6.4:1)

STATUS_COLOURS: dict[str, str] = {
    "excellent": "#1a6b37",             # green, 6.6:1
    "meets_point_estimate": "#0b57a4",  # blue, 7.0:1
    "below": "#a4262c",                 # red, 7.0:1
    "insufficient_data": "#595f66",     # grey, 6.4:1
    "meets_target": "#1a6b37",
    "misses_target": "#8a4600",         # brown, 6.6:1
    "suppressed": "#595f66",
    "neutral": "#2f4a7a",               # slate blue, 8.6:1
}

SERIES_COLOURS: tuple[str, ...] = ("#2f4a7a", "#8a4600", "#1a6b37", "#7a2f6b", "#a4262c")


def colour(status: str) -> str:
    """The colour of ``status`` (a verdict or target key); slate blue if unknown."""
    return STATUS_COLOURS.get(status, STATUS_COLOURS["neutral"])
