"""Every registered widget has all its pieces: profile entry, rules, renderer,
designer label and editor, export layout.

A specification added to ``form_schemas.widgets.WIDGET_SPECS`` without the
rest fails here, naming the piece that is missing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, get_args

import pytest
from babel.messages.pofile import read_po

import form_schemas
import forms_service
from embed import render
from embed.render import Chrome, render_form
from form_schemas import WIDGET_SPECS, WidgetSpec, check_definition, compile_form
from form_schemas.editing import NEW_WIDGETS
from form_schemas.messages import MESSAGES, widget_label
from form_schemas.profile import profile_schema
from form_schemas.question_rules import RULES
from form_schemas.widgets import Kind
from forms_service.accounts.web import ENVIRONMENT
from forms_service.designer.views import question_views, widget_labels
from forms_service.exports.columns import ResponsePlan, VersionInfo

SPECS = list(WIDGET_SPECS.values())
RENDERERS = render._env.get_template("_widgets.html").module
EDITORS = Path(forms_service.__file__).parent / "workspace" / "templates" / "designer" / "editors"


def _catalogue(lang: str) -> dict[str, str]:
    path = Path(form_schemas.__file__).parent / "locale" / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale=lang) if m.id}


def _definition(spec: WidgetSpec) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Thử",
        "type": "object",
        "additionalProperties": False,
        "required": ["q"],
        "properties": {"q": spec.new_schema("Câu hỏi")},
    }


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_profile_entry_and_rules(spec: WidgetSpec) -> None:
    assert spec.name in profile_schema()["$defs"]["question"]["properties"]["x-widget"]["enum"]
    missing = set(spec.rules) - set(RULES)
    assert not missing, f"{spec.name}: add the rules {missing} to form_schemas.question_rules"
    check_definition(_definition(spec))  # a new question of the widget is a valid one


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_renderer(spec: WidgetSpec) -> None:
    assert hasattr(RENDERERS, spec.renderer), (
        f"{spec.name}: add the macro {spec.renderer!r} to embed/templates/_widgets.html")
    form = compile_form(_definition(spec))
    for locale in ("vi", "en"):
        page = render_form(form, Chrome(locale=locale), action="/f", hidden={})
        question = re.search(r'<(fieldset|div) class="q w-[^>]*id="q-q"', page)
        assert question is not None, spec.name
        assert (question.group(1) == "fieldset") == spec.group, spec.name
        assert 'name="q"' in page, f"{spec.name}: the renderer posts no field named q"


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_designer_label_in_both_languages(spec: WidgetSpec) -> None:
    vi, en = _catalogue("vi"), _catalogue("en")
    assert vi.get(spec.label), f"{spec.name}: translate {spec.label!r} in form_schemas vi"
    assert spec.label in en, f"{spec.name}: add {spec.label!r} to form_schemas en"
    assert widget_label(spec.name, "vi") == vi[spec.label]
    assert widget_label(spec.name, "en") == spec.label
    assert spec.name in NEW_WIDGETS
    assert widget_labels("vi")[spec.name] == vi[spec.label]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_designer_editor(spec: WidgetSpec) -> None:
    if spec.settings:
        assert spec.editor, f"{spec.name}: settings {set(spec.settings)} need an editor partial"
    if spec.editor:
        assert (EDITORS / f"{spec.editor}.html").is_file(), (
            f"{spec.name}: add designer/editors/{spec.editor}.html")
        ENVIRONMENT.get_template(f"designer/editors/{spec.editor}.html")
    (view,) = question_views(_definition(spec))
    assert view.editor == spec.editor
    assert view.editable_choices == spec.written_options
    if spec.family is not None:
        assert spec.name in view.family


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_export_layout(spec: WidgetSpec) -> None:
    form = compile_form(_definition(spec))
    plan = ResponsePlan([VersionInfo(1, 1, form)])
    keys = [column.key for column in plan.columns[7:]]
    if spec.export == "flags":
        assert keys == [f"q[{choice.value}]" for choice in form.questions[0].choices] + [
            "q:label"]
    else:
        assert keys[0] == "q", spec.name
    value = form.questions[0].choices[0].value if form.questions[0].choices else 3
    cells = plan.cells(1, {"q": [value] if spec.export == "flags" else value})
    assert any(cell not in (None, "") for cell in cells), spec.name


def test_the_page_helpers_name_known_kinds_and_renderers() -> None:
    assert set(render._HINTS) <= set(get_args(Kind))
    assert all(hasattr(RENDERERS, name) for name in render._OPTION_LABELS)


def test_single_choice_widgets_are_named_in_the_satisfaction_message() -> None:
    """``question_not_discrete`` lists them; a new single-choice widget belongs there."""
    message = MESSAGES["question_not_discrete"]
    for spec in SPECS:
        if spec.choice == "single":
            assert spec.name in message, f"name {spec.name} in question_not_discrete"
