"""An agency's accent colour on its form pages, kept within WCAG 2.2 level AA.

The accent colours links on the page background and the send button's
background under white text, so a colour is accepted only if it reaches
the AA contrast for normal text (4.5:1) against both.  The page background
and the button text are those of ``static/form.css`` (``--bg``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "AA_TEXT",
    "BUTTON_TEXT",
    "PAGE_BACKGROUND",
    "ContrastShortfall",
    "accent_css",
    "accent_shortfalls",
    "contrast_ratio",
    "parse_colour",
    "relative_luminance",
]

#: WCAG 2.2 success criterion 1.4.3 (level AA): contrast of normal text.
AA_TEXT = 4.5
#: ``--bg`` of form.css, under the page's text and links
PAGE_BACKGROUND = "#ffffff"
#: the text on the send button, whose background is the accent
BUTTON_TEXT = "#ffffff"

_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
RGB = tuple[int, int, int]


def parse_colour(text: str) -> RGB:
    """``#0b57a4`` (or ``#08f``, with or without ``#``) as red, green, blue 0–255.

    Raises ``ValueError`` saying what to write otherwise.
    """
    found = _HEX.fullmatch(text.strip())
    if found is None:
        raise ValueError(f"{text!r} is not a colour: write it as #rrggbb, e.g. #0b57a4")
    digits = found.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str | RGB) -> float:
    """The relative luminance of WCAG 2.2 (sRGB), 0 for black to 1 for white."""
    r, g, b = parse_colour(colour) if isinstance(colour, str) else colour
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str | RGB, second: str | RGB) -> float:
    """WCAG contrast ratio ``(L1 + 0.05) / (L2 + 0.05)``, from 1 to 21.

    >>> round(contrast_ratio("#000000", "#ffffff"), 2)
    21.0
    """
    a, b = relative_luminance(first), relative_luminance(second)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


@dataclass(frozen=True, slots=True)
class ContrastShortfall:
    """The accent against one colour it meets on the page falls short of AA."""

    against: str  # "page background" or "button text"
    colour: str
    ratio: float
    required: float = AA_TEXT


def accent_shortfalls(colour: str) -> list[ContrastShortfall]:
    """What the accent ``colour`` fails on the page: empty when it reaches AA everywhere."""
    rgb = parse_colour(colour)
    found = []
    for against, other in (("page background", PAGE_BACKGROUND), ("button text", BUTTON_TEXT)):
        ratio = contrast_ratio(rgb, other)
        if ratio < AA_TEXT:
            found.append(ContrastShortfall(against, other, ratio))
    return found


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(255, max(0, c))):02x}" for c in rgb)


def accent_css(colour: str) -> str:
    """The stylesheet that puts ``colour`` on a form page: the accent, a darker
    shade for the button under the pointer and a light tint behind chosen answers."""
    r, g, b = parse_colour(colour)
    dark = _hex((r * 0.75, g * 0.75, b * 0.75))
    soft = _hex((255 - (255 - r) * 0.1, 255 - (255 - g) * 0.1, 255 - (255 - b) * 0.1))
    return f":root{{--accent:{_hex((r, g, b))};--accent-dark:{dark};--soft:{soft}}}\n"
