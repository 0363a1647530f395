"""Version groups: the versions over which a question's answers add up.

A question is followed by its key across published versions while the
version comparison (:func:`form_schemas.changes.compare_definitions`) finds
its answers comparable: same kind of answer and the same option codes
(relabelled options and reworded titles stay comparable). A change that
breaks this, or a version without the question, starts a new group; the
result then shows one block per group and says why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from form_schemas.changes import compare_definitions

__all__ = ["BREAKING", "VersionGroup", "question_groups"]

#: changes of a question after which its answers are no longer added up
BREAKING = frozenset({"widget_changed", "choice_added", "choice_removed"})


@dataclass
class VersionGroup:
    """Versions (numbers, ascending) whose answers to one question add up."""

    numbers: list[int]
    changes: list[str] = field(default_factory=list)  # why it is apart from the one before


def question_groups(
    versions: Sequence[tuple[int, Mapping[str, Any]]],
) -> dict[str, list[VersionGroup]]:
    """For each question key, its version groups, from ``(number, definition)`` pairs."""
    ordered = sorted(versions, key=lambda item: item[0])
    groups: dict[str, list[VersionGroup]] = {}
    previous: tuple[int, Mapping[str, Any]] | None = None
    for number, definition in ordered:
        properties = definition.get("properties") or {}
        breaking: dict[str, list[str]] = {}
        if previous is not None:
            for change in compare_definitions(previous[1], definition).changes:
                if change.question and change.code in BREAKING:
                    breaking.setdefault(change.question, []).append(change.code)
        for key in properties:
            found = groups.setdefault(key, [])
            last = found[-1] if found else None
            continued = (last is not None and previous is not None
                         and last.numbers[-1] == previous[0] and key not in breaking)
            if continued:
                last.numbers.append(number)  # type: ignore[union-attr]
            else:
                why = sorted(set(breaking.get(key, []))) or (["question_added"] if last else [])
                found.append(VersionGroup([number], why))
        previous = (number, definition)
    return groups
