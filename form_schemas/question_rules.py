"""Semantic rules for each question: type, widget, options and ranges.

The type must be one the widget presents; then the rules its specification
names (:attr:`~form_schemas.widgets.WidgetSpec.rules`) apply, each a function
of :data:`RULES`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from form_schemas.issues import Finding
from form_schemas.limits import Limits
from form_schemas.refs import resolve
from form_schemas.walk import child
from form_schemas.widgets import QUESTION_TYPES, infer_widget, widget_spec

__all__ = ["RULES", "Rule", "check_questions"]

#: ``rule(where, schema, definition, limits)`` → findings for one question
#: (``where`` its JSON Pointer, ``schema`` with references resolved).
Rule = Callable[[str, dict[str, Any], dict[str, Any], Limits], list[Finding]]

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
    spec = widget_spec(widget)
    if spec is None:
        return []  # reported by the profile as unknown_widget
    if kind not in spec.types:
        expected = " | ".join(spec.types)
        return [
            Finding(child(where, "type"), "widget_type", {"widget": widget, "expected": expected})
        ]
    findings: list[Finding] = []
    for rule in spec.rules:
        findings.extend(RULES[rule](where, schema, definition, limits))
    return findings


def _choices(
    where: str, schema: dict[str, Any], definition: dict[str, Any], limits: Limits
) -> list[Finding]:
    """Options in ``oneOf``, of the question's type."""
    return _check_options(child(where, "oneOf"), schema.get("oneOf"), str(schema.get("type")))


def _relabelled_choices(
    where: str, schema: dict[str, Any], definition: dict[str, Any], limits: Limits
) -> list[Finding]:
    """Options in ``oneOf`` if there are any (yes and no relabelled)."""
    if "oneOf" not in schema:
        return []
    return _check_options(child(where, "oneOf"), schema["oneOf"], str(schema.get("type")))


def _max_length(
    where: str, schema: dict[str, Any], definition: dict[str, Any], limits: Limits
) -> list[Finding]:
    if _is_int(schema.get("maxLength")):
        return []
    return [Finding(child(where, "maxLength"), "max_length_missing", {"limit": limits.max_length})]


def _nps_range(
    where: str, schema: dict[str, Any], definition: dict[str, Any], limits: Limits
) -> list[Finding]:
    if (schema.get("minimum"), schema.get("maximum")) != (0, 10):
        return [Finding(where, "nps_range")]
    return []


def _stars_range(
    where: str, schema: dict[str, Any], definition: dict[str, Any], limits: Limits
) -> list[Finding]:
    return [] if _rating_range(schema) else [Finding(where, "rating_range")]


def _rating_range(schema: dict[str, Any]) -> bool:
    low, high = schema.get("minimum"), schema.get("maximum")
    return _is_int(low) and low == 1 and isinstance(high, int) and _is_int(high) and 3 <= high <= 10


def _check_checkboxes(
    where: str, schema: dict[str, Any], definition: dict[str, Any], limits: Limits
) -> list[Finding]:
    """Options in ``items.oneOf``, each chosen at most once."""
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


def _format_rule(expected: str) -> Rule:
    """The rule that a question of a widget sets ``"format": expected``."""

    def rule(where: str, schema: dict[str, Any], definition: dict[str, Any],
             limits: Limits) -> list[Finding]:
        if schema.get("format") != expected:
            return [Finding(child(where, "format"), "format_required",
                            {"format": expected, "widget": infer_widget(schema)})]
        return []

    return rule


def _date_format(
    where: str, schema: dict[str, Any], definition: dict[str, Any], limits: Limits
) -> list[Finding]:
    """``"format": "date"``, and a range (``formatMinimum`` … ``formatMaximum``) in order."""
    findings = _format_rule("date")(where, schema, definition, limits)
    low, high = schema.get("formatMinimum"), schema.get("formatMaximum")
    if isinstance(low, str) and isinstance(high, str) and low > high:
        findings.append(Finding(child(where, "formatMaximum"), "date_range",
                                {"minimum": low, "maximum": high}))
    return findings


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


#: The rules a widget specification may name.
RULES: Mapping[str, Rule] = {
    "choices": _choices,
    "relabelled_choices": _relabelled_choices,
    "checkbox_choices": _check_checkboxes,
    "max_length": _max_length,
    "nps_range": _nps_range,
    "rating_range": _stars_range,
    "date_format": _date_format,
    "email_format": _format_rule("email"),
    "phone_format": _format_rule("phone-vn"),
}
