"""Locale formatting with Babel: vi "18,2%", en "18.2%"."""

import pytest

from analytics import MISSING_TEXT, format_number, format_percent, format_percent_range, label


@pytest.mark.parametrize(
    ("value", "locale", "digits", "expected"),
    [
        (0.182, "vi", 1, "18,2%"),
        (0.182, "en", 1, "18.2%"),
        (0.182, "vi_VN", 1, "18,2%"),
        (0.182, "vi-VN", 1, "18,2%"),
        (0.1825, "vi", 1, "18,3%"),  # half up
        (0.125, "en", 0, "13%"),
        (1.0, "vi", 1, "100,0%"),
        (12.345, "en", 1, "1,234.5%"),
    ],
)
def test_format_percent(value, locale, digits, expected):
    assert format_percent(value, locale, digits=digits) == expected


def test_format_number():
    assert format_number(1234567, "vi") == "1.234.567"
    assert format_number(1234567.891, "en") == "1,234,567.891"
    assert format_number(70.25, "vi", digits=1) == "70,3"
    assert format_number(-12.5, "vi", digits=1) == "-12,5"


def test_missing_values_show_a_dash():
    nan = float("nan")
    assert format_percent(nan, "vi") == format_number(nan, "en") == MISSING_TEXT
    assert format_percent_range(nan, 0.5, "vi") == MISSING_TEXT


def test_interval_text():
    assert format_percent_range(0.912, 0.951, "vi") == "91,2% – 95,1%"
    assert format_percent_range(0.912, 0.951, "en", digits=0) == "91% – 95%"


def test_unknown_locale_is_explained():
    with pytest.raises(ValueError, match="unknown locale 'xx_YY'"):
        format_percent(0.5, "xx_YY")


def test_labels_in_both_languages():
    assert label("excellent") == "Xuất sắc"
    assert label("excellent", "en") == "Excellent"
    assert label("below", "fr") == "Below the threshold"  # other languages get English
    with pytest.raises(ValueError, match="no words for 'nonsense'"):
        label("nonsense")


def test_percentages_of_floats_round_half_up_like_decimal_arithmetic() -> None:
    """The float shortcut for report rows agrees with rounding the decimal text."""
    import random
    from decimal import ROUND_HALF_UP, Decimal

    from analytics import format_percent

    rng = random.Random(2023)
    values = [rng.random() for _ in range(20000)]
    values += [k / 1000 + d for k in range(1, 1001) for d in (0.0, 5e-5, -5e-5, 5e-4, -5e-4)]
    values += [0.0, 0.1235, 0.0005, 0.9995, 0.125, 1.5]
    for value in values:
        for digits in (0, 1, 2):
            step = Decimal(1).scaleb(-digits)
            rounded = Decimal(repr(value * 100)).quantize(step, ROUND_HALF_UP)
            expected = f"{rounded:.{digits}f}%"
            assert format_percent(value, "en", digits=digits) == expected, (value, digits)
            assert format_percent(value, "vi", digits=digits) == expected.replace(".", ","), (
                value, digits)
