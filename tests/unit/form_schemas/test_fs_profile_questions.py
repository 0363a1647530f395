"""Profile rules for questions: titles, types, widgets, options, ranges, conditions."""

from __future__ import annotations

from typing import Any

import pytest

LIKERT: dict[str, Any] = {
    "title": "Mức độ hài lòng",
    "type": "integer",
    "x-widget": "likert",
    "oneOf": [{"const": 2, "title": "Hài lòng"}, {"const": 1, "title": "Không hài lòng"}],
}
CHECKBOXES: dict[str, Any] = {
    "title": "Kênh thông tin",
    "type": "array",
    "x-widget": "checkboxes",
    "items": {
        "oneOf": [{"const": "tv", "title": "Truyền hình"}, {"const": "zalo", "title": "Zalo"}]
    },
    "uniqueItems": True,
}


def _add(definition: dict[str, Any], schema: dict[str, Any], name: str = "q") -> dict[str, Any]:
    definition["properties"][name] = schema
    return definition


# -- title and type ------------------------------------------------------------------------


@pytest.mark.parametrize("title", [None, "", "   ", 5])
def test_question_needs_a_title(minimal, issues, title) -> None:
    schema: dict[str, Any] = {"type": "boolean"}
    if title is not None:
        schema["title"] = title
    assert ("/properties/q/title", "question_title") in issues(_add(minimal, schema))


def test_question_must_be_an_object(minimal, issues) -> None:
    assert ("/properties/q", "question_object") in issues(_add(minimal, True))  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", [None, "object", "null", ["string", "null"]])
def test_question_type_must_be_one_of_five(minimal, issues, kind) -> None:
    schema: dict[str, Any] = {"title": "Câu hỏi"}
    if kind is not None:
        schema["type"] = kind
    assert ("/properties/q/type", "question_type") in issues(_add(minimal, schema))


# -- widgets -------------------------------------------------------------------------------


def test_unknown_widget_is_refused(minimal, issues) -> None:
    schema = {"title": "Câu hỏi", "type": "integer", "x-widget": "slider"}
    assert issues(_add(minimal, schema)) == [("/properties/q/x-widget", "unknown_widget")]


@pytest.mark.parametrize(
    ("widget", "kind"),
    [
        ("likert", "boolean"),
        ("radio", "array"),
        ("select", "number"),
        ("checkboxes", "string"),
        ("text", "integer"),
        ("textarea", "boolean"),
        ("number", "string"),
        ("nps", "number"),
        ("rating", "string"),
        ("yes_no", "integer"),
    ],
)
def test_widget_must_suit_the_type(minimal, issues, widget, kind) -> None:
    schema = {"title": "Câu hỏi", "type": kind, "x-widget": widget}
    assert issues(_add(minimal, schema)) == [("/properties/q/type", "widget_type")]


@pytest.mark.parametrize(
    "schema",
    [
        LIKERT,
        {**LIKERT, "x-widget": "radio"},
        {**LIKERT, "x-widget": "select"},
        {key: value for key, value in LIKERT.items() if key != "x-widget"},
        CHECKBOXES,
        {"title": "Ghi chú", "type": "string", "maxLength": 300, "x-widget": "text"},
        {"title": "Ghi chú", "type": "string", "maxLength": 300, "x-widget": "textarea"},
        {"title": "Số lần", "type": "integer", "x-widget": "number", "minimum": 0},
        {"title": "Chi phí", "type": "number"},
        {"title": "NPS", "type": "integer", "x-widget": "nps", "minimum": 0, "maximum": 10},
        {"title": "Sao", "type": "integer", "x-widget": "rating", "minimum": 1, "maximum": 5},
        {"title": "Có/Không", "type": "boolean"},
        {"title": "Email", "type": "string", "maxLength": 200, "format": "email"},
        {"title": "Ngày", "type": "string", "maxLength": 10, "format": "date"},
        {"title": "Điện thoại", "type": "string", "maxLength": 10, "pattern": "^0[0-9]{9}$"},
    ],
)
def test_well_formed_questions_are_accepted(minimal, issues, schema) -> None:
    assert issues(_add(minimal, dict(schema))) == []


# -- options ---------------------------------------------------------------------------


@pytest.mark.parametrize("options", [None, [], "5,4,3"])
def test_choice_widgets_need_options(minimal, issues, options) -> None:
    schema = {**LIKERT}
    if options is None:
        schema.pop("oneOf")
    else:
        schema["oneOf"] = options
    assert ("/properties/q/oneOf", "choices_missing") in issues(_add(minimal, schema))


@pytest.mark.parametrize(
    "option",
    [
        {"const": 3},
        {"const": 3, "title": ""},
        {"const": "3", "title": "Ba"},
        {"const": True, "title": "Đúng"},
        {"const": 3, "title": "Ba", "color": "red"},
        {"title": "Ba"},
        "Ba",
    ],
)
def test_each_option_needs_a_typed_const_and_a_title(minimal, issues, option) -> None:
    schema = {**LIKERT, "oneOf": [*LIKERT["oneOf"], option]}
    assert ("/properties/q/oneOf/2", "choice_invalid") in issues(_add(minimal, schema))


def test_string_options_are_accepted(minimal, issues) -> None:
    schema = {
        "title": "Hình thức nộp",
        "type": "string",
        "oneOf": [{"const": "self", "title": "Tự nộp"}, {"const": "help", "title": "Nhờ nộp"}],
    }
    assert issues(_add(minimal, schema)) == []


def test_duplicate_option_values_are_refused(minimal, issues) -> None:
    schema = {**LIKERT, "oneOf": [*LIKERT["oneOf"], {"const": 2, "title": "Lặp lại"}]}
    found = issues(_add(minimal, schema))
    assert ("/properties/q/oneOf/2/const", "choice_duplicate") in found


def test_too_many_options_are_refused(minimal, issues) -> None:
    options = [{"const": n, "title": f"Mức {n}"} for n in range(101)]
    schema = {**LIKERT, "oneOf": options}
    assert ("/properties/q/oneOf", "too_many_choices") in issues(_add(minimal, schema))


def test_checkboxes_need_item_options(minimal, issues) -> None:
    schema = {**CHECKBOXES, "items": {"type": "string"}}
    assert issues(_add(minimal, schema)) == [("/properties/q/items", "items_choices_missing")]
    schema = {k: v for k, v in CHECKBOXES.items() if k != "items"}
    assert ("/properties/q/items", "items_choices_missing") in issues(_add(minimal, schema))


def test_checkboxes_need_unique_items(minimal, issues) -> None:
    schema = {k: v for k, v in CHECKBOXES.items() if k != "uniqueItems"}
    assert issues(_add(minimal, schema)) == [("/properties/q/uniqueItems", "unique_items_missing")]


def test_checkbox_option_types_must_agree(minimal, issues) -> None:
    items = {"oneOf": [{"const": "tv", "title": "TV"}, {"const": 2, "title": "Hai"}]}
    schema = {**CHECKBOXES, "items": items}
    assert ("/properties/q/items/oneOf/0", "choice_invalid") in issues(_add(minimal, schema))


def test_checkbox_items_limits(minimal, issues) -> None:
    schema = {**CHECKBOXES, "maxItems": 1000}
    assert ("/properties/q/maxItems", "max_items_limit") in issues(_add(minimal, schema))
    schema = {**CHECKBOXES, "maxItems": 2, "minItems": 1}
    assert issues(_add(minimal, schema)) == []


# -- text, numbers, ranges --------------------------------------------------------------


def test_text_needs_max_length(minimal, issues) -> None:
    schema = {"title": "Ghi chú", "type": "string"}
    assert issues(_add(minimal, schema)) == [("/properties/q/maxLength", "max_length_missing")]


@pytest.mark.parametrize("limit", [10_001, 10**9, 2**53 - 1])
def test_absurd_max_length_is_refused(minimal, issues, limit) -> None:
    schema = {"title": "Ghi chú", "type": "string", "maxLength": limit}
    assert ("/properties/q/maxLength", "max_length_limit") in issues(_add(minimal, schema))


def test_max_length_limit_is_configurable(minimal, issues) -> None:
    from form_schemas import Limits

    assert ("/properties/reason/maxLength", "max_length_limit") in issues(
        minimal, limits=Limits(max_length=1000)
    )


@pytest.mark.parametrize(
    ("low", "high"), [(1, 10), (0, 5), (None, 10), (0, None), (0.0, 10.5), ("0", "10")]
)
def test_nps_range_is_fixed(minimal, issues, low, high) -> None:
    schema: dict[str, Any] = {"title": "NPS", "type": "integer", "x-widget": "nps"}
    if low is not None:
        schema["minimum"] = low
    if high is not None:
        schema["maximum"] = high
    assert ("/properties/q", "nps_range") in issues(_add(minimal, schema))


@pytest.mark.parametrize(("low", "high"), [(0, 5), (1, 2), (1, 11), (1, None), (1, 5.5)])
def test_rating_range_is_bounded(minimal, issues, low, high) -> None:
    schema: dict[str, Any] = {"title": "Sao", "type": "integer", "x-widget": "rating"}
    schema["minimum"] = low
    if high is not None:
        schema["maximum"] = high
    assert ("/properties/q", "rating_range") in issues(_add(minimal, schema))


@pytest.mark.parametrize("high", [3, 7, 10])
def test_rating_maximum_between_3_and_10(minimal, issues, high) -> None:
    schema = {"title": "Sao", "type": "integer", "x-widget": "rating", "minimum": 1}
    assert issues(_add(minimal, {**schema, "maximum": high})) == []


@pytest.mark.parametrize("fmt", ["uri", "regex", "hostname", "ipv4"])
def test_unchecked_formats_are_refused(minimal, issues, fmt) -> None:
    schema = {"title": "Ghi chú", "type": "string", "maxLength": 20, "format": fmt}
    assert issues(_add(minimal, schema)) == [("/properties/q/format", "format_unsupported")]


# -- x-show-if ----------------------------------------------------------------------------


@pytest.mark.parametrize("condition", ["overall < 3", True, [1]])
def test_condition_must_be_an_object(minimal, issues, condition) -> None:
    minimal["properties"]["reason"]["x-show-if"] = condition
    assert ("/properties/reason/x-show-if", "show_if_object") in issues(minimal)


def test_condition_must_be_a_valid_schema(minimal, issues) -> None:
    minimal["properties"]["reason"]["x-show-if"] = {"properties": {"overall": {"maximum": "2"}}}
    found = issues(minimal)
    assert found == [("/properties/reason/x-show-if/properties/overall/maximum", "show_if_invalid")]


@pytest.mark.parametrize(
    "condition",
    [
        {"properties": {"later": {"const": 1}}},
        {"required": ["later"]},
        {"anyOf": [{"required": ["overall"]}, {"required": ["reason"]}]},
        {"not": {"properties": {"nowhere": {"const": 1}}}},
    ],
)
def test_condition_may_not_look_ahead_or_at_itself(minimal, issues, condition) -> None:
    minimal["properties"]["reason"]["x-show-if"] = condition
    minimal["properties"]["later"] = {"title": "Sau", "type": "boolean"}
    found = issues(minimal)
    assert found and all(code == "show_if_reference" for _, code in found)
    assert {path for path, _ in found} == {"/properties/reason/x-show-if"}


def test_condition_on_earlier_questions_is_accepted(minimal, issues) -> None:
    minimal["properties"]["more"] = {
        "title": "Thêm",
        "type": "boolean",
        "x-show-if": {
            "allOf": [
                {"properties": {"overall": {"enum": [1, 2]}}, "required": ["overall"]},
                {"required": ["reason"]},
            ]
        },
    }
    assert issues(minimal) == []


def test_unsafe_pattern_inside_condition_is_refused(minimal, issues) -> None:
    minimal["properties"]["more"] = {
        "title": "Thêm",
        "type": "boolean",
        "x-show-if": {"properties": {"reason": {"pattern": "(x+x+)+y"}}},
    }
    assert issues(minimal) == [
        ("/properties/more/x-show-if/properties/reason/pattern", "pattern_unsafe")
    ]
