"""HTML form fields → answers (``CompiledForm.coerce_form``)."""

from __future__ import annotations

import pytest

from form_schemas import compile_form, load_template


@pytest.fixture
def communication():
    return compile_form(load_template("communication"))


@pytest.fixture
def agency():
    return compile_form(load_template("agency-communication"))


def test_round_trip_through_form_fields(communication) -> None:
    answers = {
        "heard_from": ["tv", "zalo", "other"],
        "heard_from_other": "Loa phường",
        "submission": "self",
        "overall": 5,
        "suggestion": "Hướng dẫn thêm trên Zalo",
    }
    fields = {
        name: [str(item) for item in value] if isinstance(value, list) else [str(value)]
        for name, value in answers.items()
    }
    fields |= {"t": ["signed-token"], "nonce": ["abc"], "csrf": ["xyz"]}
    coerced = communication.coerce_form(fields)
    assert coerced == answers
    result = communication.validate(coerced)
    assert result.ok and result.answers == answers


def test_page_fields_are_left_out(communication) -> None:
    assert communication.coerce_form({"t": ["x"], "csrf": ["y"], "nonce": ["z"]}) == {}


def test_integer_answers_are_parsed(communication) -> None:
    assert communication.coerce_form({"overall": ["4"]}) == {"overall": 4}
    assert communication.coerce_form({"overall": [" +4 "]}) == {"overall": 4}


@pytest.mark.parametrize("raw", ["bốn", "4.5", "1e3", "9" * 40, "0x10"])
def test_unparsable_integers_are_kept_for_validation(communication, raw) -> None:
    coerced = communication.coerce_form({"overall": [raw]})
    assert coerced == {"overall": raw}
    errors = communication.validate(coerced).errors
    assert [(e.path, e.code) for e in errors if e.path == "/overall"] == [("/overall", "type")]


def test_single_valued_fields_take_the_last_value(communication) -> None:
    assert communication.coerce_form({"overall": ["2", "5"]}) == {"overall": 5}
    assert communication.coerce_form({"overall": ["5", ""]}) == {"overall": 5}


def test_empty_values_are_dropped(communication) -> None:
    fields = {"overall": ["", "  "], "heard_from": ["", "tv", ""], "suggestion": [""]}
    assert communication.coerce_form(fields) == {"heard_from": ["tv"]}


def test_yes_no_and_numbers(agency) -> None:
    fields = {"has_plan": ["true"], "staff": ["12"], "agency_name": ["Sở TT&TT"]}
    assert agency.coerce_form(fields) == {"has_plan": True, "staff": 12, "agency_name": "Sở TT&TT"}
    assert agency.coerce_form({"has_plan": ["False"]}) == {"has_plan": False}
    assert agency.coerce_form({"has_plan": ["có"]}) == {"has_plan": "có"}


def test_decimal_numbers_accept_a_decimal_comma() -> None:
    form = compile_form(
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {"cost": {"title": "Chi phí", "type": "number"}},
        }
    )
    assert form.coerce_form({"cost": ["4,5"]}) == {"cost": 4.5}
    assert form.coerce_form({"cost": ["4.5"]}) == {"cost": 4.5}
    assert form.coerce_form({"cost": ["12"]}) == {"cost": 12}
    assert form.coerce_form({"cost": ["nan"]}) == {"cost": "nan"}


def test_integer_checkbox_items_are_parsed() -> None:
    form = compile_form(
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "days": {
                    "title": "Ngày",
                    "type": "array",
                    "items": {
                        "oneOf": [{"const": 1, "title": "Thứ Hai"}, {"const": 2, "title": "Thứ Ba"}]
                    },
                    "uniqueItems": True,
                }
            },
        }
    )
    assert form.coerce_form({"days": ["1", "2"]}) == {"days": [1, 2]}
    assert form.validate(form.coerce_form({"days": ["1", "2"]})).ok


def test_plain_string_values_are_tolerated(communication) -> None:
    assert communication.coerce_form({"overall": "5"}) == {"overall": 5}  # type: ignore[dict-item]
