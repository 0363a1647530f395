"""What the designer templates show: questions, conditions, translations, embedding."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import segno
from markupsafe import Markup

from form_schemas.editing import NEW_WIDGETS, issues_by_question, read_condition, untranslated
from form_schemas.grids import GRID_WIDGETS, grid_of
from form_schemas.messages import widget_label
from form_schemas.model import build_questions, choice_key, translations
from form_schemas.widgets import WIDGET_SPECS

__all__ = [
    "ChoiceView",
    "QuestionView",
    "embed_snippet",
    "errors_by_question",
    "qr_file",
    "qr_svg",
    "question_views",
    "satisfaction_view",
    "widget_labels",
]


@dataclass
class ChoiceView:
    value: str
    label: str
    label_en: str


@dataclass
class QuestionView:
    """One question of the working definition, as its editing panel needs it.

    ``family`` lists the widgets it may switch to (its own among them), empty
    when it cannot switch; ``editor`` names its settings partial
    (``designer/editors/<editor>.html``), if any; both come from the widget's
    specification.
    """

    name: str
    number: int
    widget: str
    type: str
    title: str
    title_en: str
    description: str
    description_en: str
    required: bool
    choices: list[ChoiceView]
    editable_choices: bool
    minimum: Any
    maximum: Any
    max_length: int | None
    condition: Any  # SimpleCondition | None
    custom_condition: bool
    earlier: list[tuple[str, str]]  # (name, title) of the questions before it
    family: list[str] = field(default_factory=list)
    editor: str | None = None
    condition_number: int | None = None
    condition_values: str = ""
    untranslated: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    grid: str = ""  # the grid it is a row of (``x-grid``), if any
    may_grid: bool = False  # a likert or radio question: it may be a grid's row
    grid_names: list[str] = field(default_factory=list)  # the form's grids, to choose from
    previous_grid: str = ""  # the grid of the question just before it

    @property
    def id(self) -> str:
        return f"q-{self.name}"


def widget_labels(locale: str) -> dict[str, str]:
    """The widgets a designer can add, each with its name in ``locale``, in menu order."""
    return {name: widget_label(name, locale) for name in NEW_WIDGETS}


def _english(definition: Mapping[str, Any], name: str) -> dict[str, Any]:
    entry = translations(definition).get("en", {})
    found = (entry.get("properties") or {}).get(name) if isinstance(entry, dict) else None
    return found if isinstance(found, dict) else {}


def question_views(definition: Mapping[str, Any]) -> list[QuestionView]:
    """Every question of ``definition`` in order, with what is left to translate."""
    todo: dict[str, list[str]] = {}
    for where, _text in untranslated(definition):
        if "/" in where:
            name, _, rest = where.partition("/")
            todo.setdefault(name, []).append(rest)
    views: list[QuestionView] = []
    earlier: list[tuple[str, str]] = []
    built = build_questions(definition)
    by_name = {question.name: (n, question) for n, question in enumerate(built, start=1)}
    properties = definition.get("properties")
    properties = properties if isinstance(properties, Mapping) else {}
    grids = {name: grid_of(raw) or "" for name, raw in properties.items()
             if isinstance(raw, Mapping)}
    grid_names = sorted({g for g in grids.values() if g})
    for number, question in enumerate(built, start=1):
        english = _english(definition, question.name)
        spec = question.spec
        family = spec.family if spec is not None else None
        condition = read_condition(definition, question.name)
        views.append(QuestionView(
            name=question.name, number=number, widget=question.widget, type=question.type,
            title=question.titles.get("vi", ""), title_en=str(english.get("title", "")),
            description=question.descriptions.get("vi", ""),
            description_en=str(english.get("description", "")),
            required=question.required,
            choices=[ChoiceView(choice_key(c.value), c.labels.get("vi", choice_key(c.value)),
                                c.labels.get("en", "")) for c in question.choices],
            editable_choices=spec is not None and spec.written_options,
            minimum=question.minimum, maximum=question.maximum, max_length=question.max_length,
            condition=condition,
            custom_condition=question.show_if is not None and condition is None,
            earlier=list(earlier),
            family=[name for name, other in WIDGET_SPECS.items()
                    if family is not None and other.family == family],
            editor=spec.editor if spec is not None else None,
            untranslated=todo.get(question.name, []),
            grid=grids.get(question.name, ""),
            may_grid=question.widget in GRID_WIDGETS or bool(grids.get(question.name)),
            grid_names=grid_names,
            previous_grid=grids.get(earlier[-1][0], "") if earlier else "",
        ))
        if condition is not None and condition.source in by_name:
            source_number, source = by_name[condition.source]
            views[-1].condition_number = source_number
            views[-1].condition_values = ", ".join(
                f"“{source.choice_label(value)}” ({choice_key(value)})" if source.choices
                else choice_key(value) for value in condition.values)
        earlier.append((question.name, question.title("vi")))
    return views


def satisfaction_view(definition: Mapping[str, Any]) -> dict[str, Any]:
    """The satisfaction setting and the questions that can carry it."""
    survey = definition.get("x-survey")
    current = survey.get("satisfaction") if isinstance(survey, dict) else None
    current = current if isinstance(current, dict) else {}
    candidates = [
        {"name": q.name, "number": n, "title": q.title("vi"),
         "choices": [(choice_key(c.value), c.label("vi")) for c in q.choices]}
        for n, q in enumerate(build_questions(definition), start=1)
        if q.spec is not None and q.spec.choice == "single" and q.choices
    ]
    return {
        "question": current.get("question"),
        "satisfied": {choice_key(v) for v in current.get("satisfied", [])},
        "candidates": candidates,
    }


def errors_by_question(
    definition: Mapping[str, Any], issues: Sequence[Mapping[str, Any]]
) -> dict[str, list[str]]:
    """Issue messages keyed by question name (``""``: about the whole form)."""
    grouped = issues_by_question(definition, issues)
    return {
        name: [str(issue.get("message", "")) if isinstance(issue, Mapping) else issue.message
               for issue in found]
        for name, found in grouped.items()
    }


def embed_snippet(base_url: str, slug: str, *, token: bool) -> str:
    """The HTML a portal pastes to show the survey."""
    attribute = ' data-phieu-token="TOKEN"' if token else ""
    return (f'<div data-phieu-form="{slug}"{attribute}></div>\n'
            f'<script src="{base_url}/embed/v1/loader.js" async></script>')


def qr_svg(url: str, title: str) -> Markup:
    """An inline SVG QR code of ``url`` (error correction M), labelled for screen readers."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=4, border=4, dark="#000", light="#fff", title=title,
                          svgclass="dz-qr", lineclass=None)
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


def qr_file(url: str, kind: str) -> bytes:
    """The QR code of ``url`` as a file to print: ``svg`` or ``png`` (10 px modules)."""
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    if kind == "svg":
        code.save(buffer, kind="svg", scale=10, border=4, dark="#000", light="#fff",
                  xmldecl=True, svgns=True)
    else:
        code.save(buffer, kind="png", scale=10, border=4, dark="#000", light="#fff")
    return buffer.getvalue()
