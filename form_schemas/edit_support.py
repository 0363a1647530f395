"""What the editing operations share: the error, copies, translations kept tidy.

See :mod:`form_schemas.editing` for the operations themselves.
"""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Mapping
from typing import Any

from form_schemas.errors import FormSchemaError
from form_schemas.model import Question, build_questions
from form_schemas.refs import resolve

__all__ = ["TRANSLATED", "EditError"]

TRANSLATED = "en"


class EditError(FormSchemaError, ValueError):
    """An edit that cannot be made; ``code`` and ``params`` say why."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}" if params else code)


def _copy(definition: Mapping[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(dict(definition))


def _properties(definition: dict[str, Any]) -> dict[str, Any]:
    found = definition.get("properties")
    if not isinstance(found, dict):
        found = definition["properties"] = {}
    return found


def _question(definition: Mapping[str, Any], name: str) -> Question:
    for question in build_questions(definition):
        if question.name == name:
            return question
    raise EditError("question_missing", name=name)


def _own(definition: dict[str, Any], name: str) -> dict[str, Any]:
    """The question's schema with any ``$ref`` merged in, so it can be changed alone."""
    properties = _properties(definition)
    raw = properties.get(name)
    if not isinstance(raw, dict):
        raise EditError("question_missing", name=name)
    if "$ref" in raw:
        raw = {key: value for key, value in resolve(raw, definition).items() if key != "$ref"}
        properties[name] = raw
    return raw


def _english(definition: dict[str, Any], create: bool = True) -> dict[str, Any]:
    survey = definition.setdefault("x-survey", {}) if create else definition.get("x-survey", {})
    translations = survey.setdefault("translations", {}) if create else survey.get(
        "translations", {})
    entry = translations.setdefault(TRANSLATED, {}) if create else translations.get(
        TRANSLATED, {})
    return entry if isinstance(entry, dict) else {}


def _english_question(definition: dict[str, Any], name: str) -> dict[str, Any]:
    return _english(definition).setdefault("properties", {}).setdefault(name, {})


def _tidy(definition: dict[str, Any]) -> dict[str, Any]:
    """Drop empty translation entries; keep ``locales`` in step with the translations."""
    survey = definition.get("x-survey")
    if not isinstance(survey, dict):
        return definition
    translations = survey.get("translations")
    if isinstance(translations, dict):
        entry = translations.get(TRANSLATED)
        if isinstance(entry, dict):
            texts = entry.get("properties")
            if isinstance(texts, dict):
                for name in list(texts):
                    item = texts[name]
                    if isinstance(item, dict) and isinstance(item.get("choices"), dict) and not (
                        item["choices"]
                    ):
                        del item["choices"]
                    if item == {}:
                        del texts[name]
                if not texts:
                    del entry["properties"]
            if not entry:
                del translations[TRANSLATED]
        if not translations:
            del survey["translations"]
    has_english = isinstance(survey.get("translations"), dict) and TRANSLATED in survey[
        "translations"]
    locales = survey.get("locales")
    if isinstance(locales, list):
        if has_english and TRANSLATED not in locales:
            survey["locales"] = [*locales, TRANSLATED]
        elif not has_english and TRANSLATED in locales:
            survey["locales"] = [locale for locale in locales if locale != TRANSLATED]
        if survey["locales"] == ["vi"]:
            del survey["locales"]
    elif has_english:
        survey["locales"] = ["vi", TRANSLATED]
    if not survey:
        del definition["x-survey"]
    return definition


def _set_text(target: dict[str, Any], key: str, text: str | None) -> None:
    """Set (stripped, non-empty) or remove ``target[key]``; ``None`` leaves it alone."""
    if text is None:
        return
    text = unicodedata.normalize("NFC", text).strip()
    if text:
        target[key] = text
    else:
        target.pop(key, None)
