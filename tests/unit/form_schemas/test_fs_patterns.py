"""Regular expressions: refused when unsafe, matched safely in answers."""

from __future__ import annotations

import time

import pytest

from form_schemas import compile_form
from form_schemas.regex import RE2_AVAILABLE, analyse_pattern, search

SAFE = [
    r"^0[0-9]{9}$",
    r"^[A-Z]{2}-\d{4}$",
    r"^\d+$",
    r"(ab|ac)+",
    r"(foo|bar)*baz",
    r"^(\d{3}-){2}\d{4}$",
    r"^[^@\s]+@[^@\s]+$",
    r"^(?:a|\w)+$",
    r"^[a-zà-ỹ ]+$",
    r"Hòa",
]
UNSAFE = [
    r"(a+)+",
    r"(a*)*",
    r"(a|aa)+",
    r"(.*a){20}",
    r"^(\w+\s?)*$",
    r"(a|a?b)+",
    r"(.|a)+",
    r"((ab)*c)+",
    r"(x+x+)+y",
    r"(a?){30}a{30}",
]
UNSUPPORTED = [r"(a)\1", r"(?=a)b", r"(?!a)b", r"(?<=a)b", r"(?<!a)b", r"(?P<x>a)(?P=x)"]
INVALID = [r"(", r"[a-", r"a{2,1}", r"*a", "\\"]


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_patterns_pass(pattern) -> None:
    assert analyse_pattern(pattern) is None


@pytest.mark.parametrize("pattern", UNSAFE)
def test_catastrophic_patterns_are_refused(pattern) -> None:
    assert analyse_pattern(pattern) == ("pattern_unsafe", {})


@pytest.mark.parametrize("pattern", UNSUPPORTED)
def test_backtracking_only_constructs_are_refused(pattern) -> None:
    assert analyse_pattern(pattern) == ("pattern_unsupported", {})


@pytest.mark.parametrize("pattern", INVALID)
def test_invalid_patterns_are_refused(pattern) -> None:
    code, params = analyse_pattern(pattern)  # type: ignore[misc]
    assert code == "pattern_invalid"
    assert params["detail"]


def test_deeply_nested_groups_do_not_crash() -> None:
    assert analyse_pattern("(" * 100 + "a" + ")" * 100) is None
    assert analyse_pattern("(" * 5000 + "a" + ")" * 5000) is not None


def _with_pattern(definition, pattern):
    definition["properties"]["phone"] = {
        "title": "Số điện thoại",
        "type": "string",
        "maxLength": 12,
        "pattern": pattern,
    }
    return definition


@pytest.mark.parametrize("pattern", UNSAFE[:4])
def test_definition_with_catastrophic_pattern_is_refused(minimal, issues, pattern) -> None:
    assert issues(_with_pattern(minimal, pattern)) == [
        ("/properties/phone/pattern", "pattern_unsafe")
    ]


def test_definition_with_long_pattern_is_refused(minimal, issues) -> None:
    found = issues(_with_pattern(minimal, "a" * 201))
    assert found == [("/properties/phone/pattern", "pattern_too_long")]


def test_definition_with_invalid_pattern_is_refused(minimal, issues) -> None:
    assert issues(_with_pattern(minimal, "([0-9]")) == [
        ("/properties/phone/pattern", "pattern_invalid")
    ]


def test_pattern_validates_answers(minimal) -> None:
    form = compile_form(_with_pattern(minimal, r"^0[0-9]{9}$"))
    assert form.validate({"overall": 5, "phone": "0912345678"}).ok
    result = form.validate({"overall": 5, "phone": "12345"}, locale="en")
    assert [(e.path, e.code) for e in result.errors] == [("/phone", "pattern")]
    assert result.errors[0].message == "Please check the format of this answer."


def test_long_answer_is_not_matched_but_reported_as_too_long(minimal) -> None:
    form = compile_form(_with_pattern(minimal, r"^(ab|cd)*$"))
    start = time.perf_counter()
    result = form.validate({"overall": 5, "phone": "ab" * 200_000})
    assert time.perf_counter() - start < 1.0
    assert [(e.path, e.code) for e in result.errors] == [("/phone", "max_length")]


def test_search_is_unanchored_like_json_schema() -> None:
    assert search("b", "abc")
    assert not search("^b", "abc")
    assert search("ò", "Hòa")


@pytest.mark.skipif(not RE2_AVAILABLE, reason="google-re2 is not installed")
def test_re2_is_used_for_matching() -> None:
    # Python's re treats Arabic-Indic digits as \d; RE2 (like ECMA-262) does not.
    assert not search(r"^\d+$", "١٢٣")


def test_re2_is_required() -> None:
    import form_schemas.regex as regex

    assert regex.RE2_AVAILABLE and regex._re2 is not None
    assert regex.search(r"^0[0-9]{9}$", "0912345678")
    assert not regex.search(r"^0[0-9]{9}$", "091234567")


@pytest.mark.parametrize("pattern", [
    r"^\d*\d*\d*\d*\d*x$", r"^[0-9]*[0-9]+[0-9]*$", r"^a*a*a*$", r"^.*.*.*x$",
    r"^\d+\s*\d+\s*\d+$",
])
def test_runs_of_overlapping_repeats_are_refused_whatever_the_engine(pattern: str) -> None:
    from form_schemas.regex import analyse_pattern

    assert analyse_pattern(pattern) == ("pattern_unsafe", {})
    # the backtracking engine is what makes them dangerous: 10 s on 200 characters
    # for the first; never run here


@pytest.mark.parametrize("pattern", [
    r"^\d*\d*x$", r"^[0-9]+(\.[0-9]+)?$", r"^0\d{9,10}$", r"^[A-Z]+-\d+-[a-z]+$",
    r"^\d{3}[ .-]?\d{3}[ .-]?\d{4}$",
])
def test_ordinary_patterns_stay_accepted(pattern: str) -> None:
    from form_schemas.regex import analyse_pattern

    assert analyse_pattern(pattern) is None
