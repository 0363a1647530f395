"""Input bounds: hostile definitions are refused quickly and without crashing."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from form_schemas import DefinitionError, Limits, check_definition

SANITY_SECONDS = 1.0  # a generous bound; the 100 ms target is measured by benchmarks


def _timed(issues: Callable[..., list[tuple[str, str]]], definition: object, **kwargs: Any):
    start = time.perf_counter()
    found = issues(definition, **kwargs)
    elapsed = time.perf_counter() - start
    assert elapsed < SANITY_SECONDS, f"took {elapsed:.3f} s"
    return found


@pytest.fixture(autouse=True)
def _warm_catalogues() -> None:
    """Load the message catalogues once so that timings measure the checks."""
    for locale in ("vi", "en"):
        with pytest.raises(DefinitionError):
            check_definition([], locale=locale)


def _nested_dict(depth: int) -> dict[str, Any]:
    root: dict[str, Any] = {}
    node = root
    for _ in range(depth):
        node["a"] = {}
        node = node["a"]
    return root


def _nested_list(depth: int) -> list[Any]:
    root: list[Any] = []
    node = root
    for _ in range(depth):
        child: list[Any] = []
        node.append(child)
        node = child
    return root


def test_ten_megabyte_text_is_refused(minimal, issues) -> None:
    minimal["description"] = "ư" * 10_000_000
    assert _timed(issues, minimal) == [("", "too_large")]


def test_ten_megabytes_of_questions_are_refused(issues) -> None:
    questions = {
        f"q{i}": {"title": "Câu hỏi " * 10, "type": "string", "maxLength": 10}
        for i in range(120_000)
    }
    definition = {"type": "object", "additionalProperties": False, "properties": questions}
    assert _timed(issues, definition) == [("/properties", "too_many_entries")]


def test_ten_megabyte_list_is_refused(minimal, issues) -> None:
    minimal["x-survey"]["satisfaction"]["satisfied"] = [5] * 5_000_000
    found = _timed(issues, minimal)
    assert found == [("/x-survey/satisfaction/satisfied", "too_many_entries")]


def test_many_mid_sized_questions_exceed_the_byte_limit(issues) -> None:
    questions = {
        f"q{i}": {"title": "Câu hỏi dài " * 100, "type": "string", "maxLength": 10}
        for i in range(300)
    }
    definition = {"type": "object", "additionalProperties": False, "properties": questions}
    assert _timed(issues, definition) == [("", "too_large")]


def test_entries_limit(minimal, issues) -> None:
    minimal["$defs"] = {f"d{i}": {"type": "string"} for i in range(401)}
    found = _timed(issues, minimal)
    assert found == [("/$defs", "too_many_entries")]
    assert issues(minimal, limits=Limits(max_entries=1000)) == []


def test_entries_limit_message(minimal) -> None:
    minimal["$defs"] = {f"d{i}": {"type": "string"} for i in range(10)}
    with pytest.raises(DefinitionError) as caught:
        check_definition(minimal, limits=Limits(max_entries=9))
    (issue,) = caught.value.issues
    assert (issue.path, issue.params) == ("/$defs", {"count": 10, "limit": 9})
    assert issue.message == (
        "Đối tượng hoặc danh sách này có 10 phần tử; chỉ được tối đa 9 phần tử. Hãy bớt phần tử."
    )


def test_size_limit_is_configurable(minimal, issues) -> None:
    assert issues(minimal, limits=Limits(max_bytes=200)) == [("", "too_large")]
    assert issues(minimal, limits=Limits(max_bytes=20_000)) == []


def test_depth_ten_thousand_dict_is_refused_without_recursion_error(issues) -> None:
    found = _timed(issues, {"type": "object", "properties": _nested_dict(10_000)})
    assert len(found) == 1 and found[0][1] == "too_deep"
    assert found[0][0].startswith("/properties/a/a/a")


def test_depth_ten_thousand_list_is_refused(minimal, issues) -> None:
    minimal["x-survey"]["satisfaction"]["satisfied"] = _nested_list(10_000)
    (found,) = _timed(issues, minimal)
    assert found[1] == "too_deep"


def test_self_containing_document_is_refused(minimal, issues) -> None:
    minimal["properties"]["reason"]["x-show-if"] = minimal
    (found,) = _timed(issues, minimal)
    assert found[1] == "too_deep"


def test_depth_limit(minimal, issues) -> None:
    minimal["properties"]["reason"]["x-show-if"] = {"not": {"not": {"not": {"required": []}}}}
    assert issues(minimal) == []
    assert issues(minimal, limits=Limits(max_depth=5))[0][1] == "too_deep"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_numbers_are_refused(minimal, issues, value) -> None:
    minimal["properties"]["reason"]["maxLength"] = value
    assert _timed(issues, minimal) == [("/properties/reason/maxLength", "non_finite")]


@pytest.mark.parametrize(
    "value", [10**100_000, -(10**5000), 2**53], ids=["e100000", "-e5000", "2^53"]
)
def test_huge_integers_are_refused(minimal, issues, value) -> None:
    minimal["properties"]["reason"]["minLength"] = value
    assert _timed(issues, minimal) == [("/properties/reason/minLength", "number_range")]


def test_largest_safe_integer_is_accepted(minimal, issues) -> None:
    minimal["properties"]["reason"]["minLength"] = 0
    minimal["properties"]["reason"]["examples"] = [2**53 - 1, -(2**53 - 1)]
    assert issues(minimal) == []


@pytest.mark.parametrize("value", [{1, 2}, (1, 2), b"bytes", object()])
def test_values_that_are_not_json_are_refused(minimal, issues, value) -> None:
    minimal["properties"]["reason"]["examples"] = value
    assert issues(minimal) == [("/properties/reason/examples", "not_json")]


def test_non_string_keys_are_refused(minimal, issues) -> None:
    minimal["properties"]["reason"][1] = "x"
    assert issues(minimal) == [("/properties/reason", "not_json")]


def test_too_many_questions(minimal, issues) -> None:
    for index in range(200):
        minimal["properties"][f"q{index}"] = {"title": f"Câu {index}", "type": "boolean"}
    assert ("/properties", "too_many_questions") in issues(minimal)
    assert issues(minimal, limits=Limits(max_questions=500)) == []


def test_question_limit_message_gives_numbers(minimal) -> None:
    for index in range(3):
        minimal["properties"][f"q{index}"] = {"title": f"Câu {index}", "type": "boolean"}
    with pytest.raises(DefinitionError) as caught:
        check_definition(minimal, limits=Limits(max_questions=2), locale="en")
    (issue,) = caught.value.issues
    assert issue.params == {"count": 5, "limit": 2}
    assert "5" in issue.message and "2" in issue.message


@pytest.mark.parametrize(
    "field", ["max_bytes", "max_depth", "max_questions", "max_pattern_length", "max_entries"]
)
@pytest.mark.parametrize("value", [0, -1, 1.5, True, "10"])
def test_limits_validate_themselves(field, value) -> None:
    with pytest.raises(ValueError, match=field):
        Limits(**{field: value})


def test_limits_defaults() -> None:
    limits = Limits()
    assert (limits.max_bytes, limits.max_depth, limits.max_questions) == (262_144, 24, 200)
    assert (limits.max_choices, limits.max_length, limits.max_items) == (100, 10_000, 100)
    assert (limits.max_pattern_length, limits.max_entries) == (200, 400)


def test_hostile_remote_reference_is_refused_quickly(minimal, issues) -> None:
    minimal["properties"]["reason"]["$ref"] = "https://attacker.example/schema.json"
    assert ("/properties/reason/$ref", "ref_not_local") in _timed(issues, minimal)


def test_hostile_file_reference_is_refused_quickly(minimal, issues) -> None:
    minimal["properties"]["reason"]["allOf"] = [{"$ref": "file:///etc/passwd"}]
    assert ("/properties/reason/allOf/0/$ref", "ref_not_local") in _timed(issues, minimal)


def test_hostile_recursive_reference_is_refused_quickly(minimal, issues) -> None:
    minimal["$defs"] = {"loop": {"anyOf": [{"$ref": "#/$defs/loop"}]}}
    minimal["properties"]["reason"]["allOf"] = [{"$ref": "#/$defs/loop"}]
    assert ("/$defs/loop", "ref_recursive") in _timed(issues, minimal)


def test_hostile_pattern_is_refused_quickly(minimal, issues) -> None:
    minimal["properties"]["reason"]["pattern"] = "^(a|aa)+$"
    assert ("/properties/reason/pattern", "pattern_unsafe") in _timed(issues, minimal)


def test_hostile_max_length_is_refused_quickly(minimal, issues) -> None:
    minimal["properties"]["reason"]["maxLength"] = 10**15
    assert ("/properties/reason/maxLength", "max_length_limit") in _timed(issues, minimal)
