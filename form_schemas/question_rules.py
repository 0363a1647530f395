"""Semantic rules for each question: type, widget, options and ranges."""

from __future__ import annotations

from typing import Any

from form_schemas.issues import Finding
from form_schemas.limits import Limits
from form_schemas.refs import resolve
from form_schemas.walk import child
from form_schemas.widgets import CHOICE_WIDGETS, QUESTION_TYPES, WIDGET_TYPES, infer_widget

__all__ = ["check_questions"]

_OPTION_KEYS = frozenset({"const", "title", "description"})


def check_questions(definition: dict[str, Any], limits: Limits) -> list[Finding]:
    """Findings for every question of ``definition``."""
    properties = definition.get("properties")
    if not isinstance(properties, dict):
        return []
    findings: list[Finding] = []
    for name, raw in properties.items():
        if isinstance(raw, dict):
            schema = resolve(raw, definition)
            findings.extend(_check_question(child("/properties", name), schema, definition, limits))
    return findings


def _check_question(
    where: str, schema: dict[str, Any], definition: dict[str, Any], limits: Limits
) -> list[Finding]:
    kind = schema.get("type")
    if kind not in QUESTION_TYPES:
        return [Finding(child(where, "type"), "question_type", {"allowed": list(QUESTION_TYPES)})]
    widget = infer_widget(schema)
    if widget not in WIDGET_TYPES:
        return []  # reported by the profile as unknown_widget
    if kind not in WIDGET_TYPES[widget]:
        expected = " | ".join(WIDGET_TYPES[widget])
        return [
            Finding(child(where, "type"), "widget_type", {"widget": widget, "expected": expected})
        ]
    if widget in CHOICE_WIDGETS:
        return _check_options(child(where, "oneOf"), schema.get("oneOf"), str(kind))
    if widget == "yes_no" and "oneOf" in schema:
        return _check_options(child(where, "oneOf"), schema["oneOf"], "boolean")
    if widget == "checkboxes":
        return _check_checkboxes(where, schema, definition)
    if widget in ("text", "textarea") and not _is_int(schema.get("maxLength")):
        limit = {"limit": limits.max_length}
        return [Finding(child(where, "maxLength"), "max_length_missing", limit)]
    if widget == "nps" and (schema.get("minimum"), schema.get("maximum")) != (0, 10):
        return [Finding(where, "nps_range")]
    if widget == "rating" and not _rating_range(schema):
        return [Finding(where, "rating_range")]
    return []


def _rating_range(schema: dict[str, Any]) -> bool:
    low, high = schema.get("minimum"), schema.get("maximum")
    return _is_int(low) and low == 1 and isinstance(high, int) and _is_int(high) and 3 <= high <= 10


def _check_checkboxes(
    where: str, schema: dict[str, Any], definition: dict[str, Any]
) -> list[Finding]:
    findings: list[Finding] = []
    items = schema.get("items")
    items = resolve(items, definition) if isinstance(items, dict) else None
    if items is None or "oneOf" not in items:
        findings.append(Finding(child(where, "items"), "items_choices_missing"))
    else:
        kind = items.get("type")
        if kind not in ("integer", "string"):
            options = items["oneOf"] if isinstance(items["oneOf"], list) else []
            consts = [o.get("const") for o in options if isinstance(o, dict)]
            kind = "string" if consts and all(isinstance(c, str) for c in consts) else "integer"
        findings.extend(_check_options(child(where, "items", "oneOf"), items["oneOf"], kind))
    if schema.get("uniqueItems") is not True:
        findings.append(Finding(child(where, "uniqueItems"), "unique_items_missing"))
    return findings


def _check_options(where: str, options: object, kind: str) -> list[Finding]:
    if not isinstance(options, list) or not options:
        return [Finding(where, "choices_missing")]
    findings: list[Finding] = []
    seen: set[tuple[bool, object]] = set()
    for index, option in enumerate(options):
        if not _valid_option(option, kind):
            findings.append(Finding(child(where, index), "choice_invalid", {"type": kind}))
            continue
        value = option["const"]  # type: ignore[index]
        key = (isinstance(value, bool), value)
        if key in seen:
            findings.append(
                Finding(child(where, index, "const"), "choice_duplicate", {"value": value})
            )
        seen.add(key)
    return findings


def _valid_option(option: object, kind: str) -> bool:
    if not isinstance(option, dict) or not set(option) <= _OPTION_KEYS or "const" not in option:
        return False
    title = option.get("title")
    if not isinstance(title, str) or not title.strip():
        return False
    value = option["const"]
    if kind == "integer":
        return _is_int(value)
    if kind == "boolean":
        return isinstance(value, bool)
    return isinstance(value, str)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
