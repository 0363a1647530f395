"""A general form (no satisfaction question) shown question by question on a kiosk."""

from __future__ import annotations

from typing import Any


def general_form() -> dict[str, Any]:
    """Every kind of question the kiosk shows, one of them on a condition."""
    return {
        "type": "object",
        "title": "Khảo sát tại quầy",
        "additionalProperties": False,
        "required": ["kenh", "muc_do", "so_lan"],
        "x-survey": {"translations": {"en": {"properties": {
            "kenh": {"title": "How did you file?", "choices": {"1": "In person", "2": "Online"}},
            "muc_do": {"title": "How satisfied are you?"},
        }}}},
        "properties": {
            "kenh": {"title": "Ông/Bà nộp hồ sơ bằng cách nào?", "type": "integer",
                     "x-widget": "radio",
                     "oneOf": [{"const": 1, "title": "Trực tiếp"},
                               {"const": 2, "title": "Trực tuyến"}]},
            "van_de": {"title": "Ông/Bà gặp khó khăn gì khi nộp trực tuyến?", "type": "array",
                       "x-widget": "checkboxes", "uniqueItems": True,
                       "items": {"type": "string", "oneOf": [
                           {"const": "mang", "title": "Mạng chậm"},
                           {"const": "ky_so", "title": "Chữ ký số"}]},
                       "x-show-if": {"properties": {"kenh": {"const": 2}},
                                     "required": ["kenh"]}},
            "muc_do": {"title": "Ông/Bà hài lòng đến mức nào?", "type": "integer",
                       "x-widget": "likert",
                       "oneOf": [{"const": 3, "title": "Hài lòng"},
                                 {"const": 2, "title": "Bình thường"},
                                 {"const": 1, "title": "Không hài lòng"}]},
            "so_lan": {"title": "Ông/Bà đã đến quầy mấy lần?", "type": "integer",
                       "x-widget": "number", "minimum": 1, "maximum": 20},
            "ten": {"title": "Thủ tục Ông/Bà làm", "type": "string", "maxLength": 200,
                    "x-widget": "text"},
            "gop_y": {"title": "Góp ý của Ông/Bà", "type": "string", "maxLength": 2000,
                      "x-widget": "textarea"},
        },
    }


def with_a_date() -> dict[str, Any]:
    """A general form with a question the kiosk cannot show."""
    definition = general_form()
    definition["properties"]["ngay_nop"] = {"title": "Ngày nộp hồ sơ", "type": "string",
                                            "format": "date", "x-widget": "date"}
    return definition
