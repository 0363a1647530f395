"""Hostile form definitions, shared by the tests and ``benchmarks/hostile_definitions.py``.

Each case is a national template with one hostile part, and the issue code
the profile check must refuse it with.
"""

from __future__ import annotations

import copy
from typing import Any

from form_schemas import load_template

TEXT = {"type": "string", "title": "Góp ý", "x-widget": "text"}


def _base() -> dict[str, Any]:
    return copy.deepcopy(load_template("quick-rating"))


def _with_question(question: dict[str, Any]) -> dict[str, Any]:
    definition = _base()
    definition["properties"]["hostile"] = question
    return definition


def _nested(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = dict(TEXT)
    for _ in range(depth):
        node = {"type": "object", "properties": {"a": node}}
    return _with_question(node)


def _recursive() -> dict[str, Any]:
    definition = _with_question({"$ref": "#/$defs/loop"})
    definition["$defs"] = {"loop": {"$ref": "#/$defs/loop"}}
    return definition


def _huge(size: int) -> dict[str, Any]:
    definition = _base()
    definition["description"] = "x" * size
    return definition


TEN_MB = 10 * 1024 * 1024

# name → (definition builder, expected issue code)
CASES: dict[str, tuple[Any, str]] = {
    "remote_ref": (lambda: _with_question({"$ref": "https://evil.example/schema.json"}),
                   "ref_not_local"),
    "file_ref": (lambda: _with_question({"$ref": "file:///etc/passwd"}), "ref_not_local"),
    "recursive_ref": (_recursive, "ref_recursive"),
    "ten_megabytes": (lambda: _huge(TEN_MB), "too_large"),
    "nested_past_the_limit": (lambda: _nested(13), "too_deep"),
    "nested_2000_deep": (lambda: _nested(2000), "too_deep"),
    "catastrophic_pattern": (lambda: _with_question(
        dict(TEXT, pattern="^(a+)+$", maxLength=100)), "pattern_unsafe"),
    "overlapping_pattern": (lambda: _with_question(
        dict(TEXT, pattern="^(a|aa)*b$", maxLength=100)), "pattern_unsafe"),
    "absurd_max_length": (lambda: _with_question(dict(TEXT, maxLength=10**12)),
                          "max_length_limit"),
    "absurd_max_items": (lambda: _with_question({
        "type": "array", "title": "Kênh", "x-widget": "checkboxes", "maxItems": 10**9,
        "uniqueItems": True, "items": {"type": "string", "oneOf": [
            {"const": "tv", "title": "Truyền hình"}]}}), "max_items_limit"),
}


def normal() -> dict[str, Any]:
    """The baseline: a national template as it is."""
    return copy.deepcopy(load_template("sipas"))
