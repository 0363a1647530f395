"""A general form's questions in the compact shape the kiosk page renders offline.

A form with a satisfaction question is shown as the counter's three-level
rating; any other published form is shown one question per screen. Each
question becomes ``{"n": name, "k": kind, "t": {locale: title}, "r": required}``
with, by kind: ``"c"`` the options ``[value, {locale: label}]`` (``one``,
``face``, ``many``), ``"min"``/``"max"`` (``num``, ``many``), ``"len"`` the
longest text (``text``, ``long``); and ``"if"`` ``[question, [values], any]``
when its condition has the simple shape "the answer to an earlier question is
one of these options" (``any``: the earlier question is a multiple choice and
one of its ticks is enough). A condition of another shape is left out: the
question is then always shown and never required on the device (the server
still decides, dropping answers to questions its condition hides).
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

from form_schemas import CompiledForm, Question, compile_form
from forms_service.errors import InvalidInput

__all__ = ["KIOSK_KINDS", "kiosk_questions", "shows_rating"]

#: Widget → the kiosk's kind of screen for it.
KIOSK_KINDS: dict[str, str] = {
    "likert": "face", "radio": "one", "select": "one", "yes_no": "one", "rating": "one",
    "nps": "one", "checkboxes": "many", "text": "text", "textarea": "long", "number": "num",
}


def shows_rating(definition: dict[str, Any]) -> bool:
    """Whether the kiosk shows ``definition`` as its quick rating (it has a satisfaction
    question) rather than question by question."""
    survey = definition.get("x-survey")
    return isinstance(survey, dict) and isinstance(survey.get("satisfaction"), dict)


def _texts(values: dict[str, str]) -> dict[str, str]:
    return {locale: text for locale, text in values.items() if text}


def _condition(form: CompiledForm, question: Question) -> list[Any] | None:
    condition = question.show_if
    if not isinstance(condition, dict):
        return None
    properties = condition.get("properties")
    if set(condition) - {"properties", "required", "title", "description", "$comment"} \
            or not isinstance(properties, dict) or len(properties) != 1:
        return None
    name, rule = next(iter(properties.items()))
    earlier = [q for q in form.questions if q.name == name]
    if not earlier or not earlier[0].choices or not isinstance(rule, dict) or not rule:
        return None
    other = earlier[0]
    ticks = other.type == "array" and set(rule) == {"contains"}
    try:
        validator = Draft202012Validator(rule["contains"] if ticks else rule)
        matching = [c.value for c in other.choices if validator.is_valid(c.value)]
    except Exception:  # a rule the validator cannot use: the question is always shown
        return None
    return [name, matching, ticks] if matching else None


def _compact(form: CompiledForm, question: Question) -> dict[str, Any]:
    kind = KIOSK_KINDS[question.widget]
    shown: dict[str, Any] = {"n": question.name, "k": kind, "t": _texts(question.titles)}
    condition = _condition(form, question)
    shown["r"] = question.required and (question.show_if is None or condition is not None)
    if condition is not None:
        shown["if"] = condition
    if kind in ("one", "face", "many"):
        shown["c"] = [[c.value, _texts(c.labels)] for c in question.choices]
    if kind == "many":
        shown["min"], shown["max"] = question.min_items, question.max_items
    if kind == "num":
        shown["min"], shown["max"] = question.minimum, question.maximum
        shown["int"] = question.type == "integer"
    if kind in ("text", "long"):
        shown["len"] = question.max_length
    return shown


def kiosk_questions(definition: dict[str, Any]) -> list[dict[str, Any]]:
    """The questions of a general form for the kiosk; ``InvalidInput`` naming the first
    question the kiosk cannot show."""
    form = compile_form(definition)
    for question in form.questions:
        if question.widget not in KIOSK_KINDS:
            raise InvalidInput(
                "The kiosk cannot show the question {question} ({widget}): it shows choices, "
                "ratings, several choices, short and long texts and numbers. Choose another "
                "form or change that question.",
                question=question.name[:80], widget=question.widget[:40],
                error_code="kiosk_question_unsupported")
    return [_compact(form, question) for question in form.questions]
