"""Property-based checks: nothing raises, and the direct checks agree with jsonschema."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from form_schemas import DefinitionError, check_definition, compile_form, load_template
from form_schemas.fastpath import compile_check
from form_schemas.validator import make_validator

TEMPLATES = ["quick-rating", "sipas", "communication", "agency-communication", "nps"]
FORMS = {name: compile_form(load_template(name)) for name in TEMPLATES}

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**60), max_value=2**60)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["", " ", "5", "tv", "self", "true", "other", "Hòa", "Ho\u0300a"])
    | st.sampled_from([0, 1, 2, 3, 4, 5, 9, 10, 11, 4.0, -1])
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=20,
)
answer_keys = st.sampled_from(
    ["overall", "reason", "access", "feedback", "heard_from", "heard_from_other", "submission",
     "recommend", "has_plan", "staff", "channels_used", "proposals", "t", "csrf"]
) | st.text(max_size=10)  # fmt: skip
answers = st.dictionaries(answer_keys, json_values, max_size=8)
fields = st.dictionaries(
    answer_keys,
    st.lists(
        st.text(max_size=12) | st.sampled_from(["4", "true", "tv", "self", " 5 "]), max_size=4
    ),
    max_size=8,
)


@pytest.mark.parametrize("name", TEMPLATES)
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=answers)
def test_validate_never_raises(name, data) -> None:
    form = FORMS[name]
    result = form.validate(data)
    assert result.ok == (not result.errors)
    assert set(result.answers) <= {q.name for q in form.questions}
    if result.ok:
        assert form.validate(result.answers).answers == result.answers


@pytest.mark.parametrize("name", TEMPLATES)
@settings(max_examples=80, deadline=None)
@given(data=json_values)
def test_validate_never_raises_on_any_json(name, data) -> None:
    FORMS[name].validate(data, locale="en")


@pytest.mark.parametrize("name", TEMPLATES)
@settings(max_examples=80, deadline=None)
@given(data=fields)
def test_coerce_then_validate_never_raises(name, data) -> None:
    form = FORMS[name]
    coerced = form.coerce_form(data)
    assert set(coerced) <= {q.name for q in form.questions}
    form.validate(coerced)
    form.derive(coerced)


_QUESTION_SCHEMAS = {
    json.dumps({k: v for k, v in question.schema.items() if k not in ("title", "description")},
               sort_keys=True): question.schema
    for form in FORMS.values()
    for question in form.questions
}  # fmt: skip
SCHEMAS: list[dict[str, Any]] = [
    *_QUESTION_SCHEMAS.values(),
    {"type": "number", "exclusiveMinimum": 0, "maximum": 10},
    {"type": "string", "maxLength": 5, "minLength": 1, "pattern": "^[a-z]+$"},
    {"type": "string", "maxLength": 50, "format": "email"},
    {"enum": [1, "1", True, None, 2.5]},
    {"const": 1},
    {"not": {"const": "x"}},
    {"anyOf": [{"type": "integer"}, {"type": "string", "maxLength": 2}]},
    {"allOf": [{"minimum": 1}, {"maximum": 3}]},
    {"oneOf": [{"type": "integer"}, {"minimum": 2}]},
    {"type": "array", "items": {"type": ["integer", "string"]}, "uniqueItems": True},
    {"properties": {"overall": {"maximum": 2}}, "required": ["overall"]},
    {"properties": {"heard_from": {"contains": {"const": "other"}}}},
]
VALIDATORS = [make_validator(dict(schema)) for schema in SCHEMAS]


CHECKS = [compile_check(schema) for schema in SCHEMAS]


@settings(max_examples=300, deadline=None)
@given(value=json_values)
def test_direct_checks_agree_with_jsonschema(value) -> None:
    for schema, check, validator in zip(SCHEMAS, CHECKS, VALIDATORS, strict=True):
        if check is not None:
            assert check(value) in (None, validator.is_valid(value)), schema


def test_direct_checks_cover_the_template_questions() -> None:
    for form in FORMS.values():
        for question in form.questions:
            assert compile_check(question.schema) is not None, question.name


@settings(max_examples=200, deadline=None)
@given(definition=json_values)
def test_check_definition_never_crashes(definition) -> None:
    try:
        check_definition(definition)
    except DefinitionError as error:
        assert error.issues


@settings(max_examples=100, deadline=None)
@given(
    mutation=st.tuples(
        st.sampled_from(["overall", "reason"]),
        st.sampled_from(["type", "x-widget", "oneOf", "maxLength", "x-show-if", "title", "$ref"]),
        json_values,
    )
)
def test_check_definition_never_crashes_on_mutated_templates(mutation) -> None:
    question, keyword, value = mutation
    definition = load_template("quick-rating")
    definition["properties"][question][keyword] = value
    try:
        check_definition(definition)
    except DefinitionError as error:
        assert error.issues
    else:
        compile_form(definition).validate({"overall": 1, "reason": "x"})


# -- keyword rules against the draft 2020-12 meta-schema -------------------------------------

_values = (
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.sampled_from([0.5, 2.0, -1.5])
    | st.sampled_from(["", "a", "string", "integer", "#a", "a#b", "x y", "_ok", "9no"])
    | st.lists(st.sampled_from(["a", "b", "string", "object"]), max_size=3)
    | st.lists(st.integers(0, 2), max_size=2)
    | st.dictionaries(st.sampled_from(["a", "b"]), st.booleans(), max_size=2)
)
_keywords = st.sampled_from(
    sorted(
        {
            "$id", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor", "$comment", "$vocabulary",
            "$defs", "definitions", "dependencies", "prefixItems", "items", "contains",
            "additionalProperties", "properties", "dependentSchemas", "propertyNames", "if",
            "then", "else", "allOf", "anyOf", "oneOf", "not", "unevaluatedItems",
            "unevaluatedProperties", "type", "const", "enum", "multipleOf", "maximum",
            "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength",
            "maxItems", "minItems", "uniqueItems", "maxContains", "minContains",
            "maxProperties", "minProperties", "required", "dependentRequired", "title",
            "description", "default", "deprecated", "readOnly", "writeOnly", "examples",
            "format", "contentEncoding", "contentMediaType", "contentSchema", "x-widget",
        }
    )
)  # fmt: skip


def _schemas(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    member = children | _values
    return st.dictionaries(
        _keywords,
        member
        | st.lists(children, max_size=2)
        | st.dictionaries(st.sampled_from(["a", "b"]), member, max_size=2),
        max_size=4,
    )


schemas = st.recursive(st.booleans() | st.just({}), _schemas, max_leaves=12)


@settings(max_examples=400, deadline=None)
@given(schema=schemas)
def test_keyword_rules_agree_with_the_meta_schema(schema) -> None:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    from form_schemas.keywords import check_keywords
    from form_schemas.walk import iter_schema_nodes

    try:
        Draft202012Validator.check_schema(schema)
        expected = True
    except SchemaError:
        expected = False
    assert (check_keywords(list(iter_schema_nodes(schema))) == []) == expected
