"""Answer validation: cleaning, visibility, required questions, codes and messages."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from form_schemas import AnswerResult, compile_form


def _codes(result: AnswerResult) -> list[tuple[str, str]]:
    return [(issue.path, issue.code) for issue in result.errors]


@pytest.fixture
def form(minimal):
    return compile_form(minimal)


@pytest.fixture
def chained():
    """a (yes/no) → b shown when a is true → c shown when b is "x"."""
    return compile_form(
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["a", "b", "c"],
            "properties": {
                "a": {"title": "A", "type": "boolean"},
                "b": {
                    "title": "B",
                    "type": "string",
                    "maxLength": 10,
                    "x-show-if": {"properties": {"a": {"const": True}}, "required": ["a"]},
                },
                "c": {
                    "title": "C",
                    "type": "integer",
                    "x-show-if": {"properties": {"b": {"const": "x"}}, "required": ["b"]},
                },
            },
        }
    )


@pytest.mark.parametrize("answers", [None, [], "overall=5", 5, [("overall", 5)]])
def test_answers_must_be_an_object(form, answers) -> None:
    result = form.validate(answers)
    assert not result.ok
    assert _codes(result) == [("", "type")]
    assert result.answers == {}


def test_valid_answers(form) -> None:
    result = form.validate({"overall": 4})
    assert result.ok and result.errors == []
    assert result.answers == {"overall": 4}


# -- visibility and required ------------------------------------------------------------


def test_required_question_missing(form) -> None:
    result = form.validate({})
    assert _codes(result) == [("/overall", "required")]
    assert result.errors[0].message == "Vui lòng trả lời câu hỏi này."
    assert form.validate({}, locale="en").errors[0].message == "Please answer this question."


def test_answer_to_hidden_question_is_dropped(form) -> None:
    result = form.validate({"overall": 5, "reason": "Không có gì"})
    assert result.ok
    assert result.answers == {"overall": 5}


def test_answer_to_shown_question_is_kept(form) -> None:
    result = form.validate({"overall": 1, "reason": "Chờ quá lâu"})
    assert result.ok
    assert result.answers == {"overall": 1, "reason": "Chờ quá lâu"}


def test_visible(form) -> None:
    assert form.visible({}) == {"overall"}
    assert form.visible({"overall": 5}) == {"overall"}
    assert form.visible({"overall": 2}) == {"overall", "reason"}
    assert form.visible({"overall": ""}) == {"overall"}


def test_required_hidden_question_is_not_required(chained) -> None:
    assert _codes(chained.validate({"a": False})) == []
    assert _codes(chained.validate({"a": True})) == [("/b", "required")]
    assert _codes(chained.validate({"a": True, "b": "x"})) == [("/c", "required")]
    assert chained.validate({"a": True, "b": "x", "c": 3}).ok


def test_chained_conditions_see_only_visible_answers(chained) -> None:
    # b is answered but hidden (a is false), so c stays hidden too.
    result = chained.validate({"a": False, "b": "x", "c": 3})
    assert result.ok
    assert result.answers == {"a": False}
    assert chained.visible({"a": False, "b": "x", "c": 3}) == {"a"}
    assert chained.visible({"a": True, "b": "x"}) == {"a", "b", "c"}


def test_invalid_answer_to_hidden_question_is_not_reported(chained) -> None:
    assert chained.validate({"a": False, "b": 12345, "c": "many"}).ok


# -- cleaning ----------------------------------------------------------------------------


def test_text_is_nfc_normalized_and_stripped(form) -> None:
    decomposed = unicodedata.normalize("NFD", "Hòa")
    assert decomposed != "Hòa"
    result = form.validate({"overall": 1, "reason": f"  Ông {decomposed}\n"})
    assert result.ok
    assert result.answers["reason"] == "Ông Hòa"
    assert unicodedata.is_normalized("NFC", result.answers["reason"])


@pytest.mark.parametrize("empty", ["", "   ", None, "\n\t"])
def test_empty_answers_count_as_not_answered(form, empty) -> None:
    assert _codes(form.validate({"overall": empty})) == [("/overall", "required")]
    result = form.validate({"overall": 1, "reason": empty})
    assert result.ok and result.answers == {"overall": 1}


def test_unknown_fields_are_errors(form) -> None:
    result = form.validate({"overall": 5, "phone": "0912", "a/b": 1})
    assert _codes(result) == [("/phone", "unknown_field"), ("/a~1b", "unknown_field")]
    assert result.errors[0].message == "Câu hỏi này không có trong biểu mẫu."


# -- types and codes ---------------------------------------------------------------------


@pytest.mark.parametrize("value", ["5", True, 4.5, [5], {"value": 5}, float("nan")])
def test_wrong_type_for_integer_choice(form, value) -> None:
    result = form.validate({"overall": value})
    assert _codes(result) == [("/overall", "type")]
    assert result.errors[0].message == "Vui lòng nhập một số nguyên."


def test_integral_float_is_accepted_as_integer(form) -> None:
    result = form.validate({"overall": 4.0})
    assert result.ok
    assert result.answers == {"overall": 4} and type(result.answers["overall"]) is int


@pytest.mark.parametrize("value", [0, 6, -1])
def test_value_outside_the_options(form, value) -> None:
    result = form.validate({"overall": value})
    assert _codes(result) == [("/overall", "choice")]
    assert result.errors[0].message == "Vui lòng chọn một trong các phương án."
    assert form.validate({"overall": value}, locale="en").errors[0].message == (
        "Please choose one of the options."
    )


def test_oversized_integer_is_refused(form) -> None:
    assert _codes(form.validate({"overall": 10**400})) == [("/overall", "invalid")]


def test_max_length_message_and_params(form) -> None:
    result = form.validate({"overall": 1, "reason": "x" * 2001})
    (issue,) = result.errors
    assert (issue.path, issue.code, issue.params) == ("/reason", "max_length", {"limit": 2000})
    assert issue.message == "Vui lòng nhập không quá 2.000 ký tự."
    english = form.validate({"overall": 1, "reason": "x" * 2001}, locale="en").errors[0]
    assert english.message == "Please enter at most 2,000 characters."


def _form(**questions: Any):
    return compile_form({"type": "object", "additionalProperties": False, "properties": questions})


@pytest.mark.parametrize(
    ("schema", "value", "code", "params", "message"),
    [
        ({"type": "integer", "minimum": 1}, 0, "minimum", {"limit": 1},
         "Vui lòng nhập số không nhỏ hơn 1."),
        ({"type": "integer", "maximum": 10}, 11, "maximum", {"limit": 10},
         "Vui lòng nhập số không lớn hơn 10."),
        ({"type": "number", "exclusiveMinimum": 0}, 0, "minimum", {"limit": 0},
         "Vui lòng nhập số lớn hơn 0."),
        ({"type": "number", "exclusiveMaximum": 1.5}, 2, "maximum", {"limit": 1.5},
         "Vui lòng nhập số nhỏ hơn 1,5."),
        ({"type": "string", "maxLength": 50, "minLength": 3}, "ab", "min_length", {"limit": 3},
         "Vui lòng nhập ít nhất 3 ký tự."),
        ({"type": "string", "maxLength": 50, "format": "email"}, "no-at-sign", "format",
         {"format": "email"}, "Vui lòng nhập địa chỉ thư điện tử (email) hợp lệ."),
        ({"type": "string", "maxLength": 10, "format": "date"}, "31/01/2024", "format",
         {"format": "date"},
         "Vui lòng nhập một ngày có thật: ngày, tháng và năm."),
        ({"type": "number"}, "1,5", "type", {}, "Vui lòng nhập một số."),
        ({"type": "boolean"}, "true", "type", {}, "Vui lòng chọn Có hoặc Không."),
        ({"type": "string", "maxLength": 5}, 5, "type", {},
         "Vui lòng nhập câu trả lời dạng văn bản."),
        ({"type": "integer", "multipleOf": 5}, 7, "invalid", {}, "Câu trả lời này không hợp lệ."),
    ],
)  # fmt: skip
def test_codes_params_and_messages(schema, value, code, params, message) -> None:
    form = _form(q={"title": "Câu hỏi", **schema})
    (issue,) = form.validate({"q": value}).errors
    assert (issue.path, issue.code, issue.params) == ("/q", code, params)
    assert issue.message == message


def test_english_messages() -> None:
    form = _form(q={"title": "Q", "type": "integer", "minimum": 1})
    assert form.validate({"q": 0}, locale="en").errors[0].message == (
        "Please enter a number of at least 1."
    )
    assert form.validate({"q": "1"}, locale="en-GB").errors[0].message == (
        "Please enter a whole number."
    )
    assert form.validate({"q": "1"}, locale="fr").errors[0].message == (
        "Vui lòng nhập một số nguyên."
    )


def test_valid_formats_are_accepted() -> None:
    form = _form(
        email={"title": "Email", "type": "string", "maxLength": 100, "format": "email"},
        day={"title": "Ngày", "type": "string", "maxLength": 10, "format": "date"},
    )
    assert form.validate({"email": "dan@example.vn", "day": "2024-01-31"}).ok


# -- checkboxes ----------------------------------------------------------------------------


@pytest.fixture
def boxes():
    return _form(
        heard_from={
            "title": "Kênh",
            "type": "array",
            "items": {
                "oneOf": [
                    {"const": "tv", "title": "Truyền hình"},
                    {"const": "zalo", "title": "Zalo"},
                    {"const": "portal", "title": "Cổng Dịch vụ công"},
                ]
            },
            "uniqueItems": True,
            "minItems": 1,
            "maxItems": 2,
        }
    )


def test_checkboxes_accept_a_list_of_options(boxes) -> None:
    result = boxes.validate({"heard_from": ["tv", " zalo "]})
    assert result.ok and result.answers == {"heard_from": ["tv", "zalo"]}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["tv", "radio"], [("/heard_from/1", "choice")]),
        (["tv", "tv"], [("/heard_from", "unique_items")]),
        (["tv", "zalo", "portal"], [("/heard_from", "max_items")]),
        ("tv", [("/heard_from", "type")]),
        (["tv", ["zalo"]], [("/heard_from/1", "type")]),
        (["tv", {"x": 1}], [("/heard_from/1", "type")]),
        (["tv", 3], [("/heard_from/1", "choice")]),
        (["a", "b", "c", "d", "e"], [("/heard_from", "max_items")]),
    ],
)
def test_checkbox_errors(boxes, value, expected) -> None:
    assert _codes(boxes.validate({"heard_from": value})) == expected


@pytest.mark.parametrize("value", [[], [""], [None, "  "]])
def test_empty_checkbox_lists_count_as_not_answered(boxes, value) -> None:
    result = boxes.validate({"heard_from": value})
    assert result.ok and result.answers == {}


def test_messages_for_checkbox_limits(boxes) -> None:
    (issue,) = boxes.validate({"heard_from": ["tv", "zalo", "portal"]}).errors
    assert issue.message == "Vui lòng chọn không quá 2 phương án."
    (issue,) = boxes.validate({"heard_from": ["tv", "tv"]}, locale="en").errors
    assert issue.message == "Please choose each option only once."


def test_unknown_field_and_question_errors_together(boxes) -> None:
    result = boxes.validate({"heard_from": ["radio"], "t": "token"})
    assert _codes(result) == [("/heard_from/0", "choice"), ("/t", "unknown_field")]
