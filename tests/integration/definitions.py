"""Form definitions used by the integration tests."""

from __future__ import annotations

import copy
from typing import Any

SATISFACTION: dict[str, Any] = {
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
    "required_note": None,
    "x-survey": {"satisfaction": {"question": "overall", "satisfied": [4, 5]}},
}
del SATISFACTION["required_note"]


def satisfaction(**changes: Any) -> dict[str, Any]:
    definition = copy.deepcopy(SATISFACTION)
    definition.update(changes)
    return definition


def with_required_reason() -> dict[str, Any]:
    definition = satisfaction()
    definition["required"] = ["overall", "reason"]
    return definition
