"""Server-rendered form pages: a compiled form, for a locale, with values and errors.

Everything a person typed or a designer wrote reaches the page through Jinja's
autoescaping; nothing here knows HTTP or the database.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from babel.numbers import format_decimal
from jinja2 import Environment, PackageLoader, StrictUndefined

from embed.assets import asset
from embed.conditions import condition_json, condition_note
from embed.i18n import N_, gettext, translator
from embed.pages import page_text
from form_schemas import CompiledForm, Question
from form_schemas.coercion import date_parts, field_names
from form_schemas.grids import grid_of
from form_schemas.model import choice_key
from form_schemas.widgets import WidgetSpec, widget_spec

__all__ = ["Brand", "Chrome", "FieldView", "answer_values", "render_fields", "render_follow_up",
           "render_form", "render_message", "render_thanks"]

#: A question whose widget is not registered (never in a checked definition).
_FALLBACK = "text"

_env = Environment(
    loader=PackageLoader("embed", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Brand:
    """The agency's branding on a page: its name (the logo's text), the URL of its
    accent stylesheet and of its logo (None: the default look, no logo)."""

    name: str
    stylesheet: str | None = None
    logo: str | None = None


@dataclass(frozen=True)
class Chrome:
    """What every page shares: locale, asset prefix, the portal origins it may talk to.

    ``origins`` are the registered portal origins the page posts its messages
    to (``postMessage`` target origins; never ``*``); ``languages`` maps a
    locale to the URL of this page in it (the language switch).
    """

    locale: str = "vi"
    prefix: str = "/embed/v1"
    origins: Sequence[str] = ()
    languages: Mapping[str, str] = field(default_factory=dict)
    brand: Brand | None = None

    def asset_url(self, name: str) -> str:
        found = asset(name)
        return found.url(self.prefix) if found else f"{self.prefix}/{name}"


@dataclass
class OptionView:
    id: str
    value: str
    label: str
    checked: bool


@dataclass
class FieldView:
    """One question as the template needs it.

    ``renderer`` is the macro of ``templates/_widgets.html`` that draws its
    control(s), ``group`` whether they stand in a fieldset under a legend,
    ``multiple`` whether several options may be chosen: all three from the
    widget's specification.
    """

    name: str
    widget: str
    renderer: str
    multiple: bool
    type: str
    item_type: str | None
    number: int
    title: str
    description: str | None
    required: bool
    group: bool
    options: list[OptionView]
    value: str
    error: str | None
    hint: str | None
    note: str | None
    show_if: str | None
    max_length: int | None
    parts: Mapping[str, str] = field(default_factory=dict)  # a date's day, month, year
    grid: str | None = None  # the grid (form_schemas.grids) it is a row of
    section: str | None = None  # the title of the section it starts, if any

    @property
    def id(self) -> str:
        return f"q-{self.name}"

    @property
    def control_id(self) -> str:
        return self.options[0].id if self.group and self.options else f"f-{self.name}"

    @property
    def described_by(self) -> str:
        ids = []
        if self.description:
            ids.append(f"d-{self.name}")
        if self.hint:
            ids.append(f"h-{self.name}")
        if self.error:
            ids.append(f"e-{self.name}")
        return " ".join(ids)


def _nps_hint(question: Question, locale: str) -> str | None:
    # the question's own description explains its scale: one explanation, not two
    if question.description(locale):
        return None
    return gettext(locale, N_("0 = not at all likely, 10 = extremely likely."))


def _number(value: float, locale: str) -> str:
    """A bound as people of ``locale`` write it: 100.000 in Vietnamese, 100,000 in English."""
    return format_decimal(value, locale=locale)


def _bounds_hint(question: Question, locale: str) -> str | None:
    low, high = question.minimum, question.maximum
    if low is not None and high is not None:
        return gettext(locale, N_("From {minimum} to {maximum}."),
                       minimum=_number(low, locale), maximum=_number(high, locale))
    if low is not None:
        return gettext(locale, N_("At least {minimum}."), minimum=_number(low, locale))
    if high is not None:
        return gettext(locale, N_("At most {maximum}."), maximum=_number(high, locale))
    return None


def _date_hint(question: Question, locale: str) -> str | None:
    low, high = question.schema.get("formatMinimum"), question.schema.get("formatMaximum")
    if isinstance(low, str) and isinstance(high, str):
        return gettext(locale, N_("A date from {minimum} to {maximum}."),
                       minimum=_day_month_year(low), maximum=_day_month_year(high))
    if isinstance(low, str):
        return gettext(locale, N_("A date on or after {minimum}."), minimum=_day_month_year(low))
    if isinstance(high, str):
        return gettext(locale, N_("A date on or before {maximum}."),
                       maximum=_day_month_year(high))
    return None


def _day_month_year(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def _phone_hint(question: Question, locale: str) -> str | None:
    return gettext(locale, N_("For example: 0912 345 678 or 024 3825 1234."))


def _email_hint(question: Question, locale: str) -> str | None:
    return gettext(locale, N_("For example: ten@example.vn"))


#: The hint under a question, by what its answers are (the widget's kind).
_HINTS: dict[str, Callable[[Question, str], str | None]] = {
    "nps": _nps_hint,
    "number": _bounds_hint,
}
#: Hints of widgets whose answers are text of a form of their own, by widget.
_WIDGET_HINTS: dict[str, Callable[[Question, str], str | None]] = {
    "date": _date_hint,
    "email": _email_hint,
    "phone": _phone_hint,
}


def _star_label(question: Question, value: Any, locale: str) -> str:
    return gettext(locale, N_("{value} of {count} stars"), value=value,
                   count=len(question.choices))


#: How options are named to people (and screen readers), by renderer; by
#: default their labels.
_OPTION_LABELS: dict[str, Callable[[Question, Any, str], str]] = {
    "stars": _star_label,
}


def _hint(question: Question, spec: WidgetSpec | None, locale: str) -> str | None:
    hint = (_WIDGET_HINTS.get(spec.name) or _HINTS.get(spec.kind)) if spec is not None else None
    return hint(question, locale) if hint is not None else None


def _option_label(question: Question, renderer: str, value: Any, locale: str) -> str:
    label = _OPTION_LABELS.get(renderer)
    return label(question, value, locale) if label else question.choice_label(value, locale)


def field_views(
    form: CompiledForm, locale: str, values: Mapping[str, Sequence[str]],
    errors: Mapping[str, str],
) -> list[FieldView]:
    """The questions of ``form`` with what was typed and what is wrong."""
    starts = {s.questions[0]: s.title(locale) for s in form.sections if s.title(locale)}
    views = []
    for number, question in enumerate(form.questions, start=1):
        typed = [v for v in values.get(question.name, ()) if isinstance(v, str)]
        spec = widget_spec(question.widget)
        renderer = spec.renderer if spec is not None else _FALLBACK
        group = spec.group if spec is not None else False
        options = [
            OptionView(
                id=f"f-{question.name}-{index}",
                value=choice_key(choice.value),
                label=_option_label(question, renderer, choice.value, locale),
                checked=choice_key(choice.value) in typed,
            )
            for index, choice in enumerate(question.choices)
        ]
        views.append(FieldView(
            name=question.name,
            widget=question.widget,
            renderer=renderer,
            multiple=spec is not None and spec.choice == "multiple",
            type=question.type,
            item_type=question.item_type,
            number=number,
            title=question.title(locale),
            description=question.description(locale),
            required=question.required,
            group=group,
            options=options,
            value=typed[-1] if typed else "",
            error=errors.get(question.name),
            hint=_hint(question, spec, locale),
            note=condition_note(form, question, locale),
            show_if=condition_json(question),
            max_length=question.max_length,
            parts=date_parts(question, values) if question.widget == "date" else {},
            grid=grid_of(question.schema),
            section=starts.get(question.name),
        ))
    return views


def errors_by_question(issues: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """The first message for each question, from issues with JSON-pointer paths."""
    found: dict[str, str] = {}
    for issue in issues:
        name = str(issue.get("path", "")).lstrip("/").split("/", 1)[0]
        found.setdefault(name, str(issue.get("message", "")))
    return found


def render_form(
    form: CompiledForm, chrome: Chrome, *, action: str, hidden: Mapping[str, str],
    values: Mapping[str, Sequence[str]] | None = None,
    issues: Sequence[Mapping[str, Any]] = (), page: int | None = None,
) -> str:
    """The whole form page (of a paged form, page ``page``, from 1).

    ``hidden`` fields (token, nonce …) travel with the POST; ``values`` are the
    typed field values to keep (lists of strings, as posted); ``issues`` are
    validation issues with ``path`` and ``message``, shown next to their
    question and in a summary at the top.
    """
    locale = chrome.locale
    errors = errors_by_question(issues)
    fields = field_views(form, locale, values or {}, errors)
    pages = _pages(form, fields, values or {}, page, locale)
    summary = [f for f in pages.fields if f.error]
    names = {f.name for f in fields}
    other = [str(i.get("message", "")) for i in issues
             if str(i.get("path", "")).lstrip("/").split("/", 1)[0] not in names]
    return _env.get_template("form.html").render(
        _=translator(locale), chrome=chrome, title=form.title(locale),
        description=form.description(locale), blocks=blocks(pages.fields), summary=summary,
        other_errors=other, action=action, hidden=hidden, event=None, pages=pages,
    )


def answer_values(answers: Mapping[str, Any]) -> dict[str, list[str]]:
    """Stored answers as the typed values of form fields (the inverse of
    ``CompiledForm.coerce_form``), to show a saved draft in its form."""
    return {name: [choice_key(v) for v in (value if isinstance(value, list) else [value])]
            for name, value in answers.items() if value is not None}


def render_fields(
    form: CompiledForm, locale: str, *, values: Mapping[str, Sequence[str]] | None = None,
    issues: Sequence[Mapping[str, Any]] = (),
) -> str:
    """The questions of ``form`` alone, as HTML to place inside another page's
    ``<form>`` (the workspace's reply to a collection): the same fields as
    :func:`render_form`, with what was typed and what is wrong."""
    fields = field_views(form, locale, values or {}, errors_by_question(issues))
    return _env.get_template("_field_list.html").render(_=translator(locale), fields=fields)
@dataclass
class PageView:
    """The page of a paged form being shown: its number and the total, its section's
    title, the answers given on the other pages (carried in hidden fields, and to the
    page's script so that conditions see them) and the number of its first question."""

    fields: list[FieldView]
    number: int = 1
    total: int = 1
    title: str | None = None
    carried: list[tuple[str, str]] = field(default_factory=list)
    earlier: str = "{}"
    first: int = 1


def _pages(form: CompiledForm, fields: list[FieldView], values: Mapping[str, Sequence[str]],
           page: int | None, locale: str) -> PageView:
    if not form.paged:
        return PageView(fields)
    number = min(max(page or 1, 1), len(form.sections))
    section = form.sections[number - 1]
    on_page = set(section.questions)
    answers = form.coerce_form(values)
    shown = form.visible(answers)
    earlier_names = {name for s in form.sections[:number - 1] for name in s.questions}
    carried_names = field_names(q for q in form.questions if q.name not in on_page)
    carried = [(name, value) for name in sorted(carried_names)
               for value in values.get(name, ()) if isinstance(value, str) and value.strip()]
    first = 1 + sum(1 for name in earlier_names if name in shown)
    views = [f for f in fields if f.name in on_page]
    for offset, view in enumerate(views):
        view.number = first + offset
    earlier = {name: value for name, value in answers.items() if name in earlier_names}
    return PageView(views, number, len(form.sections), section.title(locale),
                    carried, json.dumps(earlier, ensure_ascii=False, separators=(",", ":")),
                    first)


def blocks(fields: Sequence[FieldView]) -> list[list[FieldView]]:
    """The fields as the page draws them: one per block, or the rows of a grid together."""
    out: list[list[FieldView]] = []
    for view in fields:
        if view.grid is not None and out and out[-1][-1].grid == view.grid:
            out[-1].append(view)
        else:
            out.append([view])
    return out


def render_message(
    code: str, chrome: Chrome, *, detail: str | None = None, event: Mapping[str, Any] | None = None,
    time: str | None = None,
) -> str:
    """A page that explains an error (by its stable code).

    The page tells the portal ``{"type": "phieu:error", "code": code}`` unless
    another ``event`` is given; ``detail`` is the technical message shown in
    small print for the portal team; ``time`` when a scheduled form opens or
    closed, said in the explanation.
    """
    title, body = page_text(code, chrome.locale, time)
    return _env.get_template("message.html").render(
        _=translator(chrome.locale), chrome=chrome, title=title, body=body, code=code,
        subtitle=None, detail=detail, kind="error",
        event=_event(event or {"type": "phieu:error", "code": code}),
    )


def render_thanks(chrome: Chrome, *, form_title: str | None, response_id: int) -> str:
    """The thank-you page; it tells the portal the survey was answered."""
    title, body = page_text("submitted", chrome.locale)
    return _env.get_template("message.html").render(
        _=translator(chrome.locale), chrome=chrome, title=title, body=body, code="submitted",
        subtitle=form_title, detail=None, kind="thanks",
        event=_event({"type": "phieu:submitted", "id": response_id}),
    )


def render_follow_up(chrome: Chrome, page: Mapping[str, Any]) -> str:
    """The follow-up page of a reply to a citizen: its texts come translated in ``page``
    (``title``, ``body``, ``reply``, ``ask`` with the question, options and labels)."""
    shown = {"kind": "info", "agency": None, "body": None, "reply": None, "ask": False,
             "error": "", "error_prefix": "", **page}
    return _env.get_template("follow_up.html").render(
        _=translator(chrome.locale), chrome=chrome, page=shown, event=None)


def _event(event: Mapping[str, Any] | None) -> str | None:
    return json.dumps(dict(event), separators=(",", ":")) if event else None
