"""HTML form fields (lists of strings) turned into typed answers."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from form_schemas.model import Question

__all__ = ["DATE_PARTS", "coerce_fields", "date_parts", "field_names", "parse_boolean",
           "parse_number"]

#: The fields of a date question on a page, after its name and ``__``: day,
#: month and year, in the order Vietnamese write them.
DATE_PARTS = ("day", "month", "year")
_DIGITS = re.compile(r"[0-9]{1,4}")
_WRITTEN_DATE = re.compile(r"([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})")

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


def date_parts(question: Question, fields: Mapping[str, Any]) -> dict[str, str]:
    """What was typed in the day, month and year fields of a date question (or,
    when the date came whole, as ``YYYY-MM-DD``, its parts)."""
    parts: dict[str, str] = {}
    for part in DATE_PARTS:
        values = _texts(fields.get(f"{question.name}__{part}"))
        if values:
            parts[part] = values[-1].strip()
    if not parts:
        whole = _texts(fields.get(question.name))
        if whole and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", whole[-1].strip()):
            year, month, day = whole[-1].strip().split("-")
            parts = {"day": day, "month": month, "year": year}
    return parts


def _date_answer(question: Question, fields: Mapping[str, Any]) -> str | None:
    """The answer of a date question: ``YYYY-MM-DD`` from its day, month and year
    (or from one field written ``31/01/2025``); what was typed, as text, when it is
    not a date, so that validation reports it; None when nothing was typed."""
    parts = date_parts(question, fields)
    if not parts:
        whole = _texts(fields.get(question.name))
        if not whole:
            return None
        written = _WRITTEN_DATE.fullmatch(whole[-1].strip())
        if written is None:
            return whole[-1]
        parts = dict(zip(DATE_PARTS, written.groups(), strict=True))
    day, month, year = (parts.get(part, "") for part in DATE_PARTS)
    if all(_DIGITS.fullmatch(v) for v in (day, month, year)) and len(year) == 4:
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return "/".join((day, month, year))


def field_names(questions: Iterable[Question]) -> set[str]:
    """The names of the fields a page posts for ``questions``."""
    names: set[str] = set()
    for question in questions:
        names.add(question.name)
        if question.widget == "date":
            names.update(f"{question.name}__{part}" for part in DATE_PARTS)
    return names


def coerce_fields(fields: Mapping[str, Any], questions: Iterable[Question]) -> dict[str, Any]:
    """Answers built from form ``fields`` for ``questions``.

    Unknown field names are left out (pages carry their own hidden fields);
    empty values are dropped; single-valued questions take the last value;
    values that do not parse are kept as text so that validation reports them.
    """
    answers: dict[str, Any] = {}
    for question in questions:
        if question.widget == "date":
            date = _date_answer(question, fields)
            if date is not None:
                answers[question.name] = date
            continue
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
