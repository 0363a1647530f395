"""HTML form fields (lists of strings) turned into typed answers."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from form_schemas.model import Question

__all__ = ["coerce_fields", "parse_boolean", "parse_number"]

_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
_NUMBER = re.compile(r"[+-]?[0-9]{1,18}(?:[.,][0-9]{1,18})?")
_TRUE = frozenset({"true"})
_FALSE = frozenset({"false"})


def parse_number(text: str, kind: str) -> int | float | str:
    """``text`` as an integer or number; the text itself when it does not parse.

    A decimal comma is accepted (``"4,5"``), as Vietnamese writes it.
    """
    candidate = text.strip()
    if kind == "integer" and _INTEGER.fullmatch(candidate):
        return int(candidate)
    if kind == "number" and _NUMBER.fullmatch(candidate):
        number = float(candidate.replace(",", "."))
        if math.isfinite(number):
            return int(number) if _INTEGER.fullmatch(candidate) else number
    return text


def parse_boolean(text: str) -> bool | str:
    """``"true"``/``"false"`` (any case) as a boolean; else the text."""
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    return text


def _coerce_one(text: str, kind: str | None) -> Any:
    if kind in ("integer", "number"):
        return parse_number(text, kind)
    if kind == "boolean":
        return parse_boolean(text)
    return text


def _texts(raw: object) -> list[str]:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, Iterable) or isinstance(raw, bytes | Mapping):
        return []
    return [item for item in raw if isinstance(item, str) and item.strip()]


def coerce_fields(fields: Mapping[str, Any], questions: Iterable[Question]) -> dict[str, Any]:
    """Answers built from form ``fields`` for ``questions``.

    Unknown field names are left out (pages carry their own hidden fields);
    empty values are dropped; single-valued questions take the last value;
    values that do not parse are kept as text so that validation reports them.
    """
    answers: dict[str, Any] = {}
    for question in questions:
        if question.name not in fields:
            continue
        values = _texts(fields[question.name])
        if not values:
            continue
        if question.type == "array":
            answers[question.name] = [_coerce_one(v, question.item_type) for v in values]
        else:
            answers[question.name] = _coerce_one(values[-1], question.type)
    return answers
