"""``x-show-if`` conditions: checks, compilation and visibility.

A condition is a JSON Schema fragment evaluated against the answers to the
questions declared before it; it may only mention those questions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jsonschema.protocols import Validator

from form_schemas.issues import Finding
from form_schemas.validator import make_validator
from form_schemas.walk import child

__all__ = ["check_conditions", "compile_condition", "referenced_names"]

_SAME_INSTANCE_SINGLES = ("not", "if", "then", "else")
_SAME_INSTANCE_LISTS = ("allOf", "anyOf", "oneOf")


def referenced_names(condition: object) -> set[str]:
    """Question names a condition mentions (``properties``, ``required`` …)."""
    names: set[str] = set()
    stack: list[object] = [condition]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        for keyword in ("properties", "dependentRequired", "dependentSchemas"):
            value = node.get(keyword)
            if isinstance(value, dict):
                names.update(value)
        dependent = node.get("dependentRequired")
        if isinstance(dependent, dict):
            for value in dependent.values():
                names.update(_strings(value))
        names.update(_strings(node.get("required")))
        stack.extend(node.get(keyword) for keyword in _SAME_INSTANCE_SINGLES)
        for keyword in _SAME_INSTANCE_LISTS:
            value = node.get(keyword)
            if isinstance(value, list):
                stack.extend(value)
    return names


def _strings(value: object) -> Iterable[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def check_conditions(definition: dict[str, Any]) -> list[Finding]:
    """Findings for conditions that mention questions not declared before them.

    Conditions are also walked as subschemas by the other checks (keywords,
    patterns, references), which report their problems as ``show_if_invalid``.
    """
    properties = definition.get("properties")
    if not isinstance(properties, dict):
        return []
    findings: list[Finding] = []
    earlier: set[str] = set()
    for name, question in properties.items():
        condition = question.get("x-show-if") if isinstance(question, dict) else None
        if isinstance(condition, dict):
            where = child("/properties", name, "x-show-if")
            findings.extend(
                Finding(where, "show_if_reference", {"name": other})
                for other in sorted(referenced_names(condition) - earlier)
            )
        earlier.add(name)
    return findings


def compile_condition(condition: dict[str, Any], definition: dict[str, Any]) -> Validator:
    """A validator for ``condition``; it can use the definition's ``$defs``."""
    schema = dict(condition)
    defs = definition.get("$defs")
    if isinstance(defs, dict) and "$defs" not in schema:
        schema["$defs"] = defs
    return make_validator(schema)
