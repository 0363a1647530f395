"""The fields of a unit, counter or officer, checked one by one.

:func:`check_row` cleans one row (from the API, a CSV line or a JSON
object) for a kind of :data:`KINDS`, raising :class:`RowRejected` with the
field and what to write. References (a unit's parent and successor, the
unit of a counter or officer) stay codes here; the service resolves them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from forms_service.i18n import N_
from forms_service.text import nfc

__all__ = ["KINDS", "UNIT_KINDS", "Kind", "RowRejected", "check_row"]

UNIT_KINDS = ("department", "commune", "centre", "other")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/\-]{0,63}$")
_TRUE = {"true", "1", "yes", "co", "có", "x"}
_FALSE = {"false", "0", "no", "khong", "không", ""}


class RowRejected(Exception):
    """A row that cannot be stored: which field, and what to write instead."""

    def __init__(self, field: str, message: str, /, **params: Any) -> None:
        super().__init__(message.format(**params) if params else message)
        self.field = field
        self.message = message
        self.params = params


@dataclass(frozen=True)
class Kind:
    """One kind of the organisation: its name, plural (the API path) and fields."""

    name: str
    plural: str
    fields: tuple[str, ...]
    required: tuple[str, ...]
    references: tuple[str, ...]  # fields holding a unit code


KINDS = {kind.name: kind for kind in (
    Kind("unit", "units", ("code", "name", "kind", "parent", "active", "closed_on", "successor"),
         ("code", "name"), ("parent", "successor")),
    Kind("counter", "counters", ("code", "name", "unit", "active", "field"),
         ("code", "name", "unit"),
         ("unit",)),
    Kind("officer", "officers", ("code", "name", "unit", "active"), ("code", "name"), ("unit",)),
)}


def _text(value: Any, field: str, limit: int) -> str | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise RowRejected(field, N_("{field} must be text."), field=field)
    text = " ".join(nfc(value).split())
    if len(text) > limit:
        raise RowRejected(field, N_("{field} is too long: at most {limit} characters."),
                          field=field, limit=limit)
    return text or None


def _code(value: Any, field: str) -> str | None:
    text = _text(value, field, 64)
    if text is not None and not CODE.fullmatch(text):
        raise RowRejected(field, N_("{field} {value!r} is not a code: use letters, digits "
                                    "and . - _ / : (at most 64)."), field=field,
                          value=text[:80])
    return text


def _bool(value: Any, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise RowRejected(field, N_("{field} must be true or false."), field=field)


def _date(value: Any, field: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise RowRejected(field, N_("{field} is not a date: write it like 2025-07-01."),
                          field=field) from None


def check_row(kind: Kind, raw: Any, *, partial: bool = False) -> dict[str, Any]:
    """The cleaned fields of ``raw`` (only those present when ``partial``)."""
    if not isinstance(raw, dict):
        raise RowRejected("", N_("Each row must be an object of fields."))
    unknown = sorted(str(name) for name in raw if name not in kind.fields)
    if unknown:
        raise RowRejected(unknown[0][:64], N_("{field} is not a field here; the fields are: "
                                              "{fields}."), field=unknown[0][:64],
                          fields=", ".join(kind.fields))
    row: dict[str, Any] = {}
    for field in kind.fields:
        if field not in raw:
            continue
        value = raw[field]
        if field == "code" or field in kind.references:
            row[field] = _code(value, field)
        elif field == "name":
            row[field] = _text(value, field, 255)
        elif field == "field":
            row[field] = _text(value, field, 120)
        elif field == "kind":
            text = _text(value, field, 16) or "other"
            if text not in UNIT_KINDS:
                raise RowRejected(field, N_("{field} must be one of: {choices}."), field=field,
                                  choices=", ".join(UNIT_KINDS))
            row[field] = text
        elif field == "active":
            row[field] = _bool(value, field)
        elif field == "closed_on":
            row[field] = _date(value, field)
    for field in kind.required:
        if (not partial or field in raw) and not row.get(field):
            raise RowRejected(field, N_("{field} is required."), field=field)
    return row
