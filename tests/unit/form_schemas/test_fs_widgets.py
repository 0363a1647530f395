"""The widget registry: one specification per widget, read by the profile and the rules."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources
from typing import Any

import pytest

import form_schemas
from form_schemas import WIDGET_SPECS, WIDGETS, WidgetSpec, check_definition
from form_schemas.model import build_questions
from form_schemas.profile import profile_schema
from form_schemas.question_rules import RULES
from form_schemas.widgets import widget_spec

SPECS = list(WIDGET_SPECS.values())


def _definition(spec: WidgetSpec) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Thử",
        "type": "object",
        "additionalProperties": False,
        "properties": {"q": spec.new_schema("Câu hỏi")},
    }


def test_registry_keys_are_the_names_and_widgets_is_its_key_set() -> None:
    assert all(name == spec.name for name, spec in WIDGET_SPECS.items())
    assert frozenset(WIDGET_SPECS) == WIDGETS == form_schemas.WIDGETS
    assert list(WIDGET_SPECS)[:3] == ["likert", "radio", "select"]  # the designer's order


def test_the_profile_accepts_exactly_the_registered_widget_names() -> None:
    question = profile_schema()["$defs"]["question"]["properties"]["x-widget"]
    assert question["enum"] == list(WIDGET_SPECS)
    assert question["x-issue"] == "unknown_widget"


def test_the_profile_file_does_not_list_widgets_itself() -> None:
    """The names live in the registry only, so the two cannot disagree."""
    text = resources.files("form_schemas").joinpath("profile.schema.json").read_text("utf-8")
    question = json.loads(text)["$defs"]["question"]["properties"]["x-widget"]
    assert "enum" not in question
    assert "WIDGET_SPECS" in question["$comment"]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_every_rule_a_widget_names_exists(spec: WidgetSpec) -> None:
    assert set(spec.rules) <= set(RULES), spec.name


def test_every_rule_is_used_by_some_widget() -> None:
    assert {rule for spec in SPECS for rule in spec.rules} == set(RULES)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_a_new_question_of_every_widget_passes_the_profile(spec: WidgetSpec) -> None:
    definition = _definition(spec)
    check_definition(definition)
    (question,) = build_questions(definition)
    assert question.widget == spec.name and question.spec is spec
    assert question.type in spec.types
    if spec.options != "none":
        assert question.choices, spec.name
    else:
        assert not question.choices, spec.name


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_a_new_question_is_a_fresh_copy(spec: WidgetSpec) -> None:
    before = json.dumps(dict(spec.skeleton), sort_keys=True)

    def spoil(value: Any) -> None:
        children = value.values() if isinstance(value, dict) else value
        for item in list(children):
            if isinstance(item, dict | list):
                spoil(item)
        value.clear()

    schema = spec.new_schema("Một")
    assert schema["title"] == "Một" and schema["x-widget"] == spec.name
    spoil(schema)
    assert json.dumps(dict(spec.skeleton), sort_keys=True) == before


def test_the_lists_that_were_spread_over_the_code_follow_from_the_specifications() -> None:
    def named(test: Any) -> set[str]:
        return {spec.name for spec in SPECS if test(spec)}

    assert named(lambda s: s.options == "oneOf") == {"likert", "radio", "select"}
    assert named(lambda s: s.choice == "single") == {
        "likert", "radio", "select", "nps", "rating", "yes_no"}
    assert named(lambda s: s.choice == "multiple") == {"checkboxes"}
    assert named(lambda s: s.comparable) == {
        "number", "nps", "rating", "likert", "radio", "select"}
    assert named(lambda s: s.group) == {"likert", "radio", "yes_no", "checkboxes", "nps",
                                        "rating", "date"}
    assert named(lambda s: s.made_options) == {"nps", "rating", "yes_no"}
    assert named(lambda s: s.kind == "nps") == {"nps"}
    assert named(lambda s: s.export == "flags") == {"checkboxes"}
    assert named(lambda s: s.family == "choice") == {"likert", "radio", "select"}
    assert named(lambda s: s.family == "text") == {"text", "textarea"}


def test_unknown_names_have_no_specification() -> None:
    assert widget_spec("slider") is None
    assert widget_spec(None) is None
    assert widget_spec(["likert"]) is None


@pytest.mark.parametrize(("change", "hint"), [
    ({"name": "Slider"}, "name:"),
    ({"types": ("date",)}, "types:"),
    ({"kind": "opinion"}, "kind:"),
    ({"options": "enum"}, "options:"),
    ({"export": "csv"}, "export:"),
    ({"settings": frozenset({"colour"})}, "settings:"),
    ({"renderer": "two words"}, "renderer:"),
    ({"skeleton": {"type": "boolean"}}, "skeleton:"),
    ({"choice": "some"}, "choice:"),
    ({"label": " "}, "label:"),
])
def test_a_specification_says_which_field_to_fix(change: dict[str, Any], hint: str) -> None:
    with pytest.raises(ValueError, match=hint):
        dataclasses.replace(WIDGET_SPECS["number"], **change)


def test_specifications_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        WIDGET_SPECS["text"].renderer = "textarea"  # type: ignore[misc]
    with pytest.raises(TypeError):
        WIDGET_SPECS["text"] = WIDGET_SPECS["textarea"]  # type: ignore[index]
