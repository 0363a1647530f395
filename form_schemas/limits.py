"""Bounds applied to form definitions before any schema machinery runs."""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["Limits"]


@dataclass(frozen=True)
class Limits:
    """Upper bounds for a form definition.

    The defaults suit national use; an operator may lower them. Every field
    must be a positive integer. ``max_entries`` bounds every object and list
    in the document (questions, options, ``$defs``, translations …) so that
    no single container can make the checks slow.
    """

    max_bytes: int = 256 * 1024
    max_depth: int = 24
    max_questions: int = 200
    max_choices: int = 100
    max_length: int = 10_000
    max_items: int = 100
    max_pattern_length: int = 200
    max_entries: int = 400

    def __post_init__(self) -> None:
        for spec in fields(self):
            value = getattr(self, spec.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(
                    f"Limits.{spec.name} must be a positive integer, got {value!r}; "
                    f"leave it out to use the default {spec.default!r}."
                )
