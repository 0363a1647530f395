"""Step-by-step editing of definitions: every result passes the profile, or the edit is refused."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from form_schemas import check_definition, compile_form, load_template
from form_schemas.editing import (
    NEW_WIDGETS,
    EditError,
    SimpleCondition,
    add_question,
    blank_definition,
    clear_condition,
    clear_satisfaction,
    delete_question,
    issues_by_question,
    move_question,
    question_name,
    read_condition,
    set_choices,
    set_condition,
    set_form_texts,
    set_satisfaction,
    untranslated,
    update_question,
)


def _two_questions() -> dict[str, Any]:
    definition = blank_definition("Khảo sát", widget="rating", question="Ông/Bà đánh giá?")
    definition, _ = add_question(definition, widget="textarea", title="Vì sao?")
    return definition


def test_blank_definition_passes_the_profile_for_every_widget() -> None:
    for widget in NEW_WIDGETS:
        definition = blank_definition("Biểu mẫu", widget=widget, question="Câu hỏi đầu tiên")
        check_definition(definition)
        assert compile_form(definition).questions[0].widget == widget


def test_question_names_come_from_vietnamese_titles_and_stay_unique() -> None:
    assert question_name("Đánh giá chung về dịch vụ", set()) == "danh_gia_chung_ve_dich_vu"
    assert question_name("Lý do", {"ly_do"}) == "ly_do_2"
    assert question_name("123", set()) == "q_123"
    assert question_name("???", set()) == "q"


def test_add_question_refuses_bad_or_taken_names_and_unknown_widgets() -> None:
    definition = _two_questions()
    with pytest.raises(EditError) as caught:
        add_question(definition, widget="likert", title="Lại", name="vi_sao")
    assert caught.value.code == "name_taken"
    with pytest.raises(EditError) as caught:
        add_question(definition, widget="likert", title="Lại", name="Bad Name")
    assert caught.value.code == "name_invalid"
    with pytest.raises(EditError) as caught:
        add_question(definition, widget="slider", title="Lại")
    assert caught.value.code == "widget_unknown"
    with pytest.raises(EditError) as caught:
        add_question(definition, widget="text", title="   ")
    assert caught.value.code == "question_title_empty"


def test_edits_never_change_their_input() -> None:
    definition = _two_questions()
    before = copy.deepcopy(definition)
    update_question(definition, "vi_sao", title="Khác", title_en="Other", required=True)
    set_condition(definition, "vi_sao", source="ong_ba_danh_gia", operator="le", values=["2"])
    delete_question(definition, "vi_sao")
    assert definition == before


def test_condition_with_each_operator_round_trips_and_works() -> None:
    definition = _two_questions()
    cases = {"is": ["3"], "one_of": ["1", "2"], "le": ["2"], "ge": ["4"]}
    for operator, values in cases.items():
        edited = set_condition(definition, "vi_sao", source="ong_ba_danh_gia",
                               operator=operator, values=values)
        check_definition(edited)
        found = read_condition(edited, "vi_sao")
        assert found == SimpleCondition("ong_ba_danh_gia", operator,
                                        tuple(int(v) for v in values))
        form = compile_form(edited)
        shown = {n for n in range(1, 6) if "vi_sao" in form.visible({"ong_ba_danh_gia": n})}
        expected = {"is": {3}, "one_of": {1, 2}, "le": {1, 2}, "ge": {4, 5}}[operator]
        assert shown == expected
    cleared = clear_condition(edited, "vi_sao")
    assert read_condition(cleared, "vi_sao") is None


def test_conditions_on_checkboxes_use_contains_and_values_are_checked() -> None:
    definition = blank_definition("Kênh", widget="checkboxes", question="Ông/Bà biết qua?")
    definition, name = add_question(definition, widget="text", title="Chi tiết")
    edited = set_condition(definition, name, source="ong_ba_biet_qua", operator="is",
                           values=["a"])
    check_definition(edited)
    assert compile_form(edited).visible({"ong_ba_biet_qua": ["a"]}) >= {name}
    assert name not in compile_form(edited).visible({"ong_ba_biet_qua": ["b"]})
    with pytest.raises(EditError) as caught:
        set_condition(definition, name, source="ong_ba_biet_qua", operator="is", values=["z"])
    assert caught.value.code == "condition_value"
    with pytest.raises(EditError) as caught:
        set_condition(definition, name, source="ong_ba_biet_qua", operator="le", values=["a"])
    assert caught.value.code == "condition_not_ordered"


def test_condition_must_depend_on_an_earlier_question() -> None:
    definition = _two_questions()
    with pytest.raises(EditError) as caught:
        set_condition(definition, "ong_ba_danh_gia", source="vi_sao", operator="is",
                      values=["x"])
    assert caught.value.code == "condition_source"
    with pytest.raises(EditError) as caught:
        set_condition(definition, "vi_sao", source="ong_ba_danh_gia", operator="le",
                      values=[""])
    assert caught.value.code == "condition_value_missing"


def test_moving_and_deleting_respect_conditions() -> None:
    definition = set_condition(_two_questions(), "vi_sao", source="ong_ba_danh_gia",
                               operator="le", values=["2"])
    with pytest.raises(EditError) as caught:
        move_question(definition, "vi_sao", -1)
    assert caught.value.code == "move_breaks_condition"
    with pytest.raises(EditError) as caught:
        delete_question(definition, "ong_ba_danh_gia")
    assert (caught.value.code, caught.value.params["other"]) == ("question_in_condition", "vi_sao")
    plain = clear_condition(definition, "vi_sao")
    moved = move_question(plain, "vi_sao", -1)
    assert list(moved["properties"]) == ["vi_sao", "ong_ba_danh_gia"]
    assert move_question(moved, "vi_sao", -1)["properties"] == moved["properties"]
    remaining = delete_question(plain, "vi_sao")
    assert list(remaining["properties"]) == ["ong_ba_danh_gia"]
    with pytest.raises(EditError) as caught:
        delete_question(remaining, "ong_ba_danh_gia")
    assert caught.value.code == "last_question"


def test_required_and_texts_with_translations() -> None:
    definition = update_question(_two_questions(), "vi_sao", required=True, title="Lý do?",
                                 title_en="Why?", description="Ghi rõ", description_en="")
    definition = update_question(definition, "ong_ba_danh_gia", required=True)
    check_definition(definition)
    assert definition["required"] == ["ong_ba_danh_gia", "vi_sao"]
    assert definition["x-survey"]["locales"] == ["vi", "en"]
    assert definition["x-survey"]["translations"]["en"]["properties"]["vi_sao"] == {
        "title": "Why?"}
    assert ("vi_sao/description", "Ghi rõ") in untranslated(definition)
    assert not any(key == "vi_sao/title" for key, _ in untranslated(definition))
    cleared = update_question(definition, "vi_sao", title_en="", required=False)
    check_definition(cleared)
    assert "x-survey" not in cleared
    assert cleared["required"] == ["ong_ba_danh_gia"]
    with pytest.raises(EditError):
        update_question(definition, "vi_sao", title="  ")


def test_widget_switches_within_a_family_only() -> None:
    definition = blank_definition("Khảo sát", widget="likert", question="Hài lòng?")
    switched = update_question(definition, "hai_long", widget="select")
    check_definition(switched)
    assert compile_form(switched).questions[0].widget == "select"
    with pytest.raises(EditError) as caught:
        update_question(definition, "hai_long", widget="textarea")
    assert caught.value.code == "widget_change"


def test_number_bounds_rating_scale_and_text_length() -> None:
    definition = blank_definition("Số", widget="number", question="Bao nhiêu lần?")
    bounded = update_question(definition, "bao_nhieu_lan", minimum=0, maximum=10, bounds=True)
    check_definition(bounded)
    assert (bounded["properties"]["bao_nhieu_lan"]["minimum"],
            bounded["properties"]["bao_nhieu_lan"]["maximum"]) == (0, 10)
    with pytest.raises(EditError):
        update_question(definition, "bao_nhieu_lan", minimum=5, maximum=1, bounds=True)
    rating = blank_definition("Sao", widget="rating", question="Mấy sao?")
    assert update_question(rating, "may_sao", maximum=10, bounds=True)["properties"][
        "may_sao"]["maximum"] == 10
    with pytest.raises(EditError):
        update_question(rating, "may_sao", maximum=11, bounds=True)
    text = blank_definition("Chữ", widget="text", question="Tên?")
    assert update_question(text, "ten", max_length=80)["properties"]["ten"]["maxLength"] == 80


def test_choices_replace_with_english_labels_and_keep_satisfaction_consistent() -> None:
    template = load_template("sipas")
    rows = [{"value": "5", "label": "Rất hài lòng", "label_en": "Very satisfied"},
            {"value": "4", "label": "Hài lòng"}, {"value": "3", "label": "Tạm được"}]
    edited = set_choices(template, "overall", rows)
    check_definition(edited)
    overall = edited["properties"]["overall"]
    assert "$ref" not in overall and [o["const"] for o in overall["oneOf"]] == [5, 4, 3]
    assert edited["x-survey"]["translations"]["en"]["properties"]["overall"]["choices"] == {
        "5": "Very satisfied"}
    assert edited["properties"]["access"] == template["properties"]["access"]
    assert edited["x-survey"]["satisfaction"]["satisfied"] == [4, 5]
    only_low = set_choices(template, "overall", [{"value": "1", "label": "Kém"}])
    assert "satisfaction" not in only_low["x-survey"]
    for bad, code in (([{"value": "x", "label": "A"}], "choice_value_integer"),
                      ([{"value": "1", "label": ""}], "choice_label_empty"),
                      ([{"value": "1", "label": "A"}, {"value": "1", "label": "B"}],
                       "choice_duplicate"),
                      ([], "choices_empty")):
        with pytest.raises(EditError) as caught:
            set_choices(template, "overall", bad)
        assert caught.value.code == code
    with pytest.raises(EditError) as caught:
        set_choices(template, "comment", rows)
    assert caught.value.code == "no_choices"


def test_satisfaction_mapping() -> None:
    definition = blank_definition("Khảo sát", widget="likert", question="Hài lòng?")
    mapped = set_satisfaction(definition, "hai_long", ["4", "5", "9"])
    check_definition(mapped)
    assert mapped["x-survey"]["satisfaction"] == {"question": "hai_long", "satisfied": [4, 5]}
    with pytest.raises(EditError) as caught:
        delete_question(add_question(mapped, widget="text", title="Khác")[0], "hai_long")
    assert caught.value.code == "question_is_satisfaction"
    with pytest.raises(EditError):
        set_satisfaction(definition, "hai_long", ["9"])
    text = add_question(definition, widget="text", title="Ghi chú")[0]
    with pytest.raises(EditError) as caught:
        set_satisfaction(text, "ghi_chu", ["x"])
    assert caught.value.code == "satisfaction_question"
    assert "x-survey" not in clear_satisfaction(mapped)


def test_form_texts_and_untranslated() -> None:
    definition = set_form_texts(_two_questions(), title="Mới", title_en="New",
                                description="Mô tả", description_en="")
    check_definition(definition)
    keys = [key for key, _ in untranslated(definition)]
    assert "title" not in keys and "description" in keys
    with pytest.raises(EditError):
        set_form_texts(definition, title=" ")
    assert untranslated(load_template("quick-rating")) == []


def test_issues_are_grouped_by_question() -> None:
    definition = copy.deepcopy(load_template("quick-rating"))
    definition["properties"]["reason"].pop("maxLength")
    definition["required"] = ["overall", "ghost"]
    definition["x-survey"]["satisfaction"]["satisfied"] = [2, 9]
    from form_schemas import DefinitionError

    with pytest.raises(DefinitionError) as caught:
        check_definition(definition)
    grouped = issues_by_question(definition, caught.value.issues)
    assert {issue.code for issue in grouped["reason"]} == {"max_length_missing"}
    assert {issue.code for issue in grouped["overall"]} == {"value_not_option"}
    assert {issue.code for issue in grouped[""]} == {"required_unknown"}
    as_dicts = issues_by_question(definition, [{"path": "/properties/reason/x-widget"}])
    assert list(as_dicts) == ["reason"]


# -- any sequence of edits keeps the definition acceptable --------------------

_EDIT = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(NEW_WIDGETS), st.text(min_size=0, max_size=12)),
    st.tuples(st.just("delete"), st.integers(0, 6)),
    st.tuples(st.just("move"), st.integers(0, 6), st.sampled_from([-1, 1])),
    st.tuples(st.just("require"), st.integers(0, 6), st.booleans()),
    st.tuples(st.just("condition"), st.integers(0, 6), st.integers(0, 6),
              st.sampled_from(["is", "one_of", "le", "ge"]), st.sampled_from(["1", "2", "a"])),
    st.tuples(st.just("translate"), st.integers(0, 6), st.text(max_size=8)),
    st.tuples(st.just("satisfaction"), st.integers(0, 6)),
)


def _apply(definition: dict[str, Any], edit: tuple[Any, ...]) -> dict[str, Any]:
    names = list(definition["properties"])
    pick = names[edit[1] % len(names)] if isinstance(edit[1], int) else ""
    kind = edit[0]
    if kind == "add":
        return add_question(definition, widget=edit[1], title=edit[2] or "Câu hỏi")[0]
    if kind == "delete":
        return delete_question(definition, pick)
    if kind == "move":
        return move_question(definition, pick, edit[2])
    if kind == "require":
        return update_question(definition, pick, required=edit[2])
    if kind == "condition":
        return set_condition(definition, pick, source=names[edit[2] % len(names)],
                             operator=edit[3], values=[edit[4]])
    if kind == "translate":
        return update_question(definition, pick, title_en=edit[2])
    question = compile_form(definition).question(pick)
    return set_satisfaction(definition, pick, [str(c.value) for c in question.choices[:1]])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_EDIT, max_size=12))
def test_any_sequence_of_edits_passes_the_profile(edits: list[tuple[Any, ...]]) -> None:
    definition = blank_definition("Khảo sát", widget="likert", question="Hài lòng?")
    for edit in edits:
        try:
            definition = _apply(definition, edit)
        except EditError:
            continue
        check_definition(definition)
