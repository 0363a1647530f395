"""Editing a form definition one step at a time, as a visual designer does.

Every operation takes a definition (a dict) and returns a new one; the input
is never changed. Operations refuse what would leave the definition
inconsistent (a condition on a later question, a deleted question still used
by a condition) with an :class:`EditError` carrying a stable code and the
values a message needs; the caller localizes it. The result still goes
through :func:`~form_schemas.check_definition` before it is stored.

Simple conditions are the four shapes a designer can pick in a form:
"show this question when <question> is <value>", "is one of <values>",
"≤ <number>" or "≥ <number>" (:class:`SimpleCondition`).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from form_schemas.conditions import referenced_names
from form_schemas.edit_rules import (
    OPERATORS,
    SimpleCondition,
    clear_condition,
    clear_satisfaction,
    issues_by_question,
    read_condition,
    set_choices,
    set_condition,
    set_satisfaction,
    untranslated,
)
from form_schemas.edit_support import (
    EditError,
    _copy,
    _english,
    _english_question,
    _own,
    _properties,
    _question,
    _set_text,
    _tidy,
)
from form_schemas.profile import DIALECT
from form_schemas.widgets import WIDGET_SPECS, widget_spec

__all__ = [
    "NEW_WIDGETS",
    "OPERATORS",
    "EditError",
    "SimpleCondition",
    "add_question",
    "blank_definition",
    "clear_condition",
    "clear_satisfaction",
    "delete_question",
    "issues_by_question",
    "move_question",
    "question_name",
    "read_condition",
    "set_choices",
    "set_condition",
    "set_form_texts",
    "set_satisfaction",
    "untranslated",
    "update_question",
]

#: Widgets a designer can add, in the order they are offered (the registry's).
NEW_WIDGETS: tuple[str, ...] = tuple(WIDGET_SPECS)
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


# -- the form -----------------------------------------------------------------

def blank_definition(title: str, *, widget: str = "likert", question: str) -> dict[str, Any]:
    """A new definition with ``title`` and one first question titled ``question``."""
    title = unicodedata.normalize("NFC", title).strip()
    if not title:
        raise EditError("title_empty")
    definition: dict[str, Any] = {
        "$schema": DIALECT, "title": title, "type": "object",
        "additionalProperties": False, "properties": {},
    }
    definition, _ = add_question(definition, widget=widget, title=question)
    return definition


def set_form_texts(
    definition: Mapping[str, Any], *, title: str | None = None, description: str | None = None,
    title_en: str | None = None, description_en: str | None = None,
) -> dict[str, Any]:
    """The form's title and description in Vietnamese and English (empty removes)."""
    result = _copy(definition)
    if title is not None and not title.strip():
        raise EditError("title_empty")
    _set_text(result, "title", title)
    _set_text(result, "description", description)
    english = _english(result)
    _set_text(english, "title", title_en)
    _set_text(english, "description", description_en)
    return _tidy(result)


# -- questions ----------------------------------------------------------------

def question_name(title: str, taken: Sequence[str] | set[str]) -> str:
    """A question name made from ``title`` (Vietnamese letters without marks), unused."""
    text = unicodedata.normalize("NFD", title.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    words = re.findall(r"[a-z0-9]+", text)
    base = "_".join(words)[:40].strip("_") or "q"
    if not base[0].isalpha():
        base = "q_" + base
    name, number = base, 2
    while name in taken:
        name, number = f"{base}_{number}", number + 1
    return name


def add_question(
    definition: Mapping[str, Any], *, widget: str, title: str, name: str | None = None,
    required: bool = False,
) -> tuple[dict[str, Any], str]:
    """``definition`` with a new last question; returns it and the question's name."""
    spec = widget_spec(widget)
    if spec is None:
        raise EditError("widget_unknown", widget=str(widget)[:40])
    title = unicodedata.normalize("NFC", title).strip()
    if not title:
        raise EditError("question_title_empty")
    result = _copy(definition)
    properties = _properties(result)
    if name:
        if not _NAME.fullmatch(name):
            raise EditError("name_invalid", name=name[:80])
        if name in properties:
            raise EditError("name_taken", name=name)
    else:
        name = question_name(title, set(properties))
    properties[name] = spec.new_schema(title)
    if required:
        result["required"] = [*result.get("required", []), name]
    return result, name


def update_question(
    definition: Mapping[str, Any], name: str, *, title: str | None = None,
    description: str | None = None, title_en: str | None = None,
    description_en: str | None = None, required: bool | None = None,
    widget: str | None = None, max_length: int | None = None,
    minimum: int | float | None = None, maximum: int | float | None = None,
    bounds: bool = False, grid: str | None = None,
) -> dict[str, Any]:
    """Change a question's texts, whether it is required, and its simple settings.

    ``grid`` names the grid the question is a row of (``""`` takes it out of
    its grid; ``None`` leaves it): rows of one grid follow one another and
    share their options, which the validation of the whole form checks.

    ``widget`` may switch to a widget of the same family (likert, radio and
    select; text and textarea); the settings apply where the widget's
    specification allows them: ``max_length`` to texts; with ``bounds`` set,
    ``minimum`` and ``maximum`` (``None`` removes one) to numbers and
    ``maximum`` (3 to 10) to star ratings.
    """
    result = _copy(definition)
    question = _question(result, name)
    spec = question.spec
    settings = spec.settings if spec is not None else frozenset()
    if title is not None and not title.strip():
        raise EditError("question_title_empty")
    schema = _properties(result)[name]
    _set_text(schema, "title", title)
    _set_text(schema, "description", description)
    english = _english_question(result, name)
    _set_text(english, "title", title_en)
    _set_text(english, "description", description_en)
    if required is not None:
        names = [n for n in result.get("required", []) if n != name]
        if required:
            names.append(name)
        order = list(_properties(result))
        result["required"] = sorted(names, key=lambda n: order.index(n) if n in order else 0)
        if not result["required"]:
            del result["required"]
    if widget is not None and widget != question.widget:
        target = widget_spec(widget)
        family = spec.family if spec is not None else None
        if family is None or target is None or target.family != family:
            raise EditError("widget_change", widget=widget[:40], current=question.widget)
        _own(result, name)["x-widget"] = widget
    if max_length is not None and "max_length" in settings:
        if not 1 <= max_length <= 10_000:
            raise EditError("max_length_range", limit=10_000)
        _own(result, name)["maxLength"] = max_length
    if bounds and "stars" in settings:
        if not isinstance(maximum, int) or not 3 <= maximum <= 10:
            raise EditError("rating_maximum")
        _own(result, name)["maximum"] = maximum
    elif bounds and "bounds" in settings:
        _set_bounds(_own(result, name), minimum, maximum)
    if grid is not None:
        # beside any $ref, so rows keep sharing their scale
        raw = _properties(result)[name]
        if grid.strip():
            raw["x-grid"] = grid.strip()
        else:
            raw.pop("x-grid", None)
    return _tidy(result)


def _set_bounds(schema: dict[str, Any], low: Any, high: Any) -> None:
    if low is not None and high is not None and low > high:
        raise EditError("bounds_order", minimum=low, maximum=high)
    for key, value in (("minimum", low), ("maximum", high)):
        if value is None:
            schema.pop(key, None)
        else:
            schema[key] = value
            if isinstance(value, float) and not value.is_integer():
                schema["type"] = "number"


def move_question(definition: Mapping[str, Any], name: str, offset: int) -> dict[str, Any]:
    """Move a question ``offset`` places (negative: up); conditions must stay on earlier ones."""
    result = _copy(definition)
    properties = _properties(result)
    order = list(properties)
    if name not in order:
        raise EditError("question_missing", name=name)
    index = order.index(name)
    target = max(0, min(len(order) - 1, index + offset))
    order.insert(target, order.pop(index))
    for position, current in enumerate(order):
        schema = properties[current]
        condition = schema.get("x-show-if") if isinstance(schema, dict) else None
        if isinstance(condition, dict):
            later = referenced_names(condition) - set(order[:position])
            if later:
                raise EditError("move_breaks_condition", name=current, other=sorted(later)[0])
    result["properties"] = {key: properties[key] for key in order}
    return result


def _users(definition: Mapping[str, Any], name: str) -> list[str]:
    """Questions whose condition mentions ``name``."""
    return [
        other for other, schema in definition.get("properties", {}).items()
        if isinstance(schema, dict) and isinstance(schema.get("x-show-if"), dict)
        and name in referenced_names(schema["x-show-if"])
    ]


def delete_question(definition: Mapping[str, Any], name: str) -> dict[str, Any]:
    """Remove a question with its translations; refused while something depends on it."""
    result = _copy(definition)
    properties = _properties(result)
    if name not in properties:
        raise EditError("question_missing", name=name)
    users = _users(result, name)
    if users:
        raise EditError("question_in_condition", name=name, other=users[0])
    survey = result.get("x-survey") if isinstance(result.get("x-survey"), dict) else {}
    satisfaction = survey.get("satisfaction")
    if isinstance(satisfaction, dict) and satisfaction.get("question") == name:
        raise EditError("question_is_satisfaction", name=name)
    communication = survey.get("communication")
    if isinstance(communication, dict) and name in (
        communication.get("channels"),
        (communication.get("self_submission") or {}).get("question"),
    ):
        raise EditError("question_is_communication", name=name)
    if len(properties) == 1:
        raise EditError("last_question")
    del properties[name]
    if isinstance(result.get("required"), list):
        result["required"] = [n for n in result["required"] if n != name]
        if not result["required"]:
            del result["required"]
    _english_question(result, name)
    del _english(result)["properties"][name]
    return _tidy(result)
