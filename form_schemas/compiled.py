"""``CompiledForm``: a checked definition prepared for rendering and validation."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from jsonschema.protocols import Validator

from form_schemas.answers import (
    MISSING,
    AnswerResult,
    clean_answer,
    error_findings,
    shape_findings,
)
from form_schemas.coercion import coerce_fields
from form_schemas.conditions import compile_condition
from form_schemas.derived import Derived, derive, nps_question
from form_schemas.fastpath import Check, compile_check
from form_schemas.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES
from form_schemas.issues import Finding
from form_schemas.messages import to_issue
from form_schemas.model import Question, build_questions, texts, translations
from form_schemas.sections import Section, build_sections, is_paged
from form_schemas.validator import make_validator
from form_schemas.walk import child

__all__ = ["CompiledForm", "compile_form"]

_SAFE = 2**53 - 1


class _Slot:
    """Everything needed to check the answer to one question."""

    __slots__ = ("check", "condition", "condition_check", "pointer", "question", "validator")

    def __init__(self, question: Question, definition: dict[str, Any]) -> None:
        self.question = question
        self.pointer = child("", question.name)
        raw = definition["properties"][question.name]
        schema = dict(raw)
        defs = definition.get("$defs")
        if isinstance(defs, dict):
            schema["$defs"] = defs
        self.validator: Validator = make_validator(schema)
        self.check: Check | None = compile_check(question.schema)
        condition = question.show_if
        self.condition: Validator | None = (
            compile_condition(condition, definition) if condition is not None else None
        )
        self.condition_check: Check | None = (
            compile_check(condition) if condition is not None else None
        )

    def shown(self, earlier: dict[str, Any]) -> bool:
        if self.condition is None:
            return True
        if self.condition_check is not None:
            verdict = self.condition_check(earlier)
            if verdict is not None:
                return verdict
        return bool(self.condition.is_valid(earlier))

    def findings(self, value: Any) -> list[Finding]:
        kind = type(value)
        if not (kind is str or kind is bool or (kind is int and -_SAFE <= value <= _SAFE)):
            found = shape_findings(self.pointer, value, self.question)
            if found:
                return found
        if self.check is not None and self.check(value) is True:
            return []
        return error_findings(self.pointer, self.validator.iter_errors(value))


class CompiledForm:
    """A form definition compiled once, for rendering and answer validation.

    Build it with :func:`compile_form` from a definition that passed
    :func:`~form_schemas.check_definition`. Instances are immutable in use
    and safe to share between threads.
    """

    def __init__(self, definition: dict[str, Any]) -> None:
        self.definition: dict[str, Any] = copy.deepcopy(definition)
        self.questions: tuple[Question, ...] = build_questions(self.definition)
        self._nps = nps_question(self.questions)
        self.validator: Validator = make_validator(self.definition)
        self._slots = tuple(_Slot(question, self.definition) for question in self.questions)
        self._by_name = {slot.question.name: slot for slot in self._slots}
        #: the sections, in order (one untitled section when the form has none)
        self.sections: tuple[Section, ...] = build_sections(self.definition, self.questions)
        #: whether each section is a page of its own
        self.paged: bool = is_paged(self.definition) and len(self.sections) > 1
        survey = self.definition.get("x-survey")
        self._survey: dict[str, Any] = survey if isinstance(survey, dict) else {}
        by_locale = translations(self.definition)
        self._titles = texts(
            self.definition.get("title"), {k: v.get("title") for k, v in by_locale.items()}
        )
        self._descriptions = texts(
            self.definition.get("description"),
            {k: v.get("description") for k, v in by_locale.items()},
        )
        declared = self._survey.get("locales")
        names = declared if isinstance(declared, list) else list(by_locale)
        self.locales: tuple[str, ...] = (
            DEFAULT_LOCALE,
            *(loc for loc in SUPPORTED_LOCALES if loc in names and loc != DEFAULT_LOCALE),
        )

    # -- presentation ---------------------------------------------------------

    @property
    def satisfaction(self) -> dict[str, Any] | None:
        """The ``x-survey.satisfaction`` declaration, if any."""
        found = self._survey.get("satisfaction")
        return found if isinstance(found, dict) else None

    def question(self, name: str) -> Question:
        """The question called ``name`` (``KeyError`` if there is none)."""
        return self._by_name[name].question

    def title(self, locale: str = DEFAULT_LOCALE) -> str:
        """The form title in ``locale``, falling back to Vietnamese."""
        return self._titles.get(locale) or self._titles.get(DEFAULT_LOCALE, "")

    def description(self, locale: str = DEFAULT_LOCALE) -> str | None:
        """The form description in ``locale`` (falling back to Vietnamese), if any."""
        return self._descriptions.get(locale) or self._descriptions.get(DEFAULT_LOCALE)

    # -- answers --------------------------------------------------------------

    def _clean(self, answers: Mapping[Any, Any]) -> tuple[dict[str, Any], list[str]]:
        cleaned: dict[str, Any] = {}
        unknown: list[str] = []
        for key, value in answers.items():
            slot = self._by_name.get(key) if isinstance(key, str) else None
            if slot is None:
                unknown.append(str(key))
                continue
            value = clean_answer(value, slot.question)
            if value is not MISSING:
                cleaned[key] = value
        return cleaned, unknown

    def _shown(self, cleaned: dict[str, Any]) -> list[_Slot]:
        earlier: dict[str, Any] = {}
        shown: list[_Slot] = []
        for slot in self._slots:
            if slot.condition is None or slot.shown(earlier):
                shown.append(slot)
                name = slot.question.name
                if name in cleaned:
                    earlier[name] = cleaned[name]
        return shown

    def visible(self, answers: Mapping[str, Any]) -> set[str]:
        """Names of the questions shown for ``answers``.

        Questions are taken in order; one with ``x-show-if`` is shown when
        its condition holds for the answers to the questions shown before it.
        """
        cleaned, _ = self._clean(answers) if isinstance(answers, Mapping) else ({}, [])
        return {slot.question.name for slot in self._shown(cleaned)}

    def validate(self, answers: object, *, locale: str = DEFAULT_LOCALE) -> AnswerResult:
        """Clean and check ``answers`` (a JSON object) against the form."""
        if not isinstance(answers, Mapping):
            return AnswerResult({}, [to_issue(Finding("", "type", variant="object"), locale)])
        cleaned, unknown = self._clean(answers)
        kept: dict[str, Any] = {}
        findings: list[Finding] = []
        for slot in self._shown(cleaned):
            name = slot.question.name
            if name not in cleaned:
                if slot.question.required:
                    findings.append(Finding(slot.pointer, "required"))
                continue
            value = cleaned[name]
            kept[name] = value
            findings.extend(slot.findings(value))
        findings.extend(Finding(child("", key), "unknown_field") for key in unknown)
        return AnswerResult(kept, [to_issue(finding, locale) for finding in findings])

    def page_result(self, answers: object, page: int, *,
                    locale: str = DEFAULT_LOCALE) -> AnswerResult:
        """:meth:`validate` with only the issues of the questions of page ``page``
        (from 1): what must be right before the next page is shown.  Conditions
        see every answer, those of earlier pages included."""
        result = self.validate(answers, locale=locale)
        names = set(self.sections[page - 1].questions)
        errors = [e for e in result.errors if e.path.lstrip("/").split("/", 1)[0] in names]
        return AnswerResult(result.answers, errors)

    def coerce_form(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """Answers from HTML form fields (each value a list of strings)."""
        return coerce_fields(fields, self.questions)

    def derive(self, answers: Mapping[str, Any]) -> Derived:
        """Satisfaction, NPS and communication fields of (cleaned) ``answers``."""
        return derive(answers, self.questions, self._survey, nps=self._nps)


def compile_form(definition: dict[str, Any]) -> CompiledForm:
    """Compile a definition that passed :func:`~form_schemas.check_definition`.

    Compilation costs more than one validation; callers cache the result per
    published form version.
    """
    return CompiledForm(definition)
