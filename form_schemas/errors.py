"""Exceptions raised by the form-definition library.

``FormSchemaError`` is the base of every error raised on purpose here; the
subclasses carry structured context so that callers can map them to HTTP
responses (or notebook output) without parsing messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from form_schemas.issues import Issue

__all__ = ["DefinitionError", "FormSchemaError", "UnknownTemplate"]


class FormSchemaError(Exception):
    """Base class of the errors raised by ``form_schemas``."""


class DefinitionError(FormSchemaError, ValueError):
    """A form definition does not satisfy the profile.

    ``issues`` lists every problem found, each with a JSON Pointer into the
    definition, a stable code and a localized message saying what to change.
    """

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues: list[Issue] = list(issues)
        super().__init__(_summary(self.issues))

    def __reduce__(self) -> tuple[type[DefinitionError], tuple[list[Issue]]]:
        return (type(self), (self.issues,))


class UnknownTemplate(FormSchemaError, KeyError):
    """No national template has the requested name."""

    def __init__(self, name: str, known: Iterable[str] = ()) -> None:
        self.name = name
        self.known: tuple[str, ...] = tuple(known)
        super().__init__(name)

    def __str__(self) -> str:
        known = ", ".join(self.known) or "none"
        return f"Unknown form template {self.name!r}; the templates are: {known}."

    def __reduce__(self) -> tuple[type[UnknownTemplate], tuple[str, tuple[str, ...]]]:
        return (type(self), (self.name, self.known))


def _summary(issues: Sequence[Issue], shown: int = 5) -> str:
    lines = [f"{issue.path or '/'}: {issue.message} [{issue.code}]" for issue in issues[:shown]]
    if len(issues) > shown:
        lines.append(f"… (+{len(issues) - shown})")
    return f"{len(issues)} issue(s) in the form definition: " + "; ".join(lines)
