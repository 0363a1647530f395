"""The question model: widgets, options, labels and translations."""

from __future__ import annotations

import pytest

from form_schemas import Choice, Question, compile_form, load_template


def _question(schema, name="q", **extra) -> Question:
    definition = {
        "type": "object",
        "additionalProperties": False,
        "properties": {name: {"title": "Câu hỏi", **schema}},
        **extra,
    }
    return compile_form(definition).questions[0]


@pytest.mark.parametrize(
    ("schema", "widget"),
    [
        ({"type": "integer", "oneOf": [{"const": 1, "title": "Một"}]}, "radio"),
        ({"type": "string", "oneOf": [{"const": "a", "title": "A"}]}, "radio"),
        ({"type": "boolean"}, "yes_no"),
        ({"type": "array", "items": {"oneOf": [{"const": "a", "title": "A"}]}}, "checkboxes"),
        ({"type": "string", "maxLength": 10}, "text"),
        ({"type": "integer"}, "number"),
        ({"type": "number"}, "number"),
        (
            {"type": "integer", "x-widget": "select", "oneOf": [{"const": 1, "title": "Một"}]},
            "select",
        ),
    ],
)
def test_widget_is_explicit_or_inferred(schema, widget) -> None:
    assert _question(schema).widget == widget


def test_question_fields(minimal) -> None:
    form = compile_form(minimal)
    overall, reason = form.questions
    assert (overall.name, overall.type, overall.widget, overall.required) == (
        "overall",
        "integer",
        "likert",
        True,
    )
    assert [choice.value for choice in overall.choices] == [5, 4, 3, 2, 1]
    assert overall.show_if is None
    assert (reason.max_length, reason.required, reason.choices) == (2000, False, ())
    assert reason.show_if == {"properties": {"overall": {"maximum": 2}}, "required": ["overall"]}
    assert form.question("reason") is reason


def test_titles_and_labels_fall_back_to_vietnamese(minimal) -> None:
    form = compile_form(minimal)
    overall, reason = form.questions
    assert overall.title("en") == "How satisfied are you with this online public service?"
    assert overall.title() == overall.title("vi") == overall.titles["vi"]
    assert reason.title("en") == reason.title("vi") == "Điều gì chưa làm Ông/Bà hài lòng?"
    assert overall.choice_label(5, "en") == "Very satisfied"
    assert overall.choice_label(4, "en") == "Hài lòng"
    assert overall.choice_label("5", "en") == "Very satisfied"
    assert overall.choice_label(9) == "9"
    assert reason.description("en") is None
    assert form.title("en") == "How satisfied are you?"
    assert form.title("fr") == form.title() == "Đánh giá mức độ hài lòng"
    assert form.description() is None


def test_locales(minimal) -> None:
    assert compile_form(minimal).locales == ("vi", "en")
    minimal["x-survey"].pop("translations")
    assert compile_form(minimal).locales == ("vi",)
    assert compile_form(load_template("sipas")).locales == ("vi", "en")


def test_nps_and_rating_choices_are_generated() -> None:
    nps = _question({"type": "integer", "x-widget": "nps", "minimum": 0, "maximum": 10})
    assert [c.value for c in nps.choices] == list(range(11))
    assert nps.choices[7] == Choice(7, {"vi": "7"})
    assert (nps.minimum, nps.maximum) == (0, 10)
    rating = _question({"type": "integer", "x-widget": "rating", "minimum": 1, "maximum": 5})
    assert [c.value for c in rating.choices] == [1, 2, 3, 4, 5]
    assert rating.choice_label(3, "en") == "3"


def test_yes_no_choices_have_labels() -> None:
    question = _question({"type": "boolean"})
    assert [c.value for c in question.choices] == [True, False]
    assert question.choice_label(True) == "Có"
    assert question.choice_label(False, "en") == "No"


def test_checkbox_fields() -> None:
    question = _question(
        {
            "type": "array",
            "items": {"oneOf": [{"const": 1, "title": "Một"}, {"const": 2, "title": "Hai"}]},
            "uniqueItems": True,
            "minItems": 1,
            "maxItems": 2,
        }
    )
    assert (question.min_items, question.max_items, question.item_type) == (1, 2, "integer")
    assert question.choice_label(2) == "Hai"


def test_referenced_schema_is_resolved() -> None:
    form = compile_form(load_template("sipas"))
    access = form.question("access")
    assert access.widget == "likert" and access.type == "integer"
    assert [c.value for c in access.choices] == [5, 4, 3, 2, 1]
    assert access.choice_label(1, "en") == "Very dissatisfied"


def test_satisfaction_property(minimal) -> None:
    assert compile_form(minimal).satisfaction == {"question": "overall", "satisfied": [4, 5]}
    assert compile_form(load_template("nps")).satisfaction is None


def test_compiled_form_does_not_share_the_definition(minimal) -> None:
    form = compile_form(minimal)
    minimal["properties"]["overall"]["oneOf"].pop()
    assert form.validate({"overall": 1}).ok
