"""Profile rules for the document as a whole: dialect, top level, names, references."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from form_schemas import DefinitionError, Issue, check_definition


def test_minimal_definition_is_accepted(minimal, issues) -> None:
    assert issues(minimal) == []
    assert check_definition(minimal) is None


def test_all_issues_are_collected(minimal, issues) -> None:
    minimal["additionalProperties"] = True
    minimal["properties"]["overall"]["x-widget"] = "stars"
    minimal["properties"]["reason"].pop("maxLength")
    minimal["required"].append("missing")
    found = issues(minimal)
    assert ("/additionalProperties", "additional_properties") in found
    assert ("/properties/overall/x-widget", "unknown_widget") in found
    assert ("/properties/reason/maxLength", "max_length_missing") in found
    assert ("/required/1", "required_unknown") in found
    assert len(found) == len(set(found))


def test_error_carries_localized_issues(minimal) -> None:
    minimal.pop("additionalProperties")
    with pytest.raises(DefinitionError) as vi:
        check_definition(minimal)
    with pytest.raises(DefinitionError) as en:
        check_definition(minimal, locale="en")
    (issue_vi,) = vi.value.issues
    (issue_en,) = en.value.issues
    assert isinstance(issue_vi, Issue)
    assert issue_vi.path == issue_en.path == "/additionalProperties"
    assert issue_vi.code == issue_en.code == "additional_properties"
    assert "false" in issue_en.message and "additionalProperties" in issue_en.message
    assert issue_vi.message.startswith("Hãy đặt")
    assert issue_vi.message != issue_en.message
    assert "/additionalProperties" in str(vi.value)
    assert isinstance(vi.value, ValueError)


def test_definition_error_survives_pickling(minimal) -> None:
    minimal["type"] = "array"
    with pytest.raises(DefinitionError) as caught:
        check_definition(minimal)
    copy = pickle.loads(pickle.dumps(caught.value))
    assert copy.issues == caught.value.issues


def test_issue_to_dict() -> None:
    issue = Issue("/a", "required", "Vui lòng trả lời câu hỏi này.", {"limit": 1})
    assert issue.to_dict() == {
        "path": "/a",
        "code": "required",
        "message": "Vui lòng trả lời câu hỏi này.",
        "params": {"limit": 1},
    }


# -- dialect and JSON Schema validity ---------------------------------------------------


def test_schema_keyword_may_be_left_out(minimal, issues) -> None:
    minimal.pop("$schema")
    assert issues(minimal) == []


@pytest.mark.parametrize(
    "dialect",
    ["http://json-schema.org/draft-07/schema#", "https://json-schema.org/draft/2019-09/schema"],
)
def test_other_dialects_are_refused(minimal, issues, dialect) -> None:
    minimal["$schema"] = dialect
    assert ("/$schema", "schema_dialect") in issues(minimal)


def test_invalid_json_schema_is_refused(minimal, issues) -> None:
    minimal["properties"]["reason"]["minLength"] = -1
    assert issues(minimal) == [("/properties/reason/minLength", "invalid_schema")]


def test_invalid_schema_message_names_the_problem(minimal) -> None:
    minimal["properties"]["reason"]["minLength"] = -1
    with pytest.raises(DefinitionError) as caught:
        check_definition(minimal, locale="en")
    assert "-1" in caught.value.issues[0].message


# -- top level ----------------------------------------------------------------------------


def test_root_must_be_an_object(issues) -> None:
    assert issues(["not", "an", "object"]) == [("", "root_object")]
    assert issues("text") == [("", "root_object")]


@pytest.mark.parametrize("value", [None, "array"])
def test_root_type_must_be_object(minimal, issues, value) -> None:
    if value is None:
        minimal.pop("type")
    else:
        minimal["type"] = value
    assert ("/type", "root_type") in issues(minimal)


@pytest.mark.parametrize("value", [None, True, {"type": "string"}])
def test_additional_properties_false_is_required(minimal, issues, value) -> None:
    if value is None:
        minimal.pop("additionalProperties")
    else:
        minimal["additionalProperties"] = value
    assert ("/additionalProperties", "additional_properties") in issues(minimal)


@pytest.mark.parametrize("value", [None, {}])
def test_questions_are_required(minimal, issues, value) -> None:
    minimal.pop("required")
    minimal.pop("x-survey")
    if value is None:
        minimal.pop("properties")
    else:
        minimal["properties"] = value
    assert issues(minimal) == [("/properties", "no_questions")]


@pytest.mark.parametrize("keyword", ["allOf", "patternProperties", "minProperties", "if"])
def test_other_top_level_keywords_are_refused(minimal, issues, keyword) -> None:
    minimal[keyword] = [] if keyword == "allOf" else {} if keyword != "minProperties" else 1
    assert (f"/{keyword}", "keyword_not_allowed") in issues(minimal)


@pytest.mark.parametrize("name", ["Overall", "1st", "a-b", "ho_tên", "a" * 65, "_x"])
def test_question_names_are_restricted(minimal, issues, name) -> None:
    minimal["properties"][name] = {"title": "Câu hỏi", "type": "boolean"}
    assert (f"/properties/{name}", "question_name") in issues(minimal)


@pytest.mark.parametrize("name", ["a", "heard_from", "q2", "a" * 64])
def test_good_question_names_are_accepted(minimal, issues, name) -> None:
    minimal["properties"][name] = {"title": "Câu hỏi", "type": "boolean"}
    assert issues(minimal) == []


def test_required_names_must_be_questions(minimal, issues) -> None:
    minimal["required"] = ["overall", "nothing"]
    assert issues(minimal) == [("/required/1", "required_unknown")]


def test_required_must_not_repeat(minimal, issues) -> None:
    minimal["required"] = ["overall", "overall"]
    assert ("/required", "required_list") in issues(minimal)


def test_form_title_must_be_text(minimal, issues) -> None:
    minimal["title"] = ""
    assert issues(minimal) == [("/title", "form_text")]


# -- references ----------------------------------------------------------------------------


def _with_defs(definition: dict[str, Any], ref: str) -> dict[str, Any]:
    definition["$defs"] = {
        "long_text": {"type": "string", "maxLength": 500, "x-widget": "textarea"}
    }
    definition["properties"]["note"] = {"title": "Ghi chú", "$ref": ref}
    return definition


def test_local_defs_reference_is_accepted(minimal, issues) -> None:
    assert issues(_with_defs(minimal, "#/$defs/long_text")) == []


@pytest.mark.parametrize(
    "ref",
    [
        "https://example.com/schema.json",
        "file:///etc/passwd",
        "other.json#/$defs/long_text",
        "#/properties/overall",
        "#long_text",
        "urn:example:thing",
    ],
)
def test_non_local_references_are_refused(minimal, issues, ref) -> None:
    found = issues(_with_defs(minimal, ref))
    assert ("/properties/note/$ref", "ref_not_local") in found


def test_dangling_reference_is_refused(minimal, issues) -> None:
    found = issues(_with_defs(minimal, "#/$defs/nowhere"))
    assert ("/properties/note/$ref", "ref_unresolved") in found


@pytest.mark.parametrize("keyword", ["$dynamicRef", "$recursiveRef"])
def test_dynamic_references_are_refused(minimal, issues, keyword) -> None:
    minimal["properties"]["reason"][keyword] = "#meta"
    assert ("/properties/reason/" + keyword, "dynamic_ref") in issues(minimal)


@pytest.mark.parametrize("keyword", ["$id", "$schema", "$defs"])
def test_root_only_keywords_inside_questions_are_refused(minimal, issues, keyword) -> None:
    value: Any = {} if keyword == "$defs" else "https://example.com/x"
    minimal["properties"]["reason"][keyword] = value
    assert ("/properties/reason/" + keyword, "root_only") in issues(minimal)


def test_root_id_is_accepted(minimal, issues) -> None:
    minimal["$id"] = "urn:phieu:form:42"
    assert issues(minimal) == []


def test_recursive_references_are_refused(minimal, issues) -> None:
    minimal["$defs"] = {
        "a": {"type": "string", "maxLength": 5, "not": {"$ref": "#/$defs/b"}},
        "b": {"anyOf": [{"$ref": "#/$defs/a"}]},
        "c": {"$ref": "#/$defs/c"},
        "d": {"type": "string"},
    }
    minimal["properties"]["note"] = {"title": "Ghi chú", "$ref": "#/$defs/a"}
    found = issues(minimal)
    assert ("/$defs/a", "ref_recursive") in found
    assert ("/$defs/b", "ref_recursive") in found
    assert ("/$defs/c", "ref_recursive") in found
    assert ("/$defs/d", "ref_recursive") not in found


def test_conflicting_keyword_beside_reference_is_refused(minimal, issues) -> None:
    definition = _with_defs(minimal, "#/$defs/long_text")
    definition["properties"]["note"]["maxLength"] = 100
    assert ("/properties/note/maxLength", "ref_conflict") in issues(definition)
