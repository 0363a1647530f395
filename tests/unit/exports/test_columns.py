"""The column plan of a form over its versions, and rows from stored answers."""

from __future__ import annotations

import json
from typing import Any

from form_schemas import compile_form
from forms_service.exports.columns import CONTEXT_COLUMNS, ResponsePlan, VersionInfo
from forms_service.exports.masking import Masker


def _options(*pairs: tuple[Any, str]) -> list[dict[str, Any]]:
    return [{"const": value, "title": title} for value, title in pairs]


V1 = {
    "type": "object",
    "properties": {
        "overall": {"title": "Mức độ hài lòng?", "type": "integer", "x-widget": "likert",
                    "oneOf": _options((3, "Rất hài lòng"), (2, "Hài lòng"),
                                      (1, "Không hài lòng"))},
        "kenh": {"title": "Kênh?", "type": "array", "x-widget": "checkboxes",
                 "items": {"type": "string",
                           "oneOf": _options(("a", "Kênh A"), ("b", "Kênh B"), ("c", "Kênh C"))}},
        "note": {"title": "Ghi chú", "type": "string", "x-widget": "textarea"},
    },
}
V2 = {
    "type": "object",
    "properties": {
        "overall": {"title": "Ông/Bà hài lòng thế nào?", "type": "integer", "x-widget": "likert",
                    "oneOf": _options((3, "Rất hài lòng"), (2, "Hài lòng"),
                                      (1, "=Không hài lòng"))},
        "kenh": {"title": "Kênh?", "type": "array", "x-widget": "checkboxes",
                 "items": {"type": "string",
                           "oneOf": _options(("b", "Kênh B"), ("c", "Kênh C"), ("d", "Kênh D"))}},
        "score": {"title": "Điểm giới thiệu", "type": "integer", "x-widget": "nps",
                  "minimum": 0, "maximum": 10},
        "age": {"title": "Tuổi", "type": "integer", "minimum": 0},
        "ok": {"title": "Tự nộp?", "type": "boolean", "x-widget": "yes_no"},
    },
    "x-survey": {"translations": {"en": {"properties": {
        "overall": {"title": "How satisfied?", "choices": {"3": "Very", "2": "Yes", "1": "No"}},
        "ok": {"title": "On your own?"}}}}},
}
VERSIONS = [VersionInfo(11, 1, compile_form(V1)), VersionInfo(12, 2, compile_form(V2))]
CONTEXT = [key for key, _, _ in CONTEXT_COLUMNS]


def _plan(**kwargs: Any) -> ResponsePlan:
    return ResponsePlan(VERSIONS, services={5: "1.001193"}, agency="H29", **kwargs)


def _record(rid: int, version: int, answers: dict[str, Any]) -> tuple[Any, ...]:
    return (rid, version, 5, "web", "vi", "2023-07-01T01:02:03.000004+00:00",
            json.dumps(answers, ensure_ascii=False))


def test_columns_are_the_union_in_newest_order() -> None:
    plan = _plan()
    keys = [column.key for column in plan.columns]
    assert keys == [
        *CONTEXT, "overall", "overall:label",
        "kenh[b]", "kenh[c]", "kenh[d]", "kenh[a]", "kenh:label",
        "score",  # a 0–10 scale has no label column
        "age", "ok", "ok:label", "note",
    ]
    by_key = {column.key: column for column in plan.columns}
    assert by_key["overall"].header == "overall: Ông/Bà hài lòng thế nào?"  # newest wording
    assert by_key["overall"].note == "phiên bản 1, 2" and by_key["note"].note == "phiên bản 1"
    assert by_key["kenh[a]"].header == "kenh[a]: Kênh A" and by_key["kenh[a]"].kind == "flag"
    assert by_key["overall:label"].header == "overall (nhãn)"
    assert by_key["overall"].codes == ((3, "Rất hài lòng"), (2, "Hài lòng"),
                                       (1, "=Không hài lòng"))
    assert [c.key for c in plan.columns if not c.trusted] == ["age", "note"]  # free values


def test_english_headers_and_labels_fall_back_to_vietnamese() -> None:
    plan = _plan(locale="en")
    headers = [column.header for column in plan.columns]
    assert headers[:7] == ["Response ID", "Submitted at (Vietnam time, UTC+07:00)",
                           "Form version", "Service code", "Agency code", "Channel",
                           "Response language"]
    assert "overall: How satisfied?" in headers and "overall (label)" in headers
    assert "ok: On your own?" in headers and "kenh: Kênh?" not in headers
    assert "kenh[b]: Kênh B" in headers  # no English label: the Vietnamese one
    row = plan.rows([_record(1, 12, {"overall": 2, "ok": True})])[0]
    assert row[7:9] == [2, "Yes"] and row[-3:-1] == [1, "Yes"]


def test_rows_fill_codes_labels_and_flags_per_version() -> None:
    plan = _plan()
    rows = plan.rows([
        _record(1, 11, {"overall": 3, "kenh": ["a", "c"], "note": "Tốt"}),
        _record(2, 12, {"overall": 1, "kenh": ["d"], "score": 9, "age": 40, "ok": False}),
        _record(3, 12, {"overall": 2}),
    ])
    assert rows[0][:7] == [1, "2023-07-01T08:02:03.000004+07:00", 1, "1.001193", "H29",
                           "web", "vi"]
    # flags in union order b, c, d, a: version 1 did not offer d, so it stays empty
    assert rows[0][7:] == [3, "Rất hài lòng", 0, 1, None, 1, "Kênh A; Kênh C",
                           None, None, None, None, "Tốt"]
    # version 2 did not offer a, so its flag stays empty; the label is neutralized
    assert rows[1][7:] == [1, "'=Không hài lòng", 0, 0, 1, None, "Kênh D",
                           9, 40, 0, "Không", None]
    assert rows[2][7:] == [2, "Hài lòng", *[None] * 10]
    assert [row[2] for row in rows] == [1, 2, 2]


def test_free_text_is_masked_when_asked() -> None:
    text = {"overall": 1, "note": "gọi 0912345678 hoặc a@b.vn"}
    masked = _plan(mask=Masker().mask).rows([_record(1, 11, text)])[0]
    plain = _plan().rows([_record(1, 11, text)])[0]
    assert masked[-1] == "gọi [phone number] hoặc [e-mail address]"
    assert plain[-1] == text["note"]


def test_unexpected_values_stay_visible() -> None:
    rows = _plan().rows([_record(1, 11, {"overall": 9, "kenh": ["zz", "a"], "note": ["x"]}),
                         _record(2, 99, {"overall": 3})])
    assert rows[0][7:9] == [9, "9"]
    assert rows[0][13] == "zz; Kênh A" and rows[0][12] == 1
    assert rows[0][-1] == "x"
    assert rows[1][2] is None and rows[1][7] is None  # an unknown version: context only


def test_a_form_without_versions_has_context_columns_only() -> None:
    plan = ResponsePlan([])
    assert [column.key for column in plan.columns] == CONTEXT
