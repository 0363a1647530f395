"""The profile meta-schema (``profile.schema.json``) and its findings.

Each subschema of the profile may carry an ``x-issue`` annotation; an error
is reported with the innermost ``x-issue`` on its way through the profile.
The names ``x-widget`` may take are not written in the file: they are the
widget registry's (:data:`~form_schemas.widgets.WIDGET_SPECS`), added when
the profile is loaded.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from form_schemas.i18n import SUPPORTED_LOCALES
from form_schemas.issues import Finding
from form_schemas.refs import ref_name
from form_schemas.walk import child
from form_schemas.widgets import QUESTION_TYPES, WIDGET_SPECS, WIDGETS

__all__ = ["DIALECT", "profile_findings", "profile_schema"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_DETAIL_LIMIT = 200


@functools.cache
def profile_schema() -> dict[str, Any]:
    """The profile meta-schema, with the registered widget names (do not mutate)."""
    text = resources.files("form_schemas").joinpath("profile.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    widget = schema["$defs"]["question"]["properties"]["x-widget"]
    widget["enum"] = list(WIDGET_SPECS)
    return schema


@functools.cache
def _profile_validator() -> Draft202012Validator:
    return Draft202012Validator(profile_schema())


def profile_findings(definition: object) -> list[Finding]:
    """Structural findings: ``definition`` checked against the profile.

    Translations of names that are not questions are left out: they are
    reported (once each) by the ``x-survey`` rules, and checking their shape
    would only multiply the work on documents that must be rewritten anyway.
    """
    findings: list[Finding] = []
    for error in _profile_validator().iter_errors(_without_stray_translations(definition)):
        findings.extend(_findings(error))
    return findings


def _without_stray_translations(definition: object) -> object:
    if not isinstance(definition, dict):
        return definition
    questions = definition.get("properties")
    survey = definition.get("x-survey")
    if not isinstance(survey, dict):
        return definition
    translations = survey.get("translations")
    if not isinstance(questions, dict) or not isinstance(translations, dict):
        return definition
    pruned: dict[str, Any] = {}
    for locale, entry in translations.items():
        texts = entry.get("properties") if isinstance(entry, dict) else None
        if isinstance(texts, dict) and not texts.keys() <= questions.keys():
            kept = {name: text for name, text in texts.items() if name in questions}
            entry = {**entry, "properties": kept}
        pruned[locale] = entry
    return {**definition, "x-survey": {**survey, "translations": pruned}}


def _short(text: str) -> str:
    return text if len(text) <= _DETAIL_LIMIT else text[: _DETAIL_LIMIT - 1] + "…"


def _issue_code(error: ValidationError) -> str:
    root = profile_schema()
    node: Any = root
    code = "invalid_schema"
    for key in error.absolute_schema_path:
        if isinstance(node, dict) and key not in node and "$ref" in node:
            node = root["$defs"].get(ref_name(node["$ref"]) or "", {})
        if isinstance(node, dict):
            code = node.get("x-issue", code)
            node = node.get(key)  # type: ignore[call-overload]
        elif isinstance(node, list) and isinstance(key, int):
            node = node[key]
        else:
            break
    if isinstance(node, dict):
        code = node.get("x-issue", code)
    return code


def _findings(error: ValidationError) -> Iterator[Finding]:
    code = _issue_code(error)
    pointer = child("", *error.absolute_path)
    instance = error.instance
    if "propertyNames" in error.absolute_schema_path and isinstance(instance, str):
        yield Finding(child(pointer, instance), code, _params(code, instance))
    elif error.validator == "required" and isinstance(instance, dict):
        for name in error.validator_value:
            if name not in instance:
                yield Finding(child(pointer, name), code, _params(code, name))
    elif (
        error.validator == "additionalProperties"
        and error.validator_value is False
        and isinstance(instance, dict)
    ):
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        for name in instance:
            if name not in known:
                yield Finding(child(pointer, name), code, _params(code, name))
    else:
        yield Finding(pointer, code, _params(code, instance))


def _params(code: str, value: object) -> dict[str, Any]:
    if code == "unknown_widget":
        return {"widget": _short(str(value)), "allowed": sorted(WIDGETS)}
    if code == "question_type":
        return {"allowed": list(QUESTION_TYPES)}
    if code in ("locale_unsupported", "translation_locale"):
        allowed = [loc for loc in SUPPORTED_LOCALES if code == "locale_unsupported" or loc != "vi"]
        return {"value": _short(str(value)), "allowed": allowed}
    if code in ("question_name", "keyword_not_allowed"):
        return {"name": _short(str(value))}
    if code == "schema_dialect":
        return {"expected": DIALECT}
    if code == "invalid_schema":
        return {"detail": "profile"}
    return {}
