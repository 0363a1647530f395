"""Grids: consecutive single-choice rows on one scale, checked as a whole."""

from __future__ import annotations

from typing import Any

import pytest

from form_schemas import DefinitionError, check_definition, compile_form
from form_schemas.editing import update_question
from form_schemas.grids import grid_before

SCALE = [{"const": 5 - i, "title": t} for i, t in enumerate(
    ("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"))]


def row(title: str, grid: Any = "sipas", **more: Any) -> dict[str, Any]:
    return {"title": title, "type": "integer", "oneOf": SCALE, "x-widget": "likert",
            "x-grid": grid, **more}


def form(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "properties": properties}


def codes(definition: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(DefinitionError) as caught:
        check_definition(definition, locale="en")
    return {issue.path: issue.code for issue in caught.value.issues}


def test_a_grid_of_rows_on_one_scale_is_accepted_and_stays_questions() -> None:
    definition = form(access=row("Tiếp cận"), procedure=row("Thủ tục"),
                      comment={"title": "Ý kiến", "type": "string", "maxLength": 100})
    check_definition(definition)
    compiled = compile_form(definition)
    assert compiled.validate({"access": 5, "procedure": 2}).ok
    (issue,) = compiled.validate({"access": 7}, locale="en").errors
    assert issue.path == "/access" and issue.code == "choice"


def test_rows_apart_on_another_scale_or_of_another_widget_are_refused() -> None:
    other = [{"const": 1, "title": "Có"}, {"const": 0, "title": "Không"}]
    found = codes(form(
        a=row("A"), b=row("B", oneOf=other),
        c={"title": "C", "type": "string", "maxLength": 10},
        d=row("D"),
        e={"title": "E", "type": "string", "maxLength": 10, "x-grid": "other"},
        f=row("F", grid="Bad Name"),
    ))
    assert found == {
        "/properties/b/oneOf": "grid_options",
        "/properties/d/x-grid": "grid_apart",
        "/properties/e/x-widget": "grid_widget",
        "/properties/f/x-grid": "grid_name",
    }


def test_messages_say_how_to_fix() -> None:
    with pytest.raises(DefinitionError) as caught:
        check_definition(form(a=row("A"), b={"title": "B", "type": "string",
                                              "maxLength": 9}, c=row("C")), locale="vi")
    (issue,) = caught.value.issues
    assert issue.message == ('Các dòng của bảng "sipas" phải liền nhau. Hãy chuyển câu hỏi '
                             "này về cạnh các dòng khác.")


def test_the_editor_sets_and_clears_a_grid_beside_a_shared_scale() -> None:
    definition = form(access={"$ref": "#/$defs/scale", "title": "Tiếp cận"},
                      procedure={"$ref": "#/$defs/scale", "title": "Thủ tục"})
    definition["$defs"] = {"scale": {"type": "integer", "oneOf": SCALE,
                                     "x-widget": "likert"}}
    assert grid_before(definition, "procedure") is None
    edited = update_question(definition, "access", grid=" sipas ")
    assert edited["properties"]["access"] == {"$ref": "#/$defs/scale", "title": "Tiếp cận",
                                              "x-grid": "sipas"}
    assert grid_before(edited, "procedure") == "sipas" and grid_before(edited, "access") is None
    edited = update_question(edited, "procedure", grid="sipas")
    check_definition(edited)
    assert update_question(edited, "procedure", title="Thủ tục")["properties"][
        "procedure"]["x-grid"] == "sipas"  # kept when not given
    assert "x-grid" not in update_question(edited, "procedure", grid="")["properties"][
        "procedure"]
