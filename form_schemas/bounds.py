"""Cheap input bounds, checked before any JSON Schema machinery runs.

``measure`` walks the document once, iteratively, and stops as soon as it is
too large or too deep, so hostile documents are refused in time proportional
to the limits rather than to their size.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from form_schemas.issues import Finding
from form_schemas.limits import Limits
from form_schemas.walk import SchemaNode, child

__all__ = ["MAX_SAFE_INTEGER", "check_sizes", "measure"]

#: Integers beyond this magnitude do not survive a round trip through most JSON parsers.
MAX_SAFE_INTEGER = 2**53 - 1
_MAX_SCATTERED = 20  # report at most this many not-JSON / non-finite values

# A path is kept as a linked chain (parent, token) and turned into a pointer
# only when an issue is reported.
_Path = tuple[Any, str | int] | None


def _pointer(path: _Path) -> str:
    tokens: list[str | int] = []
    while path is not None:
        path, token = path
        tokens.append(token)
    return child("", *reversed(tokens))


def _text_bytes(text: str, budget: int) -> int:
    if len(text) > budget or text.isascii():  # at least one byte per character
        return len(text) + 2
    return len(text.encode("utf-8", "surrogatepass")) + 2


def measure(definition: object, limits: Limits) -> list[Finding]:
    """Size, depth and JSON-ness of ``definition``.

    Returns at once with a single finding when the document is larger than
    ``limits.max_bytes``, nested deeper than ``limits.max_depth`` or has a
    container with more than ``limits.max_entries`` entries; otherwise lists
    the values that are not JSON, not finite or out of the safe integer range.
    """
    findings: list[Finding] = []
    budget = limits.max_bytes
    max_depth = limits.max_depth
    too_large = [Finding("", "too_large", {"limit": limits.max_bytes})]
    stack: list[tuple[object, _Path, int]] = [(definition, None, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        value, path, depth = pop()
        kind = type(value)
        if kind is str:
            budget -= _text_bytes(value, budget)  # type: ignore[arg-type]
        elif kind is dict or kind is list or isinstance(value, dict | list):
            if depth > max_depth:
                return [Finding(_pointer(path), "too_deep", {"limit": max_depth})]
            size = len(value)  # type: ignore[arg-type]
            if size > limits.max_entries:
                params = {"count": size, "limit": limits.max_entries}
                return [Finding(_pointer(path), "too_many_entries", params)]
            budget -= 2 + size
            if budget < 0:
                return too_large
            if isinstance(value, list):
                for index, item in enumerate(value):
                    push((item, (path, index), depth + 1))
                continue
            for key, item in value.items():  # type: ignore[attr-defined]
                if type(key) is not str:
                    if len(findings) < _MAX_SCATTERED:
                        findings.append(Finding(_pointer(path), "not_json"))
                    key = str(key)
                budget -= _text_bytes(key, budget) + 1
                if budget < 0:
                    return too_large
                push((item, (path, key), depth + 1))
            continue
        else:
            cost, problem = _cost(value)
            budget -= cost
            if problem and len(findings) < _MAX_SCATTERED:
                params = {"limit": MAX_SAFE_INTEGER} if problem == "number_range" else {}
                findings.append(Finding(_pointer(path), problem, params))
        if budget < 0:
            return too_large
    return findings


def _cost(value: object) -> tuple[int, str | None]:
    """Serialized size of a scalar other than text, and any problem with it."""
    if value is None or isinstance(value, bool):
        return 5, None
    if isinstance(value, str):
        return len(value) + 2, None
    if isinstance(value, int):
        problem = "number_range" if abs(value) > MAX_SAFE_INTEGER else None
        return value.bit_length() * 30103 // 100000 + 2, problem
    if isinstance(value, float):
        return 24, None if math.isfinite(value) else "non_finite"
    return 8, "not_json"


def check_sizes(
    definition: dict[str, Any], nodes: Iterable[SchemaNode], limits: Limits
) -> list[Finding]:
    """Counts and length bounds: questions, options, ``maxLength``, ``maxItems``.

    ``nodes`` are the subschemas of ``definition`` (:func:`iter_schema_nodes`).
    """
    findings: list[Finding] = []
    questions = definition.get("properties")
    if isinstance(questions, dict) and len(questions) > limits.max_questions:
        findings.append(
            Finding(
                "/properties",
                "too_many_questions",
                {"count": len(questions), "limit": limits.max_questions},
            )
        )
    for pointer, schema, _ in nodes:
        choices = schema.get("oneOf")
        if isinstance(choices, list) and len(choices) > limits.max_choices:
            findings.append(
                Finding(
                    child(pointer, "oneOf"),
                    "too_many_choices",
                    {"count": len(choices), "limit": limits.max_choices},
                )
            )
        for keyword, code, limit in (
            ("maxLength", "max_length_limit", limits.max_length),
            ("maxItems", "max_items_limit", limits.max_items),
        ):
            value = schema.get(keyword)
            if isinstance(value, int | float) and not isinstance(value, bool) and value > limit:
                findings.append(Finding(child(pointer, keyword), code, {"limit": limit}))
    return findings
