"""Quick equivalents of the direct checks for the usual question shapes.

A likert question is ``{"type": "integer", "oneOf": [{"const", "title"} …]}``;
a text question ``{"type": "string", "maxLength": n}``; checkboxes an array of
such options. For values of the expected type these shapes are decided with a
dictionary lookup or a comparison; other values go to the general check.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

__all__ = ["ANNOTATIONS", "Unsupported", "option_const", "specialize"]

Check = Callable[[Any], "bool | None"]

#: Keywords that never affect validity.
ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "$comment",
        "$defs",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
    }
)


class Unsupported(Exception):
    """The schema uses a keyword without a direct check."""


def option_const(option: object) -> Any:
    """The ``const`` of a ``{"const", "title", …}`` option, else raise ``Unsupported``."""
    if not isinstance(option, dict) or "const" not in option:
        raise Unsupported
    for keyword in option:
        if keyword != "const" and keyword not in ANNOTATIONS and not keyword.startswith("x-"):
            raise Unsupported
    return option["const"]


def _constraints(schema: dict[str, Any]) -> dict[str, Any]:
    return {
        keyword: value
        for keyword, value in schema.items()
        if keyword not in ANNOTATIONS and not keyword.startswith("x-")
    }


def _choice_lookup(schema: object) -> tuple[type, dict[Any, int]] | None:
    """For ``{"type"?, "oneOf": [{"const", "title"} …]}``: (value type, value counts)."""
    if not isinstance(schema, dict):
        return None
    keywords = _constraints(schema)
    options = keywords.pop("oneOf", None)
    declared = keywords.pop("type", None)
    if keywords or not isinstance(options, list):
        return None
    try:
        consts = [option_const(option) for option in options]
    except Unsupported:
        return None
    for kind, name in ((int, "integer"), (str, "string")):
        if declared in (None, name) and consts and all(type(c) is kind for c in consts):
            counts: dict[Any, int] = {}
            for const in consts:
                counts[const] = counts.get(const, 0) + 1
            return kind, counts
    return None


def specialize(schema: dict[str, Any], general: Check) -> Check | None:
    """A quicker equivalent of ``general`` for the common question shapes.

    Values of the usual type are decided directly; any other value is
    passed to ``general``.
    """
    keywords = _constraints(schema)
    kind = keywords.get("type")
    rest = set(keywords) - {"type"}
    if kind in ("integer", "string") and rest == {"oneOf"}:
        lookup = _choice_lookup(schema)
        if lookup is not None:
            value_type, counts = lookup
            return lambda v: counts.get(v) == 1 if type(v) is value_type else general(v)
    if kind == "string" and rest <= {"minLength", "maxLength"}:
        low, high = keywords.get("minLength", 0), keywords.get("maxLength", math.inf)
        return lambda v: low <= len(v) <= high if type(v) is str else general(v)
    if kind == "integer" and rest <= {"minimum", "maximum"}:
        low, high = keywords.get("minimum", -math.inf), keywords.get("maximum", math.inf)
        return lambda v: low <= v <= high if type(v) is int else general(v)
    if kind == "array" and rest <= {"items", "uniqueItems", "minItems", "maxItems"}:
        lookup = _choice_lookup(keywords.get("items"))
        if lookup is None:
            return None
        item_type, counts = lookup
        low, high = keywords.get("minItems", 0), keywords.get("maxItems", math.inf)
        unique = keywords.get("uniqueItems") is True

        def check(v: Any) -> bool | None:
            if type(v) is not list:
                return general(v)
            size = len(v)
            if not low <= size <= high:
                return False
            for item in v:
                if type(item) is not item_type or counts.get(item) != 1:
                    return general(v)
            return not unique or len(set(v)) == size

        return check
    return None
