"""Answers: cleaning at the boundary, the result object, and error mapping."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from jsonschema import ValidationError

from form_schemas.issues import Finding, Issue
from form_schemas.model import Question
from form_schemas.walk import child

__all__ = [
    "MISSING",
    "AnswerResult",
    "clean_answer",
    "error_findings",
    "normalize_text",
    "shape_findings",
]

#: Marker for "not answered" (empty text, null, nothing chosen).
MISSING: Any = object()

_PRIORITY = (
    "type",
    "choice",
    "min_length",
    "max_length",
    "minimum",
    "maximum",
    "min_items",
    "max_items",
    "unique_items",
    "pattern",
    "format",
    "date_minimum",
    "date_maximum",
    "invalid",
)
_SIMPLE_CODES = {
    "minLength": "min_length",
    "maxLength": "max_length",
    "minItems": "min_items",
    "maxItems": "max_items",
    "minimum": "minimum",
    "maximum": "maximum",
}
_EXCLUSIVE = {"exclusiveMinimum": "minimum", "exclusiveMaximum": "maximum"}
_SAFE = 2**53 - 1  # larger integers do not survive JSON round trips
_TYPE_VARIANTS = frozenset({"integer", "number", "string", "boolean", "array", "object"})


@dataclass(frozen=True)
class AnswerResult:
    """The outcome of validating one set of answers.

    ``answers`` holds the cleaned answers to visible questions (NFC text,
    no empty values, hidden questions dropped); store them only when ``ok``.
    """

    answers: dict[str, Any] = field(default_factory=dict, hash=False)
    errors: list[Issue] = field(default_factory=list, hash=False)

    @property
    def ok(self) -> bool:
        """Whether the answers are acceptable."""
        return not self.errors


def normalize_text(text: str) -> str:
    """NFC-normalized and stripped text."""
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.strip()


def _clean_item(value: Any, integral: bool) -> Any:
    if value is None:
        return MISSING
    if isinstance(value, str):
        return normalize_text(value) or MISSING
    if integral and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def clean_answer(value: Any, question: Question) -> Any:
    """``value`` cleaned for ``question``, or :data:`MISSING` when not answered."""
    kind = type(value)
    if kind is int or kind is bool:
        return value
    if kind is str:
        return normalize_text(value) or MISSING
    if isinstance(value, list):
        integral = question.item_type == "integer"
        items = [_clean_item(item, integral) for item in value]
        items = [item for item in items if item is not MISSING]
        return items or MISSING
    return _clean_item(value, question.type == "integer")


def shape_findings(pointer: str, value: Any, question: Question) -> list[Finding]:
    """Answers of a shape no question accepts, found without the validator."""
    kind = type(value)
    if kind is str or kind is bool or (kind is int and -_SAFE <= value <= _SAFE):
        return []
    if _out_of_range(value):
        return [Finding(pointer, "invalid")]
    if isinstance(value, dict) or (isinstance(value, float) and not math.isfinite(value)):
        return [Finding(pointer, "type", variant=question.type)]
    if not isinstance(value, list):
        return []
    if question.type != "array":
        return [Finding(pointer, "type", variant=question.type)]
    most = question.max_items if question.max_items is not None else len(question.choices)
    too_many = bool(question.choices) and len(value) > max(most, 1)
    if not too_many and all(type(item) is str for item in value):
        return []
    variant = question.item_type
    bad = [
        Finding(
            child(pointer, index), "invalid" if _out_of_range(item) else "type", variant=variant
        )
        for index, item in enumerate(value)
        if _out_of_range(item)
        or isinstance(item, list | dict)
        or (isinstance(item, float) and not math.isfinite(item))
    ]
    if bad:
        return bad
    if too_many:
        return [Finding(pointer, "max_items", {"limit": max(most, 1)})]
    return []


def _out_of_range(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and not -_SAFE <= value <= _SAFE


def error_findings(pointer: str, errors: Iterable[ValidationError]) -> list[Finding]:
    """One finding per location, the most telling error first."""
    best: dict[str, tuple[int, Finding]] = {}
    for error in errors:
        finding = _finding(child(pointer, *error.absolute_path), error)
        rank = _PRIORITY.index(finding.code)
        if finding.path not in best or rank < best[finding.path][0]:
            best[finding.path] = (rank, finding)
    return [finding for _, finding in best.values()]


def _finding(pointer: str, error: ValidationError) -> Finding:
    keyword, value = error.validator, error.validator_value
    if keyword == "type":
        variant = value if isinstance(value, str) and value in _TYPE_VARIANTS else None
        return Finding(pointer, "type", variant=variant)
    if keyword in ("enum", "const") or (keyword == "oneOf" and _all_options(value)):
        return Finding(pointer, "choice")
    if keyword in _SIMPLE_CODES:
        return Finding(pointer, _SIMPLE_CODES[str(keyword)], {"limit": value})
    if keyword in _EXCLUSIVE:
        return Finding(pointer, _EXCLUSIVE[str(keyword)], {"limit": value}, variant="exclusive")
    if keyword == "uniqueItems":
        return Finding(pointer, "unique_items")
    if keyword == "pattern":
        return Finding(pointer, "pattern", {"pattern": value})
    if keyword == "format":
        return Finding(pointer, "format", {"format": value}, variant=str(value))
    if keyword in ("formatMinimum", "formatMaximum"):
        code = "date_minimum" if keyword == "formatMinimum" else "date_maximum"
        return Finding(pointer, code, {"limit": _day_month_year(str(value))})
    return Finding(pointer, "invalid")


def _day_month_year(iso: str) -> str:
    """``2025-01-31`` as Vietnamese (and British) readers write it: ``31/01/2025``."""
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def _all_options(value: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(option, dict) and "const" in option for option in value
    )
