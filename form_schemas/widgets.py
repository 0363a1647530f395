"""Widgets: how a question is presented, and which answer types each accepts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "CHOICE_WIDGETS",
    "QUESTION_TYPES",
    "SINGLE_CHOICE_WIDGETS",
    "WIDGETS",
    "WIDGET_TYPES",
    "infer_widget",
]

#: Answer types a question may have.
QUESTION_TYPES: tuple[str, ...] = ("integer", "number", "string", "boolean", "array")

#: Widget name → the question types it can present.
WIDGET_TYPES: Mapping[str, tuple[str, ...]] = {
    "likert": ("integer", "string"),
    "radio": ("integer", "string"),
    "select": ("integer", "string"),
    "checkboxes": ("array",),
    "text": ("string",),
    "textarea": ("string",),
    "number": ("integer", "number"),
    "nps": ("integer",),
    "rating": ("integer",),
    "yes_no": ("boolean",),
}

#: The known ``x-widget`` names.
WIDGETS: frozenset[str] = frozenset(WIDGET_TYPES)

#: Widgets whose options come from ``oneOf`` on the question itself.
CHOICE_WIDGETS: frozenset[str] = frozenset({"likert", "radio", "select"})

#: Widgets with one answer taken from a fixed set of values.
SINGLE_CHOICE_WIDGETS: frozenset[str] = CHOICE_WIDGETS | {"nps", "rating", "yes_no"}

_BY_TYPE: Mapping[str, str] = {
    "boolean": "yes_no",
    "array": "checkboxes",
    "string": "text",
    "integer": "number",
    "number": "number",
}


def infer_widget(schema: Mapping[str, Any]) -> str:
    """The widget of a question: its ``x-widget``, or one inferred from its type.

    Options in ``oneOf`` give ``radio``; otherwise boolean → ``yes_no``,
    array → ``checkboxes``, string → ``text``, integer/number → ``number``.
    """
    explicit = schema.get("x-widget")
    if isinstance(explicit, str):
        return explicit
    kind = schema.get("type")
    if kind in ("integer", "string") and "oneOf" in schema:
        return "radio"
    return _BY_TYPE.get(kind, "text") if isinstance(kind, str) else "text"
