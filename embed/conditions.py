"""``x-show-if`` on the page: the condition for the browser, and a note for people.

The browser evaluates the condition itself (``static/form.js``) for live
showing and hiding; without JavaScript every question stays on the page and
a conditional one carries a note saying when to answer it.  The server stays
the authority either way: answers to hidden questions are dropped and only
visible questions are required.
"""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft202012Validator

from embed.i18n import N_, gettext
from form_schemas import CompiledForm, Question

__all__ = ["condition_json", "condition_note"]

GENERIC = N_("Answer this question only if it applies to you.")
CHOSE = N_("Answer only if your answer to question {number} is {choices}.")
TICKED = N_("Answer only if you ticked {choices} in question {number}.")
OR = N_(" or ")


def condition_json(question: Question) -> str | None:
    """The condition as compact JSON for a ``data-`` attribute (escaped by the template)."""
    if question.show_if is None:
        return None
    return json.dumps(question.show_if, ensure_ascii=False, separators=(",", ":"))


def condition_note(form: CompiledForm, question: Question, locale: str) -> str | None:
    """When to answer ``question``, in words, or ``None`` if it is always asked."""
    condition = question.show_if
    if condition is None:
        return None
    described = _describe(form, condition, locale)
    return described or gettext(locale, GENERIC)


def _describe(form: CompiledForm, condition: dict[str, Any], locale: str) -> str | None:
    """The simple shape ``{"properties": {name: rule}, "required": [name]}``, in words."""
    properties = condition.get("properties")
    extra = set(condition) - {"properties", "required", "title", "description", "$comment"}
    if extra or not isinstance(properties, dict) or len(properties) != 1:
        return None
    name, rule = next(iter(properties.items()))
    names = [q.name for q in form.questions]
    if name not in names or not isinstance(rule, dict) or not rule:
        return None
    other = form.question(name)
    number = names.index(name) + 1
    if other.type == "array" and set(rule) == {"contains"}:
        matching = _matching(other, rule["contains"])
        template = TICKED
    else:
        matching = _matching(other, rule)
        template = CHOSE
    if not matching or len(matching) == len(other.choices):
        return None
    labels = gettext(locale, OR).join(f"“{other.choice_label(v, locale)}”" for v in matching)
    return gettext(locale, template, number=number, choices=labels)


def _matching(question: Question, rule: object) -> list[Any]:
    """Option values of ``question`` that satisfy ``rule``."""
    if not question.choices or not isinstance(rule, dict | bool):
        return []
    try:
        validator = Draft202012Validator(rule)
        return [c.value for c in question.choices if validator.is_valid(c.value)]
    except Exception:  # a rule the validator cannot use: fall back to the generic note
        return []
