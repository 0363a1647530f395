"""A general form's questions in the kiosk's compact shape."""

from __future__ import annotations

from typing import Any

import pytest

from form_schemas.widgets import WIDGET_SPECS
from forms_service.errors import InvalidInput
from forms_service.kiosk.questions import KIOSK_KINDS, kiosk_questions, shows_rating


def _form(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "title": "T", "additionalProperties": False,
            "required": required or [], "properties": properties}


def _widget(name: str, **changes: Any) -> dict[str, Any]:
    return {"title": name, **WIDGET_SPECS[name].skeleton, "x-widget": name, **changes}


def test_each_kind_the_kiosk_shows() -> None:
    shown = kiosk_questions(_form({w: _widget(w) for w in KIOSK_KINDS}, ["rating"]))
    by_name = {q["n"]: q for q in shown}
    assert {n: q["k"] for n, q in by_name.items()} == KIOSK_KINDS
    assert by_name["rating"]["r"] is True and by_name["radio"]["r"] is False
    assert [c[0] for c in by_name["rating"]["c"]] == [1, 2, 3, 4, 5]
    assert [c[0] for c in by_name["nps"]["c"]] == list(range(11))
    assert by_name["yes_no"]["c"] == [[True, {"vi": "Có", "en": "Yes"}],
                                      [False, {"vi": "Không", "en": "No"}]]
    assert by_name["textarea"]["len"] == 2000 and by_name["number"]["int"] is True


def test_conditions_simple_ones_kept_others_always_shown() -> None:
    ticks = _widget("checkboxes")
    ticked = _widget("text", **{"x-show-if": {"properties": {"checkboxes": {
        "contains": {"const": "b"}}}, "required": ["checkboxes"]}})
    low = _widget("text", **{"x-show-if": {"properties": {"likert": {"maximum": 2}},
                                           "required": ["likert"]}})
    other = _widget("text", **{"x-show-if": {"anyOf": [
        {"properties": {"likert": {"const": 1}}, "required": ["likert"]},
        {"properties": {"checkboxes": {"contains": {"const": "a"}}}}]}})
    shown = kiosk_questions(_form({"checkboxes": ticks, "likert": _widget("likert"),
                                   "ticked": ticked, "low": low, "other": other},
                                  ["ticked", "low", "other"]))
    by_name = {q["n"]: q for q in shown}
    assert by_name["ticked"]["if"] == ["checkboxes", ["b"], True]
    assert by_name["low"]["if"] == ["likert", [2, 1], False]
    assert by_name["ticked"]["r"] is True and by_name["low"]["r"] is True
    # a condition of another shape: always shown, never required on the device
    assert "if" not in by_name["other"] and by_name["other"]["r"] is False


@pytest.mark.parametrize("widget", sorted(set(WIDGET_SPECS) - set(KIOSK_KINDS)))
def test_a_kind_the_kiosk_cannot_show_is_named(widget: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        kiosk_questions(_form({"radio": _widget("radio"), "bad": _widget(widget)}))
    assert raised.value.code == "kiosk_question_unsupported"
    assert raised.value.params == {"question": "bad", "widget": widget}


def test_a_satisfaction_form_is_the_quick_rating() -> None:
    assert shows_rating({"x-survey": {"satisfaction": {"question": "overall"}}})
    assert not shows_rating(_form({"radio": _widget("radio")}))
