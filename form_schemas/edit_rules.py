"""Options, the satisfaction mapping, simple conditions, translations left to do,
and definition issues grouped by question: the designer's finer edits.

See :mod:`form_schemas.editing` for the whole set of operations.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from form_schemas.coercion import parse_boolean, parse_number
from form_schemas.edit_support import (
    TRANSLATED,
    EditError,
    _copy,
    _english,
    _english_question,
    _own,
    _properties,
    _question,
    _tidy,
)
from form_schemas.issues import Issue
from form_schemas.model import Question, build_questions, choice_key
from form_schemas.refs import resolve

__all__ = [
    "OPERATORS",
    "SimpleCondition",
    "clear_condition",
    "clear_satisfaction",
    "issues_by_question",
    "read_condition",
    "set_choices",
    "set_condition",
    "set_satisfaction",
    "untranslated",
]

#: Operators of the simple condition editor.
OPERATORS: tuple[str, ...] = ("is", "one_of", "le", "ge")


@dataclass(frozen=True)
class SimpleCondition:
    """``show when <source> <operator> <values>``; ``values`` typed like the answers."""

    source: str
    operator: str
    values: tuple[Any, ...]


# -- choices ------------------------------------------------------------------

def _choice_value(text: str, kind: str) -> Any:
    if kind in ("integer", "number"):
        value = parse_number(text, "integer")
        if not isinstance(value, int):
            raise EditError("choice_value_integer", value=text[:40])
        return value
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        raise EditError("choice_value_empty")
    return text


def set_choices(
    definition: Mapping[str, Any], name: str, rows: Sequence[Mapping[str, str]]
) -> dict[str, Any]:
    """Replace the options of a choice question.

    ``rows`` are ``{"value", "label", "label_en"}`` texts in order; the values
    are read as the question's type (whole numbers for integer questions).
    English labels follow their option.
    """
    result = _copy(definition)
    question = _question(result, name)
    spec = question.spec
    if spec is None or not spec.written_options:
        raise EditError("no_choices", name=name)
    in_items = spec.options == "items"
    kind = question.item_type if in_items else question.type
    options: list[dict[str, Any]] = []
    english: dict[str, str] = {}
    seen: set[str] = set()
    for row in rows:
        label = unicodedata.normalize("NFC", row.get("label", "")).strip()
        if not label:
            raise EditError("choice_label_empty", value=row.get("value", "")[:40])
        value = _choice_value(row.get("value", ""), str(kind))
        if choice_key(value) in seen:
            raise EditError("choice_duplicate", value=value)
        seen.add(choice_key(value))
        options.append({"const": value, "title": label})
        label_en = unicodedata.normalize("NFC", row.get("label_en", "") or "").strip()
        if label_en:
            english[choice_key(value)] = label_en
    if not options:
        raise EditError("choices_empty")
    schema = _own(result, name)
    if in_items:
        items = resolve(schema["items"], result) if isinstance(schema.get("items"), dict) else {}
        schema["items"] = {**{k: v for k, v in items.items() if k != "$ref"}, "oneOf": options}
    else:
        schema["oneOf"] = options
    entry = _english_question(result, name)
    entry["choices"] = english
    result = _tidy(result)
    return _prune_satisfied(result, name, {choice_key(option["const"]) for option in options})


def _prune_satisfied(definition: dict[str, Any], name: str, keys: set[str]) -> dict[str, Any]:
    """Keep only existing options in the satisfied set (drop the mapping if none is left)."""
    survey = definition.get("x-survey")
    satisfaction = survey.get("satisfaction") if isinstance(survey, dict) else None
    if isinstance(satisfaction, dict) and satisfaction.get("question") == name:
        kept = [v for v in satisfaction.get("satisfied", []) if choice_key(v) in keys]
        if kept:
            satisfaction["satisfied"] = kept
        else:
            del survey["satisfaction"]
    return definition


# -- satisfaction -------------------------------------------------------------

def set_satisfaction(
    definition: Mapping[str, Any], question: str, satisfied: Sequence[str]
) -> dict[str, Any]:
    """Name the satisfaction question and the answers (as texts) that count as satisfied."""
    result = _copy(definition)
    found = _question(result, question)
    if found.type == "array" or not found.choices:
        raise EditError("satisfaction_question", name=question)
    by_key = {choice_key(choice.value): choice.value for choice in found.choices}
    values = [by_key[text] for text in dict.fromkeys(satisfied) if text in by_key]
    if not values:
        raise EditError("satisfied_empty")
    result.setdefault("x-survey", {})["satisfaction"] = {
        "question": question, "satisfied": values}
    return result


def clear_satisfaction(definition: Mapping[str, Any]) -> dict[str, Any]:
    result = _copy(definition)
    survey = result.get("x-survey")
    if isinstance(survey, dict):
        survey.pop("satisfaction", None)
    return _tidy(result)


# -- conditions ---------------------------------------------------------------

def _typed(question: Question, text: str) -> Any:
    kind = question.item_type if question.type == "array" else question.type
    if kind == "boolean":
        value: Any = parse_boolean(text)
    elif kind in ("integer", "number"):
        value = parse_number(text, str(kind))
    else:
        value = unicodedata.normalize("NFC", text).strip()
    if question.choices and not question.has_value(value):
        raise EditError("condition_value", value=text[:40], name=question.name)
    if kind in ("integer", "number", "boolean") and isinstance(value, str):
        raise EditError("condition_value", value=text[:40], name=question.name)
    return value


def set_condition(
    definition: Mapping[str, Any], name: str, *, source: str, operator: str,
    values: Sequence[str],
) -> dict[str, Any]:
    """Show ``name`` only when ``source`` (an earlier question) satisfies the operator."""
    result = _copy(definition)
    order = list(_properties(result))
    if name not in order:
        raise EditError("question_missing", name=name)
    if source not in order[: order.index(name)]:
        raise EditError("condition_source", name=source[:64])
    if operator not in OPERATORS:
        raise EditError("condition_operator", operator=operator[:20])
    other = _question(result, source)
    typed = [_typed(other, text) for text in values if text.strip()]
    if not typed:
        raise EditError("condition_value_missing")
    rule: dict[str, Any]
    if operator in ("le", "ge"):
        comparable = other.spec is not None and other.spec.comparable
        if not comparable or other.type not in ("integer", "number"):
            raise EditError("condition_not_ordered", name=source)
        rule = {"maximum" if operator == "le" else "minimum": typed[0]}
    elif operator == "is":
        rule = {"const": typed[0]}
    else:
        rule = {"enum": list(dict.fromkeys(typed))}
    if other.type == "array":
        rule = {"contains": rule}
    _properties(result)[name]["x-show-if"] = {"properties": {source: rule}, "required": [source]}
    return result


def clear_condition(definition: Mapping[str, Any], name: str) -> dict[str, Any]:
    result = _copy(definition)
    schema = _properties(result).get(name)
    if not isinstance(schema, dict):
        raise EditError("question_missing", name=name)
    schema.pop("x-show-if", None)
    return result


def read_condition(definition: Mapping[str, Any], name: str) -> SimpleCondition | None:
    """The question's condition in simple form, or ``None`` (none, or not a simple one)."""
    schema = definition.get("properties", {}).get(name)
    condition = schema.get("x-show-if") if isinstance(schema, dict) else None
    if not isinstance(condition, dict) or set(condition) - {"properties", "required"}:
        return None
    properties = condition.get("properties")
    if not isinstance(properties, dict) or len(properties) != 1:
        return None
    source, rule = next(iter(properties.items()))
    if condition.get("required", [source]) != [source] or not isinstance(rule, dict):
        return None
    if set(rule) == {"contains"} and isinstance(rule["contains"], dict):
        rule = rule["contains"]
    if len(rule) != 1:
        return None
    (keyword, value), = rule.items()
    if keyword == "const":
        return SimpleCondition(source, "is", (value,))
    if keyword == "enum" and isinstance(value, list) and value:
        return SimpleCondition(source, "one_of", tuple(value))
    if keyword in ("maximum", "minimum"):
        return SimpleCondition(source, "le" if keyword == "maximum" else "ge", (value,))
    return None


# -- translations and issues --------------------------------------------------

def untranslated(definition: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Vietnamese texts without an English translation: ``(where, text)``.

    ``where`` is ``"title"``, ``"description"``, ``"<question>/title"``,
    ``"<question>/description"`` or ``"<question>/choices/<value>"``.
    """
    found: list[tuple[str, str]] = []
    for key in ("title", "description"):
        if isinstance(definition.get(key), str) and definition[key]:
            translated = _english(dict(definition), create=False).get(key)
            if not translated:
                found.append((key, definition[key]))
    for question in build_questions(definition):
        for key, texts in (("title", question.titles), ("description", question.descriptions)):
            if texts.get("vi") and not texts.get(TRANSLATED):
                found.append((f"{question.name}/{key}", texts["vi"]))
        if question.spec is not None and question.spec.made_options:
            continue  # the widget's own labels, translated by Phiếu
        for choice in question.choices:
            if choice.labels.get("vi") and not choice.labels.get(TRANSLATED):
                found.append((f"{question.name}/choices/{choice_key(choice.value)}",
                              choice.labels["vi"]))
    return found


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def issues_by_question(
    definition: Mapping[str, Any], issues: Sequence[Issue | Mapping[str, Any]]
) -> dict[str, list[Issue | Mapping[str, Any]]]:
    """Issues grouped by the question they concern; ``""`` holds the form-level ones."""
    properties = definition.get("properties") if isinstance(definition, Mapping) else None
    names = list(properties) if isinstance(properties, dict) else []
    required = definition.get("required") if isinstance(definition, Mapping) else None
    survey = definition.get("x-survey") if isinstance(definition, Mapping) else None
    grouped: dict[str, list[Issue | Mapping[str, Any]]] = {}
    for issue in issues:
        path = issue.path if isinstance(issue, Issue) else str(issue.get("path", ""))
        tokens = [_unescape(t) for t in path.split("/")[1:]]
        key = ""
        if len(tokens) >= 2 and tokens[0] == "properties" and tokens[1] in names:
            key = tokens[1]
        elif len(tokens) >= 2 and tokens[0] == "required" and isinstance(required, list):
            index = int(tokens[1]) if tokens[1].isdigit() else -1
            named = required[index] if 0 <= index < len(required) else None
            key = named if named in names else ""
        elif tokens[:2] == ["x-survey", "translations"] and len(tokens) >= 5:
            key = tokens[4] if tokens[3] == "properties" and tokens[4] in names else ""
        elif tokens[:2] == ["x-survey", "satisfaction"] and isinstance(survey, dict):
            named = (survey.get("satisfaction") or {}).get("question")
            key = named if isinstance(named, str) and named in names else ""
        grouped.setdefault(key, []).append(issue)
    return grouped
