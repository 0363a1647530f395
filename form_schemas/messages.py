"""Every text this library shows to people, and how issues get their message.

The English texts are the gettext message ids; the translations live in
``locale/<locale>/LC_MESSAGES/messages.po``. A message key is an issue code,
optionally followed by a variant (``"type.integer"``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.numbers import format_decimal

from form_schemas.i18n import DEFAULT_LOCALE, Catalogue
from form_schemas.issues import Finding, Issue
from form_schemas.widgets import WIDGET_SPECS

__all__ = ["CATALOGUE", "LABELS", "MESSAGES", "WIDGET_LABELS", "label", "to_issue",
           "widget_label"]

CATALOGUE = Catalogue(Path(__file__).parent / "locale")

ANSWER_MESSAGES: dict[str, str] = {
    "type": "This answer has the wrong type.",
    "type.integer": "Please enter a whole number.",
    "type.number": "Please enter a number.",
    "type.string": "Please enter text.",
    "type.boolean": "Please answer yes or no.",
    "type.array": "Please choose from the list of options.",
    "type.object": "The answers must be sent as a JSON object.",
    "required": "Please answer this question.",
    "choice": "Please choose one of the options.",
    "minimum": "Please enter a number of at least {limit}.",
    "minimum.exclusive": "Please enter a number greater than {limit}.",
    "maximum": "Please enter a number of at most {limit}.",
    "maximum.exclusive": "Please enter a number less than {limit}.",
    "min_length": "Please enter at least {limit} characters.",
    "max_length": "Please enter at most {limit} characters.",
    "min_items": "Please choose at least {limit} options.",
    "max_items": "Please choose at most {limit} options.",
    "unique_items": "Please choose each option only once.",
    "pattern": "Please check the format of this answer.",
    "format": "Please check the format of this answer.",
    "format.email": "Please enter a valid email address.",
    "format.date": "Please enter a valid date: day, month and year.",
    "format.phone-vn": "Please enter a Vietnamese phone number, such as 0912 345 678 or "
    "024 3825 1234.",
    "date_minimum": "Please enter a date on or after {limit}.",
    "date_maximum": "Please enter a date on or before {limit}.",
    "invalid": "This answer is not valid.",
    "unknown_field": "This question is not part of the form.",
}

DEFINITION_MESSAGES: dict[str, str] = {
    "not_json": "Use only JSON values here: objects with text keys, arrays, texts, numbers, "
    "true, false or null.",
    "too_large": "The definition is larger than {limit} bytes. Remove questions or shorten "
    "the texts.",
    "too_deep": "The definition is nested more than {limit} levels deep. Flatten the nested "
    "schemas.",
    "non_finite": "Replace this value with an ordinary number: NaN and infinity are not allowed.",
    "number_range": "Use a number between -{limit} and {limit}: larger integers are not "
    "exchanged reliably in JSON.",
    "too_many_entries": "This object or list has {count} entries; at most {limit} are "
    "allowed. Remove entries.",
    "too_many_questions": "The form has {count} questions; at most {limit} are allowed. "
    "Split it into several forms.",
    "too_many_choices": "This question has {count} options; at most {limit} are allowed. "
    "Remove some options.",
    "max_length_limit": '"maxLength" may be at most {limit}. Lower it.',
    "max_items_limit": '"maxItems" may be at most {limit}. Lower it.',
    "pattern_too_long": "The pattern has {length} characters; at most {limit} are allowed. "
    "Shorten it.",
    "pattern_invalid": "The pattern is not a valid regular expression ({detail}). Correct it.",
    "pattern_unsafe": "The pattern can take very long to check because a repeated part "
    "contains another repetition or overlapping alternatives (as in (a+)+ or (a|aa)+). "
    "Rewrite it without nested repetition.",
    "pattern_unsupported": "The pattern uses back-references, look-around or other "
    "constructs that are not supported. Rewrite it without them.",
    "format_unsupported": 'The format "{format}" is not supported. Use one of: {allowed}; '
    'or remove "format".',
    "invalid_schema": "This is not valid JSON Schema (draft 2020-12): {detail}. Correct it.",
    "schema_dialect": '"$schema" must be "{expected}" or be left out.',
    "root_only": '"{keyword}" is only allowed at the top of the definition. Move or remove it.',
    "ref_not_local": 'Only references of the form "#/$defs/<name>" are allowed; "{ref}" '
    'points elsewhere. Copy the schema into "$defs" and refer to it there.',
    "ref_unresolved": '"{ref}" does not name an entry of "$defs". Add the entry or correct '
    "the reference.",
    "ref_recursive": 'The "$defs" entry "{name}" refers back to itself. Remove the recursive '
    "reference.",
    "ref_conflict": '"{keyword}" is set both here and in the referenced "$defs" entry, with '
    "different values. Keep only one.",
    "dynamic_ref": '"{keyword}" is not allowed. Use "$ref" with "#/$defs/<name>" instead.',
    "root_object": "The definition must be a JSON object.",
    "root_type": 'Set "type" to "object" at the top of the definition.',
    "additional_properties": 'Set "additionalProperties" to false at the top of the '
    "definition so that answers to unknown questions are refused.",
    "no_questions": 'Add at least one question under "properties".',
    "keyword_not_allowed": '"{name}" is not allowed here. Remove it; put answer rules on the '
    "questions themselves.",
    "question_name": 'The question name "{name}" is not allowed. Use 1 to 64 lowercase Latin '
    "letters, digits or underscores, starting with a letter.",
    "required_list": '"required" must be a list of question names, each listed once.',
    "required_unknown": '"{name}" is listed in "required" but is not a question. Remove it '
    "or add the question.",
    "form_text": "Use a non-empty text here.",
    "question_object": "Each question must be a JSON object describing the answer.",
    "question_title": 'Give the question a non-empty "title".',
    "question_type": 'Set "type" to one of: {allowed}.',
    "unknown_widget": 'Unknown widget "{widget}". Use one of: {allowed}.',
    "widget_type": 'The widget "{widget}" needs a question of type {expected}. Change '
    '"type" or "x-widget".',
    "choices_missing": 'Give the options as "oneOf": a non-empty list of objects with '
    '"const" (the stored value) and "title" (the label).',
    "choice_invalid": 'Each option needs a "const" of type {type} and a non-empty "title" '
    '(and optionally "description"), nothing else.',
    "choice_duplicate": "The option value {value} appears more than once. Give each option "
    "its own value.",
    "max_length_missing": 'Text questions need "maxLength" (at most {limit}). Add it.',
    "format_required": 'A question shown as "{widget}" needs "format": "{format}". Add it.',
    "date_range": 'The earliest date ({minimum}) is after the latest ({maximum}). Swap '
    '"formatMinimum" and "formatMaximum".',
    "grid_name": '"x-grid" names the grid the question is a row of: 1 to 32 lowercase '
    "letters, digits or underscores, starting with a letter.",
    "grid_widget": 'A row of the grid "{grid}" must be a likert or radio question, not '
    '"{widget}".',
    "grid_apart": 'The rows of the grid "{grid}" must follow one another. Move this '
    "question next to the others.",
    "grid_options": 'The rows of the grid "{grid}" share one scale: give this question the '
    'same options as "{first}".',
    "unique_items_missing": 'Checkbox questions need "uniqueItems": true. Add it.',
    "items_choices_missing": 'Checkbox questions need "items" with a "oneOf" list of '
    'options ("const" and "title").',
    "nps_range": 'A recommendation (NPS) question needs "type": "integer", "minimum": 0 and '
    '"maximum": 10.',
    "rating_range": 'A rating question needs "type": "integer", "minimum": 1 and a '
    '"maximum" from 3 to 10.',
    "show_if_object": '"x-show-if" must be a JSON object: a condition written in JSON Schema.',
    "show_if_invalid": "The condition is not valid JSON Schema: {detail}. Correct it.",
    "show_if_reference": 'The condition refers to "{name}", which is not a question declared '
    "before this one. Conditions may only depend on earlier questions.",
    "survey_object": '"x-survey" must be an object with only these optional keys: '
    "satisfaction, indices, communication, pages, locales, translations.",
    "pages_flag": '"pages" must be true (each section on a page of its own) or false.',
    "section_title": '"x-section" starts a section at this question: give its title as a '
    "non-empty text.",
    "indices_object": '"indices" must map each element\'s name (lowercase letters, digits, _) '
    'to "title", "questions" (question names) and "satisfied" (answer values), nothing else.',
    "translation_index": '"{name}" is not an element of "indices". Remove its translation '
    "or correct the name.",
    "satisfaction_object": '"satisfaction" must contain "question" (a question name) and '
    '"satisfied" (a non-empty list of its answer values), nothing else.',
    "communication_object": '"communication" may contain "channels" (a checkboxes question) '
    'and "self_submission" with "question" and "values", nothing else.',
    "question_unknown": '"{name}" is not a question of this form. Use the name of an '
    "existing question.",
    "question_not_discrete": '"{name}" must be a single-answer question with fixed options '
    "(likert, radio, select, rating, nps or yes_no).",
    "channels_not_checkboxes": '"{name}" must be a checkboxes question.',
    "value_not_option": '{value} is not an option of "{name}". Use only values of its options.',
    "locales_list": '"locales" must be a list of distinct language codes.',
    "locale_vi_missing": 'The list of languages must include "vi" (Vietnamese).',
    "locale_unsupported": '"{value}" is not a supported language. Use: {allowed}.',
    "translation_missing": 'The language "{locale}" is declared in "locales" but has no '
    'translations. Add "translations" for "{locale}".',
    "translation_locale": "Translations can be given for: {allowed}. Vietnamese texts belong "
    "in the definition itself.",
    "translation_object": 'A translation may contain "title", "description", "indices" and '
    '"properties"; for each question "title", "description", "section" and "choices" (texts). '
    "Remove anything else.",
    "translation_question": '"{name}" is not a question of this form. Remove its translation '
    "or correct the name.",
    "translation_choice": '"{value}" is not an option of "{name}". Key the translated labels '
    'by the option\'s "const" written as text.',
}

LABELS: dict[str, str] = {
    "yes": "Yes",
    "no": "No",
}

#: Widget name → the msgid of its name in the designer's "kind of answer" menu.
WIDGET_LABELS: dict[str, str] = {name: spec.label for name, spec in WIDGET_SPECS.items()}

MESSAGES: dict[str, str] = {**ANSWER_MESSAGES, **DEFINITION_MESSAGES}


def to_issue(finding: Finding, locale: str = DEFAULT_LOCALE) -> Issue:
    """Give ``finding`` its message in ``locale``."""
    key = f"{finding.code}.{finding.variant}" if finding.variant else finding.code
    msgid = MESSAGES.get(key) or MESSAGES.get(finding.code) or MESSAGES["invalid"]
    shown = {name: _display(name, value, locale) for name, value in finding.params.items()}
    try:
        message = CATALOGUE.gettext(locale, msgid, **shown)
    except (KeyError, IndexError, ValueError):
        message = msgid.format(**shown)
    return Issue(finding.path, finding.code, message, dict(finding.params))


def label(locale: str, key: str) -> str:
    """A short interface label (``"yes"``, ``"no"``) in ``locale``."""
    return CATALOGUE.gettext(locale, LABELS[key])


def widget_label(name: str, locale: str = DEFAULT_LOCALE) -> str:
    """The name of the widget ``name`` for people, in ``locale`` (``name`` if unknown)."""
    msgid = WIDGET_LABELS.get(name)
    return CATALOGUE.gettext(locale, msgid) if msgid else name


_QUANTITIES = frozenset({"limit", "count", "length"})


def _display(name: str, value: Any, locale: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if name in _QUANTITIES and isinstance(value, int | float):
        try:
            return format_decimal(value, locale=CATALOGUE.resolve(locale))
        except (ValueError, TypeError, ArithmeticError):
            return str(value)
    if isinstance(value, list | tuple):
        return ", ".join(_display(name, item, locale) for item in value)
    return str(value)
