"""A form with a question of every kind, and answers sent through the API."""

from __future__ import annotations

import copy
from typing import Any

from tests.integration.conftest import Api

H29 = "000.00.00.H29"
SLUG = "moi-loai"

_SCALE = [{"const": v, "title": t} for v, t in (
    (5, "Rất hài lòng"), (4, "Hài lòng"), (3, "Bình thường"), (2, "Không hài lòng"),
    (1, "Rất không hài lòng"))]

EVERY_KIND: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Mọi loại câu hỏi",
    "type": "object",
    "additionalProperties": False,
    "required": ["overall"],
    "properties": {
        "overall": {"title": "Hài lòng chung?", "type": "integer", "x-widget": "likert",
                    "oneOf": _SCALE},
        "reason": {"title": "Vì sao chưa hài lòng?", "type": "string", "maxLength": 500,
                   "x-widget": "textarea",
                   "x-show-if": {"properties": {"overall": {"maximum": 2}},
                                 "required": ["overall"]}},
        "fix": {"title": "Cần sửa gì trước?", "type": "string", "x-widget": "radio",
                "oneOf": [{"const": "speed", "title": "Tốc độ"},
                          {"const": "staff", "title": "Thái độ"}],
                "x-show-if": {"properties": {"overall": {"maximum": 2}},
                              "required": ["overall"]}},
        "heard": {"title": "Biết qua đâu?", "type": "array", "x-widget": "checkboxes",
                  "items": {"type": "string", "oneOf": [
                      {"const": "tv", "title": "Truyền hình"},
                      {"const": "zalo", "title": "Zalo"},
                      {"const": "friend", "title": "Người quen"}]},
                  "uniqueItems": True},
        "again": {"title": "Sẽ dùng lại?", "type": "boolean", "x-widget": "yes_no"},
        "days": {"title": "Mấy ngày?", "type": "integer", "minimum": 0, "maximum": 60,
                 "x-widget": "number"},
        "recommend": {"title": "Giới thiệu cho người khác?", "type": "integer",
                      "minimum": 0, "maximum": 10, "x-widget": "nps"},
    },
}


def every_kind(**changes: Any) -> dict[str, Any]:
    definition = copy.deepcopy(EVERY_KIND)
    definition.update(changes)
    return definition


# (overall, reason, fix, heard, again, days, recommend)
ANSWERS: list[dict[str, Any]] = []
for i, (overall, heard, again, days, recommend) in enumerate([
        (5, ["tv"], True, 3, 10), (5, ["tv", "zalo"], True, 5, 9), (4, ["zalo"], True, 7, 8),
        (4, [], False, 2, 9), (3, ["friend"], None, 10, 6), (2, ["tv", "zalo", "friend"],
                                                              False, 30, 3),
        (1, ["friend"], False, None, 0), (4, ["tv"], True, 4, 10), (5, ["zalo"], True, 1, 7),
        (2, [], None, 14, 5)]):
    answer: dict[str, Any] = {"overall": overall}
    if heard:
        answer["heard"] = heard
    if again is not None:
        answer["again"] = again
    if days is not None:
        answer["days"] = days
    answer["recommend"] = recommend
    if overall <= 2:
        answer["reason"] = f"Chậm quá, gọi 0912 345 67{i}"
        if i != 9:
            answer["fix"] = "speed" if i == 5 else "staff"
    ANSWERS.append(answer)


async def send(api: Api, portal: str, answers: dict[str, Any], dossier: str, *,
               slug: str = SLUG, channel: str = "web", service: str = "1.001193") -> None:
    r = await api.call("POST", "/api/v1/responses", portal, json={
        "form": slug, "service": service, "dossier": dossier, "channel": channel,
        "answers": answers})
    assert r.status_code == 201, r.text
