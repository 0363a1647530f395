"""The JSON Schema validator used for answers: draft 2020-12, offline.

* references are resolved only inside the document: the registry's
  ``retrieve`` refuses every URI, so nothing is ever fetched;
* ``pattern`` is matched with :func:`form_schemas.regex.search` (RE2 when
  available) and skipped for strings already longer than ``maxLength``;
* only the formats in ``CHECKED_FORMATS`` are asserted: ``email`` (an address
  with a dotted domain), ``date`` (a calendar date, YYYY-MM-DD) and ``phone-vn``
  (a Vietnamese mobile or landline number);
* ``formatMinimum`` and ``formatMaximum`` bound a date (inclusive).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from jsonschema.protocols import Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource

from form_schemas.issues import Finding
from form_schemas.regex import search
from form_schemas.walk import SchemaNode, child

__all__ = [
    "CHECKED_FORMATS",
    "AnswerValidator",
    "check_formats",
    "make_validator",
    "offline_registry",
]

CHECKED_FORMATS: tuple[str, ...] = ("email", "date", "phone-vn")
FORMAT_CHECKER = FormatChecker(("date",))

# a mailbox at a domain with at least one dot, as people type them (no quoted
# local parts or address literals, which no one gives on a survey)
_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}")
# Vietnamese numbers after the national prefix (0, 84 or +84): mobile 9 digits
# starting 3, 5, 7, 8 or 9; landline 10 digits starting 2 (area code 2x or 2xx)
_PHONE = re.compile(r"(?:\+?84|0)(?:[35789][0-9]{8}|2[0-9]{9})")
_PHONE_SEPARATORS = re.compile(r"[ .()\-]")


@FORMAT_CHECKER.checks("email")
def is_email(instance: object) -> bool:
    if not isinstance(instance, str):
        return True
    return len(instance) <= 254 and _EMAIL.fullmatch(instance) is not None


@FORMAT_CHECKER.checks("phone-vn")
def is_vietnamese_phone(instance: object) -> bool:
    """A Vietnamese phone number, digits grouped by spaces, dots or hyphens allowed:
    ``0912 345 678``, ``+84 912 345 678``, ``024.3825.1234``."""
    if not isinstance(instance, str):
        return True
    return _PHONE.fullmatch(_PHONE_SEPARATORS.sub("", instance)) is not None


def _calendar_date(instance: object) -> dt.date | None:
    if not isinstance(instance, str) or len(instance) != 10:
        return None
    try:
        return dt.date.fromisoformat(instance)
    except ValueError:
        return None


def _format_minimum(
    validator: Validator, bound: str, instance: object, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    day, low = _calendar_date(instance), _calendar_date(bound)
    if day is not None and low is not None and day < low:
        yield ValidationError(f"is before {bound}")


def _format_maximum(
    validator: Validator, bound: str, instance: object, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    day, high = _calendar_date(instance), _calendar_date(bound)
    if day is not None and high is not None and day > high:
        yield ValidationError(f"is after {bound}")


def _refuse(uri: str) -> Resource[Any]:
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]


def offline_registry() -> Registry[Any]:
    """A registry that never retrieves anything."""
    return Registry(retrieve=_refuse)  # type: ignore[call-arg]


def _pattern(
    validator: Validator, pattern: str, instance: object, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    if not isinstance(instance, str):
        return
    limit = schema.get("maxLength")
    if isinstance(limit, int) and len(instance) > limit:
        return  # reported by maxLength; do not spend time matching
    if not search(pattern, instance):
        yield ValidationError(f"does not match {pattern!r}")


AnswerValidator: type[Validator] = validators.extend(
    Draft202012Validator, {"pattern": _pattern, "formatMinimum": _format_minimum,
                           "formatMaximum": _format_maximum})


def make_validator(schema: dict[str, Any]) -> Validator:
    """A compiled validator for ``schema`` (which must already be checked)."""
    return AnswerValidator(  # type: ignore[call-arg]
        schema, registry=offline_registry(), format_checker=FORMAT_CHECKER
    )


def check_formats(nodes: Iterable[SchemaNode]) -> list[Finding]:
    """Findings for ``format`` values that are not asserted."""
    findings: list[Finding] = []
    for pointer, node, _ in nodes:
        value = node.get("format")
        if isinstance(value, str) and value not in CHECKED_FORMATS:
            findings.append(
                Finding(
                    child(pointer, "format"),
                    "format_unsupported",
                    {"format": value, "allowed": list(CHECKED_FORMATS)},
                )
            )
    return findings
