"""Shared fixtures for the form_schemas unit tests."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from form_schemas import DefinitionError, check_definition

Definition = dict[str, Any]

_MINIMAL: Definition = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Đánh giá mức độ hài lòng",
    "type": "object",
    "additionalProperties": False,
    "required": ["overall"],
    "properties": {
        "overall": {
            "title": "Ông/Bà hài lòng thế nào với dịch vụ công trực tuyến này?",
            "type": "integer",
            "oneOf": [
                {"const": 5, "title": "Rất hài lòng"},
                {"const": 4, "title": "Hài lòng"},
                {"const": 3, "title": "Bình thường"},
                {"const": 2, "title": "Không hài lòng"},
                {"const": 1, "title": "Rất không hài lòng"},
            ],
            "x-widget": "likert",
        },
        "reason": {
            "title": "Điều gì chưa làm Ông/Bà hài lòng?",
            "type": "string",
            "maxLength": 2000,
            "x-widget": "textarea",
            "x-show-if": {"properties": {"overall": {"maximum": 2}}, "required": ["overall"]},
        },
    },
    "x-survey": {
        "satisfaction": {"question": "overall", "satisfied": [4, 5]},
        "translations": {
            "en": {
                "title": "How satisfied are you?",
                "properties": {
                    "overall": {
                        "title": "How satisfied are you with this online public service?",
                        "choices": {"5": "Very satisfied", "1": "Very dissatisfied"},
                    }
                },
            }
        },
    },
}


@pytest.fixture
def minimal() -> Definition:
    """A fresh copy of a small valid definition (the one in DESIGN.md)."""
    return copy.deepcopy(_MINIMAL)


@pytest.fixture
def issues() -> Callable[..., list[tuple[str, str]]]:
    """``issues(definition, **kwargs)`` → the (path, code) pairs found, [] if accepted."""

    def run(definition: object, **kwargs: Any) -> list[tuple[str, str]]:
        try:
            check_definition(definition, **kwargs)
        except DefinitionError as error:
            assert error.issues, "DefinitionError without issues"
            return [(issue.path, issue.code) for issue in error.issues]
        return []

    return run
