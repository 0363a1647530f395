"""What changed between two versions of a form, and whether satisfaction stays comparable.

:func:`compare_definitions` lists questions added, removed and reworded,
options added, removed and relabelled, required and condition changes, and
judges the satisfaction measure: rates of two versions are comparable only
when both name the same question, with the same option codes and the same
set of satisfied answers. Everything is reported by stable codes and values;
the caller words it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from form_schemas.model import Question, build_questions, choice_key

__all__ = ["Change", "Changes", "compare_definitions"]


@dataclass(frozen=True)
class Change:
    """One difference: ``code`` (e.g. ``"choice_removed"``), the question, the values."""

    code: str
    question: str | None = None
    params: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Changes:
    """The differences between two definitions.

    Attributes
    ----------
    changes:
        Every difference, questions in the new version's order.
    comparability:
        Why satisfaction rates of the two versions cannot be compared (empty
        when they can, or when neither version measures satisfaction).
    """

    changes: tuple[Change, ...]
    comparability: tuple[Change, ...]

    @property
    def breaking(self) -> bool:
        """Whether the change breaks comparability of the satisfaction measure."""
        return bool(self.comparability)

    @property
    def empty(self) -> bool:
        return not self.changes and not self.comparability

    def by_code(self, code: str) -> list[Change]:
        return [change for change in self.changes if change.code == code]


def _satisfaction(definition: Mapping[str, Any]) -> dict[str, Any] | None:
    survey = definition.get("x-survey")
    found = survey.get("satisfaction") if isinstance(survey, dict) else None
    return found if isinstance(found, dict) else None


def _english(definition: Mapping[str, Any]) -> object:
    survey = definition.get("x-survey")
    found = survey.get("translations") if isinstance(survey, dict) else None
    return found.get("en") if isinstance(found, dict) else None


def _codes(question: Question) -> dict[str, Any]:
    return {choice_key(choice.value): choice for choice in question.choices}


def _question_changes(old: Question, new: Question) -> list[Change]:
    name = new.name
    found: list[Change] = []
    if old.title("vi") != new.title("vi"):
        found.append(Change("retitled", name, {"old": old.title("vi"), "new": new.title("vi")}))
    if (old.widget, old.type) != (new.widget, new.type):
        found.append(Change("widget_changed", name, {"old": old.widget, "new": new.widget}))
    before, after = _codes(old), _codes(new)
    for key in after.keys() - before.keys():
        found.append(Change("choice_added", name, {"value": key, "label": after[key].label()}))
    for key in before.keys() - after.keys():
        found.append(Change("choice_removed", name, {"value": key, "label": before[key].label()}))
    for key in before.keys() & after.keys():
        if before[key].label() != after[key].label():
            found.append(Change("choice_relabelled", name, {
                "value": key, "old": before[key].label(), "new": after[key].label()}))
    if old.required != new.required:
        found.append(Change("required_on" if new.required else "required_off", name))
    if old.show_if != new.show_if:
        code = ("condition_added" if old.show_if is None else
                "condition_removed" if new.show_if is None else "condition_changed")
        found.append(Change(code, name))
    return sorted(found, key=lambda change: (change.code, str(change.params.get("value", ""))))


def _comparability(
    old: Mapping[str, Any], new: Mapping[str, Any],
    before: Mapping[str, Question], after: Mapping[str, Question],
) -> list[Change]:
    was, now = _satisfaction(old), _satisfaction(new)
    if was is None:
        return []
    name = was.get("question")
    if now is None:
        return [Change("satisfaction_removed", name if isinstance(name, str) else None)]
    if now.get("question") != name:
        return [Change("satisfaction_question", str(now.get("question")), {"old": name})]
    found: list[Change] = []
    old_question, new_question = before.get(str(name)), after.get(str(name))
    if old_question is None or new_question is None:
        return [Change("satisfaction_question", str(name), {"old": name})]
    if (old_question.widget, old_question.type) != (new_question.widget, new_question.type):
        found.append(Change("satisfaction_widget", str(name),
                            {"old": old_question.widget, "new": new_question.widget}))
    if set(_codes(old_question)) != set(_codes(new_question)):
        found.append(Change("satisfaction_scale", str(name), {
            "old": _answers(old_question, _codes(old_question)),
            "new": _answers(new_question, _codes(new_question))}))
    old_set = {choice_key(v) for v in was.get("satisfied", [])}
    new_set = {choice_key(v) for v in now.get("satisfied", [])}
    if old_set != new_set:
        found.append(Change("satisfied_set", str(name), {
            "old": _answers(old_question, sorted(old_set)),
            "new": _answers(new_question, sorted(new_set))}))
    return found


def _answers(question: Question, keys: Iterable[str]) -> str:
    """Answers as people read them: “Hài lòng” (4), “Rất hài lòng” (5); “—” for none."""
    choices = _codes(question)
    named = [f"“{choices[key].label()}” ({key})" if key in choices else key for key in keys]
    return ", ".join(named) or "—"


def compare_definitions(old: Mapping[str, Any], new: Mapping[str, Any]) -> Changes:
    """The differences from ``old`` (a published version) to ``new`` (the draft)."""
    before = {question.name: question for question in build_questions(old)}
    after = {question.name: question for question in build_questions(new)}
    changes: list[Change] = []
    if old.get("title") != new.get("title"):
        changes.append(Change("form_retitled", None, {
            "old": old.get("title", ""), "new": new.get("title", "")}))
    for name in before:
        if name not in after:
            changes.append(Change("question_removed", name, {"title": before[name].title()}))
    for name, question in after.items():
        if name not in before:
            changes.append(Change("question_added", name, {"title": question.title()}))
        else:
            changes.extend(_question_changes(before[name], question))
    kept_before = [name for name in before if name in after]
    kept_after = [name for name in after if name in before]
    if kept_before != kept_after:
        changes.append(Change("reordered"))
    if _english(old) != _english(new):
        changes.append(Change("translations_changed"))
    was, now = _satisfaction(old), _satisfaction(new)
    if was is None and now is not None:
        changes.append(Change("satisfaction_added", str(now.get("question"))))
    comparability = _comparability(old, new, before, after)
    return Changes(tuple(changes), tuple(comparability))
