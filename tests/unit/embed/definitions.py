"""A form with every widget of the profile, for the page tests."""

from __future__ import annotations

from typing import Any

SCALE = [{"const": 5, "title": "Rất hài lòng"}, {"const": 4, "title": "Hài lòng"},
         {"const": 3, "title": "Bình thường"}, {"const": 2, "title": "Không hài lòng"},
         {"const": 1, "title": "Rất không hài lòng"}]

ALL_WIDGETS: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Mọi loại câu hỏi",
    "description": "Phiếu thử có đủ các loại câu hỏi.",
    "type": "object",
    "additionalProperties": False,
    "required": ["likert", "radio", "nps", "yes_no", "other_channel"],
    "properties": {
        "likert": {"title": "Ông/Bà hài lòng thế nào?", "type": "integer",
                   "x-widget": "likert", "oneOf": SCALE},
        "radio": {"title": "Ông/Bà nộp hồ sơ thế nào?", "type": "string", "x-widget": "radio",
                  "oneOf": [{"const": "self", "title": "Tự nộp"},
                            {"const": "helped", "title": "Được hỗ trợ"}]},
        "checkboxes": {"title": "Ông/Bà biết qua kênh nào?", "type": "array",
                       "x-widget": "checkboxes", "uniqueItems": True,
                       "items": {"type": "string", "oneOf": [
                           {"const": "tv", "title": "Truyền hình"},
                           {"const": "zalo", "title": "Zalo"},
                           {"const": "other", "title": "Khác"}]}},
        "other_channel": {"title": "Kênh khác là gì?", "type": "string", "maxLength": 200,
                          "x-widget": "text",
                          "x-show-if": {"properties": {"checkboxes": {"contains": {
                              "const": "other"}}}, "required": ["checkboxes"]}},
        "select": {"title": "Nhóm tuổi", "type": "string", "x-widget": "select",
                   "oneOf": [{"const": "u30", "title": "Dưới 30 tuổi"},
                             {"const": "o30", "title": "Từ 30 tuổi trở lên"}]},
        "text": {"title": "Họ và tên", "type": "string", "maxLength": 100, "x-widget": "text"},
        "textarea": {"title": "Góp ý", "description": "Ông/Bà có thể bỏ qua câu này.",
                     "type": "string", "maxLength": 2000, "x-widget": "textarea"},
        "number": {"title": "Số lần phải đi lại", "type": "integer", "minimum": 0,
                   "maximum": 20, "x-widget": "number"},
        "hours": {"title": "Số giờ chờ", "type": "number", "minimum": 0, "x-widget": "number"},
        "nps": {"title": "Ông/Bà có giới thiệu dịch vụ này không?", "type": "integer",
                "minimum": 0, "maximum": 10, "x-widget": "nps"},
        "rating": {"title": "Chấm điểm cổng dịch vụ công", "type": "integer", "minimum": 1,
                   "maximum": 5, "x-widget": "rating"},
        "yes_no": {"title": "Đây là lần đầu Ông/Bà dùng dịch vụ?", "type": "boolean",
                   "x-widget": "yes_no"},
    },
    "x-survey": {
        "locales": ["vi", "en"],
        "translations": {"en": {
            "title": "Every kind of question",
            "properties": {"likert": {"title": "How satisfied are you?", "choices": {
                "5": "Very satisfied", "4": "Satisfied", "3": "Neutral",
                "2": "Dissatisfied", "1": "Very dissatisfied"}}},
        }},
    },
}
