"""Contrast of an agency's accent colour, against reference values of WCAG tools."""

from __future__ import annotations

import pytest

from embed.branding import (
    accent_css,
    accent_shortfalls,
    contrast_ratio,
    parse_colour,
    relative_luminance,
)


def test_contrast_matches_published_reference_values() -> None:
    # WebAIM contrast checker: #767676 on white is 4.54:1, #777777 is 4.48:1 —
    # the lightest grey that passes AA and the first that fails
    assert round(contrast_ratio("#767676", "#ffffff"), 2) == 4.54
    assert round(contrast_ratio("#777777", "#ffffff"), 2) == 4.48
    assert contrast_ratio("#000", "#fff") == pytest.approx(21.0)
    assert contrast_ratio("#0b57a4", "#0b57a4") == pytest.approx(1.0)
    # symmetric, and luminance by the WCAG 2.2 formula (sRGB)
    assert contrast_ratio("#ffffff", "#767676") == contrast_ratio("#767676", "#ffffff")
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    assert relative_luminance((255, 0, 0)) == pytest.approx(0.2126)


def test_an_accent_passes_only_at_aa_against_the_page_and_the_button_text() -> None:
    assert accent_shortfalls("#767676") == []
    assert accent_shortfalls("#0b57a4") == []
    short = accent_shortfalls("#777777")
    assert {s.against for s in short} == {"page background", "button text"}
    assert all(s.ratio < 4.5 and s.required == 4.5 for s in short)
    assert len(accent_shortfalls("#ffcc00")) == 2  # yellow: unreadable under white text


def test_colours_are_parsed_or_refused_with_how_to_write_them() -> None:
    assert parse_colour("#08F") == (0, 136, 255)
    assert parse_colour("0b57a4") == (11, 87, 164)
    for bad in ("blue", "#12345", "#gggggg", "rgb(0,0,0)", ""):
        with pytest.raises(ValueError, match="#rrggbb"):
            parse_colour(bad)


def test_the_stylesheet_sets_accent_a_darker_shade_and_a_light_tint() -> None:
    css = accent_css("#0b57a4")
    assert css.startswith(":root{--accent:#0b57a4;")
    dark = css.split("--accent-dark:")[1][:7]
    soft = css.split("--soft:")[1][:7]
    # the hover shade keeps at least the accent's contrast with white text
    assert contrast_ratio(dark, "#ffffff") > contrast_ratio("#0b57a4", "#ffffff")
    # the tint behind chosen answers keeps the page's text (#1b1b1b) readable
    assert contrast_ratio(soft, "#1b1b1b") >= 4.5
