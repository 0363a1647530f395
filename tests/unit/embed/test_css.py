"""The page style: WCAG AA colours, 44 px touch targets, 360 px without side scrolling."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import embed

STATIC = Path(embed.__file__).parent / "static"
CSS = (STATIC / "form.css").read_text(encoding="utf-8")
BASE = (Path(embed.__file__).parent / "templates" / "base.html").read_text(encoding="utf-8")
PALETTE = dict(re.findall(r"--([a-z-]+):(#[0-9a-f]{6})", CSS))


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(("fg", "bg", "minimum"), [
    ("fg", "bg", 4.5), ("muted", "bg", 4.5), ("accent", "bg", 4.5), ("err", "bg", 4.5),
    ("ok", "bg", 4.5), ("fg", "soft", 4.5), ("accent", "soft", 4.5),
    ("line", "bg", 3.0), ("star", "bg", 3.0), ("focus", "bg", 3.0), ("focus", "soft", 3.0),
])
def test_colours_meet_wcag_aa(fg: str, bg: str, minimum: float) -> None:
    assert contrast(PALETTE[fg], PALETTE[bg]) >= minimum, (fg, bg)


def test_button_text_contrast() -> None:
    assert contrast("#ffffff", PALETTE["accent"]) >= 4.5
    assert contrast("#ffffff", PALETTE["accent-dark"]) >= 4.5


def test_touch_targets_are_at_least_44px() -> None:
    for selector in (".opt{", "input[type=text],select,textarea{", ".langs a{", ".send{"):
        rule = CSS[CSS.index(selector):].split("}", 1)[0]
        height = re.search(r"min-height:(\d+)px", rule)
        assert height and int(height.group(1)) >= 44, selector
    assert "min-width:44px" in CSS and "min-width:3rem" in CSS  # stars and NPS boxes


def test_narrow_screens_do_not_scroll_sideways() -> None:
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in BASE
    assert "overflow-wrap:anywhere" in CSS and "max-width:100%" in CSS
    assert "box-sizing:border-box" in CSS
    assert ".w-nps .opts,.w-rating .opts{flex-flow:row wrap}" in CSS
    widths = [int(w) for w in re.findall(r"(?<![-\w])width:(\d+)px", CSS)]
    assert all(w <= 360 for w in widths)


def test_focus_is_visible() -> None:
    assert ":focus-visible{outline:3px solid var(--focus)" in CSS
    assert "outline:none" not in CSS and "outline:0" not in CSS
