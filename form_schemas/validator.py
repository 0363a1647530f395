"""The JSON Schema validator used for answers: draft 2020-12, offline.

* references are resolved only inside the document: the registry's
  ``retrieve`` refuses every URI, so nothing is ever fetched;
* ``pattern`` is matched with :func:`form_schemas.regex.search` (RE2 when
  available) and skipped for strings already longer than ``maxLength``;
* only the formats in ``CHECKED_FORMATS`` are asserted.
"""

from __future__ import annotations

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

CHECKED_FORMATS: tuple[str, ...] = ("email", "date")
FORMAT_CHECKER = FormatChecker(CHECKED_FORMATS)


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


AnswerValidator: type[Validator] = validators.extend(Draft202012Validator, {"pattern": _pattern})


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
