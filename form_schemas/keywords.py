"""JSON Schema 2020-12 keyword values, checked directly.

These are the rules of the draft 2020-12 meta-schema (core, applicator,
unevaluated, validation, meta-data, format-annotation and content
vocabularies, plus the legacy keywords it still describes), applied to every
subschema in one pass. Validating a large definition against the meta-schema
with a generic validator takes seconds; this takes milliseconds, and the
unit tests compare its verdicts with ``Draft202012Validator.check_schema``.
Regular expressions are checked separately (:mod:`form_schemas.regex`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from form_schemas.issues import Finding
from form_schemas.walk import SchemaNode, child

__all__ = ["check_keywords"]

_SIMPLE_TYPES = frozenset({"array", "boolean", "integer", "null", "number", "object", "string"})
_ANCHOR = re.compile(r"^[A-Za-z_][-A-Za-z0-9._]*$")
_ID = re.compile(r"^[^#]*#?$")

Rule = Callable[[Any], str | None]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_schema(value: Any) -> bool:
    return isinstance(value, dict | bool)


def _string(value: Any) -> str | None:
    return None if isinstance(value, str) else "must be a string"


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be a boolean"


def _number(value: Any) -> str | None:
    return None if _is_number(value) else "must be a number"


def _positive(value: Any) -> str | None:
    return None if _is_number(value) and value > 0 else "must be a number greater than 0"


def _count(value: Any) -> str | None:
    integral = _is_number(value) and (isinstance(value, int) or float(value).is_integer())
    return None if integral and value >= 0 else "must be a non-negative integer"


def _array(value: Any) -> str | None:
    return None if isinstance(value, list) else "must be an array"


def _schema(value: Any) -> str | None:
    return None if _is_schema(value) else "must be a schema (an object or a boolean)"


def _schema_list(value: Any) -> str | None:
    if isinstance(value, list) and value and all(_is_schema(item) for item in value):
        return None
    return "must be a non-empty array of schemas"


def _schema_map(value: Any) -> str | None:
    if isinstance(value, dict) and all(_is_schema(item) for item in value.values()):
        return None
    return "must be an object whose values are schemas"


def _distinct_strings(value: Any) -> bool:
    return (
        isinstance(value, list)
        and all(isinstance(item, str) for item in value)
        and len(set(value)) == len(value)
    )


def _string_array(value: Any) -> str | None:
    return None if _distinct_strings(value) else "must be an array of distinct strings"


def _dependent_required(value: Any) -> str | None:
    if isinstance(value, dict) and all(_distinct_strings(item) for item in value.values()):
        return None
    return "must be an object whose values are arrays of distinct strings"


def _dependencies(value: Any) -> str | None:
    if isinstance(value, dict) and all(
        _is_schema(item) or _distinct_strings(item) for item in value.values()
    ):
        return None
    return "must be an object whose values are schemas or arrays of distinct strings"


def _type(value: Any) -> str | None:
    if isinstance(value, str) and value in _SIMPLE_TYPES:
        return None
    if (
        isinstance(value, list)
        and value
        and all(isinstance(item, str) and item in _SIMPLE_TYPES for item in value)
        and len(set(value)) == len(value)
    ):
        return None
    return "must be one of " + ", ".join(sorted(_SIMPLE_TYPES)) + ", or a list of them"


def _anchor(value: Any) -> str | None:
    if isinstance(value, str) and _ANCHOR.match(value):
        return None
    return "must be a name made of letters, digits, '-', '.' and '_'"


def _identifier(value: Any) -> str | None:
    if isinstance(value, str) and _ID.match(value):
        return None
    return "must be a URI reference without a fragment"


_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _date(value: Any) -> str | None:
    """A calendar date written YYYY-MM-DD (the bounds of a date question)."""
    if isinstance(value, str) and _DATE.match(value):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return None
    return "must be a date written YYYY-MM-DD, such as 2025-01-31"


def _vocabulary(value: Any) -> str | None:
    if isinstance(value, dict) and all(isinstance(item, bool) for item in value.values()):
        return None
    return "must be an object whose values are booleans"


RULES: dict[str, Rule] = {
    "$id": _identifier,
    "$schema": _string,
    "$ref": _string,
    "$anchor": _anchor,
    "$dynamicRef": _string,
    "$dynamicAnchor": _anchor,
    "$recursiveRef": _string,
    "$recursiveAnchor": _anchor,
    "$vocabulary": _vocabulary,
    "$comment": _string,
    "$defs": _schema_map,
    "definitions": _schema_map,
    "dependencies": _dependencies,
    "prefixItems": _schema_list,
    "items": _schema,
    "contains": _schema,
    "additionalProperties": _schema,
    "properties": _schema_map,
    "patternProperties": _schema_map,
    "dependentSchemas": _schema_map,
    "propertyNames": _schema,
    "if": _schema,
    "then": _schema,
    "else": _schema,
    "allOf": _schema_list,
    "anyOf": _schema_list,
    "oneOf": _schema_list,
    "not": _schema,
    "unevaluatedItems": _schema,
    "unevaluatedProperties": _schema,
    "type": _type,
    "enum": _array,
    "multipleOf": _positive,
    "maximum": _number,
    "exclusiveMaximum": _number,
    "minimum": _number,
    "exclusiveMinimum": _number,
    "maxLength": _count,
    "minLength": _count,
    "pattern": _string,
    "maxItems": _count,
    "minItems": _count,
    "uniqueItems": _boolean,
    "maxContains": _count,
    "minContains": _count,
    "maxProperties": _count,
    "minProperties": _count,
    "required": _string_array,
    "dependentRequired": _dependent_required,
    "title": _string,
    "description": _string,
    "deprecated": _boolean,
    "readOnly": _boolean,
    "writeOnly": _boolean,
    "examples": _array,
    "format": _string,
    "contentEncoding": _string,
    "contentMediaType": _string,
    "contentSchema": _schema,
    # the bounds of a date question (the names of the JSON Schema proposal for
    # comparing formatted values, as Ajv and others implement it)
    "formatMinimum": _date,
    "formatMaximum": _date,
}


def check_keywords(nodes: Iterable[SchemaNode]) -> list[Finding]:
    """Findings for keyword values that draft 2020-12 does not allow.

    Problems inside an ``x-show-if`` condition get the code
    ``show_if_invalid``; the others ``invalid_schema``.
    """
    findings: list[Finding] = []
    for node in nodes:
        for keyword, value in node.schema.items():
            rule = RULES.get(keyword)
            problem = rule(value) if rule is not None else None
            if problem is not None:
                code = "show_if_invalid" if node.in_condition else "invalid_schema"
                detail = f'"{keyword}" {problem}'
                findings.append(Finding(child(node.pointer, keyword), code, {"detail": detail}))
    return findings
