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
from form_schemas.model import choice_key
from form_schemas.widgets import WidgetSpec, widget_spec

__all__ = ["Chrome", "FieldView", "answer_values", "render_fields", "render_form",
           "render_message", "render_thanks"]

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


#: The hint under a question, by what its answers are (the widget's kind).
_HINTS: dict[str, Callable[[Question, str], str | None]] = {
    "nps": _nps_hint,
    "number": _bounds_hint,
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
    hint = _HINTS.get(spec.kind) if spec is not None else None
    return hint(question, locale) if hint is not None else None


def _option_label(question: Question, renderer: str, value: Any, locale: str) -> str:
    label = _OPTION_LABELS.get(renderer)
    return label(question, value, locale) if label else question.choice_label(value, locale)


def field_views(
    form: CompiledForm, locale: str, values: Mapping[str, Sequence[str]],
    errors: Mapping[str, str],
) -> list[FieldView]:
    """The questions of ``form`` with what was typed and what is wrong."""
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
    issues: Sequence[Mapping[str, Any]] = (),
) -> str:
    """The whole form page.

    ``hidden`` fields (token, nonce …) travel with the POST; ``values`` are the
    typed field values to keep (lists of strings, as posted); ``issues`` are
    validation issues with ``path`` and ``message``, shown next to their
    question and in a summary at the top.
    """
    locale = chrome.locale
    errors = errors_by_question(issues)
    fields = field_views(form, locale, values or {}, errors)
    summary = [f for f in fields if f.error]
    names = {f.name for f in fields}
    other = [str(i.get("message", "")) for i in issues
             if str(i.get("path", "")).lstrip("/").split("/", 1)[0] not in names]
    return _env.get_template("form.html").render(
        _=translator(locale), chrome=chrome, title=form.title(locale),
        description=form.description(locale), fields=fields, summary=summary,
        other_errors=other, action=action, hidden=hidden, event=None,
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


def render_message(
    code: str, chrome: Chrome, *, detail: str | None = None, event: Mapping[str, Any] | None = None,
) -> str:
    """A page that explains an error (by its stable code).

    The page tells the portal ``{"type": "phieu:error", "code": code}`` unless
    another ``event`` is given; ``detail`` is the technical message shown in
    small print for the portal team.
    """
    title, body = page_text(code, chrome.locale)
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


def _event(event: Mapping[str, Any] | None) -> str | None:
    return json.dumps(dict(event), separators=(",", ":")) if event else None
