"""Thresholds as people write them: Vietnamese decimal commas, percentages."""

from __future__ import annotations

import pytest

from forms_service.errors import InvalidInput
from forms_service.i18n import translate
from forms_service.reports.params import parse_threshold


@pytest.mark.parametrize(("text", "value"), [
    ("0,9", 0.9), ("0.9", 0.9), ("90", 0.9), ("90%", 0.9), ("90,0%", 0.9), (" 90 % ", 0.9),
    ("85,5", 0.855), ("0,75", 0.75), ("1%", 0.01), ("99,9%", 0.999),
])
def test_every_way_of_writing_a_threshold_is_read(text: str, value: float) -> None:
    assert parse_threshold(text) == pytest.approx(value)


@pytest.mark.parametrize("text", [None, "", "   "])
def test_an_empty_threshold_is_not_given(text: str | None) -> None:
    assert parse_threshold(text) is None


@pytest.mark.parametrize("text", ["0", "1", "100", "100%", "150", "-5", "abc", "0,9,1", "nan",
                                  "inf", "0%"])
def test_a_refusal_says_what_to_write(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_threshold(text)
    error = caught.value
    vi = translate("vi", error.message, **error.params)
    assert "90%" in vi and "0,9" in vi and text.strip() in vi
    assert "phần trăm" in vi
