"""Semantic rules for ``x-survey``: satisfaction, communication, languages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from form_schemas.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES
from form_schemas.issues import Finding
from form_schemas.model import Question, build_questions, choice_key
from form_schemas.walk import child

__all__ = ["check_survey"]

_ROOT = "/x-survey"


def check_survey(definition: dict[str, Any]) -> list[Finding]:
    """Findings for references from ``x-survey`` to questions and values."""
    survey = definition.get("x-survey")
    if not isinstance(survey, dict):
        return []
    questions = {question.name: question for question in build_questions(definition)}
    findings: list[Finding] = []
    satisfaction = survey.get("satisfaction")
    if isinstance(satisfaction, dict):
        findings.extend(
            _check_single(child(_ROOT, "satisfaction"), satisfaction, "satisfied", questions)
        )
    indices = survey.get("indices")
    if isinstance(indices, dict):
        findings.extend(_check_indices(indices, questions))
    communication = survey.get("communication")
    if isinstance(communication, dict):
        findings.extend(_check_communication(communication, questions))
    findings.extend(_check_languages(survey, questions))
    return findings


def _check_single(
    where: str, config: Mapping[str, Any], values_key: str, questions: Mapping[str, Question]
) -> list[Finding]:
    name = config.get("question")
    if not isinstance(name, str):
        return []
    question = questions.get(name)
    if question is None:
        return [Finding(child(where, "question"), "question_unknown", {"name": name})]
    if question.spec is None or question.spec.choice != "single" or not question.choices:
        return [Finding(child(where, "question"), "question_not_discrete", {"name": name})]
    values = config.get(values_key)
    if not isinstance(values, list):
        return []
    return [
        Finding(child(where, values_key, index), "value_not_option", {"value": value, "name": name})
        for index, value in enumerate(values)
        if not question.has_value(value)
    ]


def _check_indices(
    indices: Mapping[str, Any], questions: Mapping[str, Question]
) -> list[Finding]:
    """Each element names existing single-answer questions, and answers of each."""
    findings: list[Finding] = []
    for key, element in indices.items():
        if not isinstance(element, dict) or not isinstance(element.get("questions"), list):
            continue
        where = child(_ROOT, "indices", key)
        for index, name in enumerate(element["questions"]):
            if not isinstance(name, str):
                continue
            config = {"question": name, "satisfied": element.get("satisfied")}
            for finding in _check_single(where, config, "satisfied", questions):
                if finding.path.endswith("/question"):
                    finding = Finding(child(where, "questions", index), finding.code,
                                      finding.params)
                findings.append(finding)
    return findings


def _check_communication(
    communication: Mapping[str, Any], questions: Mapping[str, Question]
) -> list[Finding]:
    where = child(_ROOT, "communication")
    findings: list[Finding] = []
    channels = communication.get("channels")
    if isinstance(channels, str):
        question = questions.get(channels)
        if question is None:
            findings.append(
                Finding(child(where, "channels"), "question_unknown", {"name": channels})
            )
        elif question.spec is None or question.spec.choice != "multiple":
            findings.append(
                Finding(child(where, "channels"), "channels_not_checkboxes", {"name": channels})
            )
    self_submission = communication.get("self_submission")
    if isinstance(self_submission, dict):
        findings.extend(
            _check_single(child(where, "self_submission"), self_submission, "values", questions)
        )
    return findings


def _check_languages(survey: Mapping[str, Any], questions: Mapping[str, Question]) -> list[Finding]:
    findings: list[Finding] = []
    translations = survey.get("translations")
    translations = translations if isinstance(translations, dict) else {}
    locales = survey.get("locales")
    if isinstance(locales, list):
        for locale in locales:
            if (
                locale in SUPPORTED_LOCALES
                and locale != DEFAULT_LOCALE
                and not isinstance(translations.get(locale), dict)
            ):
                findings.append(
                    Finding(
                        child(_ROOT, "translations", locale),
                        "translation_missing",
                        {"locale": locale},
                    )
                )
    declared = survey.get("indices")
    elements = declared if isinstance(declared, dict) else {}
    for locale, entry in translations.items():
        titles = entry.get("indices") if isinstance(entry, dict) else None
        if isinstance(titles, dict):
            findings.extend(
                Finding(child(_ROOT, "translations", locale, "indices", name),
                        "translation_index", {"name": name})
                for name in titles if name not in elements)
        texts = entry.get("properties") if isinstance(entry, dict) else None
        if not isinstance(texts, dict):
            continue
        base = child(_ROOT, "translations", locale, "properties")
        for name, text in texts.items():
            question = questions.get(name)
            if question is None:
                findings.append(Finding(child(base, name), "translation_question", {"name": name}))
                continue
            choices = text.get("choices") if isinstance(text, dict) else None
            if isinstance(choices, dict):
                keys = {choice_key(choice.value) for choice in question.choices}
                findings.extend(
                    Finding(
                        child(base, name, "choices", key),
                        "translation_choice",
                        {"value": key, "name": name},
                    )
                    for key in choices
                    if key not in keys
                )
    return findings
