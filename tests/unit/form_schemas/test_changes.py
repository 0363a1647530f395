"""Differences between versions, and the comparability of the satisfaction measure."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from form_schemas import load_template
from form_schemas.changes import compare_definitions
from form_schemas.editing import (
    add_question,
    clear_satisfaction,
    delete_question,
    move_question,
    set_choices,
    set_condition,
    set_satisfaction,
    update_question,
)

SCALE = [{"value": str(v), "label": label} for v, label in
         ((5, "Rất hài lòng"), (4, "Hài lòng"), (3, "Bình thường"), (2, "Không hài lòng"),
          (1, "Rất không hài lòng"))]


def _codes(changes: Any) -> list[tuple[str, str | None]]:
    return [(change.code, change.question) for change in changes]


def test_identical_versions_have_no_changes() -> None:
    template = load_template("sipas")
    result = compare_definitions(template, load_template("sipas"))
    assert result.empty and not result.breaking


def test_questions_added_removed_reworded_and_reordered() -> None:
    old = load_template("sipas")
    new, name = add_question(old, widget="text", title="Số điện thoại")
    new = delete_question(new, "feedback")
    new = update_question(new, "comment", title="Góp ý khác?", required=True)
    new = move_question(new, "comment", -1)
    result = compare_definitions(old, new)
    codes = _codes(result.changes)
    assert ("question_added", name) in codes
    assert ("question_removed", "feedback") in codes
    assert ("retitled", "comment") in codes
    assert ("required_on", "comment") in codes
    assert ("reordered", None) in codes
    assert not result.breaking


def test_choice_changes_on_another_question_do_not_break_comparability() -> None:
    old = load_template("sipas")
    rows = [*SCALE[:4], {"value": "0", "label": "Không ý kiến"}]
    rows[0] = {"value": "5", "label": "Rất tốt"}
    new = set_choices(old, "access", rows)
    result = compare_definitions(old, new)
    assert {(c.code, c.params.get("value")) for c in result.changes} >= {
        ("choice_added", "0"), ("choice_removed", "1"), ("choice_relabelled", "5")}
    assert not result.breaking


def test_relabelling_the_satisfaction_scale_is_reported_but_comparable() -> None:
    old = load_template("sipas")
    rows = [dict(row) for row in SCALE]
    rows[1]["label"] = "Khá hài lòng"
    result = compare_definitions(old, set_choices(old, "overall", rows))
    assert ("choice_relabelled", "overall") in _codes(result.changes)
    assert not result.breaking


def test_what_breaks_comparability() -> None:
    old = load_template("sipas")
    scale = set_choices(old, "overall", SCALE[:3])
    assert _codes(compare_definitions(old, scale).comparability) == [
        ("satisfaction_scale", "overall")]
    assert compare_definitions(old, scale).breaking
    satisfied = set_satisfaction(old, "overall", ["5"])
    assert _codes(compare_definitions(old, satisfied).comparability) == [
        ("satisfied_set", "overall")]
    other = set_satisfaction(old, "result", ["4", "5"])
    assert _codes(compare_definitions(old, other).comparability) == [
        ("satisfaction_question", "result")]
    dropped = clear_satisfaction(old)
    assert _codes(compare_definitions(old, dropped).comparability) == [
        ("satisfaction_removed", "overall")]
    widget = update_question(old, "overall", widget="select")
    assert _codes(compare_definitions(old, widget).comparability) == [
        ("satisfaction_widget", "overall")]


def test_adding_a_satisfaction_measure_is_not_breaking() -> None:
    old = clear_satisfaction(load_template("quick-rating"))
    new = set_satisfaction(old, "overall", ["3"])
    result = compare_definitions(old, new)
    assert ("satisfaction_added", "overall") in _codes(result.changes)
    assert not result.breaking


def test_conditions_and_translations_changes() -> None:
    old = load_template("quick-rating")
    new = set_condition(old, "reason", source="overall", operator="le", values=["2"])
    new = update_question(new, "overall", title_en="Rate us")
    codes = _codes(compare_definitions(old, new).changes)
    assert ("condition_changed", "reason") in codes
    assert ("translations_changed", None) in codes


@settings(max_examples=40, deadline=None)
@given(st.sets(st.sampled_from(["5", "4", "3", "2", "1"]), min_size=1))
def test_comparable_exactly_when_the_satisfied_set_is_unchanged(chosen: set[str]) -> None:
    old = load_template("sipas")
    new = set_satisfaction(old, "overall", sorted(chosen))
    assert compare_definitions(old, new).breaking == (chosen != {"4", "5"})
